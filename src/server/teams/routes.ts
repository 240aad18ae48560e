import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import { CreateTeamBody, Team, TeamMembersBody, UpdateTeamBody } from '../../contract/people.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { teamMembers, teams } from './schema.ts';

const tags = ['people'];
const params = z.object({ id: Id });

/** More direct reports than this and a lead is overloaded (seed 001). */
export const SPAN_OF_CONTROL_LIMIT = 7;

async function loadTeams(db: DbOrTx, workspaceId: string, teamId?: string): Promise<z.infer<typeof Team>[]> {
  const rows = await db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), teamId ? eq(teams.id, teamId) : undefined))
    .orderBy(asc(teams.name));
  const members = await db
    .select()
    .from(teamMembers)
    .where(
      and(eq(teamMembers.workspaceId, workspaceId), teamId ? eq(teamMembers.teamId, teamId) : undefined),
    );
  return rows.map((team) => {
    const memberIds = members.filter((m) => m.teamId === team.id).map((m) => m.userId);
    const span = memberIds.filter((id) => id !== team.leadUserId).length;
    return {
      id: team.id,
      name: team.name,
      leadUserId: team.leadUserId,
      memberIds,
      span,
      overloaded: span > SPAN_OF_CONTROL_LIMIT,
      version: team.version,
    };
  });
}

async function loadTeam(db: DbOrTx, workspaceId: string, id: string) {
  const [team] = await loadTeams(db, workspaceId, id);
  if (!team) throw notFound('Team');
  return team;
}

async function assertPeopleExist(
  tx: DbOrTx,
  workspaceId: string,
  ids: string[],
  field: string,
): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
  const known = new Set(found.map((u) => u.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError('unprocessable', 'Some people are not in this workspace.', {
      fields: unknown.map((id) => ({ field, message: `No person ${id} in this workspace.` })),
    });
  }
}

async function replaceMembers(tx: DbOrTx, actor: Actor, teamId: string, memberIds: string[]): Promise<void> {
  const unique = [...new Set(memberIds)];
  await assertPeopleExist(tx, actor.workspaceId, unique, 'memberIds');
  await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.workspaceId, actor.workspaceId), eq(teamMembers.teamId, teamId)));
  if (unique.length > 0) {
    await tx
      .insert(teamMembers)
      .values(unique.map((userId) => ({ workspaceId: actor.workspaceId, teamId, userId })));
  }
}

const nameTaken = () =>
  new AppError('conflict', 'A team with this name exists.', {
    fields: [{ field: 'name', message: 'Already used.' }],
  });

export const teamsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/teams',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'Teams with lead, members and span of control (overloaded above 7 direct reports)',
        response: { 200: z.object({ items: z.array(Team) }) },
      },
    },
    async (request) => ({ items: await loadTeams(db, request.actor.workspaceId) }),
  );

  app.get(
    '/teams/:id',
    {
      config: { access: 'settings:read' },
      schema: { tags, summary: 'A team', params, response: { 200: Team } },
    },
    async (request) => loadTeam(db, request.actor.workspaceId, request.params.id),
  );

  app.post(
    '/teams',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Create a team', body: CreateTeamBody, response: { 201: Team } },
    },
    async (request, reply) => {
      const { actor } = request;
      try {
        const team = await db.transaction(async (tx) => {
          await assertPeopleExist(
            tx,
            actor.workspaceId,
            request.body.leadUserId ? [request.body.leadUserId] : [],
            'leadUserId',
          );
          const [row] = await tx
            .insert(teams)
            .values({
              workspaceId: actor.workspaceId,
              name: request.body.name,
              leadUserId: request.body.leadUserId ?? null,
            })
            .returning();
          await replaceMembers(tx, actor, row!.id, request.body.memberIds ?? []);
          const after = await loadTeam(tx, actor.workspaceId, row!.id);
          await recordAudit(tx, { ...auditFor(actor, 'team', row!.id), action: 'create', after });
          return after;
        });
        return reply.status(201).send(team);
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },
  );

  app.patch(
    '/teams/:id',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Rename a team or change its lead',
        params,
        body: UpdateTeamBody,
        response: { 200: Team },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      try {
        return await db.transaction(async (tx) => {
          const before = await loadTeam(tx, actor.workspaceId, request.params.id);
          if (before.version !== version) throw versionConflict('This team', before.version);
          await assertPeopleExist(
            tx,
            actor.workspaceId,
            changes.leadUserId ? [changes.leadUserId] : [],
            'leadUserId',
          );
          await tx
            .update(teams)
            .set({ ...changes, version: sql`${teams.version} + 1` })
            .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, before.id)));
          const after = await loadTeam(tx, actor.workspaceId, before.id);
          await recordAudit(tx, { ...auditFor(actor, 'team', before.id), action: 'update', before, after });
          return after;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },
  );

  app.put(
    '/teams/:id/members',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Set the team’s members (the full list)',
        params,
        body: TeamMembersBody,
        response: { 200: Team },
      },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const before = await loadTeam(tx, actor.workspaceId, request.params.id);
        await replaceMembers(tx, actor, before.id, request.body.memberIds);
        await tx
          .update(teams)
          .set({ version: sql`${teams.version} + 1` })
          .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, before.id)));
        const after = await loadTeam(tx, actor.workspaceId, before.id);
        await recordAudit(tx, { ...auditFor(actor, 'team', before.id), action: 'update', before, after });
        return after;
      });
    },
  );

  app.delete(
    '/teams/:id',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Delete a team', params, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { actor } = request;
      await db.transaction(async (tx) => {
        const before = await loadTeam(tx, actor.workspaceId, request.params.id);
        await tx.delete(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, before.id)));
        await recordAudit(tx, { ...auditFor(actor, 'team', before.id), action: 'delete', before });
      });
      return reply.status(204).send(null);
    },
  );
};
