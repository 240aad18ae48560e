import { and, desc, eq, lt } from 'drizzle-orm';
import type { AuditEntry } from '../../contract/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { auditLog } from './schema.ts';

/** Newest first, paged by the entry id. */
export async function listAuditEntries(
  db: DbOrTx,
  workspaceId: string,
  filter: { entityType?: string; entityId?: string; actorUserId?: string; limit: number; cursor?: string },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  let before: number | undefined;
  if (filter.cursor) {
    before = Number(filter.cursor);
    if (!Number.isSafeInteger(before)) {
      throw new AppError('validation_failed', 'The cursor is not valid.', {
        fields: [{ field: 'cursor', message: 'Start again from the first page (omit cursor).' }],
      });
    }
  }
  const rows = await db
    .select({ entry: auditLog, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, and(eq(users.workspaceId, auditLog.workspaceId), eq(users.id, auditLog.actorUserId)))
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
        filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
        filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
        before !== undefined ? lt(auditLog.id, before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(({ entry, actorName }) => ({
      id: String(entry.id),
      at: entry.at.toISOString(),
      actorUserId: entry.actorUserId,
      actorName,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })),
    nextCursor: rows.length > filter.limit ? String(page.at(-1)!.entry.id) : null,
  };
}
