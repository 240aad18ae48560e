import { type SQL, sql } from 'drizzle-orm';
import type { WebhookEvent } from '../../contract/webhooks.ts';
import type { DbOrTx } from '../db/client.ts';
import { type AuditedChange, webhookEventsOf } from './webhook-events.ts';

/**
 * Writes a delivery for every active webhook of the workspace that listens to the events of this
 * change, in the caller's transaction (the outbox): if the change commits, its deliveries exist;
 * if it rolls back, nothing is sent. One statement, and none when the change carries no event.
 */
export async function enqueueWebhookEvents(
  tx: DbOrTx,
  change: AuditedChange & { workspaceId: string; actorUserId: string | null; entityId: string },
): Promise<void> {
  const events = webhookEventsOf(change);
  if (events.length === 0) return;
  const occurredAt = new Date().toISOString();
  const payloads = events.map((event) =>
    JSON.stringify({
      event,
      occurredAt,
      workspaceId: change.workspaceId,
      entity: { type: change.entityType, id: change.entityId },
      actorUserId: change.actorUserId,
      data: change.after ?? null,
      previous: change.before ?? null,
    }),
  );
  await tx.execute(sql`
    insert into webhook_deliveries (workspace_id, webhook_id, event, payload)
    select w.workspace_id, w.id, e.event, e.payload::jsonb
    from webhooks w
    join unnest(${`{${events.join(',')}}`}::text[], ${arrayLiteral(payloads)}::text[]) as e(event, payload)
      on e.event = any (w.events)
    where w.workspace_id = ${change.workspaceId} and w.active`);
}

/**
 * enqueueWebhookEvents() for records created by one statement (a robot pass), as a CTE named
 * `hooked` over `rows` (a CTE returning the records' workspace_id and id): a delivery of `event`
 * to every active webhook of each record's workspace that listens to it, with the payload the
 * one-record path writes (`data` is the record as the API shows it, in SQL; nobody is its actor).
 * A test compares the two payloads.
 */
export function createdEventDeliveries(
  event: WebhookEvent & `${string}.created`,
  rows: string,
  data: SQL,
): SQL {
  const entityType = event.slice(0, -'.created'.length);
  return sql`
    hooked as (
      insert into webhook_deliveries (workspace_id, webhook_id, event, payload)
      select w.workspace_id, w.id, ${event}, jsonb_build_object(
        'event', ${event}::text,
        'occurredAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'workspaceId', w.workspace_id,
        'entity', jsonb_build_object('type', ${entityType}::text, 'id', ${sql.raw(rows)}.id),
        'actorUserId', null,
        'data', ${data},
        'previous', null)
      from ${sql.raw(rows)}
      join webhooks w on w.workspace_id = ${sql.raw(rows)}.workspace_id and w.active and ${event} = any (w.events)
    )`;
}

/** A PostgreSQL array literal of arbitrary strings (quotes and backslashes escaped). */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
