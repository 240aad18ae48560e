import { and, asc, eq, gte, isNull, lt, lte, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Absence,
  CoverEntry,
  CreateAbsenceBody,
  ListAbsencesQuery,
  UpdateAbsenceBody,
} from '../../contract/sales-flow.ts';
import { type Actor, can } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { handBackWork } from './cover.ts';
import { absences } from './schema.ts';

const tags = ['absences'];
const params = z.object({ id: Id });
type Row = typeof absences.$inferSelect;

const toAbsence = (row: Row, userName: string): Absence => ({
  id: row.id,
  userId: row.userId,
  userName,
  kind: row.kind,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  note: row.note,
  handedBackAt: row.handedBackAt?.toISOString() ?? null,
  version: row.version,
});

/** A person records their own absences; recording someone else's takes crm:assign. */
function checkMayEdit(actor: Actor, userId: string): void {
  if (userId !== actor.userId && !can(actor, 'crm:assign')) {
    throw new AppError('forbidden', "Only a team lead, head or admin records someone else's absence.");
  }
}

async function find(db: DbOrTx, workspaceId: string, id: string) {
  const [row] = await db
    .select({ absence: absences, userName: users.name })
    .from(absences)
    .innerJoin(users, and(eq(users.workspaceId, absences.workspaceId), eq(users.id, absences.userId)))
    .where(and(eq(absences.workspaceId, workspaceId), eq(absences.id, id)));
  if (!row) throw notFound('Absence');
  return row;
}

async function isAway(db: DbOrTx, workspaceId: string, userId: string, today: string): Promise<boolean> {
  const [row] = await db
    .select({ id: absences.id })
    .from(absences)
    .where(
      and(
        eq(absences.workspaceId, workspaceId),
        eq(absences.userId, userId),
        lte(absences.startsOn, today),
        gte(absences.endsOn, today),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** If the person is at work today, their covered tasks and leads come back to them. */
async function handBackIfBack(db: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  const today = await workspaceToday(db, workspaceId);
  if (await isAway(db, workspaceId, userId, today)) return;
  await handBackWork(db, { workspaceId, userId });
  await db
    .update(absences)
    .set({ handedBackAt: sql`now()` })
    .where(
      and(
        eq(absences.workspaceId, workspaceId),
        eq(absences.userId, userId),
        lt(absences.endsOn, today),
        isNull(absences.handedBackAt),
      ),
    );
}

/**
 * Absences that have ended hand their work back; run on a timer by the server (every workspace,
 * in its own time zone) and callable directly.
 */
export async function handBackEndedAbsences(db: Db): Promise<number> {
  const ended = await db.execute<{ workspace_id: string; user_id: string }>(sql`
    select distinct a.workspace_id, a.user_id
    from absences a join workspaces w on w.id = a.workspace_id
    where a.handed_back_at is null
      and a.ends_on < (now() at time zone w.time_zone)::date`);
  for (const row of ended.rows) {
    await db.transaction((tx) => handBackIfBack(tx, row.workspace_id, row.user_id));
  }
  return ended.rows.length;
}

export const absencesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/absences',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Absences overlapping a period (the team calendar)',
        querystring: ListAbsencesQuery,
        response: { 200: z.object({ items: z.array(Absence) }) },
      },
    },
    async (request) => {
      const { from, to, userId } = request.query;
      const rows = await db
        .select({ absence: absences, userName: users.name })
        .from(absences)
        .innerJoin(users, and(eq(users.workspaceId, absences.workspaceId), eq(users.id, absences.userId)))
        .where(
          and(
            eq(absences.workspaceId, request.actor.workspaceId),
            from ? gte(absences.endsOn, from) : undefined,
            to ? lte(absences.startsOn, to) : undefined,
            userId ? eq(absences.userId, userId) : undefined,
          ),
        )
        .orderBy(asc(absences.startsOn), asc(users.name))
        .limit(2000);
      return { items: rows.map((row) => toAbsence(row.absence, row.userName)) };
    },
  );

  app.get(
    '/absences/covering',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Whose work I hold while they are away',
        response: { 200: z.object({ items: z.array(CoverEntry) }) },
      },
    },
    async (request) => {
      const { actor } = request;
      const today = await workspaceToday(db, actor.workspaceId);
      const result = await db.execute<{
        user_id: string;
        name: string;
        away_until: string;
        kind: 'vacation' | 'sick_leave' | 'other';
        open_tasks: number | string;
        open_leads: number | string;
      }>(sql`
        with held as (
          select covering_for_id as user_id, 1 as task, 0 as lead from tasks
           where workspace_id = ${actor.workspaceId} and assignee_id = ${actor.userId}
             and status = 'open' and covering_for_id is not null
          union all
          select covering_for_id, 0, 1 from leads
           where workspace_id = ${actor.workspaceId} and assignee_id = ${actor.userId}
             and status in ('new', 'accepted') and covering_for_id is not null
        )
        select h.user_id, u.name, sum(h.task) as open_tasks, sum(h.lead) as open_leads,
               a.ends_on::text as away_until, a.kind
        from held h
        join users u on u.workspace_id = ${actor.workspaceId} and u.id = h.user_id
        join lateral (
          select ends_on, kind from absences
           where workspace_id = ${actor.workspaceId} and user_id = h.user_id
             and starts_on <= ${today}::date and ends_on >= ${today}::date
           order by ends_on desc limit 1) a on true
        group by h.user_id, u.name, a.ends_on, a.kind
        order by u.name`);
      return {
        items: result.rows.map((row) => ({
          userId: row.user_id,
          name: row.name,
          awayUntil: row.away_until,
          kind: row.kind,
          openTasks: Number(row.open_tasks),
          openLeads: Number(row.open_leads),
        })),
      };
    },
  );

  app.post(
    '/absences',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Record a vacation, sick leave or other absence',
        body: CreateAbsenceBody,
        response: { 201: Absence },
      },
    },
    async (request, reply) => {
      const { actor, body } = request;
      checkMayEdit(actor, body.userId);
      const created = await db.transaction(async (tx) => {
        const [person] = await tx
          .select({ name: users.name })
          .from(users)
          .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, body.userId)));
        if (!person)
          throw new AppError('unprocessable', 'No such person.', {
            fields: [{ field: 'userId', message: 'No such person in this workspace.' }],
          });
        const [row] = await tx
          .insert(absences)
          .values({ ...body, workspaceId: actor.workspaceId, createdBy: actor.userId })
          .returning();
        const absence = toAbsence(row!, person.name);
        await recordAudit(tx, {
          ...auditFor(actor, 'absence', absence.id),
          action: 'create',
          after: absence,
        });
        return absence;
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/absences/:id',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Change an absence',
        params,
        body: UpdateAbsenceBody,
        response: { 200: Absence },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      return db.transaction(async (tx) => {
        const current = await find(tx, actor.workspaceId, request.params.id);
        checkMayEdit(actor, current.absence.userId);
        if (current.absence.version !== version)
          throw versionConflict('This absence', current.absence.version);
        const startsOn = changes.startsOn ?? current.absence.startsOn;
        const endsOn = changes.endsOn ?? current.absence.endsOn;
        if (endsOn < startsOn) {
          throw new AppError('unprocessable', 'The last day is before the first.', {
            fields: [{ field: 'endsOn', message: 'must be on or after the first day' }],
          });
        }
        const [row] = await tx
          .update(absences)
          .set({ ...changes, version: current.absence.version + 1 })
          .where(and(eq(absences.workspaceId, actor.workspaceId), eq(absences.id, current.absence.id)))
          .returning();
        await handBackIfBack(tx, actor.workspaceId, current.absence.userId);
        const after = toAbsence(row!, current.userName);
        await recordAudit(tx, {
          ...auditFor(actor, 'absence', after.id),
          action: 'update',
          before: toAbsence(current.absence, current.userName),
          after,
        });
        return after;
      });
    },
  );

  app.post(
    '/absences/:id/return',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Back at work: end the absence yesterday and take the covered work back',
        params,
        response: { 200: z.object({ tasks: z.number().int(), leads: z.number().int() }) },
      },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const current = await find(tx, actor.workspaceId, request.params.id);
        checkMayEdit(actor, current.absence.userId);
        const today = await workspaceToday(tx, actor.workspaceId);
        if (current.absence.startsOn >= today) {
          await tx
            .delete(absences)
            .where(and(eq(absences.workspaceId, actor.workspaceId), eq(absences.id, current.absence.id)));
        } else {
          await tx
            .update(absences)
            .set({
              endsOn: sql`least(${absences.endsOn}, ${today}::date - 1)`,
              version: sql`${absences.version} + 1`,
            })
            .where(and(eq(absences.workspaceId, actor.workspaceId), eq(absences.id, current.absence.id)));
        }
        const userId = current.absence.userId;
        if (await isAway(tx, actor.workspaceId, userId, today)) return { tasks: 0, leads: 0 };
        const handedBack = await handBackWork(tx, { workspaceId: actor.workspaceId, userId });
        await tx
          .update(absences)
          .set({ handedBackAt: sql`now()` })
          .where(
            and(
              eq(absences.workspaceId, actor.workspaceId),
              eq(absences.userId, userId),
              isNull(absences.handedBackAt),
              lt(absences.endsOn, today),
            ),
          );
        await recordAudit(tx, {
          ...auditFor(actor, 'absence', current.absence.id),
          action: 'update',
          before: toAbsence(current.absence, current.userName),
          after: { returned: today, handedBack },
        });
        return handedBack;
      });
    },
  );

  app.delete(
    '/absences/:id',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'Delete an absence', params, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { actor } = request;
      await db.transaction(async (tx) => {
        const current = await find(tx, actor.workspaceId, request.params.id);
        checkMayEdit(actor, current.absence.userId);
        await tx
          .delete(absences)
          .where(and(eq(absences.workspaceId, actor.workspaceId), eq(absences.id, current.absence.id)));
        await handBackIfBack(tx, actor.workspaceId, current.absence.userId);
        await recordAudit(tx, {
          ...auditFor(actor, 'absence', current.absence.id),
          action: 'delete',
          before: toAbsence(current.absence, current.userName),
        });
      });
      return reply.status(204).send(null);
    },
  );
};
