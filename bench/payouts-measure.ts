import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { connectPostgres } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { computeStatements } from '../src/server/motivation/compute-statements.ts';
import { nextPeriod } from '../src/server/motivation/period.ts';
import { motivationSchemes } from '../src/server/motivation/schema.ts';
import { pipelines, stages } from '../src/server/pipelines/schema.ts';
import { plans } from '../src/server/plans/schema.ts';
import { users } from '../src/server/users/schema.ts';
import { createWorkspace } from '../src/server/workspaces/create-workspace.ts';
import { copyRows, type TableLoad } from './copy.ts';
import { DEFAULT_DATABASE_URL, databaseUrl } from './options.ts';
import { round } from './stats.ts';

/**
 * `npm run bench:payouts` — payout statements of a whole month on PostgreSQL. Generates (COPY) a
 * workspace of 200 people (100 salespeople, 100 AMs) with motivation schemes and personal plans,
 * 20,000 clients, 40,000 deals and BENCH_PAYMENTS (default 1,000,000) paid invoices — payments,
 * allocations and revenue facts — spread over the 12 months up to the measured one; then times
 * `computeStatements` for all 200 people for that month: facts, events and targets loaded
 * set-based, the pure engine per person, statements and every line written, audited. Run RUNS
 * times (the first computes, the rest recompute the drafts). Target: ≤ 2 s.
 */
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMPANIES = 20_000;
const DEALS = 40_000;
const TARGET_SECONDS = 2;
const DATABASE = process.env.BENCH_DATABASE ?? 'tandem_bench_payouts';
/** BENCH_SKIP_GENERATE=1 measures again on the database a previous run generated. */
const SKIP_GENERATE = process.env.BENCH_SKIP_GENERATE === '1';

/** The month measured: the last full month before today. */
function measuredMonth(): string {
  const now = new Date();
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // 0-based: the previous month in 1-based terms
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** A small deterministic generator, so runs are comparable. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (!SKIP_GENERATE) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
  }
  const database = connectPostgres(databaseUrl(baseUrl, DATABASE), { max: 4 });
  const { db } = database;
  const generateStarted = performance.now();
  const period = measuredMonth();
  const [py, pm] = period.split('-').map(Number) as [number, number];
  const firstDay = Date.UTC(py - 1, pm, 1); // 12 months: from the month after a year before
  const lastDay = Date.UTC(py, pm, 0);
  const days = Math.round((lastDay - firstDay) / 86_400_000) + 1;
  const generate = async () => {
    await migrate(database);
    const { workspaceId, adminUserId } = await createWorkspace(db, {
      name: 'Payouts bench',
      locale: 'ru',
      admin: { email: 'payouts-bench@example.test', password: 'bench password 1', name: 'Администратор' },
    });
    const people = await db
      .insert(users)
      .values(
        Array.from({ length: 200 }, (_, n) => ({
          workspaceId,
          email: `person${n}@payouts.bench`,
          name: `${n < 100 ? 'Продавец' : 'Аккаунт'} ${n}`,
          roles: [n < 100 ? ('sales' as const) : ('am' as const)],
          locale: 'ru' as const,
        })),
      )
      .returning({ id: users.id, roles: users.roles });
    const sales = people.filter((p) => p.roles.includes('sales')).map((p) => p.id);
    const ams = people.filter((p) => p.roles.includes('am')).map((p) => p.id);
    const [pipeline] = await db
      .select({ id: pipelines.id })
      .from(pipelines)
      .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.isDefault, true)));
    const [won] = await db
      .select({ id: stages.id })
      .from(stages)
      .where(
        and(eq(stages.workspaceId, workspaceId), eq(stages.pipelineId, pipeline!.id), eq(stages.kind, 'won')),
      );

    const pool = database.driver as pg.Pool;
    const client = await pool.connect();
    const tables: TableLoad[] = [];
    try {
      const companyIds = Array.from({ length: COMPANIES }, () => randomUUID());
      const dealIds = Array.from({ length: DEALS }, () => randomUUID());
      tables.push(
        await copyRows(
          client,
          'companies',
          ['workspace_id', 'id', 'name', 'owner_id', 'status'],
          COMPANIES,
          (i) => [workspaceId, companyIds[i]!, `Клиент ${i}`, ams[i % ams.length]!, 'client'],
        ),
      );
      tables.push(
        await copyRows(
          client,
          'deals',
          [
            'workspace_id',
            'id',
            'title',
            'company_id',
            'pipeline_id',
            'stage_id',
            'owner_id',
            'kind',
            'amount_minor',
          ],
          DEALS,
          (i) => [
            workspaceId,
            dealIds[i]!,
            `Сделка ${i}`,
            companyIds[i % COMPANIES]!,
            pipeline!.id,
            won!.id,
            sales[i % sales.length]!,
            i % 3 === 0 ? 'upsell' : 'new',
            100_000_00,
          ],
        ),
      );
      // One invoice, one payment, one allocation and one revenue fact per paid amount.
      const random = rng(42);
      const facts = Array.from({ length: PAYMENTS }, () => {
        const r = random();
        const kind = r < 0.2 ? 'new_sale' : r < 0.8 ? 'recurring' : 'upsell';
        const deal = kind === 'recurring' ? null : Math.floor(random() * DEALS);
        const company = deal === null ? Math.floor(random() * COMPANIES) : deal % COMPANIES;
        const day = new Date(firstDay + Math.floor(random() * days) * 86_400_000).toISOString().slice(0, 10);
        const amount = 1_000_00 + Math.floor(random() * 200_000) * 100;
        return {
          kind,
          deal,
          company,
          day,
          amount,
          invoice: randomUUID(),
          payment: randomUUID(),
          allocation: randomUUID(),
        };
      });
      tables.push(
        await copyRows(
          client,
          'invoices',
          [
            'workspace_id',
            'id',
            'company_id',
            'deal_id',
            'currency',
            'status',
            'net_minor',
            'total_minor',
            'paid_minor',
          ],
          PAYMENTS,
          (i) => {
            const f = facts[i]!;
            return [
              workspaceId,
              f.invoice,
              companyIds[f.company]!,
              f.deal === null ? null : dealIds[f.deal]!,
              'RUB',
              'paid',
              f.amount,
              f.amount,
              f.amount,
            ];
          },
        ),
      );
      tables.push(
        await copyRows(
          client,
          'payments',
          ['workspace_id', 'id', 'company_id', 'received_on', 'amount_minor', 'allocated_minor', 'currency'],
          PAYMENTS,
          (i) => {
            const f = facts[i]!;
            return [workspaceId, f.payment, companyIds[f.company]!, f.day, f.amount, f.amount, 'RUB'];
          },
        ),
      );
      tables.push(
        await copyRows(
          client,
          'payment_allocations',
          ['workspace_id', 'id', 'payment_id', 'invoice_id', 'amount_minor'],
          PAYMENTS,
          (i) => {
            const f = facts[i]!;
            return [workspaceId, f.allocation, f.payment, f.invoice, f.amount];
          },
        ),
      );
      tables.push(
        await copyRows(
          client,
          'revenue_facts',
          [
            'workspace_id',
            'allocation_id',
            'payment_id',
            'invoice_id',
            'company_id',
            'deal_id',
            'kind',
            'amount_minor',
            'currency',
            'received_on',
            'deal_owner_id',
            'account_manager_id',
          ],
          PAYMENTS,
          (i) => {
            const f = facts[i]!;
            return [
              workspaceId,
              f.allocation,
              f.payment,
              f.invoice,
              companyIds[f.company]!,
              f.deal === null ? null : dealIds[f.deal]!,
              f.kind,
              f.amount,
              'RUB',
              f.day,
              f.deal === null ? null : sales[f.deal % sales.length]!,
              ams[f.company % ams.length]!,
            ];
          },
        ),
      );
      await client.query('VACUUM (ANALYZE)');
    } finally {
      client.release();
    }
    for (const t of tables)
      console.log(`${t.table.padEnd(20)} ${t.rows.toLocaleString('en')} rows in ${t.seconds.toFixed(1)} s`);

    // Schemes: one per role (seed 003's kind), and 20 personal ones that win over them.
    const coefficients = [
      { fromBp: 0, coefficientBp: 0 },
      { fromBp: 5000, coefficientBp: 7000 },
      { fromBp: 8000, coefficientBp: 10000 },
      { fromBp: 12000, coefficientBp: 12000 },
    ];
    const validFrom = `${py - 1}-01-01`;
    await db.insert(motivationSchemes).values([
      {
        workspaceId,
        familyId: randomUUID(),
        name: 'Продажи',
        currency: 'RUB',
        validFrom,
        rules: [
          { id: 'base', type: 'base_salary', amountMinor: 80_000_00 },
          { id: 'new', type: 'percent_of_revenue', revenueKind: 'new_sale', rateBp: 3000 },
          {
            id: 'upsell',
            type: 'percent_of_revenue',
            revenueKind: 'upsell',
            rateBp: 1500,
            capMinor: 300_000_00,
          },
          { id: 'won', type: 'fixed_per_event', event: 'deal_won', amountMinor: 5_000_00 },
        ],
        coefficients,
        planMetric: 'new_sales',
        bonusCapMinor: 2_000_000_00,
        assignedUserIds: [],
        assignedRoles: ['sales'],
      },
      {
        workspaceId,
        familyId: randomUUID(),
        name: 'Сопровождение',
        currency: 'RUB',
        validFrom,
        rules: [
          { id: 'base', type: 'base_salary', amountMinor: 70_000_00 },
          { id: 'monthly', type: 'percent_of_revenue', revenueKind: 'recurring', rateBp: 100 },
          {
            id: 'upsell',
            type: 'percent_of_revenue',
            revenueKind: 'upsell',
            rateBp: 1000,
            creditTo: 'account_manager',
          },
        ],
        coefficients,
        planMetric: 'recurring',
        bonusCapMinor: null,
        assignedUserIds: [],
        assignedRoles: ['am'],
      },
      ...Array.from({ length: 20 }, (_, n) => ({
        workspaceId,
        familyId: randomUUID(),
        name: `Личная ${n}`,
        currency: 'RUB',
        validFrom,
        rules: [
          { id: 'base', type: 'base_salary' as const, amountMinor: 90_000_00 },
          {
            id: 'new',
            type: 'percent_of_revenue' as const,
            revenueKind: 'new_sale' as const,
            rateBp: 1000 + n * 100,
          },
          {
            id: 'monthly',
            type: 'percent_of_revenue' as const,
            revenueKind: 'recurring' as const,
            rateBp: 25 + n * 10,
          },
        ],
        coefficients,
        planMetric: (n % 2 ? 'recurring' : 'new_sales') as 'recurring' | 'new_sales',
        bonusCapMinor: null,
        assignedUserIds: [people[n * 10]!.id],
        assignedRoles: [],
      })),
    ]);
    await db.insert(plans).values(
      people.map((p, n) => ({
        workspaceId,
        periodKind: 'month' as const,
        periodStart: `${period}-01`,
        scope: 'person' as const,
        userId: p.id,
        metric: p.roles.includes('sales') ? ('new_sales' as const) : ('recurring' as const),
        target: (n % 7) * 500_000_00 + 1_000_000_00,
        currency: 'RUB',
      })),
    );
    return {
      workspaceId,
      adminUserId,
      people,
      tables,
      generateSeconds: (performance.now() - generateStarted) / 1000,
    };
  };
  const existing = async () => {
    const pool = database.driver as pg.Pool;
    const ws = (await pool.query(`select id from workspaces where name = 'Payouts bench'`)).rows[0];
    if (!ws) throw new Error(`No generated workspace in ${DATABASE}: run without BENCH_SKIP_GENERATE first`);
    const workspaceId = String(ws.id);
    const adminUserId = String(
      (
        await pool.query(`select id from users where workspace_id = $1 and 'admin' = any(roles)`, [
          workspaceId,
        ])
      ).rows[0].id,
    );
    const people = (
      await pool.query(`select id from users where workspace_id = $1 and not 'admin' = any(roles)`, [
        workspaceId,
      ])
    ).rows;
    const count = async (table: string) =>
      Number(
        (await pool.query(`select count(*) as n from ${table} where workspace_id = $1`, [workspaceId]))
          .rows[0].n,
      );
    const tables: TableLoad[] = [];
    for (const table of [
      'companies',
      'deals',
      'invoices',
      'payments',
      'payment_allocations',
      'revenue_facts',
    ])
      tables.push({ table, rows: await count(table), seconds: 0, rowsPerSecond: 0 });
    // A fresh start: the first run computes, as after generation.
    await pool.query('delete from payout_statements where workspace_id = $1', [workspaceId]);
    await pool.query('VACUUM ANALYZE payout_lines');
    return { workspaceId, adminUserId, people, tables, generateSeconds: null as number | null };
  };
  try {
    const generated = SKIP_GENERATE ? await existing() : await generate();
    const { workspaceId, adminUserId, people, tables, generateSeconds } = generated;
    const pool = database.driver as pg.Pool;

    const start = `${period}-01`;
    const end = `${nextPeriod(period)}-01`;
    const monthFacts = Number(
      (
        await pool.query(
          'select count(*) as n from revenue_facts where workspace_id = $1 and received_on >= $2 and received_on < $3',
          [workspaceId, start, end],
        )
      ).rows[0].n,
    );
    const runs: number[] = [];
    const phases: Record<string, number>[] = [];
    let computed = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const timings: Record<string, number> = {};
      const started = performance.now();
      const outcome = await db.transaction((tx) =>
        computeStatements(tx, { workspaceId, userId: adminUserId }, period, undefined, timings),
      );
      runs.push((performance.now() - started) / 1000);
      phases.push(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])));
      computed = outcome.computed;
    }
    const lines = Number(
      (await pool.query('select count(*) as n from payout_lines where workspace_id = $1', [workspaceId]))
        .rows[0].n,
    );
    const total = (
      await pool.query(
        `select sum((totals->>'totalMinor')::bigint) as total, sum((totals->>'bonusBeforeMinor')::bigint) as before,
              sum((totals->>'bonusAfterMinor')::bigint) as after from payout_statements where workspace_id = $1`,
        [workspaceId],
      )
    ).rows[0];
    const worst = Math.max(...runs);
    const date = new Date().toISOString().slice(0, 10);
    const result = {
      name: 'payouts',
      date,
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg()[0] ?? 0, node: process.version },
      dataset: {
        people: people.length,
        schemes: 22,
        companies: COMPANIES,
        deals: DEALS,
        payments: PAYMENTS,
        monthsSpread: 12,
        period,
        factsInPeriod: monthFacts,
      },
      generateSeconds: generateSeconds === null ? null : round(generateSeconds),
      load: tables.map((t) => ({ table: t.table, rows: t.rows, seconds: round(t.seconds) })),
      statements: computed,
      lines,
      runsSeconds: runs.map((s) => round(s)),
      phasesSeconds: phases,
      worstSeconds: round(worst),
      sums: {
        totalMinor: Number(total.total),
        bonusBeforeMinor: Number(total.before),
        bonusAfterMinor: Number(total.after),
      },
      target: { seconds: TARGET_SECONDS, passed: worst <= TARGET_SECONDS },
    };
    const markdown = [
      `# Payout statements benchmark — ${date}`,
      '',
      `\`computeStatements\` for every person of a workspace for one month (${period}) on PostgreSQL: facts, won deals, qualified leads and targets loaded set-based, the pure engine per person, statements and every line written and audited, in one transaction. ${RUNS} runs: the first computes, the others recompute the drafts.`,
      '',
      `- Dataset: ${people.length} people with 22 schemes (2 by role, 20 personal), personal plans; ${COMPANIES.toLocaleString('en')} clients, ${DEALS.toLocaleString('en')} deals; ${PAYMENTS.toLocaleString('en')} paid invoices (payments, allocations, revenue facts) over 12 months, ${monthFacts.toLocaleString('en')} of them in ${period}`,
      `- Output: ${computed} statements, ${lines.toLocaleString('en')} lines`,
      `- Machine: ${result.machine.cpus} cores (shared), 1-minute load average ${result.machine.loadAverage.toFixed(2)} at the end; ${generateSeconds === null ? 'data generated by an earlier run' : `generation took ${generateSeconds.toFixed(0)} s`}`,
      '',
      'Phases in seconds. The engine runs person by person while COPY takes the lines already made, so *engine + COPY* is the elapsed time of both together and *of which engine* the part spent computing.',
      '',
      '| run | seconds | load facts | events, targets | delete old lines | engine + COPY lines | of which engine | write statements | audit |',
      '|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...runs.map((s, i) => {
        const p = phases[i]!;
        const f = (k: string) => (p[k] ?? 0).toFixed(2);
        return `| ${i + 1}${i === 0 ? ' (compute)' : ' (recompute)'} | ${s.toFixed(2)} | ${f('loadFacts')} | ${f('loadEventsAndTargets')} | ${f('setupWrites')} | ${f('writeLines')} | ${f('engine')} | ${f('writeStatements')} | ${f('audit')} |`;
      }),
      '',
      `Target ≤ ${TARGET_SECONDS} s for every run: **${result.target.passed ? 'PASS' : 'FAIL'}** (worst ${worst.toFixed(2)} s).`,
      '',
    ].join('\n');
    const outDir = join('bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${date}-payouts.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(outDir, `${date}-payouts.md`), markdown);
    writeFileSync(join(outDir, 'latest-payouts.md'), markdown);
    console.log(markdown);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
