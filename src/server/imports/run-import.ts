import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import type { ImportMapping, ImportTarget } from '../../contract/imports.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { callLists } from '../call-queues/schema.ts';
import { inBulkTransaction } from '../db/bulk-session.ts';
import type { Database } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { users } from '../users/schema.ts';
import { findExistingMatches, writeBatch } from './batch-sql.ts';
import type { ImportRow } from './import-dto.ts';
import { normaliseRow, planColumns } from './normalise-row.ts';
import { assignCallers, type BatchRow, type Caller, planBatch } from './plan-batch.ts';
import { type FileRecord, readRecords, UnreadableFileError } from './read-file.ts';
import { imports } from './schema.ts';
import { uploadPath } from './store-upload.ts';

/** What an import keeps in `imports.options` besides its columns. */
export interface ImportOptions {
  delimiter: string | null;
  /** The upload was converted to UTF-8 from this encoding. */
  convertedFrom?: string;
  /** The person who started (or last resumed) the run: owner of what it creates, author in the audit log. */
  startedBy?: string;
  leadSourceId?: string | null;
  callList?: { distribution: 'round_robin' | 'region'; callerIds: string[] };
}

export const optionsOf = (row: Pick<ImportRow, 'options'>) => row.options as unknown as ImportOptions;

export interface ImportProgress {
  committedRows: number;
  bytesCommitted: number;
  fileSize: number;
  rowsThisRun: number;
  seconds: number;
  counts: { created: number; merged: number; skipped: number; errors: number };
}

export interface RunOptions {
  uploadDir: string;
  batchRows: number;
  /** Aborting stops the run after the batch being written; the import is left interrupted. */
  signal?: AbortSignal;
  /** For tests: stop after this many batches as if the process had died (the import stays running). */
  stopAfterBatches?: number;
  onProgress?: (progress: ImportProgress) => void;
  log?: { error: (object: unknown, message: string) => void };
}

interface PendingBatch {
  rows: (BatchRow & { cells: string[] })[];
  errors: { rowNumber: number; field: string; message: string; raw: Record<string, string> }[];
  rowsRead: number;
  endOffset: number;
}

/** A unique index lost a race with someone else's insert: the batch is planned again. */
const BATCH_ATTEMPTS = 3;

function rawRow(headers: readonly string[], cells: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  headers.forEach((header, index) => {
    raw[header] = cells[index] ?? '';
  });
  // Cells beyond the headers are kept too, so the report shows the whole line.
  for (let index = headers.length; index < cells.length; index++) raw[`Column ${index + 1}`] = cells[index]!;
  return raw;
}

/**
 * Reads the file from where the import stopped and groups rows into batches, each already
 * normalised and validated. Rows read before an unreadable part are handed out before the error.
 */
async function* batchesOf(
  records: AsyncGenerator<FileRecord>,
  row: ImportRow,
  batchRows: number,
): AsyncGenerator<PendingBatch, void, undefined> {
  const plan = planColumns(row.headers, row.mapping as ImportMapping);
  let batch: PendingBatch = { rows: [], errors: [], rowsRead: 0, endOffset: row.bytesCommitted };
  try {
    for await (const record of records) {
      const normalised = normaliseRow(record.cells, plan, row.kind);
      batch.rowsRead++;
      batch.endOffset = record.endOffset;
      if (normalised.errors.length > 0) {
        const raw = rawRow(row.headers, record.cells);
        for (const error of normalised.errors)
          batch.errors.push({ rowNumber: record.rowNumber, ...error, raw });
      } else if (!normalised.empty) {
        batch.rows.push({ rowNumber: record.rowNumber, values: normalised.values, cells: record.cells });
      }
      if (batch.rowsRead >= batchRows) {
        yield batch;
        batch = { rows: [], errors: [], rowsRead: 0, endOffset: batch.endOffset };
      }
    }
  } catch (error) {
    if (batch.rowsRead > 0) yield batch;
    throw error;
  }
  if (batch.rowsRead > 0) yield batch;
}

async function loadCallers(database: Database, workspaceId: string, ids: string[]): Promise<Caller[]> {
  const rows = await database.db
    .select({ id: users.id, region: users.region })
    .from(users)
    .where(eq(users.workspaceId, workspaceId));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => (byId.has(id) ? [{ id, region: byId.get(id)!.region }] : []));
}

async function setOutcome(
  database: Database,
  row: ImportRow,
  outcome: { status: 'completed' | 'failed' | 'interrupted'; failure?: string },
): Promise<ImportRow> {
  const [updated] = await database.db
    .update(imports)
    .set({
      status: outcome.status,
      failure: outcome.failure ?? null,
      finishedAt: outcome.status === 'interrupted' ? null : sql`now()`,
      totalRows: outcome.status === 'completed' ? sql`${imports.committedRows}` : undefined,
      updatedAt: sql`now()`,
    })
    .where(and(eq(imports.workspaceId, row.workspaceId), eq(imports.id, row.id)))
    .returning();
  return updated!;
}

/** One audit entry per import (not per row): what the import did, as it stands at its end. */
async function auditImport(database: Database, row: ImportRow): Promise<void> {
  const options = optionsOf(row);
  await recordAudit(database.db, {
    workspaceId: row.workspaceId,
    actorUserId: options.startedBy ?? row.createdBy,
    action: 'import',
    entityType: 'import',
    entityId: row.id,
    after: {
      kind: row.kind,
      fileName: row.fileName,
      status: row.status,
      dedupe: row.dedupe,
      committedRows: row.committedRows,
      created: row.createdCount,
      merged: row.mergedCount,
      skipped: row.skippedCount,
      errors: row.errorCount,
      callListId: row.callListId,
      failure: row.failure,
    },
  });
}

/**
 * Runs an import that has been claimed (status running) from its committed rows to the end of the
 * file: rows are streamed, validated, de-duplicated against existing records and within the file,
 * and written in batches, each in one transaction with the import's committed row count and
 * counters, so that a crash leaves a consistent state to resume from. The next batch is read and
 * validated while the current one is written.
 */
export async function runImport(
  database: Database,
  target: { workspaceId: string; importId: string },
  options: RunOptions,
): Promise<ImportRow> {
  const [row] = await database.db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, target.workspaceId), eq(imports.id, target.importId)));
  if (!row) throw new Error(`Import ${target.importId} not found`);
  const importOptions = optionsOf(row);
  const userId = importOptions.startedBy ?? row.createdBy!;
  const started = performance.now();
  let rowsThisRun = 0;

  const callList = row.callListId
    ? (
        await database.db
          .select()
          .from(callLists)
          .where(and(eq(callLists.workspaceId, row.workspaceId), eq(callLists.id, row.callListId)))
      )[0]
    : undefined;
  const callers = callList ? await loadCallers(database, row.workspaceId, callList.callerIds) : [];
  const loads = new Map<string, number>();
  let nextPosition = 1;
  if (callList) {
    const counts = await database.db.execute<{ assignee_id: string; items: number; last: number }>(
      sql`select assignee_id, count(*)::int as items, max(position)::int as last from call_queue_items
          where workspace_id = ${row.workspaceId} and call_list_id = ${callList.id} group by assignee_id`,
    );
    for (const item of counts.rows) {
      loads.set(item.assignee_id, Number(item.items));
      nextPosition = Math.max(nextPosition, Number(item.last) + 1);
    }
  }
  const leadSourceId = callList?.leadSourceId ?? importOptions.leadSourceId ?? null;
  const counts = {
    created: row.createdCount,
    merged: row.mergedCount,
    skipped: row.skippedCount,
    errors: row.errorCount,
  };
  const columns = planColumns(row.headers, row.mapping as ImportMapping);
  let committedRows = row.committedRows;
  let bytesCommitted = row.bytesCommitted;

  async function commit(batch: PendingBatch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await inBulkTransaction(database, async (session) => {
          // One import batch at a time per workspace, so two imports do not race for the same keys.
          await session.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
            `tandem-import:${row!.workspaceId}`,
          ]);
          if (database.kind === 'postgresql') await session.query('SET LOCAL synchronous_commit = off');
          const existing = await findExistingMatches(
            session,
            {
              workspaceId: row!.workspaceId,
              kind: row!.kind,
              visibleUserIds: null,
              callListId: row!.callListId,
            },
            batch.rows,
          );
          const plan = planBatch(batch.rows, existing, {
            kind: row!.kind,
            dedupe: row!.dedupe,
            newId: randomUUID,
          });
          const errors = [...batch.errors];
          const cellsByRow = new Map(batch.rows.map((r) => [r.rowNumber, r.cells]));
          for (const planned of plan.rows) {
            if (!planned.error) continue;
            errors.push({
              rowNumber: planned.rowNumber,
              field: columns.headerOf[planned.error.field as ImportTarget] ?? planned.error.field,
              message: planned.error.message,
              raw: rawRow(row!.headers, cellsByRow.get(planned.rowNumber) ?? []),
            });
          }
          const batchLoads = new Map(loads);
          const assignees = callList
            ? assignCallers(plan.queue, callers, callList.distribution, batchLoads)
            : [];
          await writeBatch(session, plan, {
            workspaceId: row!.workspaceId,
            importId: row!.id,
            userId,
            leadSourceId,
            callListId: callList?.id ?? null,
            assignees,
            firstPosition: nextPosition,
            errors,
            rowsRead: batch.rowsRead,
            endOffset: batch.endOffset,
          });
          return { plan, batchLoads, errorRows: new Set(errors.map((e) => e.rowNumber)).size };
        });
        for (const [id, load] of result.batchLoads) loads.set(id, load);
        nextPosition += result.plan.queue.length;
        counts.created += result.plan.counts.created;
        counts.merged += result.plan.counts.merged;
        counts.skipped += result.plan.counts.skipped;
        counts.errors += result.errorRows;
        committedRows += batch.rowsRead;
        bytesCommitted = batch.endOffset;
        rowsThisRun += batch.rowsRead;
        options.onProgress?.({
          committedRows,
          bytesCommitted,
          fileSize: row!.fileSize,
          rowsThisRun,
          seconds: (performance.now() - started) / 1000,
          counts: { ...counts },
        });
        return;
      } catch (error) {
        if (attempt < BATCH_ATTEMPTS && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  const path = uploadPath(options.uploadDir, row.workspaceId, row.id, row.fileFormat);
  const records = readRecords(
    path,
    { format: row.fileFormat, delimiter: importOptions.delimiter },
    {
      committedRows: row.committedRows,
      committedBytes: row.bytesCommitted,
    },
  );
  const batches = batchesOf(records, row, options.batchRows);
  let batchesDone = 0;
  let next = batches.next();
  next.catch(() => undefined);
  try {
    for (;;) {
      const result = await next;
      if (result.done) break;
      if (options.signal?.aborted) {
        await batches.return(undefined);
        return await setOutcome(database, row, { status: 'interrupted' });
      }
      next = batches.next();
      next.catch(() => undefined);
      await commit(result.value);
      batchesDone++;
      if (options.stopAfterBatches !== undefined && batchesDone >= options.stopAfterBatches) {
        await next.catch(() => undefined);
        await batches.return(undefined);
        const [current] = await database.db
          .select()
          .from(imports)
          .where(and(eq(imports.workspaceId, row.workspaceId), eq(imports.id, row.id)));
        return current!;
      }
      if (options.signal?.aborted) {
        await next.catch(() => undefined);
        await batches.return(undefined);
        return await setOutcome(database, row, { status: 'interrupted' });
      }
    }
  } catch (error) {
    await batches.return(undefined).catch(() => undefined);
    const failure =
      error instanceof UnreadableFileError
        ? `${error.message} Rows before it are saved (${committedRows}).`
        : `Stopped by an error on our side after ${committedRows} rows; the rows before it are saved. Resume to try again. (${(error as Error).message})`;
    if (!(error instanceof UnreadableFileError))
      options.log?.error({ err: error, importId: row.id }, 'import failed');
    const failed = await setOutcome(database, row, { status: 'failed', failure });
    await auditImport(database, failed);
    return failed;
  }
  const completed = await setOutcome(database, row, { status: 'completed' });
  await auditImport(database, completed);
  // The rows are in the database and the errors in import_row_errors: the file is no longer needed.
  await rm(path, { force: true });
  return completed;
}
