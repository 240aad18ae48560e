import { z } from 'zod';
import { Id, IsoDateTime, pageOf, Version } from './common.ts';

/** Outgoing webhooks: record events posted to a URL, signed, retried, logged (issue 7). */

export const WEBHOOK_EVENTS = [
  'company.created',
  'company.updated',
  'company.archived',
  'contact.created',
  'contact.updated',
  'deal.created',
  'deal.updated',
  'deal.stage_changed',
  'deal.won',
  'deal.lost',
  'task.created',
  'task.updated',
  'invoice.paid',
] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

const WebhookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// address' })
  .max(2000);

export const Webhook = z.object({
  id: Id,
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEvent),
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
  /** Deliveries of the last 24 hours. */
  recent: z.object({ succeeded: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
});
export type Webhook = z.infer<typeof Webhook>;

export const CreatedWebhook = Webhook.extend({
  /** The signing secret; shown only now. */
  secret: z.string(),
});

export const CreateWebhookBody = z.object({
  url: WebhookUrl,
  description: z.string().trim().max(500).default(''),
  events: z
    .array(WebhookEvent)
    .min(1, 'choose at least one event')
    .transform((events) => [...new Set(events)]),
  active: z.boolean().default(true),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z.object({
  version: Version,
  url: WebhookUrl.optional(),
  description: z.string().trim().max(500).optional(),
  events: z
    .array(WebhookEvent)
    .min(1, 'choose at least one event')
    .transform((events) => [...new Set(events)])
    .optional(),
  active: z.boolean().optional(),
});

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const WebhookDelivery = z.object({
  id: Id,
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: IsoDateTime.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  deliveredAt: IsoDateTime.nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
export const WebhookDeliveryPage = pageOf(WebhookDelivery);
export const ListDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
});
