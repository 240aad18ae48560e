import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CreateCustomFieldBody,
  CUSTOM_FIELD_ENTITIES,
  CustomFieldDefinition,
  UpdateCustomFieldBody,
} from '../../contract/settings.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { customFieldDefinitions } from './schema.ts';

const tags = ['settings'];
const params = z.object({ id: Id });
type Row = typeof customFieldDefinitions.$inferSelect;

const toDefinition = (row: Row): z.infer<typeof CustomFieldDefinition> => ({
  id: row.id,
  entity: row.entity,
  key: row.key,
  label: row.label,
  type: row.type,
  options: row.options,
  required: row.required,
  position: row.position,
  version: row.version,
});

async function find(tx: DbOrTx, workspaceId: string, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id)));
  if (!row) throw notFound('Custom field');
  return row;
}

/** Custom fields: one JSONB column per record, typed by these definitions (STYLE.md). */
export const customFieldsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/custom-fields',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'Custom field definitions',
        querystring: z.object({ entity: z.enum(CUSTOM_FIELD_ENTITIES).optional() }),
        response: { 200: z.object({ items: z.array(CustomFieldDefinition) }) },
      },
    },
    async (request) => {
      const rows = await db
        .select()
        .from(customFieldDefinitions)
        .where(
          and(
            eq(customFieldDefinitions.workspaceId, request.actor.workspaceId),
            request.query.entity ? eq(customFieldDefinitions.entity, request.query.entity) : undefined,
          ),
        )
        .orderBy(asc(customFieldDefinitions.entity), asc(customFieldDefinitions.position));
      return { items: rows.map(toDefinition) };
    },
  );

  app.post(
    '/custom-fields',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Define a custom field',
        body: CreateCustomFieldBody,
        response: { 201: CustomFieldDefinition },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      try {
        const created = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(customFieldDefinitions)
            .values({ ...request.body, workspaceId: actor.workspaceId })
            .returning();
          const after = toDefinition(row!);
          await recordAudit(tx, { ...auditFor(actor, 'custom_field', after.id), action: 'create', after });
          return after;
        });
        return reply.status(201).send(created);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('conflict', 'This key is already used for that kind of record.', {
            fields: [{ field: 'key', message: 'Already used.' }],
          });
        }
        throw error;
      }
    },
  );

  app.patch(
    '/custom-fields/:id',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Change label, options, required or position (key and type are fixed)',
        params,
        body: UpdateCustomFieldBody,
        response: { 200: CustomFieldDefinition },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      return db.transaction(async (tx) => {
        const current = await find(tx, actor.workspaceId, request.params.id);
        if (current.version !== version) throw versionConflict('This custom field', current.version);
        if (current.type === 'select' && changes.options && changes.options.length === 0) {
          throw new AppError('unprocessable', 'A select field needs at least one option.', {
            fields: [{ field: 'options', message: 'Add at least one option.' }],
          });
        }
        const [row] = await tx
          .update(customFieldDefinitions)
          .set({ ...changes, version: sql`${customFieldDefinitions.version} + 1` })
          .where(
            and(
              eq(customFieldDefinitions.workspaceId, actor.workspaceId),
              eq(customFieldDefinitions.id, current.id),
            ),
          )
          .returning();
        const after = toDefinition(row!);
        await recordAudit(tx, {
          ...auditFor(actor, 'custom_field', current.id),
          action: 'update',
          before: toDefinition(current),
          after,
        });
        return after;
      });
    },
  );

  app.delete(
    '/custom-fields/:id',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Remove a custom field definition (values already stored stay in the records)',
        params,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      await db.transaction(async (tx) => {
        const current = await find(tx, actor.workspaceId, request.params.id);
        await tx
          .delete(customFieldDefinitions)
          .where(
            and(
              eq(customFieldDefinitions.workspaceId, actor.workspaceId),
              eq(customFieldDefinitions.id, current.id),
            ),
          );
        await recordAudit(tx, {
          ...auditFor(actor, 'custom_field', current.id),
          action: 'delete',
          before: toDefinition(current),
        });
      });
      return reply.status(204).send(null);
    },
  );
};
