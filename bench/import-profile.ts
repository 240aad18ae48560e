import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq } from 'drizzle-orm';
import { importCommand } from '../src/cli/import-command.ts';
import type { ImportMapping } from '../src/contract/imports.ts';
import { callLists } from '../src/server/call-queues/schema.ts';
import { normalisePhone } from '../src/server/contacts/normalise-phone.ts';
import { inBulkTransaction } from '../src/server/db/bulk-session.ts';
import { findExistingMatches, writeBatch } from '../src/server/imports/batch-sql.ts';
import { normaliseRow, planColumns } from '../src/server/imports/normalise-row.ts';
import { assignCallers, type BatchRow, planBatch } from '../src/server/imports/plan-batch.ts';
import { readRecords } from '../src/server/imports/read-file.ts';
import { imports } from '../src/server/imports/schema.ts';
import { uploadPath } from '../src/server/imports/store-upload.ts';
import { timeOrderedId } from '../src/server/imports/time-ordered-id.ts';
import { users } from '../src/server/users/schema.ts';
import { callListCsv } from './import-file.ts';
import { cpuSecondsOf, importWorkspace } from './import-setup.ts';
import { DEFAULT_DATABASE_URL } from './options.ts';

/**
 * Where the time of an import goes: the file parsed alone, normalised alone, then the batches of
 * the import written one after another (not two at a time, so each statement's time is its own)
 * through the import's own functions, every statement timed in wall-clock and in CPU (the
 * backend's from /proc, Node's from process.cpuUsage; CPU is what a shared machine's load
 * inflates least). Not a benchmark of record; a tool. `npx tsx bench/import-profile.ts`;
 * BENCH_IMPORT_ROWS (100,000), IMPORT_BATCH_ROWS (10,000), BENCH_DATABASE
 * (tandem_bench_import_profile, dropped and re-created).
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const BATCH = Number(process.env.IMPORT_BATCH_ROWS ?? 10_000);
const DATABASE = process.env.BENCH_DATABASE ?? 'tandem_bench_import_profile';

const load = () => os.loadavg()[0]!.toFixed(1);

/** CPU milliseconds a process has used (user + system): figures that the machine's load does not inflate. */
const cpuMs = (pid: number) => cpuSecondsOf(pid) * 1000;

async function main() {
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const { database, workspaceId, callerEmails } = await importWorkspace(baseUrl, DATABASE, {
    workspaceName: 'Import profile',
    callers: 20,
  });
  const scratch = mkdtempSync(join(os.tmpdir(), 'tandem-import-profile-'));
  try {
    const file = join(scratch, 'call-list.csv');
    await pipeline(Readable.from(callListCsv(ROWS)), createWriteStream(file));
    const uploadDir = join(scratch, 'uploads');
    const dry = await importCommand(
      database,
      { UPLOAD_DIR: uploadDir, IMPORT_MAX_MB: 10_000, IMPORT_BATCH_ROWS: undefined },
      file,
      { kind: 'call_list', listName: 'Profile', callers: callerEmails.join(','), dryRun: true },
      { log: () => undefined, progress: () => undefined },
    );
    const [row] = await database.db.select().from(imports).where(eq(imports.id, dry.id));
    const options = row!.options as { delimiter: string | null };
    const path = uploadPath(uploadDir, workspaceId, row!.id, row!.fileFormat);
    const callerRows = await database.db.select().from(users).where(eq(users.workspaceId, workspaceId));
    const callers = callerRows
      .filter((user) => callerEmails.includes(user.email))
      .map((user) => ({ id: user.id, region: user.region }));
    const [list] = await database.db
      .insert(callLists)
      .values({ workspaceId, name: 'Profile', callerIds: callers.map((c) => c.id), importId: row!.id })
      .returning();
    await database.db
      .update(imports)
      .set({ callListId: list!.id, status: 'running' })
      .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, row!.id)));

    // 1. Parsing alone.
    let cpu = process.cpuUsage();
    const cpuSince = (from: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(from);
      return (used.user + used.system) / 1000;
    };
    let started = performance.now();
    let count = 0;
    const cells: string[][] = [];
    for await (const record of readRecords(
      path,
      { format: 'csv', delimiter: options.delimiter },
      { committedRows: 0, committedBytes: 0 },
    )) {
      count++;
      cells.push(record.cells);
    }
    const parseSeconds = (performance.now() - started) / 1000;
    console.log(
      `parse (csv-parse, readRecords): ${count} rows in ${parseSeconds.toFixed(2)} s — ${((parseSeconds / count) * BATCH * 1000).toFixed(0)} ms per ${BATCH} rows, cpu ${((cpuSince(cpu) / count) * BATCH).toFixed(0)} ms (load ${load()})`,
    );
    cpu = process.cpuUsage();

    // 2. Normalising alone.
    const plan = planColumns(row!.headers, row!.mapping as ImportMapping);
    started = performance.now();
    const valid: BatchRow[] = [];
    cells.forEach((c, index) => {
      const n = normaliseRow(c, plan, 'call_list');
      if (n.errors.length === 0 && !n.empty) valid.push({ rowNumber: index + 2, values: n.values });
    });
    const normaliseSeconds = (performance.now() - started) / 1000;
    console.log(
      `normalise (normaliseRow): ${((normaliseSeconds / count) * BATCH * 1000).toFixed(0)} ms per ${BATCH} rows, cpu ${((cpuSince(cpu) / count) * BATCH).toFixed(0)} ms (load ${load()})`,
    );
    cpu = process.cpuUsage();
    const phoneColumn = plan.targets.indexOf('phone');
    for (const c of cells) normalisePhone(c[phoneColumn]!, 'RU');
    console.log(
      `  of which phones (normalisePhone): cpu ${((cpuSince(cpu) / count) * BATCH).toFixed(0)} ms per ${BATCH} rows`,
    );

    // 3. The batches, every statement timed.
    const totals = new Map<string, number>();
    const add = (label: string, ms: number) => totals.set(label, (totals.get(label) ?? 0) + ms);
    const loads = new Map<string, number>();
    let position = 1;
    const allStarted = performance.now();
    for (let start = 0; start < valid.length; start += BATCH) {
      const batch = valid.slice(start, start + BATCH);
      const batchStarted = performance.now();
      const perBatch = new Map<string, number>();
      const note = (label: string, ms: number) => {
        perBatch.set(label, (perBatch.get(label) ?? 0) + ms);
        add(label, ms);
      };
      let beforeCommit = 0;
      await inBulkTransaction(database, async (session) => {
        const pid = (await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
        const timed = {
          async query<R>(text: string, params?: unknown[]) {
            const t = performance.now();
            const c = cpuMs(pid);
            const result = await session.query<R>(text, params);
            note(`sql ${text.replace(/\s+/g, ' ').slice(0, 60)}`, performance.now() - t);
            note(`cpu sql ${text.replace(/\s+/g, ' ').slice(0, 56)}`, cpuMs(pid) - c);
            return result;
          },
          async copy(table: string, columns: readonly string[], text: string) {
            const t = performance.now();
            const c = cpuMs(pid);
            await session.copy(table, columns, text);
            note(`copy ${table}`, performance.now() - t);
            note(`cpu copy ${table}`, cpuMs(pid) - c);
          },
        };
        await timed.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tandem-import:${workspaceId}`]);
        const existing = await findExistingMatches(
          timed,
          { workspaceId, kind: 'call_list', visibleUserIds: null, callListId: list!.id },
          batch,
        );
        let t = performance.now();
        const nodeCpu = process.cpuUsage();
        const batchPlan = planBatch(batch, existing, {
          kind: 'call_list',
          dedupe: 'merge',
          newId: timeOrderedId,
        });
        const batchLoads = new Map(loads);
        const assignees = assignCallers(batchPlan.queue, callers, 'round_robin', batchLoads);
        note('js planBatch + assignCallers', performance.now() - t);
        const used = process.cpuUsage(nodeCpu);
        note('cpu js planBatch + assignCallers', (used.user + used.system) / 1000);
        t = performance.now();
        await writeBatch(timed as never, batchPlan, {
          workspaceId,
          importId: row!.id,
          userId: row!.createdBy!,
          leadSourceId: null,
          callListId: list!.id,
          assignees,
          firstPosition: position,
          errors: [],
          rowsRead: batch.length,
          endOffset: 0,
        });
        note('writeBatch total (incl. encode)', performance.now() - t);
        for (const [id, value] of batchLoads) loads.set(id, value);
        position += batchPlan.queue.length;
        beforeCommit = performance.now();
      });
      note('commit', performance.now() - beforeCommit);
      const ms = performance.now() - batchStarted;
      console.log(
        `batch ${start / BATCH + 1}: ${ms.toFixed(0)} ms (load ${load()}) ${[...perBatch]
          .filter(([, v]) => v > 20)
          .map(([k, v]) => `${k.slice(0, 40)}=${v.toFixed(0)}`)
          .join(' | ')}`,
      );
    }
    const batches = Math.ceil(valid.length / BATCH);
    const dbSeconds = (performance.now() - allStarted) / 1000;
    console.log(`\nbatched writes: ${dbSeconds.toFixed(1)} s for ${batches} batches; mean per batch:`);
    for (const [label, ms] of [...totals].sort((a, b) => b[1] - a[1]))
      console.log(`  ${(ms / batches).toFixed(0).padStart(6)} ms  ${label}`);
  } finally {
    await database.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
