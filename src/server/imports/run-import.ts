import { rm } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { ImportMapping, ImportTarget } from '../../contract/imports.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { callLists } from '../call-queues/schema.ts';
import { inBulkTransaction } from '../db/bulk-session.ts';
import type { Database } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { users } from '../users/schema.ts';
import { batchWriter, findExistingMatches } from './batch-sql.ts';
import type { ImportRow } from './import-dto.ts';
import { normaliseRow, planColumns } from './normalise-row.ts';
import {
  assignCallers,
  type BatchPlan,
  type BatchRow,
  type Caller,
  carryOver,
  type ExistingMatches,
  emptyMatches,
  layMatches,
  planBatch,
} from './plan-batch.ts';
import { type FileRecord, readRecords, UnreadableFileError } from './read-file.ts';
import { imports } from './schema.ts';
import { uploadPath } from './store-upload.ts';
import { timeOrderedId } from './time-ordered-id.ts';

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
  /** Batches written at once, each on its own connection: PostgreSQL only (default 2); PGlite writes one. */
  batchesInFlight?: number;
  onProgress?: (progress: ImportProgress) => void;
  log?: { error: (object: unknown, message: string) => void };
}

interface PendingBatch {
  rows: (BatchRow & { cells: string[] })[];
  errors: { rowNumber: number; field: string; message: string; raw: Record<string, string> }[];
  rowsRead: number;
  endOffset: number;
}

/** What a batch's plan means for the batches after it (see carryOver) and for callers' loads. */
interface Planned {
  carried: ExistingMatches;
  /** Ids of the companies and contacts it creates. */
  created: Set<string>;
  loads: Map<string, number>;
  nextPosition: number;
}

interface Written {
  plan: BatchPlan;
  errorRows: number;
}

/** The batch before this one was not committed, so this one is not either. */
class PreviousBatchFailed extends Error {
  constructor() {
    super('The batch before this one was not written.');
  }
}

/** The run was stopped while this batch waited for the one before it: it is rolled back. */
class StoppedBeforeCommit extends Error {
  constructor() {
    super('Stopped before this batch was committed.');
  }
}

/** A batch being written: its plan once made, and its transaction's end. */
class InFlight {
  planned: Planned | null = null;
  /** Its transaction has ended (committed or rolled back). */
  settled = false;
  done!: Promise<Written>;
  /** Resolves once it is planned, or has ended without a plan. */
  readonly planReady: Promise<void>;
  private markPlanned!: () => void;

  constructor() {
    this.planReady = new Promise((resolve) => {
      this.markPlanned = resolve;
    });
  }

  plan(planned: Planned): void {
    this.planned = planned;
    this.markPlanned();
  }

  run(work: (me: InFlight) => Promise<Written>): void {
    this.done = work(this).finally(() => {
      this.settled = true;
      this.markPlanned();
    });
    this.done.catch(() => undefined);
  }
}

interface Lease {
  release(): Promise<void>;
}

/**
 * PostgreSQL: the run holds the workspace's import lock for as long as it writes, on a connection
 * of its own, so its batches may be written two at a time while another import in the same
 * workspace waits (keeping its import fresh, so it is not taken for a dead one). Null when
 * stopped while waiting.
 */
async function holdLease(database: Database, row: ImportRow, signal?: AbortSignal): Promise<Lease | null> {
  const client = await (database.driver as pg.Pool).connect();
  const key = `tandem-import:${row.workspaceId}`;
  let touched = Date.now();
  try {
    for (;;) {
      const [got] = (await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key])).rows;
      if (got.ok) {
        return {
          async release() {
            try {
              await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
              client.release();
            } catch (error) {
              client.release(error as Error);
            }
          },
        };
      }
      if (signal?.aborted) {
        client.release();
        return null;
      }
      if (Date.now() - touched > 30_000) {
        await client.query('UPDATE imports SET updated_at = now() WHERE workspace_id = $1 AND id = $2', [
          row.workspaceId,
          row.id,
        ]);
        touched = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
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
 * validated while the current ones are written: on PostgreSQL two batches are written at once
 * (see writeOne and decision 016), on PGlite one.
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
  /** Callers' loads and the next queue position as committed. */
  const committed = { loads, nextPosition };
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

  /**
   * Writes one batch in one transaction. With a batch written before it and not committed yet
   * (`previous`), it plans on top of that batch's plan (its keys laid over this batch's lookups),
   * writes what does not refer to that batch's new records, waits for that batch to commit, then
   * writes the rest and the import's counters and commits: batches commit in file order, and a
   * batch never commits when the one before it did not.
   */
  async function writeOne(batch: PendingBatch, previous: InFlight | null, me: InFlight): Promise<Written> {
    return inBulkTransaction(database, async (session) => {
      // PGlite (one batch at a time, one connection): one import batch at a time per workspace,
      // so two imports do not race for the same keys. PostgreSQL: the run holds that lock (lease).
      if (!lease)
        await session.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `tandem-import:${row!.workspaceId}`,
        ]);
      let leaning: Planned | null = null;
      if (previous && !previous.settled) {
        await previous.planReady;
        if (!previous.settled) leaning = previous.planned;
      }
      const found = await findExistingMatches(
        session,
        {
          workspaceId: row!.workspaceId,
          kind: row!.kind,
          visibleUserIds: null,
          callListId: row!.callListId,
        },
        batch.rows,
      );
      const existing = leaning ? layMatches(found, leaning.carried, batch.rows) : found;
      const plan = planBatch(batch.rows, existing, {
        kind: row!.kind,
        dedupe: row!.dedupe,
        newId: timeOrderedId,
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
      // Callers' loads and queue positions go on from the batch before (planned, if not committed).
      const base = previous?.planned ?? committed;
      const batchLoads = new Map(base.loads);
      const assignees = callList ? assignCallers(plan.queue, callers, callList.distribution, batchLoads) : [];
      me.plan({
        carried: inFlight > 1 ? carryOver(plan, existing) : emptyMatches(),
        created: new Set([...plan.newCompanies, ...plan.newContacts].map((record) => record.id)),
        loads: batchLoads,
        nextPosition: base.nextPosition + plan.queue.length,
      });
      const writer = batchWriter(
        session,
        plan,
        {
          workspaceId: row!.workspaceId,
          importId: row!.id,
          userId,
          leadSourceId,
          callListId: callList?.id ?? null,
          assignees,
          firstPosition: base.nextPosition,
          errors,
          rowsRead: batch.rowsRead,
          endOffset: batch.endOffset,
        },
        leaning?.created,
      );
      await writer.first();
      if (previous) {
        try {
          await previous.done;
        } catch {
          throw new PreviousBatchFailed();
        }
        // Stopped (Ctrl-C, the server closing): the batch before this one was the last.
        if (options.signal?.aborted) throw new StoppedBeforeCommit();
      }
      await writer.rest();
      return { plan, errorRows: new Set(errors.map((e) => e.rowNumber)).size };
    });
  }

  function afterCommit(batch: PendingBatch, written: Written, planned: Planned): void {
    committed.loads = planned.loads;
    committed.nextPosition = planned.nextPosition;
    counts.created += written.plan.counts.created;
    counts.merged += written.plan.counts.merged;
    counts.skipped += written.plan.counts.skipped;
    counts.errors += written.errorRows;
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
  // Each batch in flight takes a connection and the lease one more: a pool too small for that
  // (DATABASE_POOL_SIZE) writes one batch at a time under the per-batch lock, as PGlite does.
  const poolSize = database.kind === 'postgresql' ? ((database.driver as pg.Pool).options.max ?? 10) : 1;
  const inFlight = Math.max(1, Math.min(options.batchesInFlight ?? 2, poolSize - 1));
  let lease: Lease | null = null;
  let launched = 0;
  const flying: { batch: PendingBatch; state: InFlight; attempts: number }[] = [];
  const launch = (batch: PendingBatch, attempts: number) => {
    const previous = flying.at(-1)?.state ?? null;
    const state = new InFlight();
    state.run((me) => writeOne(batch, previous, me));
    flying.push({ batch, state, attempts });
  };
  /** Waits for every batch in flight to end; those committed (in order, before a failed one) are counted. */
  const drain = async (): Promise<void> => {
    let failed = false;
    while (flying.length > 0) {
      const oldest = flying.shift()!;
      try {
        const written = await oldest.state.done;
        if (!failed) afterCommit(oldest.batch, written, oldest.state.planned!);
      } catch {
        failed = true;
      }
    }
  };
  let reading = true;
  /** Stopped with batches rolled back after the last committed one. */
  let stoppedEarly = false;
  let next = batches.next();
  next.catch(() => undefined);
  try {
    if (inFlight > 1) {
      lease = await holdLease(database, row, options.signal);
      if (!lease) return await setOutcome(database, row, { status: 'interrupted' });
    }
    for (;;) {
      const stopping =
        options.signal?.aborted ||
        (options.stopAfterBatches !== undefined && launched >= options.stopAfterBatches);
      while (reading && !stopping && flying.length < inFlight) {
        const result = await next;
        if (result.done) {
          reading = false;
          break;
        }
        next = batches.next();
        next.catch(() => undefined);
        launch(result.value, 1);
        launched++;
        if (options.stopAfterBatches !== undefined && launched >= options.stopAfterBatches) break;
      }
      if (flying.length === 0) break;
      const oldest = flying[0]!;
      let written: Written;
      try {
        written = await oldest.state.done;
      } catch (error) {
        // The batches after it roll back (they wait for it); write them all again in order, or stop.
        const again = flying.splice(0);
        await Promise.allSettled(again.map((f) => f.state.done));
        if (error instanceof StoppedBeforeCommit) {
          stoppedEarly = true;
          break;
        }
        if (!(oldest.attempts < BATCH_ATTEMPTS && isUniqueViolation(error))) throw error;
        for (const [index, retry] of again.entries())
          launch(retry.batch, index === 0 ? retry.attempts + 1 : retry.attempts);
        continue;
      }
      flying.shift();
      afterCommit(oldest.batch, written, oldest.state.planned!);
    }
    if (options.stopAfterBatches !== undefined && launched >= options.stopAfterBatches && reading) {
      await next.catch(() => undefined);
      await batches.return(undefined);
      const [current] = await database.db
        .select()
        .from(imports)
        .where(and(eq(imports.workspaceId, row.workspaceId), eq(imports.id, row.id)));
      return current!;
    }
    if (reading || stoppedEarly) {
      // Stopped by the signal after the batch being written.
      await next.catch(() => undefined);
      await batches.return(undefined);
      return await setOutcome(database, row, { status: 'interrupted' });
    }
  } catch (error) {
    // Batches still in flight end first (committed, or rolled back after a failed one).
    await drain();
    await batches.return(undefined).catch(() => undefined);
    const failure =
      error instanceof UnreadableFileError
        ? `${error.message} Rows before it are saved (${committedRows}).`
        : `Stopped by an error on our side after ${committedRows} rows; the rows before it are saved. Resume to try again. (${(error as Error).message})`;
    if (!(error instanceof UnreadableFileError))
      options.log?.error({ err: error, importId: row.id }, 'import failed');
    const failedRow = await setOutcome(database, row, { status: 'failed', failure });
    await auditImport(database, failedRow);
    return failedRow;
  } finally {
    await lease?.release();
  }
  const completed = await setOutcome(database, row, { status: 'completed' });
  await auditImport(database, completed);
  // The rows are in the database and the errors in import_row_errors: the file is no longer needed.
  await rm(path, { force: true });
  return completed;
}
