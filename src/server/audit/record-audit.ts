import type { DbOrTx } from '../db/client.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { auditLog } from './schema.ts';

export type AuditAction =
  | 'create'
  | 'update'
  | 'archive'
  | 'restore'
  | 'delete'
  | 'stage_change'
  | 'login'
  | 'import';

/** JSON-safe copy: Dates become ISO strings so before/after read the same as the API's responses. */
function snapshot(record: object | null | undefined): Record<string, unknown> | null {
  if (!record) return null;
  return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
}

/**
 * Writes one audit entry; call it inside the same transaction as the change it describes. The
 * webhook deliveries the change causes are written with it (webhooks/enqueue.ts).
 */
export async function recordAudit(
  tx: DbOrTx,
  entry: {
    workspaceId: string;
    actorUserId: string | null;
    action: AuditAction;
    entityType: string;
    entityId: string;
    before?: object | null;
    after?: object | null;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    workspaceId: entry.workspaceId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: snapshot(entry.before),
    after: snapshot(entry.after),
  });
  await enqueueWebhookEvents(tx, entry);
}

/** The who-and-what part of an audit entry: `recordAudit(tx, { ...auditFor(actor, 'deal', id), action, before, after })`. */
export function auditFor(
  actor: { workspaceId: string; userId: string },
  entityType: string,
  entityId: string,
) {
  return { workspaceId: actor.workspaceId, actorUserId: actor.userId, entityType, entityId };
}
