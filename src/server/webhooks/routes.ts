import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CreatedWebhook,
  CreateWebhookBody,
  ListDeliveriesQuery,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  type WebhookEvent,
} from '../../contract/webhooks.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { newSecret } from '../auth/secrets.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound, versionConflict } from '../http/errors.ts';
import { newestFirst } from '../http/keyset.ts';
import { deliverDueWebhooks } from './deliver.ts';
import { webhookDeliveries, webhooks } from './schema.ts';

const tags = ['webhooks'];
const params = z.object({ id: Id });
type Row = typeof webhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type Recent = z.infer<typeof Webhook>['recent'];

const NONE: Recent = { succeeded: 0, failed: 0, pending: 0 };

const toWebhook = (row: Row, recent: Recent = NONE): z.infer<typeof Webhook> => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events as WebhookEvent[],
  active: row.active,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
  recent,
});

const toDelivery = (row: DeliveryRow): z.infer<typeof WebhookDelivery> => ({
  id: row.id,
  event: row.event,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  payload: row.payload,
});

/** What the audit log keeps of a webhook: never its secret. */
const audited = (row: Row) => ({ ...toWebhook(row), recent: undefined });

async function findWebhook(tx: DbOrTx, workspaceId: string, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)));
  if (!row) throw notFound('Webhook');
  return row;
}

/**
 * Outgoing webhooks (admins and heads): record events posted as signed JSON to a URL, retried with
 * back-off, every attempt in a delivery log. Deliveries are written by recordAudit in the same
 * transaction as the change (the outbox) and sent by deliverDueWebhooks, which main.ts runs every
 * few seconds.
 */
export const webhooksRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/webhooks',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Webhooks, with their deliveries of the last 24 hours',
        response: { 200: z.object({ items: z.array(Webhook) }) },
      },
    },
    async (request) => {
      const { workspaceId } = request.actor;
      const rows = await db
        .select()
        .from(webhooks)
        .where(eq(webhooks.workspaceId, workspaceId))
        .orderBy(webhooks.createdAt);
      const counts = await db.execute<{ webhook_id: string; status: keyof Recent; n: number }>(sql`
        select webhook_id, status, count(*)::int as n from webhook_deliveries
        where workspace_id = ${workspaceId} and created_at > now() - interval '24 hours'
        group by webhook_id, status`);
      const recent = new Map<string, Recent>();
      for (const count of counts.rows) {
        const entry = recent.get(count.webhook_id) ?? { ...NONE };
        entry[count.status] = Number(count.n);
        recent.set(count.webhook_id, entry);
      }
      return { items: rows.map((row) => toWebhook(row, recent.get(row.id))) };
    },
  );

  app.post(
    '/webhooks',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Add a webhook; its signing secret is in this answer only',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhook },
      },
    },
    async (request, reply) => {
      const { actor, body } = request;
      const secret = newSecret('whsec_');
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(webhooks)
          .values({ ...body, workspaceId: actor.workspaceId, secret, createdBy: actor.userId })
          .returning();
        await recordAudit(tx, {
          ...auditFor(actor, 'webhook', row!.id),
          action: 'create',
          after: audited(row!),
        });
        return row!;
      });
      return reply.status(201).send({ ...toWebhook(created), secret });
    },
  );

  app.patch(
    '/webhooks/:id',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Change a webhook’s address, events or switch it off',
        params,
        body: UpdateWebhookBody,
        response: { 200: Webhook },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      return db.transaction(async (tx) => {
        const current = await findWebhook(tx, actor.workspaceId, request.params.id);
        if (current.version !== version) throw versionConflict('This webhook', current.version);
        const [row] = await tx
          .update(webhooks)
          .set({ ...changes, updatedAt: sql`now()`, version: current.version + 1 })
          .where(and(eq(webhooks.workspaceId, actor.workspaceId), eq(webhooks.id, current.id)))
          .returning();
        await recordAudit(tx, {
          ...auditFor(actor, 'webhook', current.id),
          action: 'update',
          before: audited(current),
          after: audited(row!),
        });
        return toWebhook(row!);
      });
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Delete a webhook and its delivery log', params, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { actor } = request;
      await db.transaction(async (tx) => {
        const current = await findWebhook(tx, actor.workspaceId, request.params.id);
        await tx
          .delete(webhooks)
          .where(and(eq(webhooks.workspaceId, actor.workspaceId), eq(webhooks.id, current.id)));
        await recordAudit(tx, {
          ...auditFor(actor, 'webhook', current.id),
          action: 'delete',
          before: audited(current),
        });
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Replace the signing secret; the new one is in this answer only',
        params,
        response: { 200: CreatedWebhook },
      },
    },
    async (request) => {
      const { actor } = request;
      const secret = newSecret('whsec_');
      return db.transaction(async (tx) => {
        const current = await findWebhook(tx, actor.workspaceId, request.params.id);
        const [row] = await tx
          .update(webhooks)
          .set({ secret, updatedAt: sql`now()`, version: current.version + 1 })
          .where(and(eq(webhooks.workspaceId, actor.workspaceId), eq(webhooks.id, current.id)))
          .returning();
        await recordAudit(tx, {
          ...auditFor(actor, 'webhook', current.id),
          action: 'update',
          before: audited(current),
          after: { secretRotated: true },
        });
        return { ...toWebhook(row!), secret };
      });
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Send a "ping" delivery now and answer how it went',
        params,
        response: { 200: WebhookDelivery },
      },
    },
    async (request) => {
      const { actor } = request;
      const webhook = await findWebhook(db, actor.workspaceId, request.params.id);
      const [delivery] = await db
        .insert(webhookDeliveries)
        .values({
          workspaceId: actor.workspaceId,
          webhookId: webhook.id,
          event: 'ping',
          payload: { event: 'ping', occurredAt: new Date().toISOString(), workspaceId: actor.workspaceId },
        })
        .returning();
      const only = { workspaceId: actor.workspaceId, id: delivery!.id };
      await deliverDueWebhooks(app.database, { only });
      const [row] = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.workspaceId, only.workspaceId), eq(webhookDeliveries.id, only.id)));
      return toDelivery(row!);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'The delivery log of a webhook, newest first',
        params,
        querystring: ListDeliveriesQuery,
        response: { 200: WebhookDeliveryPage },
      },
    },
    async (request) => {
      const { actor, query } = request;
      const webhook = await findWebhook(db, actor.workspaceId, request.params.id);
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.workspaceId, actor.workspaceId),
            eq(webhookDeliveries.webhookId, webhook.id),
            query.status ? eq(webhookDeliveries.status, query.status) : undefined,
            newestFirst.after(query.cursor, webhookDeliveries.createdAt, webhookDeliveries.id),
          ),
        )
        .orderBy(...newestFirst.orderBy(webhookDeliveries.createdAt, webhookDeliveries.id))
        .limit(query.limit + 1);
      return newestFirst.page(rows, query.limit, toDelivery);
    },
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Send a delivery again at the next pass (a failed one gets its attempts back)',
        params: z.object({ id: Id, deliveryId: Id }),
        response: { 200: WebhookDelivery },
      },
    },
    async (request) => {
      const { actor } = request;
      const webhook = await findWebhook(db, actor.workspaceId, request.params.id);
      const [row] = await db
        .update(webhookDeliveries)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()` })
        .where(
          and(
            eq(webhookDeliveries.workspaceId, actor.workspaceId),
            eq(webhookDeliveries.webhookId, webhook.id),
            eq(webhookDeliveries.id, request.params.deliveryId),
          ),
        )
        .returning();
      if (!row) throw notFound('Delivery');
      return toDelivery(row);
    },
  );
};
