import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';
import type { KpiDashboard, KpiDrill, KpiTrend, OrgDiagnostics } from '../../contract/kpis.ts';
import { retentionState } from './formulas.ts';

/**
 * KPIs from seeded records, on the real database (Europe/Moscow, the default time zone). February
 * 2026 is the month under test, Q1 2026 the quarter; every figure below is worked out by hand in
 * the comments next to the records that make it.
 */
let ctx: TestContext;
let ws: string;
let head: Client;
let lead: Client;
let amClient: Client;
let outsider: Client;
let sdr: TestUser;
let sales: TestUser;
let am: TestUser;
let amOther: TestUser;
let pm: TestUser;
let teamId: string;
const companies: Record<string, string> = {};
const deals: Record<string, string> = {};
const callIds: string[] = [];

const db = () => ctx.database.db;

async function one<T extends Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T> {
  const result = await db().execute(query);
  return result.rows[0] as T;
}

async function company(name: string, ownerId: string | null, status: string, leadSource?: string) {
  const source = leadSource
    ? sql`(select id from lead_sources where workspace_id = ${ws} and kind = ${leadSource})`
    : sql`null`;
  const row = await one<{ id: string }>(sql`
    insert into companies (workspace_id, name, owner_id, status, lead_source_id)
    values (${ws}, ${name}, ${ownerId}, ${status}, ${source}) returning id`);
  return row.id;
}

/** A payment allocated to an invoice, and its revenue fact. */
async function pay(input: {
  companyId: string;
  on: string;
  amount: number;
  kind: 'new_sale' | 'recurring' | 'upsell';
  dealOwnerId?: string | null;
  amId?: string | null;
  dealId?: string | null;
}) {
  const invoice = await one<{ id: string }>(sql`
    insert into invoices (workspace_id, company_id, currency) values (${ws}, ${input.companyId}, 'RUB') returning id`);
  const payment = await one<{ id: string }>(sql`
    insert into payments (workspace_id, company_id, received_on, amount_minor, currency)
    values (${ws}, ${input.companyId}, ${input.on}, ${input.amount}, 'RUB') returning id`);
  const allocation = await one<{ id: string }>(sql`
    insert into payment_allocations (workspace_id, payment_id, invoice_id, amount_minor)
    values (${ws}, ${payment.id}, ${invoice.id}, ${input.amount}) returning id`);
  await db().execute(sql`
    insert into revenue_facts (workspace_id, allocation_id, payment_id, invoice_id, company_id, deal_id, kind,
                               amount_minor, currency, received_on, deal_owner_id, account_manager_id)
    values (${ws}, ${allocation.id}, ${payment.id}, ${invoice.id}, ${input.companyId}, ${input.dealId ?? null},
            ${input.kind}, ${input.amount}, 'RUB', ${input.on}, ${input.dealOwnerId ?? null}, ${input.amId ?? null})`);
}

async function activity(type: string, authorId: string, at: string, companyId: string | null) {
  const row = await one<{ id: string }>(sql`
    insert into activities (workspace_id, type, author_id, occurred_at, company_id)
    values (${ws}, ${type}, ${authorId}, ${at}::timestamptz, ${companyId}) returning id`);
  return row.id;
}

async function deal(
  title: string,
  ownerId: string,
  stageKind: 'won' | 'lost',
  createdAt: string,
  closedAt: string,
  amount: number,
) {
  const row = await one<{ id: string }>(sql`
    insert into deals (workspace_id, title, company_id, pipeline_id, stage_id, owner_id, amount_minor, created_at, closed_at)
    select ${ws}, ${title}, ${companies.prospect}, s.pipeline_id, s.id, ${ownerId}, ${amount},
           ${createdAt}::timestamptz, ${closedAt}::timestamptz
    from stages s where s.workspace_id = ${ws} and s.kind = ${stageKind} limit 1
    returning id`);
  return row.id;
}

async function plan(
  periodKind: string,
  periodStart: string,
  scope: string,
  metric: string,
  target: number,
  holder: { userId?: string; teamId?: string } = {},
) {
  await db().execute(sql`
    insert into plans (workspace_id, period_kind, period_start, scope, team_id, user_id, metric, target, currency)
    values (${ws}, ${periodKind}, ${periodStart}, ${scope}, ${holder.teamId ?? null}, ${holder.userId ?? null}, ${metric},
            ${target}, ${['revenue', 'new_sales', 'recurring', 'upsell'].includes(metric) ? 'RUB' : null})`);
}

beforeAll(async () => {
  ctx = await startTestApp();
  const workspace = await seedWorkspace(ctx.database);
  ws = workspace.workspaceId;
  head = await signIn(ctx.app, await seedUser(ctx.database, ws, ['head']));
  const leadUser = await seedUser(ctx.database, ws, ['team_lead'], { name: 'Lead' });
  lead = await signIn(ctx.app, leadUser);
  sdr = await seedUser(ctx.database, ws, ['sdr'], { name: 'Sam SDR', tier: 1 });
  sales = await seedUser(ctx.database, ws, ['sales'], { name: 'Cleo Closer', tier: 2 });
  am = await seedUser(ctx.database, ws, ['am'], { name: 'Anna AM', tier: 3 });
  amClient = await signIn(ctx.app, am);
  amOther = await seedUser(ctx.database, ws, ['am'], { name: 'Otto AM', tier: 3 });
  pm = await seedUser(ctx.database, ws, ['pm'], { name: 'Petra PM' });
  outsider = await signIn(ctx.app, (await seedWorkspace(ctx.database, { name: 'Elsewhere' })).admin);

  teamId = (
    await one<{ id: string }>(
      sql`insert into teams (workspace_id, name, lead_user_id) values (${ws}, 'Sales team', ${leadUser.id}) returning id`,
    )
  ).id;
  for (const member of [sdr, sales, am]) {
    await db().execute(
      sql`insert into team_members (workspace_id, team_id, user_id) values (${ws}, ${teamId}, ${member.id})`,
    );
  }

  companies.prospect = await company('Prospect', sales.id, 'prospect');
  // C1: paid 10 000 in January (the base month), then 8 000 recurring and 5 000 upsell in
  // February → NRR 130 %, retained. Came by referral.
  companies.c1 = await company('Retained Ltd', am.id, 'client', 'referral');
  await pay({ companyId: companies.c1, on: '2026-01-15', amount: 10_000, kind: 'recurring', amId: am.id });
  await pay({ companyId: companies.c1, on: '2026-02-10', amount: 8_000, kind: 'recurring', amId: am.id });
  await pay({ companyId: companies.c1, on: '2026-02-20', amount: 5_000, kind: 'upsell', amId: am.id });
  // C2: last paid 1 August 2025, 184 days before 1 February: lapsed before the month, not counted.
  companies.c2 = await company('Lapsed Ltd', am.id, 'former_client');
  await pay({ companyId: companies.c2, on: '2025-08-01', amount: 3_000, kind: 'recurring', amId: am.id });
  // C3: last paid 20 August 2025: live on 1 February (165 days), churned by 28 February (192).
  companies.c3 = await company('Churned Ltd', am.id, 'client');
  await pay({ companyId: companies.c3, on: '2025-08-20', amount: 4_000, kind: 'recurring', amId: am.id });
  // Otto's client, outside the team.
  companies.c5 = await company('Other Ltd', amOther.id, 'client');
  await pay({ companyId: companies.c5, on: '2026-02-05', amount: 7_000, kind: 'upsell', amId: amOther.id });

  // Tier 1: ten calls in February in Moscow — the first at 00:30 on 1 February (still 31 January
  // in UTC); one more at 00:30 on 1 March Moscow (28 February UTC) that does not count.
  callIds.push(await activity('call', sdr.id, '2026-01-31T21:30:00Z', null));
  for (let day = 2; day <= 10; day++) {
    callIds.push(await activity('call', sdr.id, `2026-02-${String(day).padStart(2, '0')}T09:00:00Z`, null));
  }
  await activity('call', sdr.id, '2026-02-28T21:30:00Z', null);
  for (const at of ['2026-02-03T10:00:00Z', '2026-02-05T10:00:00Z']) {
    await db().execute(sql`
      insert into leads (workspace_id, company_id, origin, handed_over_by, created_at)
      values (${ws}, ${companies.prospect}, 'call_queue', ${sdr.id}, ${at}::timestamptz)`);
  }

  // Tier 2: two wins (cycles 40 and 9 days → 24.5), one loss; a new sale of 100 000 paid.
  deals.won1 = await deal(
    'Won one',
    sales.id,
    'won',
    '2026-01-01T09:00:00Z',
    '2026-02-10T09:00:00Z',
    100_000,
  );
  deals.won2 = await deal('Won two', sales.id, 'won', '2026-02-01T09:00:00Z', '2026-02-10T09:00:00Z', 50_000);
  deals.lost = await deal(
    'Lost one',
    sales.id,
    'lost',
    '2026-01-20T09:00:00Z',
    '2026-02-12T09:00:00Z',
    70_000,
  );
  await pay({
    companyId: companies.prospect,
    on: '2026-02-11',
    amount: 100_000,
    kind: 'new_sale',
    dealOwnerId: sales.id,
    dealId: deals.won1,
  });

  // Cadence: C1 e-mailed every third day of February (longest gap 3 ≤ 4); C3 never (27 > 4).
  for (let day = 1; day <= 28; day += 3) {
    await activity('email', am.id, `2026-02-${String(day).padStart(2, '0')}T08:00:00Z`, companies.c1);
  }

  // PM: a task done early, one late, one overdue now; a project finished before its end date.
  await db().execute(sql`
    insert into tasks (workspace_id, title, assignee_id, status, due_at, completed_at) values
      (${ws}, 'Early', ${pm.id}, 'done', '2026-02-10T15:00:00Z', '2026-02-09T15:00:00Z'),
      (${ws}, 'Late', ${pm.id}, 'done', '2026-02-10T15:00:00Z', '2026-02-12T15:00:00Z'),
      (${ws}, 'Overdue', ${pm.id}, 'open', '2026-01-01T15:00:00Z', null)`);
  await db().execute(sql`
    insert into projects (workspace_id, name, company_id, pm_id, am_id, status, ends_on, updated_at)
    values (${ws}, 'Site', ${companies.c1}, ${pm.id}, ${am.id}, 'completed', '2026-02-20', '2026-02-18T12:00:00Z')`);

  await plan('month', '2026-02-01', 'person', 'calls', 20, { userId: sdr.id });
  await plan('month', '2026-02-01', 'person', 'deals_won', 4, { userId: sales.id });
  await plan('month', '2026-02-01', 'team', 'revenue', 200_000, { teamId });
  await plan('quarter', '2026-01-01', 'company', 'revenue', 200_000);
}, 120_000);

afterAll(() => ctx.close());

const person = (dashboard: KpiDashboard, userId: string) =>
  dashboard.people.find((p) => p.userId === userId)!.figures;

describe('KPIs per tier', () => {
  let feb: KpiDashboard;
  beforeAll(async () => {
    const response = await head.get('/api/v1/kpis?period=month&on=2026-02-15');
    expect(response.statusCode).toBe(200);
    feb = response.json();
  });

  it('counts tier 1: calls in the Moscow month, per working day, and conversion', () => {
    expect(feb.period).toEqual({ kind: 'month', from: '2026-02-01', to: '2026-02-28', label: '2026-02' });
    const figures = person(feb, sdr.id);
    expect(figures.calls).toBe(10);
    expect(figures.callsPerDay).toBe(0.5); // 20 working days in February 2026
    expect(figures.qualified).toBe(2);
    expect(figures.conversionBp).toBe(2000);
  });

  it('counts tier 2: won deals and amount, win rate and cycle', () => {
    const figures = person(feb, sales.id);
    expect(figures).toMatchObject({
      dealsWon: 2,
      dealsWonAmountMinor: 150_000,
      dealsLost: 1,
      winRateBp: 6667,
      cycleDays: 24.5,
      newSalesMinor: 100_000,
    });
  });

  it('counts tier 3: upsell, NRR, retention and churn, cadence', () => {
    const figures = person(feb, am.id);
    expect(figures).toMatchObject({
      upsellMinor: 5_000,
      recurringMinor: 8_000,
      baseRevenueMinor: 10_000,
      retainedRevenueMinor: 13_000,
      nrrBp: 13_000,
      clientsAtStart: 2,
      retained: 1,
      churned: 1,
      retentionBp: 5000,
      cadenceClients: 2,
      cadenceCompliant: 1,
      cadenceBp: 5000,
    });
    // The SQL agrees with the pure rule.
    expect(
      retentionState({ lastBefore: '2025-08-20', lastBy: '2025-08-20' }, '2026-02-01', '2026-02-28', 180),
    ).toBe('churned');
  });

  it('counts PM on-time delivery and overdue tasks', () => {
    const figures = person(feb, pm.id);
    expect(figures).toMatchObject({
      tasksFinished: 2,
      tasksOnTime: 1,
      projectsFinished: 1,
      projectsOnTime: 1,
      overdueTasks: 1,
    });
    expect(figures.onTimeBp).toBe(6667);
  });

  it('sums the company, including every payment', () => {
    expect(feb.subject.kind).toBe('company');
    expect(feb.totals.revenueMinor).toBe(8_000 + 5_000 + 7_000 + 100_000);
    expect(feb.totals.upsellMinor).toBe(12_000);
    expect(feb.totals.calls).toBe(10);
    const team = feb.teams.find((t) => t.teamId === teamId)!;
    expect(team.figures.revenueMinor).toBe(113_000);
  });

  it('sets plan against fact for people, teams and the company', async () => {
    const calls = feb.plans.find((p) => p.metric === 'calls')!;
    expect(calls).toMatchObject({ userId: sdr.id, target: 20, fact: 10, attainmentBp: 5000 });
    expect(feb.plans.find((p) => p.metric === 'deals_won')).toMatchObject({ fact: 2, attainmentBp: 5000 });
    expect(feb.plans.find((p) => p.scope === 'team')).toMatchObject({ fact: 113_000, attainmentBp: 5650 });
    const quarter: KpiDashboard = (await head.get('/api/v1/kpis?period=quarter&on=2026-02-15')).json();
    expect(quarter.period.label).toBe('2026-Q1');
    // Q1: January's 10 000 and February's 120 000.
    expect(quarter.plans.find((p) => p.scope === 'company')).toMatchObject({
      target: 200_000,
      fact: 130_000,
      attainmentBp: 6500,
    });
  });

  it('splits revenue by lead source', () => {
    expect(feb.revenueBySource).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ leadSourceId: null, amountMinor: 107_000 }),
        expect.objectContaining({ amountMinor: 13_000, payments: 2 }),
      ]),
    );
  });
});

describe('trends', () => {
  it('gives month and quarter dynamics', async () => {
    const months: KpiTrend = (await head.get('/api/v1/kpis/trend?period=month&on=2026-03-10&count=3')).json();
    expect(months.points.map((p) => [p.label, p.revenueMinor, p.calls, p.dealsWon])).toEqual([
      ['2026-01', 10_000, 0, 0],
      ['2026-02', 120_000, 10, 2],
      ['2026-03', 0, 1, 0],
    ]);
    const quarters: KpiTrend = (
      await head.get('/api/v1/kpis/trend?period=quarter&on=2026-02-01&count=3')
    ).json();
    expect(quarters.points.map((p) => [p.label, p.revenueMinor, p.qualified])).toEqual([
      ['2025-Q3', 7_000, 0],
      ['2025-Q4', 0, 0],
      ['2026-Q1', 130_000, 2],
    ]);
  });
});

describe('drill-down', () => {
  const drill = async (query: string): Promise<KpiDrill> => {
    const response = await head.get(`/api/v1/kpis/drill?period=month&on=2026-02-15&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('returns exactly the records counted', async () => {
    const calls = await drill(`metric=calls&userId=${sdr.id}`);
    expect(calls.total).toBe(10);
    expect(calls.items.map((i) => i.id).sort()).toEqual([...callIds].sort());
    const won = await drill(`metric=deals_won&userId=${sales.id}`);
    expect(won.items.map((i) => i.id).sort()).toEqual([deals.won1, deals.won2].sort());
    expect((await drill(`metric=deals_lost&userId=${sales.id}`)).items.map((i) => i.id)).toEqual([
      deals.lost,
    ]);
    expect((await drill(`metric=qualified&userId=${sdr.id}`)).total).toBe(2);
    const upsell = await drill(`metric=upsell&userId=${am.id}`);
    expect(upsell.items.map((i) => [i.companyId, i.amountMinor])).toEqual([[companies.c1, 5_000]]);
    const revenue = await drill('metric=revenue');
    expect(revenue.items.reduce((sum, i) => sum + (i.amountMinor ?? 0), 0)).toBe(120_000);
    expect((await drill(`metric=churned&userId=${am.id}`)).items.map((i) => i.id)).toEqual([companies.c3]);
    expect((await drill(`metric=retained&userId=${am.id}`)).items.map((i) => i.id)).toEqual([companies.c1]);
    expect((await drill(`metric=cadence_missed&userId=${am.id}`)).items.map((i) => i.id)).toEqual([
      companies.c3,
    ]);
    expect((await drill(`metric=tasks_late&userId=${pm.id}`)).items.map((i) => i.title)).toEqual(['Late']);
    expect((await drill(`metric=overdue_tasks&userId=${pm.id}`)).items.map((i) => i.title)).toEqual([
      'Overdue',
    ]);
  });

  it('drills revenue by lead source', async () => {
    const referral = await one<{ id: string }>(
      sql`select id from lead_sources where workspace_id = ${ws} and kind = 'referral'`,
    );
    const bySource = await drill(`metric=revenue&leadSourceId=${referral.id}`);
    expect(bySource.items.reduce((sum, i) => sum + (i.amountMinor ?? 0), 0)).toBe(13_000);
    expect((await drill('metric=revenue&leadSourceId=none')).total).toBe(2);
  });
});

describe('visibility', () => {
  it('shows an AM only their own figures', async () => {
    const mine: KpiDashboard = (await amClient.get('/api/v1/kpis?period=month&on=2026-02-15')).json();
    expect(mine.subject.kind).toBe('person');
    expect(mine.people.map((p) => p.userId)).toEqual([am.id]);
    expect(mine.totals.revenueMinor).toBe(13_000);
    expect(mine.plans).toEqual([]);
    expect((await amClient.get(`/api/v1/kpis?userId=${sdr.id}`)).statusCode).toBe(404);
    expect((await amClient.get(`/api/v1/kpis/drill?metric=calls&userId=${sdr.id}`)).statusCode).toBe(404);
    expect((await amClient.get(`/api/v1/kpis?teamId=${teamId}`)).statusCode).toBe(404);
    const drill: KpiDrill = (await amClient.get('/api/v1/kpis/drill?metric=revenue&on=2026-02-15')).json();
    expect(drill.total).toBe(2);
  });

  it('shows a team lead the team', async () => {
    const team: KpiDashboard = (await lead.get('/api/v1/kpis?period=month&on=2026-02-15')).json();
    expect(team.subject.kind).toBe('team');
    expect(team.people.map((p) => p.userId).sort()).not.toContain(amOther.id);
    expect(team.people.map((p) => p.userId)).toEqual(expect.arrayContaining([sdr.id, sales.id, am.id]));
    expect(team.totals.revenueMinor).toBe(113_000);
    expect((await lead.get(`/api/v1/kpis?userId=${amOther.id}`)).statusCode).toBe(404);
    expect((await lead.get(`/api/v1/kpis?teamId=${teamId}&on=2026-02-15`)).statusCode).toBe(200);
  });

  it('answers 404 to another workspace', async () => {
    expect((await outsider.get(`/api/v1/kpis?userId=${sdr.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/kpis?teamId=${teamId}`)).statusCode).toBe(404);
    const theirs: KpiDashboard = (await outsider.get('/api/v1/kpis?on=2026-02-15')).json();
    expect(theirs.totals.revenueMinor).toBe(0);
  });
});

describe('KPI file', () => {
  it('opens with exceljs and has the sheets', async () => {
    const response = await head.get('/api/v1/kpis/file?on=2026-02-15');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Revenue',
      'Quarter',
      'Tier 1',
      'Tier 2',
      'Tier 3',
      'PM',
    ]);
    const quarter = workbook.getWorksheet('Quarter')!;
    expect(quarter.getRow(2).values).toEqual(expect.arrayContaining(['Revenue', 2000, 1300, 0.65]));
    const tier1 = workbook.getWorksheet('Tier 1')!;
    expect(tier1.getRow(2).getCell(1).value).toBe('Sam SDR');
    // The quarter has February's ten calls and the one on 1 March.
    expect(tier1.getRow(2).getCell(2).value).toBe(11);
  });
});

describe('org diagnostics', () => {
  it('finds overloaded leads, uneven load, people over cap and clients with nobody responsible', async () => {
    const other = await seedWorkspace(ctx.database, { name: 'Diagnosed' });
    const d = other.workspaceId;
    const bigLead = await seedUser(ctx.database, d, ['team_lead'], { name: 'Busy Lead' });
    const team = (
      await one<{ id: string }>(
        sql`insert into teams (workspace_id, name, lead_user_id) values (${d}, 'Big', ${bigLead.id}) returning id`,
      )
    ).id;
    for (let i = 0; i < 8; i++) {
      const member = await seedUser(ctx.database, d, ['sdr'], { name: `Member ${i}` });
      await db().execute(
        sql`insert into team_members (workspace_id, team_id, user_id) values (${d}, ${team}, ${member.id})`,
      );
    }
    const light = await seedUser(ctx.database, d, ['am'], { name: 'Light AM', tier: 3 });
    const heavy = await seedUser(ctx.database, d, ['am'], { name: 'Heavy AM', tier: 3 });
    const gone = await seedUser(ctx.database, d, ['am'], { name: 'Gone AM' });
    await db().execute(sql`update users set client_cap = 3 where id = ${heavy.id}`);
    await db().execute(sql`
      insert into companies (workspace_id, name, owner_id, status)
      select ${d}, 'Heavy client ' || g, ${heavy.id}, 'client' from generate_series(1, 5) g`);
    await db().execute(sql`insert into companies (workspace_id, name, owner_id, status) values
      (${d}, 'Light client', ${light.id}, 'client'),
      (${d}, 'Orphan', null, 'client'),
      (${d}, 'Left behind', ${gone.id}, 'client')`);
    await db().execute(sql`update users set active = false where id = ${gone.id}`);

    const admin = await signIn(ctx.app, other.admin);
    const response = await admin.get('/api/v1/kpis/diagnostics');
    expect(response.statusCode).toBe(200);
    const result: OrgDiagnostics = response.json();
    expect(result.overloadedLeads).toEqual([
      expect.objectContaining({ userId: bigLead.id, directReports: 8 }),
    ]);
    expect(result.unevenLoad).toHaveLength(1);
    expect(result.unevenLoad[0]!.people.map((p) => p.name)).toEqual(['Heavy AM', 'Light AM']);
    expect(result.unevenLoad[0]!.coefficientOfVariation).toBeGreaterThan(0.3);
    expect(result.overCap).toEqual([{ userId: heavy.id, name: 'Heavy AM', clients: 5, cap: 3 }]);
    expect(result.unowned.map((c) => [c.name, c.reason]).sort()).toEqual([
      ['Left behind', 'inactive_owner'],
      ['Orphan', 'no_owner'],
    ]);
    // An AM may not run diagnostics; the head of this workspace sees nothing of the other.
    expect((await amClient.get('/api/v1/kpis/diagnostics')).statusCode).toBe(403);
    const theirs: OrgDiagnostics = (await head.get('/api/v1/kpis/diagnostics')).json();
    expect(theirs.unowned.map((c) => c.name)).not.toContain('Orphan');
  });
});

describe('rollups follow changes', () => {
  it('re-counts cadence and revenue when an activity or a payment goes', async () => {
    // Without the e-mail of 13 February, C1's longest gap is 10 → 16 = 6 days, over the cadence.
    await db().execute(sql`
      delete from activities where workspace_id = ${ws} and company_id = ${companies.c1}
        and occurred_at = '2026-02-13T08:00:00Z'`);
    await db().execute(sql`
      delete from payments where workspace_id = ${ws}
        and id = (select payment_id from revenue_facts where workspace_id = ${ws} and kind = 'upsell' and company_id = ${companies.c1})`);
    const feb: KpiDashboard = (await head.get('/api/v1/kpis?period=month&on=2026-02-15')).json();
    expect(person(feb, am.id)).toMatchObject({
      cadenceCompliant: 0,
      upsellMinor: 0,
      retainedRevenueMinor: 8_000,
    });
    const rollup = await one<{ n: number }>(sql`
      select count(*)::int as n from kpi_revenue_months r
      where r.workspace_id = ${ws} and r.kind = 'upsell' and r.company_id = ${companies.c1}`);
    expect(rollup.n).toBe(0);
  });
});
