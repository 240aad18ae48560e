import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CreateSavedViewBody,
  ExportQuery,
  SAVED_VIEW_ENTITIES,
  SavedView,
  UpdateSavedViewBody,
} from '../../contract/saved-views.ts';
import { type Actor, can } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { exportSegment } from './export-segment.ts';
import { savedViews } from './schema.ts';

const tags = ['saved views'];
const params = z.object({ id: Id });
type Row = typeof savedViews.$inferSelect;

const toView = (row: Row): SavedView => ({
  id: row.id,
  ownerId: row.ownerId,
  entity: row.entity,
  name: row.name,
  filters: row.filters as SavedView['filters'],
  columns: row.columns,
  sort: row.sort,
  shared: row.shared,
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
});

/** One's own views and the shared ones; others' personal views are invisible (404). */
async function findView(db: DbOrTx, actor: Actor, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.workspaceId, actor.workspaceId),
        eq(savedViews.id, id),
        or(eq(savedViews.ownerId, actor.userId), eq(savedViews.shared, true)),
      ),
    );
  if (!row) throw notFound('Saved view');
  return row;
}

function requireOwnerOrAdmin(actor: Actor, row: Row): void {
  if (row.ownerId !== actor.userId && !can(actor, 'settings:manage')) {
    throw new AppError('forbidden', 'Only the person who saved this view (or an admin) can change it.');
  }
}

export const savedViewsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/saved-views',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'My saved views and the shared ones',
        querystring: z.object({ entity: z.enum(SAVED_VIEW_ENTITIES).optional() }),
        response: { 200: z.object({ items: z.array(SavedView) }) },
      },
    },
    async (request) => {
      const { actor } = request;
      const rows = await db
        .select()
        .from(savedViews)
        .where(
          and(
            eq(savedViews.workspaceId, actor.workspaceId),
            or(eq(savedViews.ownerId, actor.userId), eq(savedViews.shared, true)),
            request.query.entity ? eq(savedViews.entity, request.query.entity) : undefined,
          ),
        )
        .orderBy(asc(savedViews.name));
      return { items: rows.map(toView) };
    },
  );

  app.post(
    '/saved-views',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Save the current filters, columns and sort',
        body: CreateSavedViewBody,
        response: { 201: SavedView },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      const [row] = await db
        .insert(savedViews)
        .values({ ...request.body, workspaceId: actor.workspaceId, ownerId: actor.userId })
        .returning();
      return reply.status(201).send(toView(row!));
    },
  );

  app.patch(
    '/saved-views/:id',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Change a saved view (its owner or an admin)',
        params,
        body: UpdateSavedViewBody,
        response: { 200: SavedView },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      const current = await findView(db, actor, request.params.id);
      requireOwnerOrAdmin(actor, current);
      const [row] = await db
        .update(savedViews)
        .set({ ...changes, updatedAt: sql`now()`, version: current.version + 1 })
        .where(
          and(
            eq(savedViews.workspaceId, actor.workspaceId),
            eq(savedViews.id, current.id),
            eq(savedViews.version, version),
          ),
        )
        .returning();
      if (!row) throw versionConflict('This view', current.version);
      return toView(row);
    },
  );

  app.delete(
    '/saved-views/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Delete a saved view', params, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { actor } = request;
      const current = await findView(db, actor, request.params.id);
      requireOwnerOrAdmin(actor, current);
      await db
        .delete(savedViews)
        .where(and(eq(savedViews.workspaceId, actor.workspaceId), eq(savedViews.id, current.id)));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/saved-views/:id/export',
    {
      config: { access: 'crm:export' },
      schema: {
        tags,
        summary: 'Export the segment a view selects as CSV or XLSX (what you may see of it)',
        params,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const view = await findView(db, request.actor, request.params.id);
      const format = request.query.format;
      const filename = `${view.name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || 'export'}.${format}`;
      reply
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .type(
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
      return reply.send(exportSegment(db, request.actor, view, format));
    },
  );
};
