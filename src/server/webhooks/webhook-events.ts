import { createHmac } from 'node:crypto';
import type { WebhookEvent } from '../../contract/webhooks.ts';

/**
 * Which webhook events one audited change is. Every change in Tandem is written to the audit log
 * in its own transaction (audit/record-audit.ts), so the audit entry is where events are born:
 * one place, and nothing that changed goes unreported.
 */
export interface AuditedChange {
  action: string;
  entityType: string;
  before?: object | null;
  after?: object | null;
}

const field = (record: object | null | undefined, name: string): unknown =>
  record ? (record as Record<string, unknown>)[name] : undefined;

export function webhookEventsOf(change: AuditedChange): WebhookEvent[] {
  const { action, entityType } = change;
  const events: string[] = [];
  if (action === 'create') events.push(`${entityType}.created`);
  if (action === 'update' || action === 'stage_change') events.push(`${entityType}.updated`);
  if (action === 'archive') events.push(`${entityType}.archived`);
  if (entityType === 'deal' && action === 'stage_change') {
    events.push('deal.stage_changed');
    const kind = field(change.after, 'stageKind');
    if (kind !== field(change.before, 'stageKind') && (kind === 'won' || kind === 'lost'))
      events.push(`deal.${kind}`);
  }
  if (
    entityType === 'invoice' &&
    field(change.after, 'status') === 'paid' &&
    field(change.before, 'status') !== 'paid'
  )
    events.push('invoice.paid');
  return events.filter(isWebhookEvent);
}

const KNOWN = new Set<string>([
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
] satisfies WebhookEvent[]);

function isWebhookEvent(event: string): event is WebhookEvent {
  return KNOWN.has(event);
}

/**
 * The signature a receiver checks: HMAC-SHA256 of `<timestamp>.<body>` with the webhook's secret,
 * hex, sent as `X-Tandem-Signature: sha256=<hex>` beside `X-Tandem-Timestamp` (seconds). Signing
 * the timestamp too lets a receiver refuse replays of old deliveries.
 */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Attempts before a delivery is given up as failed (about a day and a half of trying). */
export const MAX_ATTEMPTS = 10;

/** Seconds to wait after failed attempt number `attempts` (1-based): 30 s, 1 min, 2 min … capped at 6 h. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** (attempts - 1), 6 * 60 * 60);
}
