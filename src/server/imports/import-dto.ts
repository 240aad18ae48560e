import { and, eq, inArray } from 'drizzle-orm';
import type { Import, ImportMapping } from '../../contract/imports.ts';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { imports } from './schema.ts';

export type ImportRow = typeof imports.$inferSelect;

/**
 * An import whose process died (a server restart, a crash) stays `running` in the table. On
 * PostgreSQL several processes may run imports, so a running import that has not committed a
 * batch for this long is taken for dead: shown as interrupted, and resumable.
 */
export const STALE_AFTER_MS = 2 * 60 * 1000;

export function isStale(row: Pick<ImportRow, 'status' | 'updatedAt'>, now: Date): boolean {
  return row.status === 'running' && now.getTime() - row.updatedAt.getTime() > STALE_AFTER_MS;
}

export function toImport(row: ImportRow, now: Date = new Date()): Import {
  const stale = isStale(row, now);
  const status = stale ? 'interrupted' : row.status;
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    fileFormat: row.fileFormat,
    fileSize: row.fileSize,
    sourceKey: row.sourceKey,
    headers: row.headers,
    mapping: row.mapping as ImportMapping,
    dedupe: row.dedupe,
    status,
    resumable: status === 'failed' || status === 'interrupted',
    committedRows: row.committedRows,
    totalRows: row.totalRows,
    progress:
      row.status === 'completed'
        ? 1
        : row.fileSize > 0
          ? Math.min(1, Math.max(0, row.bytesCommitted / row.fileSize))
          : 0,
    counts: {
      created: row.createdCount,
      merged: row.mergedCount,
      skipped: row.skippedCount,
      errors: row.errorCount,
    },
    callListId: row.callListId,
    failure: row.failure,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Who sees an import: all-scope people every one, others their own and their team's. */
export function importWithinScope(actor: Actor) {
  return actor.scope === 'all' ? undefined : inArray(imports.createdBy, actor.visibleUserIds);
}

/** The import if the actor may see it; 404 otherwise (another workspace's, or another team's). */
export async function findVisibleImport(db: DbOrTx, actor: Actor, id: string): Promise<ImportRow> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, actor.workspaceId), eq(imports.id, id), importWithinScope(actor)));
  if (!row) throw notFound('Import');
  return row;
}
