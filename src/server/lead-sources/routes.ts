import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import { CreateLeadSourceBody, LeadSource, UpdateLeadSourceBody } from '../../contract/settings.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { deals } from '../deals/schema.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { leadSources } from './schema.ts';

const tags = ['settings'];
const params = z.object({ id: Id });
type Row = typeof leadSources.$inferSelect;

const toLeadSource = (row: Row): z.infer<typeof LeadSource> => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  active: row.active,
  position: row.position,
  version: row.version,
});

const nameTaken = () =>
  new AppError('conflict', 'A lead source with this name exists.', {
    fields: [{ field: 'name', message: 'Already used.' }],
  });

export const leadSourcesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const find = async (tx: DbOrTx, workspaceId: string, id: string) => {
    const [row] = await tx
      .select()
      .from(leadSources)
      .where(and(eq(leadSources.workspaceId, workspaceId), eq(leadSources.id, id)));
    if (!row) throw notFound('Lead source');
    return row;
  };

  app.get(
    '/lead-sources',
    {
      config: { access: 'settings:read' },
      schema: { tags, summary: 'Lead sources', response: { 200: z.object({ items: z.array(LeadSource) }) } },
    },
    async (request) => {
      const rows = await db
        .select()
        .from(leadSources)
        .where(eq(leadSources.workspaceId, request.actor.workspaceId))
        .orderBy(asc(leadSources.position), asc(leadSources.name));
      return { items: rows.map(toLeadSource) };
    },
  );

  app.post(
    '/lead-sources',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Add a lead source',
        body: CreateLeadSourceBody,
        response: { 201: LeadSource },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      try {
        const created = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(leadSources)
            .values({ ...request.body, workspaceId: actor.workspaceId })
            .returning();
          const after = toLeadSource(row!);
          await recordAudit(tx, { ...auditFor(actor, 'lead_source', after.id), action: 'create', after });
          return after;
        });
        return reply.status(201).send(created);
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },
  );

  app.patch(
    '/lead-sources/:id',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Change a lead source',
        params,
        body: UpdateLeadSourceBody,
        response: { 200: LeadSource },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      try {
        return await db.transaction(async (tx) => {
          const current = await find(tx, actor.workspaceId, request.params.id);
          if (current.version !== version) throw versionConflict('This lead source', current.version);
          const [row] = await tx
            .update(leadSources)
            .set({ ...changes, version: sql`${leadSources.version} + 1` })
            .where(and(eq(leadSources.workspaceId, actor.workspaceId), eq(leadSources.id, current.id)))
            .returning();
          const after = toLeadSource(row!);
          await recordAudit(tx, {
            ...auditFor(actor, 'lead_source', after.id),
            action: 'update',
            before: toLeadSource(current),
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
    '/lead-sources/:id',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Delete an unused lead source', params, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { actor } = request;
      await db.transaction(async (tx) => {
        const current = await find(tx, actor.workspaceId, request.params.id);
        const inUse = await tx.execute<{ used: boolean }>(
          sql`select exists (select 1 from ${companies} where ${companies.workspaceId} = ${actor.workspaceId} and ${companies.leadSourceId} = ${current.id})
              or exists (select 1 from ${deals} where ${deals.workspaceId} = ${actor.workspaceId} and ${deals.leadSourceId} = ${current.id}) as used`,
        );
        if (inUse.rows[0]?.used) {
          throw new AppError(
            'conflict',
            'Companies or deals come from this lead source. Deactivate it instead (active: false) to keep their attribution.',
          );
        }
        await tx
          .delete(leadSources)
          .where(and(eq(leadSources.workspaceId, actor.workspaceId), eq(leadSources.id, current.id)));
        await recordAudit(tx, {
          ...auditFor(actor, 'lead_source', current.id),
          action: 'delete',
          before: toLeadSource(current),
        });
      });
      return reply.status(204).send(null);
    },
  );
};
