import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import { CreateGradeBody, Grade, UpdateGradeBody } from '../../contract/people.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { grades } from './schema.ts';

const tags = ['people'];
const params = z.object({ id: Id });
type Row = typeof grades.$inferSelect;

const toGrade = (row: Row): z.infer<typeof Grade> => ({
  id: row.id,
  name: row.name,
  rank: row.rank,
  criteria: row.criteria,
  clientCap: row.clientCap,
  version: row.version,
});

async function find(tx: DbOrTx, workspaceId: string, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(grades)
    .where(and(eq(grades.workspaceId, workspaceId), eq(grades.id, id)));
  if (!row) throw notFound('Grade');
  return row;
}

const nameTaken = () =>
  new AppError('conflict', 'A grade with this name exists.', {
    fields: [{ field: 'name', message: 'Already used.' }],
  });

/** Grades (junior / middle / senior or the workspace's own) with written criteria and a client cap. */
export const gradesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/grades',
    {
      config: { access: 'settings:read' },
      schema: { tags, summary: 'Grades by rank', response: { 200: z.object({ items: z.array(Grade) }) } },
    },
    async (request) => {
      const rows = await db
        .select()
        .from(grades)
        .where(eq(grades.workspaceId, request.actor.workspaceId))
        .orderBy(asc(grades.rank), asc(grades.name));
      return { items: rows.map(toGrade) };
    },
  );

  app.post(
    '/grades',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Add a grade', body: CreateGradeBody, response: { 201: Grade } },
    },
    async (request, reply) => {
      const { actor } = request;
      try {
        const grade = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(grades)
            .values({ ...request.body, workspaceId: actor.workspaceId })
            .returning();
          const after = toGrade(row!);
          await recordAudit(tx, { ...auditFor(actor, 'grade', after.id), action: 'create', after });
          return after;
        });
        return reply.status(201).send(grade);
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },
  );

  app.patch(
    '/grades/:id',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Change a grade', params, body: UpdateGradeBody, response: { 200: Grade } },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      try {
        return await db.transaction(async (tx) => {
          const current = await find(tx, actor.workspaceId, request.params.id);
          if (current.version !== version) throw versionConflict('This grade', current.version);
          const [row] = await tx
            .update(grades)
            .set({ ...changes, version: sql`${grades.version} + 1` })
            .where(and(eq(grades.workspaceId, actor.workspaceId), eq(grades.id, current.id)))
            .returning();
          const after = toGrade(row!);
          await recordAudit(tx, {
            ...auditFor(actor, 'grade', current.id),
            action: 'update',
            before: toGrade(current),
            after,
          });
          return after;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },
  );

  app.delete(
    '/grades/:id',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Delete a grade nobody holds', params, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { actor } = request;
      await db.transaction(async (tx) => {
        const current = await find(tx, actor.workspaceId, request.params.id);
        const [holder] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.gradeId, current.id)))
          .limit(1);
        if (holder) throw new AppError('conflict', 'People hold this grade. Give them another grade first.');
        await tx
          .delete(grades)
          .where(and(eq(grades.workspaceId, actor.workspaceId), eq(grades.id, current.id)));
        await recordAudit(tx, {
          ...auditFor(actor, 'grade', current.id),
          action: 'delete',
          before: toGrade(current),
        });
      });
      return reply.status(204).send(null);
    },
  );
};
