import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { importCommand } from '../src/cli/import-command.ts';
import { CALL_LIST_HEADERS, callListCsv } from './import-file.ts';
import { adminQuery, cpuSecondsOf, importWorkspace } from './import-setup.ts';
import { DEFAULT_DATABASE_URL, databaseUrl } from './options.ts';
import { round } from './stats.ts';

/**
 * `npm run bench:import` — a generated call list of BENCH_IMPORT_ROWS rows (default 1,000,000)
 * imported into a fresh database on PostgreSQL through the same path as `tandem import` and the
 * import page (upload, mapping, preview, batched run with de-duplication and the queue dealt out
 * among 20 callers), next to a plain `COPY` of the same file into a bare table in the same run.
 * Targets: the import in ≤ 60 s and at ≥ 0.5 of COPY's rows per second.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const CALLERS = 20;
const DATABASE = process.env.BENCH_DATABASE ?? 'tandem_bench_import';
const TARGET_SECONDS = 60;
const TARGET_RATIO = 0.5;

async function plainCopy(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = CALL_LIST_HEADERS.map((_, index) => `c${index} text`).join(', ');
    await client.query(
      `DROP TABLE IF EXISTS bench_bare_call_list; CREATE TABLE bench_bare_call_list (${columns})`,
    );
    const started = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom('COPY bench_bare_call_list FROM STDIN WITH (FORMAT csv, HEADER true)')),
    );
    const seconds = (performance.now() - started) / 1000;
    await client.query('DROP TABLE bench_bare_call_list');
    return seconds;
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds the database's server processes use while `work` runs: its backends are sampled
 * every 200 ms (the pool closes idle ones, so a backend's last sample is what it used). A figure
 * the other processes on a shared machine inflate far less than wall-clock seconds.
 */
async function withBackendCpu<T>(
  url: string,
  database: string,
  work: () => Promise<T>,
): Promise<{ result: T; cpuSeconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    for (const { pid } of rows) {
      const used = cpuSecondsOf(pid);
      if (used === 0) continue;
      if (!first.has(pid)) first.set(pid, used);
      last.set(pid, used);
    }
  };
  await sample();
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const known = new Set(first.keys());
  try {
    const result = await work();
    sampling = false;
    await loop;
    let cpuSeconds = 0;
    for (const [pid, used] of last) cpuSeconds += used - (known.has(pid) ? first.get(pid)! : 0);
    return { result, cpuSeconds };
  } finally {
    sampling = false;
    await loop;
    await client.end();
  }
}

/** The tables an imported call list fills, in the order their foreign keys need. */
const WRITTEN_TABLES = ['companies', 'contacts', 'call_queue_items'] as const;

/**
 * The floor under any import of this file: the very rows the import wrote, written again by
 * nothing but `COPY` into the same tables, every index, foreign key and trigger in place and no
 * Tandem code at all: no parsing, no normalising, no look-ups, no planning. The database is
 * cloned after the import, the three tables (and the contact keys their trigger fills) emptied,
 * and the rows streamed back from the original on one connection, in the order they were
 * written. The PostgreSQL CPU this takes is work that no import keeping the schema can avoid.
 */
async function writingFloor(baseUrl: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const floorDatabase = `${DATABASE}_floor`;
  await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${floorDatabase} WITH (FORCE)`);
  await adminQuery(baseUrl, `CREATE DATABASE ${floorDatabase} TEMPLATE ${DATABASE}`);
  const source = new pg.Client({ connectionString: databaseUrl(baseUrl, DATABASE) });
  const target = new pg.Client({ connectionString: databaseUrl(baseUrl, floorDatabase) });
  await source.connect();
  await target.connect();
  try {
    await target.query(`TRUNCATE ${WRITTEN_TABLES.join(', ')}, contact_keys CASCADE`);
    await target.query('CHECKPOINT');
    const started = performance.now();
    const { cpuSeconds } = await withBackendCpu(
      databaseUrl(baseUrl, floorDatabase),
      floorDatabase,
      async () => {
        await target.query('BEGIN');
        for (const table of WRITTEN_TABLES) {
          await pipeline(
            source.query(copyTo(`COPY ${table} TO STDOUT (FORMAT binary)`)),
            target.query(copyFrom(`COPY ${table} FROM STDIN (FORMAT binary)`)),
          );
        }
        await target.query('COMMIT');
      },
    );
    return { seconds: (performance.now() - started) / 1000, cpuSeconds };
  } finally {
    await source.end();
    await target.end();
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${floorDatabase} WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const {
    database,
    url,
    callerEmails: callers,
  } = await importWorkspace(baseUrl, DATABASE, {
    workspaceName: 'Import benchmark',
    callers: CALLERS,
  });
  let databaseOpen = true;
  const scratch = mkdtempSync(join(os.tmpdir(), 'tandem-bench-import-'));
  try {
    const file = join(scratch, 'call-list.csv');
    let started = performance.now();
    await pipeline(Readable.from(callListCsv(ROWS)), createWriteStream(file));
    const fileBytes = statSync(file).size;
    console.log(
      `Generated ${ROWS.toLocaleString('en')} rows (${(fileBytes / 1024 / 1024).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const loadBefore = os.loadavg()[0] ?? 0;
    const copySeconds = await plainCopy(url, file);
    console.log(`Plain COPY into a bare table: ${copySeconds.toFixed(1)} s`);

    started = performance.now();
    const nodeCpuBefore = process.cpuUsage();
    const { result, cpuSeconds: backendCpuSeconds } = await withBackendCpu(url, DATABASE, () =>
      importCommand(
        database,
        { UPLOAD_DIR: join(scratch, 'uploads'), IMPORT_MAX_MB: 10_000, IMPORT_BATCH_ROWS: undefined },
        file,
        {
          kind: 'call_list',
          listName: 'Benchmark call list',
          callers: callers.join(','),
          errors: join(scratch, 'errors.csv'),
        },
        { log: () => undefined, progress: (line) => process.stdout.write(`\r${line}`) },
      ),
    );
    const totalSeconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const nodeCpuSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
    process.stdout.write('\n');
    if (result.status !== 'completed')
      throw new Error(`The import ended ${result.status}: ${result.failure}`);
    const runSeconds = (Date.parse(result.finishedAt!) - Date.parse(result.startedAt!)) / 1000;
    const { rows: tables } = await (database.driver as pg.Pool).query(
      `select (select count(*) from companies)::int as companies, (select count(*) from contacts)::int as contacts,
              (select count(*) from call_queue_items)::int as queued, (select count(distinct assignee_id) from call_queue_items)::int as callers`,
    );
    const loadAfter = os.loadavg()[0] ?? 0;
    // Cloning the database needs every connection to it closed.
    await database.close();
    databaseOpen = false;
    const floor = await writingFloor(baseUrl);
    console.log(
      `The same rows by COPY alone: ${floor.seconds.toFixed(1)} s, ${floor.cpuSeconds.toFixed(1)} CPU s`,
    );
    const floorCpuPerRow = (floor.cpuSeconds / ROWS) * 1e6;
    const cores = os.cpus().length;

    const date = new Date().toISOString().slice(0, 10);
    const copyRate = ROWS / copySeconds;
    const importRate = ROWS / totalSeconds;
    const ratio = importRate / copyRate;
    // The targets are for a file of a million rows; a smaller run reports its figures only.
    const judged = ROWS >= 1_000_000;
    const passed = {
      seconds: judged ? totalSeconds <= TARGET_SECONDS : null,
      ratio: judged ? ratio >= TARGET_RATIO : null,
    };
    const verdict = (ok: boolean | null) => (ok === null ? 'n/a (1M rows)' : ok ? 'PASS' : 'FAIL');
    const report = {
      name: 'import',
      date,
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
      },
      file: { rows: ROWS, bytes: fileBytes, callers: CALLERS },
      batchRows: 10_000,
      copy: { seconds: round(copySeconds), rowsPerSecond: Math.round(copyRate) },
      import: {
        seconds: round(totalSeconds),
        runSeconds: round(runSeconds),
        rowsPerSecond: Math.round(importRate),
        cpuSeconds: { node: round(nodeCpuSeconds), postgres: round(backendCpuSeconds) },
        counts: result.counts,
        written: tables[0],
      },
      floor: {
        seconds: round(floor.seconds),
        cpuSeconds: round(floor.cpuSeconds),
        fastestOnThisMachineSeconds: round(floor.cpuSeconds / cores),
      },
      ratioToCopy: round(ratio),
      targets: { seconds: TARGET_SECONDS, ratio: TARGET_RATIO, passed },
    };
    const markdown = [
      `# Import benchmark — ${date}`,
      '',
      `A generated call list of ${ROWS.toLocaleString('en')} rows (${(fileBytes / 1024 / 1024).toFixed(0)} MB CSV, Russian headers, formatted phones; every ${50}th row repeats an earlier company, every 200th has a broken INN) imported on PostgreSQL through the path of \`tandem import\` and the import page: upload, mapping, preview, batches of 10,000 rows with de-duplication by tax id, domain, phone and e-mail, companies + contacts + a call queue dealt out round robin among ${CALLERS} callers, the row-by-row error report. Beside it, a plain \`COPY\` of the same file into a bare table of text columns, in the same run.`,
      '',
      `- Machine: ${report.machine.cpus} cores (shared with the database server), 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
      `- Written: ${tables[0].companies.toLocaleString('en')} companies, ${tables[0].contacts.toLocaleString('en')} contacts, ${tables[0].queued.toLocaleString('en')} queue entries for ${tables[0].callers} callers; ${result.counts.merged.toLocaleString('en')} rows merged, ${result.counts.errors.toLocaleString('en')} rows reported`,
      '',
      '| | seconds | rows/s | target | result |',
      '|---|--:|--:|--:|---|',
      `| plain COPY into a bare table | ${report.copy.seconds} | ${report.copy.rowsPerSecond.toLocaleString('en')} | | |`,
      `| import, end to end (upload → completed) | ${report.import.seconds} | ${report.import.rowsPerSecond.toLocaleString('en')} | ≤ ${TARGET_SECONDS} s | ${verdict(passed.seconds)} |`,
      `| of which the batched run | ${report.import.runSeconds} | ${Math.round(ROWS / runSeconds).toLocaleString('en')} | | |`,
      `| import ÷ COPY (rows per second) | ${report.ratioToCopy} | | ≥ ${TARGET_RATIO} | ${verdict(passed.ratio)} |`,
      `| the rows the import wrote, by \`COPY\` alone into the real tables (one connection) | ${report.floor.seconds} | ${Math.round(ROWS / floor.seconds).toLocaleString('en')} | | |`,
      '',
      `The floor: writing exactly the rows this import wrote — ${WRITTEN_TABLES.join(', ')} — by nothing but \`COPY\`, with every index, foreign key and trigger of the schema in place and no Tandem code (no parsing, normalising, look-ups or planning), costs PostgreSQL ${floor.cpuSeconds.toFixed(1)} CPU seconds (${floorCpuPerRow.toFixed(0)} µs per row). Spread perfectly over this machine's ${cores} cores that alone is ${(floor.cpuSeconds / cores).toFixed(1)} s; the import spent ${((nodeCpuSeconds + backendCpuSeconds) / floor.cpuSeconds).toFixed(2)}× the floor's CPU in all.`,
      '',
      `CPU used by the import (less sensitive to the machine's load than seconds): Node ${nodeCpuSeconds.toFixed(1)} s, PostgreSQL backends ${backendCpuSeconds.toFixed(1)} s — ${(((nodeCpuSeconds + backendCpuSeconds) / ROWS) * 1e6).toFixed(0)} µs of CPU per row.`,
      '',
    ].join('\n');
    const outDir = join('bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${date}-import.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(outDir, `${date}-import.md`), markdown);
    writeFileSync(join(outDir, 'latest-import.md'), markdown);
    console.log(markdown);
  } finally {
    if (databaseOpen) await database.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
