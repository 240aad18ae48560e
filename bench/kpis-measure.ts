import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectPostgres } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { periodContaining, shiftPeriod } from '../src/server/kpis/formulas.ts';
import { copyRows, type TableLoad } from './copy.ts';
import type { CopyValue } from './copy-text.ts';
import { createPeople, deferredSchema, recreateDatabase } from './generate.ts';
import { signIn, startServer } from './measure.ts';
import { databaseUrl } from './options.ts';
import { BENCH_EMAIL_DOMAIN } from './people.ts';
import { chance, pick, pickWeighted, unit, uuidFor } from './random.ts';
import { COMPANY_COLUMNS, companyRow, companyTraits, type GenerationPlan } from './rows.ts';
import { round, type Summary, summarize } from './stats.ts';

/**
 * `npm run bench:kpis`: KPI dashboards over a big quarter. A workspace of 200 people with
 * 10,000,000 activities in one quarter and 1,000,000 payments (allocations with their revenue
 * facts) over that quarter and the one before it (NRR's base), loaded with COPY; then the head's,
 * a team lead's and an AM's dashboards requested through HTTP from the real app.
 *
 *   npm run bench:kpis -- [--activities 10000000] [--payments 1000000] [--companies 20000]
 *                         [--seconds 10] [--skip-generate]
 */
interface Options {
  activities: number;
  payments: number;
  companies: number;
  seconds: number;
  skipGenerate: boolean;
  database: string;
  baseUrl: string;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? Number(argv[at + 1]!.replace(/_/g, '')) : fallback;
  };
  return {
    activities: value('activities', 10_000_000),
    payments: value('payments', 1_000_000),
    companies: value('companies', 20_000),
    seconds: value('seconds', 10),
    skipGenerate: argv.includes('--skip-generate'),
    database: 'tandem_bench_kpis',
    baseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

const SALT = { activity: 31, invoice: 32, payment: 33, allocation: 34, fact: 35 } as const;
const DAY_MS = 86_400_000;

/** The quarter measured: the last full quarter before today (Moscow). */
function measuredQuarter(now: Date) {
  const today = new Date(now.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
  return shiftPeriod(periodContaining('quarter', today), -1);
}

const instant = (date: string) => new Date(`${date}T00:00:00+03:00`).getTime();

function activityRow(
  index: number,
  plan: GenerationPlan,
  from: number,
  to: number,
  authors: string[],
): CopyValue[] {
  const type = pickWeighted(
    [
      ['call', 45],
      ['email', 35],
      ['meeting', 10],
      ['note', 10],
    ] as const,
    index,
    501,
  );
  const at = new Date(from + (to - from) * unit(index, 502)).toISOString();
  return [
    plan.workspaceId,
    uuidFor(SALT.activity, index),
    type,
    pick(['Звонок', 'Письмо', 'Встреча', 'Заметка'], index, 503),
    at,
    companyId(index, plan),
    pick(authors, index, 504),
    at,
    at,
  ];
}

const companyIdOf = (index: number) => uuidFor(11, index);
const companyId = (index: number, plan: GenerationPlan) =>
  companyIdOf(Math.floor(unit(index, 505) * plan.counts.companies));

interface PaymentTraits {
  company: number;
  amount: number;
  receivedOn: string;
  kind: 'new_sale' | 'recurring' | 'upsell';
}

function paymentTraits(index: number, plan: GenerationPlan, from: number, to: number): PaymentTraits {
  return {
    company: Math.floor(unit(index, 601) * plan.counts.companies),
    amount: 1_000_00 + Math.floor(unit(index, 602) * 200_000_00),
    receivedOn: new Date(from + (to - from) * unit(index, 603) + 3 * 3_600_000).toISOString().slice(0, 10),
    kind: pickWeighted(
      [
        ['recurring', 70],
        ['upsell', 15],
        ['new_sale', 15],
      ] as const,
      index,
      604,
    ),
  };
}

async function generateKpiData(options: Options, log: (line: string) => void) {
  const started = performance.now();
  await recreateDatabase(options.baseUrl, options.database);
  const database = connectPostgres(databaseUrl(options.baseUrl, options.database), { max: 2 });
  const quarter = measuredQuarter(new Date());
  const base = shiftPeriod(quarter, -1);
  try {
    await migrate(database);
    const plan = await createPeople(database, {
      companies: options.companies,
      contacts: 1,
      deals: 1,
      activities: options.activities,
    });
    const authors = [...plan.owners.sdr, ...plan.owners.sdr, ...plan.owners.am, ...plan.owners.sales];
    const pool = database.driver as pg.Pool;
    const client = await pool.connect();
    const tables: TableLoad[] = [];
    try {
      const bulk = ['activities', 'invoices', 'payments', 'payment_allocations', 'revenue_facts'];
      const deferred = await deferredSchema(client, bulk);
      for (const key of deferred.foreignKeys)
        await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
      for (const index of deferred.indexes) await client.query(`DROP INDEX ${index.name}`);
      const load = async (
        table: string,
        columns: readonly string[],
        rows: number,
        row: (i: number) => CopyValue[],
      ) => {
        const result = await copyRows(client, table, columns, rows, row);
        log(`${table.padEnd(20)} ${rows.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s`);
        tables.push(result);
      };
      await load('companies', COMPANY_COLUMNS, options.companies, (i) => companyRow(i, plan));
      const from = instant(quarter.from);
      const to = instant(quarter.to) + DAY_MS - 1;
      await load(
        'activities',
        [
          'workspace_id',
          'id',
          'type',
          'subject',
          'occurred_at',
          'company_id',
          'author_id',
          'created_at',
          'updated_at',
        ],
        options.activities,
        (i) => activityRow(i, plan, from, to, authors),
      );
      const payFrom = instant(base.from);
      const traits = (i: number) => paymentTraits(i, plan, payFrom, to);
      await load(
        'invoices',
        ['workspace_id', 'id', 'company_id', 'currency', 'status', 'net_minor', 'total_minor', 'paid_minor'],
        options.payments,
        (i) => {
          const t = traits(i);
          return [
            plan.workspaceId,
            uuidFor(SALT.invoice, i),
            companyIdOf(t.company),
            'RUB',
            'paid',
            t.amount,
            t.amount,
            t.amount,
          ];
        },
      );
      await load(
        'payments',
        ['workspace_id', 'id', 'company_id', 'received_on', 'amount_minor', 'currency', 'allocated_minor'],
        options.payments,
        (i) => {
          const t = traits(i);
          return [
            plan.workspaceId,
            uuidFor(SALT.payment, i),
            companyIdOf(t.company),
            t.receivedOn,
            t.amount,
            'RUB',
            t.amount,
          ];
        },
      );
      await load(
        'payment_allocations',
        ['workspace_id', 'id', 'payment_id', 'invoice_id', 'amount_minor'],
        options.payments,
        (i) => [
          plan.workspaceId,
          uuidFor(SALT.allocation, i),
          uuidFor(SALT.payment, i),
          uuidFor(SALT.invoice, i),
          traits(i).amount,
        ],
      );
      await load(
        'revenue_facts',
        [
          'workspace_id',
          'id',
          'allocation_id',
          'payment_id',
          'invoice_id',
          'company_id',
          'kind',
          'amount_minor',
          'currency',
          'received_on',
          'deal_owner_id',
          'account_manager_id',
        ],
        options.payments,
        (i) => {
          const t = traits(i);
          const owner = companyTraits(t.company, plan).ownerId;
          const am = owner && plan.owners.am.includes(owner) ? owner : pick(plan.owners.am, i, 605);
          return [
            plan.workspaceId,
            uuidFor(SALT.fact, i),
            uuidFor(SALT.allocation, i),
            uuidFor(SALT.payment, i),
            uuidFor(SALT.invoice, i),
            companyIdOf(t.company),
            t.kind,
            t.amount,
            'RUB',
            t.receivedOn,
            t.kind === 'new_sale' ? pick(plan.owners.sales, i, 606) : null,
            chance(0.97, i, 607) ? am : null,
          ];
        },
      );
      const indexStarted = performance.now();
      await client.query(`SET maintenance_work_mem = '512MB'`);
      for (const index of deferred.indexes) await client.query(index.definition);
      for (const key of deferred.foreignKeys) {
        await client.query(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
      }
      const indexSeconds = (performance.now() - indexStarted) / 1000;
      log(`indexes and foreign keys rebuilt in ${indexSeconds.toFixed(1)} s`);
      const vacuumStarted = performance.now();
      await client.query('VACUUM (ANALYZE)');
      const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
      log(`VACUUM (ANALYZE) in ${vacuumSeconds.toFixed(1)} s`);
      const rollups = await client.query<{ t: string; n: string }>(`
        select 'kpi_user_months' as t, count(*) as n from kpi_user_months
        union all select 'kpi_company_days', count(*) from kpi_company_days
        union all select 'kpi_revenue_months', count(*) from kpi_revenue_months
        union all select 'kpi_revenue_people_months', count(*) from kpi_revenue_people_months
        union all select 'kpi_client_months', count(*) from kpi_client_months
        union all select 'kpi_company_months', count(*) from kpi_company_months`);
      const report = {
        generatedAt: new Date().toISOString(),
        quarter,
        tables: tables.map((t) => ({ table: t.table, rows: t.rows, seconds: round(t.seconds) })),
        rollupRows: Object.fromEntries(rollups.rows.map((r) => [r.t, Number(r.n)])),
        indexSeconds: round(indexSeconds),
        vacuumSeconds: round(vacuumSeconds),
        totalSeconds: round((performance.now() - started) / 1000),
      };
      await client.query(
        `COMMENT ON DATABASE ${options.database} IS '${JSON.stringify(report).replace(/'/g, "''")}'`,
      );
      return report;
    } finally {
      client.release();
    }
  } finally {
    await database.close();
  }
}

async function previousReport(options: Options) {
  const client = new pg.Client({ connectionString: options.baseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [options.database],
    );
    return rows[0]?.comment ? JSON.parse(rows[0].comment) : null;
  } finally {
    await client.end();
  }
}

/** Closed-loop load: `concurrency` workers requesting `path` for `seconds`. */
async function run(
  baseUrl: string,
  cookie: string,
  path: string,
  seconds: number,
  concurrency: number,
): Promise<Summary> {
  // Warm-up: a few requests to fill caches and the app's connection pool.
  for (let i = 0; i < 3; i++) await (await fetch(`${baseUrl}${path}`, { headers: { cookie } })).arrayBuffer();
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
        await response.arrayBuffer();
        if (!response.ok) errors += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarize(latencies, performance.now() - started, errors);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  const generation = options.skipGenerate
    ? await previousReport(options)
    : await generateKpiData(options, log);
  if (!generation) throw new Error('No generated database to reuse: run without --skip-generate');
  const quarter = generation.quarter as { from: string; label: string };
  const server = await startServer(databaseUrl(options.baseUrl, options.database));
  const results: { scenario: string; as: string; path: string; concurrency: number; summary: Summary }[] = [];
  const cold: { scenario: string; as: string; ms: number }[] = [];
  const load = { before: loadavg()[0]!, after: 0 };
  try {
    const as = {
      head: await signIn(server.baseUrl, `head01@${BENCH_EMAIL_DOMAIN}`),
      lead: await signIn(server.baseUrl, `team-lead01@${BENCH_EMAIL_DOMAIN}`),
      am: await signIn(server.baseUrl, `am01@${BENCH_EMAIL_DOMAIN}`),
    };
    const on = quarter.from;
    const scenarios = [
      { scenario: 'kpis.quarter', as: 'head', path: `/api/v1/kpis?period=quarter&on=${on}` },
      { scenario: 'kpis.month', as: 'head', path: `/api/v1/kpis?period=month&on=${on}` },
      { scenario: 'kpis.trend.months', as: 'head', path: `/api/v1/kpis/trend?period=month&on=${on}&count=6` },
      { scenario: 'kpis.quarter', as: 'lead', path: `/api/v1/kpis?period=quarter&on=${on}` },
      { scenario: 'kpis.quarter', as: 'am', path: `/api/v1/kpis?period=quarter&on=${on}` },
      {
        scenario: 'kpis.drill.churned',
        as: 'am',
        path: `/api/v1/kpis/drill?metric=churned&period=quarter&on=${on}`,
      },
    ] as const;
    // The first request for a period nobody has asked for today counts its per-owner NRR, churn
    // and cadence facts (migration 0014); later ones read them. Measured once, from nothing kept.
    const bench = new pg.Client({ connectionString: databaseUrl(options.baseUrl, options.database) });
    await bench.connect();
    await bench.query('delete from kpi_owner_periods');
    await bench.end();
    for (const scenario of scenarios.filter((s) => s.as === 'head' && s.scenario !== 'kpis.trend.months')) {
      const t0 = performance.now();
      await (
        await fetch(`${server.baseUrl}${scenario.path}`, { headers: { cookie: as.head } })
      ).arrayBuffer();
      cold.push({ scenario: scenario.scenario, as: scenario.as, ms: performance.now() - t0 });
      log(
        `${scenario.scenario.padEnd(20)} head  first request (counts the period) ${round(cold.at(-1)!.ms)} ms`,
      );
    }
    for (const concurrency of [1, 4]) {
      for (const scenario of scenarios) {
        const summary = await run(
          server.baseUrl,
          as[scenario.as],
          scenario.path,
          options.seconds,
          concurrency,
        );
        log(
          `${scenario.scenario.padEnd(20)} ${scenario.as.padEnd(5)} c=${concurrency} p50 ${round(summary.p50)} ms, p95 ${round(summary.p95)} ms, ${summary.requests} requests, ${summary.errors} errors`,
        );
        results.push({ ...scenario, concurrency, summary });
      }
    }
  } finally {
    load.after = loadavg()[0]!;
    await server.stop();
  }

  const settings = new pg.Client({ connectionString: databaseUrl(options.baseUrl, options.database) });
  await settings.connect();
  const version = (await settings.query<{ v: string }>('select version() as v')).rows[0]!.v;
  const size = (
    await settings.query<{ s: string }>('select pg_size_pretty(pg_database_size(current_database())) as s')
  ).rows[0]!.s;
  await settings.end();
  const date = new Date().toISOString().slice(0, 10);
  const target = 300;
  const headQuarterP95 = results.filter((r) => r.concurrency === 1).map((r) => r.summary.p95);
  const worst = Math.max(...headQuarterP95);
  const json = {
    date,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memoryGiB: round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: version,
    },
    dataset: {
      activities: options.activities,
      payments: options.payments,
      companies: options.companies,
      people: 200,
      size,
    },
    generation,
    target: { p95Ms: target, concurrency: 1, worstP95: round(worst), pass: worst <= target },
    loadAverage1m: { before: round(load.before), after: round(load.after) },
    firstRequest: cold.map((c) => ({ ...c, ms: round(c.ms) })),
    results: results.map((r) => ({
      ...r,
      summary: Object.fromEntries(Object.entries(r.summary).map(([k, v]) => [k, round(v)])),
    })),
  };
  const md = [
    `# KPI dashboards benchmark — ${date}`,
    '',
    `Taken on a **shared 2-core machine** (other engineers' work was running), so read the figures as an order of magnitude.`,
    '',
    `- Machine: ${json.machine.cpus} × ${json.machine.model}, ${json.machine.memoryGiB} GiB, Node ${json.machine.node}, ${version.split(' on ')[0]}`,
    `- Dataset (\`${options.database}\`, ${size}): 200 people, ${options.companies.toLocaleString('en')} companies, ${options.activities.toLocaleString('en')} activities in ${quarter.label}, ${options.payments.toLocaleString('en')} payments (invoice, payment, allocation and revenue fact each) over ${quarter.label} and the quarter before`,
    `- Generated with COPY in ${generation.totalSeconds} s: ${generation.tables.map((t: { table: string; seconds: number }) => `${t.table} ${t.seconds} s`).join(', ')}; indexes and foreign keys ${generation.indexSeconds} s; VACUUM ANALYZE ${generation.vacuumSeconds} s. Rollup rows: ${Object.entries(
      generation.rollupRows,
    )
      .map(([k, v]) => `${k} ${Number(v).toLocaleString('en')}`)
      .join(', ')}`,
    `- Each cell: 3 warm-up requests, then ${options.seconds} s of closed-loop load over HTTP keep-alive to the real app in its own process.`,
    `- 1-minute load average on the ${json.machine.cpus} shared cores: ${round(load.before)} when the measurement began, ${round(load.after)} when it ended.`,
    `- First request for a period not yet kept (it counts the per-owner facts of migration 0014; measured once from nothing kept): ${cold.map((c) => `${c.as} ${c.scenario} ${round(c.ms)} ms`).join(', ')}.`,
    '',
    `## Target: p95 ≤ ${target} ms for a dashboard request — ${json.target.pass ? 'PASS' : 'FAIL'} (worst p95 at one connection: ${round(worst)} ms)`,
    '',
    '| Scenario | As | Conn | p50 ms | p95 ms | p99 ms | req/s | errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.as} | ${r.concurrency} | ${round(r.summary.p50)} | ${round(r.summary.p95)} | ${round(r.summary.p99)} | ${round(r.summary.rps)} | ${r.summary.errors} |`,
    ),
    '',
  ].join('\n');
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${date}-kpis.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(dir, `${date}-kpis.md`), md);
  writeFileSync(join(dir, 'latest-kpis.md'), md);
  log(md);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
