import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { and, asc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { type Actor, loadActor } from '../src/server/access/actor.ts';
import { companies } from '../src/server/companies/schema.ts';
import { loadConfig } from '../src/server/config.ts';
import { connectPostgres, type Database } from '../src/server/db/client.ts';
import { deals } from '../src/server/deals/schema.ts';
import { users } from '../src/server/users/schema.ts';
import { httpClient } from './http-client.ts';
import { runLoad } from './load.ts';
import type { HttpClientKind } from './options.ts';
import { ADMIN_EMAIL, BENCH_EMAIL_DOMAIN, BENCH_PASSWORD } from './people.ts';
import type { Cell, Dataset, Machine, ScenarioResult } from './results.ts';
import {
  buildScenarios,
  COMPANY_LIST_PATH,
  type Scenario,
  type Statement,
  type Viewer,
} from './scenarios.ts';
import { round } from './stats.ts';

export interface MeasureOptions {
  /** The benchmark database. */
  url: string;
  database: string;
  durationSeconds: number;
  warmupSeconds: number;
  maxRequests: number;
  concurrency: number[];
  client: HttpClientKind;
  log?: (line: string) => void;
}

export interface Measurement {
  machine: Machine;
  dataset: Dataset;
  scenarios: ScenarioResult[];
}

/** The app's pool size: DATABASE_POOL_SIZE from the environment, as the server reads it. */
export const APP_POOL_SIZE = loadConfig({ ...process.env, DATABASE_URL: undefined }).DATABASE_POOL_SIZE;
/** One AM whose own records the scoped scenarios list. */
const AM_EMAIL = `am01@${BENCH_EMAIL_DOMAIN}`;
const SAMPLE_IDS = 1_000;
const SAMPLE_OWNERS = 20;

interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Forks bench/serve.ts (the real app) and waits until it listens. */
export async function startServer(databaseUrl: string): Promise<RunningServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./serve.ts', import.meta.url)), {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) =>
      reject(new Error(`The bench server exited before listening (code ${code})`)),
    );
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.disconnect();
      }),
  };
}

export async function signIn(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!response.ok)
    throw new Error(`Sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tandem_session='));
  if (!cookie) throw new Error(`Sign-in as ${email} set no session cookie`);
  await response.arrayBuffer();
  return cookie.split(';')[0]!;
}

async function getJson(baseUrl: string, path: string, cookie: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function actorFor(database: Database, email: string): Promise<Actor> {
  const [user] = await database.db
    .select({ workspaceId: users.workspaceId, id: users.id, roles: users.roles })
    .from(users)
    .where(eq(users.email, email));
  if (!user) throw new Error(`No ${email} in the benchmark database: run without --skip-generate first`);
  return loadActor(database, user);
}

/** Random ids (sampled once, then used in turn) and owners with deals. */
async function samples(database: Database, workspaceId: string) {
  const { db } = database;
  const companyIds = await db
    .select({ id: companies.id })
    .from(companies)
    .where(eq(companies.workspaceId, workspaceId))
    .orderBy(sql`random()`)
    .limit(SAMPLE_IDS);
  const dealIds = await db
    .select({ id: deals.id })
    .from(deals)
    .where(eq(deals.workspaceId, workspaceId))
    .orderBy(sql`random()`)
    .limit(SAMPLE_IDS);
  const owners = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), sql`${users.roles} && array['am', 'sales']::text[]`))
    .orderBy(asc(users.email))
    .limit(SAMPLE_OWNERS);
  return {
    companyIds: companyIds.map((row) => row.id),
    dealIds: dealIds.map((row) => row.id),
    dealOwnerIds: owners.map((row) => row.id),
  };
}

function idsOf(body: unknown): string[] {
  const page = body as { items?: { id: string }[]; id?: string };
  if (page.items) return page.items.map((item) => item.id);
  return page.id ? [page.id] : [];
}

/**
 * Refuses to measure a floor that is not the same query: for the first variants of every
 * scenario, the API's ids and the statement's ids must be equal and in the same order.
 */
async function checkFloorMatchesApi(
  scenario: Scenario,
  baseUrl: string,
  cookie: string,
  pool: pg.Pool,
): Promise<void> {
  if (scenario.kind === 'baseline') return;
  for (const variant of scenario.variants.slice(0, 3)) {
    const apiIds = idsOf(await getJson(baseUrl, variant.path, cookie));
    const { rows } = await pool.query<{ id: string }>(variant.sql.text, variant.sql.values);
    const sqlIds = rows.map((row) => row.id).slice(0, apiIds.length);
    const extra = rows.length - apiIds.length;
    if (apiIds.length === 0 || sqlIds.join() !== apiIds.join() || extra < 0 || extra > 1) {
      throw new Error(
        `${scenario.key}: the SQL floor does not return what ${variant.path} returns ` +
          `(${apiIds.length} ids from the API, ${rows.length} rows from SQL)`,
      );
    }
  }
}

async function explain(pool: pg.Pool, statement: Statement): Promise<string[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
    statement.values,
  );
  return rows.map((row) => row['QUERY PLAN']);
}

async function machineInfo(pool: pg.Pool): Promise<Omit<Machine, 'loadAverageAfter'>> {
  const setting = async (name: string) =>
    (await pool.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? '?';
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: await setting('server_version'),
    postgresSettings: {
      shared_buffers: await setting('shared_buffers'),
      work_mem: await setting('work_mem'),
      effective_cache_size: await setting('effective_cache_size'),
      max_connections: await setting('max_connections'),
      jit: await setting('jit'),
    },
    loadAverageBefore: os.loadavg()[0] ?? 0,
  };
}

async function datasetInfo(pool: pg.Pool, database: string): Promise<Dataset> {
  const tables = ['companies', 'contacts', 'deals', 'activities', 'users'];
  const rows: Record<string, number> = {};
  const sizeMiB: Record<string, number> = {};
  for (const table of tables) {
    const { rows: result } = await pool.query<{ count: string; bytes: string }>(
      `SELECT count(*) AS count, pg_total_relation_size('${table}') AS bytes FROM ${table}`,
    );
    rows[table] = Number(result[0]?.count ?? 0);
    sizeMiB[table] = round(Number(result[0]?.bytes ?? 0) / 2 ** 20);
  }
  return { database, rows, sizeMiB };
}

export async function measure(options: MeasureOptions): Promise<Measurement> {
  const log = options.log ?? console.log;
  const database = connectPostgres(options.url, { max: 4 });
  const setupPool = database.driver as pg.Pool;
  const server = await startServer(options.url);
  try {
    const machine = await machineInfo(setupPool);
    const dataset = await datasetInfo(setupPool, options.database);
    log(
      `dataset: ${Object.entries(dataset.rows)
        .map(([table, count]) => `${count.toLocaleString('en')} ${table}`)
        .join(', ')}`,
    );

    const actors: Record<Viewer, Actor> = {
      admin: await actorFor(database, ADMIN_EMAIL),
      am: await actorFor(database, AM_EMAIL),
    };
    const cookies: Record<Viewer, string> = {
      admin: await signIn(server.baseUrl, ADMIN_EMAIL),
      am: await signIn(server.baseUrl, AM_EMAIL),
    };
    const page1 = (await getJson(server.baseUrl, COMPANY_LIST_PATH, cookies.admin)) as {
      nextCursor: string | null;
    };
    if (!page1.nextCursor) throw new Error('The client list has a single page: generate more data');
    const scenarios = buildScenarios({
      admin: actors.admin,
      am: actors.am,
      companyPage2Cursor: page1.nextCursor,
      ...(await samples(database, actors.admin.workspaceId)),
    });

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      await checkFloorMatchesApi(scenario, server.baseUrl, cookies[scenario.as], setupPool);
      const first = scenario.variants[0]!;
      const plan = await explain(setupPool, first.sql);
      const cells: Cell[] = [];
      for (const concurrency of options.concurrency) {
        const load = {
          concurrency,
          durationMs: options.durationSeconds * 1000,
          warmupMs: options.warmupSeconds * 1000,
          maxRequests: options.maxRequests,
        };
        const headers = { cookie: cookies[scenario.as] };
        const client = httpClient(server.baseUrl, options.client);
        const api = await runLoad(async (sequence) => {
          const variant = scenario.variants[sequence % scenario.variants.length]!;
          const response = await client.get(variant.path, headers);
          if (response.status !== 200) throw new Error(`${response.status} ${response.body.slice(0, 200)}`);
        }, load).finally(() => client.close());
        const floorPool = new pg.Pool({ connectionString: options.url, max: concurrency });
        let sqlResult: Awaited<ReturnType<typeof runLoad>>;
        try {
          sqlResult = await runLoad(async (sequence) => {
            const variant = scenario.variants[sequence % scenario.variants.length]!;
            await floorPool.query({ text: variant.sql.text, values: variant.sql.values, rowMode: 'array' });
          }, load);
        } finally {
          await floorPool.end();
        }
        const cell: Cell = { concurrency, api, sql: sqlResult, p50Ratio: api.p50 / sqlResult.p50 };
        cells.push(cell);
        log(
          `${scenario.key.padEnd(22)} ${scenario.as.padEnd(5)} c=${String(concurrency).padEnd(3)} ` +
            `API p50 ${round(api.p50)} p95 ${round(api.p95)} p99 ${round(api.p99)} ${Math.round(api.rps)}/s | ` +
            `SQL p50 ${round(sqlResult.p50)} p95 ${round(sqlResult.p95)} p99 ${round(sqlResult.p99)} ` +
            `${Math.round(sqlResult.rps)}/s | ×${round(cell.p50Ratio)}` +
            (api.errors + sqlResult.errors > 0
              ? ` ERRORS ${api.errors}+${sqlResult.errors}: ${api.firstError ?? sqlResult.firstError}`
              : ''),
        );
      }
      results.push({
        key: scenario.key,
        title: scenario.title,
        kind: scenario.kind,
        as: scenario.as,
        examplePath: first.path,
        sql: first.sql.text,
        variants: scenario.variants.length,
        cells,
        plan,
      });
    }
    return { machine: { ...machine, loadAverageAfter: os.loadavg()[0] ?? 0 }, dataset, scenarios: results };
  } finally {
    await server.stop();
    await database.close();
  }
}
