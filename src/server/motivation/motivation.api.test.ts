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
import { localDate } from './engine.ts';
import { nextPeriod } from './period.ts';

let ctx: TestContext;
let admin: Client;
let finance: Client;
let lead: Client;
let seller: Client;
let sellerUser: TestUser;
let amUser: TestUser;
let outsiderUser: TestUser;
let leadUser: TestUser;
let stranger: Client;
let companyId: string;
let dealId: string;
let contractId: string;
let schemeId: string;

// The month before this one (in Moscow) is closed and locked in the test; money taken back now
// lands in this month.
const thisMonth = localDate(new Date().toISOString(), 'Europe/Moscow').slice(0, 7);
const lastMonth = (() => {
  const [y, m] = thisMonth.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
expect(nextPeriod(lastMonth)).toBe(thisMonth);

async function count(table: string, where = 'true'): Promise<number> {
  const result = await ctx.database.db.execute<{ n: number }>(
    sql.raw(`select count(*)::int as n from ${table} where ${where}`),
  );
  return Number(result.rows[0]!.n);
}

/** Issues an invoice of `amount` (no VAT) and pays it on `receivedOn`; returns payment and allocation. */
async function pay(amount: number, receivedOn: string, link: { dealId?: string; contractId?: string }) {
  const draft = await finance.post('/api/v1/invoices', {
    companyId,
    currency: 'RUB',
    ...link,
    lines: [{ description: 'Работы', quantity: '1', unitPriceMinor: amount, vatRateBp: null }],
  });
  expect(draft.statusCode).toBe(201);
  const issued = await finance.post(`/api/v1/invoices/${draft.json().id}/issue`, {
    version: 1,
    issueDate: `${lastMonth}-01`,
  });
  expect(issued.statusCode).toBe(200);
  const payment = await finance.post('/api/v1/payments', {
    companyId,
    receivedOn,
    amountMinor: amount,
    currency: 'RUB',
    allocations: [{ invoiceId: draft.json().id, amountMinor: amount }],
  });
  expect(payment.statusCode).toBe(201);
  return { paymentId: payment.json().id as string, allocationId: payment.json().allocations[0].id as string };
}

const seed003 = (validFrom: string) => ({
  name: 'Продажи и сопровождение',
  currency: 'RUB',
  validFrom,
  rules: [
    { id: 'base', type: 'base_salary', amountMinor: 80_000_00 },
    { id: 'new', type: 'percent_of_revenue', revenueKind: 'new_sale', rateBp: 30_00 },
    { id: 'monthly', type: 'percent_of_revenue', revenueKind: 'recurring', rateBp: 1_00 },
    { id: 'upsell', type: 'percent_of_revenue', revenueKind: 'upsell', rateBp: 15_00 },
  ],
  coefficients: [
    { fromBp: 0, coefficientBp: 0 },
    { fromBp: 50_00, coefficientBp: 70_00 },
    { fromBp: 80_00, coefficientBp: 100_00 },
  ],
  planMetric: 'new_sales',
  assignedRoles: ['sales', 'am'],
});

let sale: { paymentId: string; allocationId: string };

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'ru' });
  admin = await signIn(ctx.app, ws.admin);
  finance = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['finance']));
  leadUser = await seedUser(ctx.database, ws.workspaceId, ['team_lead'], { name: 'Лидова' });
  lead = await signIn(ctx.app, leadUser);
  sellerUser = await seedUser(ctx.database, ws.workspaceId, ['sales'], { name: 'Продавцов' });
  seller = await signIn(ctx.app, sellerUser);
  amUser = await seedUser(ctx.database, ws.workspaceId, ['am'], { name: 'Аккаунтова' });
  outsiderUser = await seedUser(ctx.database, ws.workspaceId, ['sales'], { name: 'Чужой' });
  const team = await admin.post('/api/v1/teams', { name: 'Продажи', leadUserId: leadUser.id });
  expect(team.statusCode).toBe(201);
  await ctx.database.db.execute(
    sql`insert into team_members (workspace_id, team_id, user_id) values (${ws.workspaceId}, ${team.json().id}, ${sellerUser.id}), (${ws.workspaceId}, ${team.json().id}, ${amUser.id})`,
  );
  companyId = (await admin.post('/api/v1/companies', { name: 'Ромашка', ownerId: amUser.id })).json().id;
  const deal = await admin.post('/api/v1/deals', {
    companyId,
    title: 'Сайт',
    ownerId: sellerUser.id,
    kind: 'new',
  });
  expect(deal.statusCode).toBe(201);
  dealId = deal.json().id;
  const contract = await finance.post('/api/v1/contracts', {
    companyId,
    number: 'Д-1',
    startsOn: `${lastMonth}-01`,
    monthlyFeeMinor: 50_000_00,
  });
  expect(contract.statusCode).toBe(201);
  contractId = contract.json().id;
  const other = await seedWorkspace(ctx.database, { name: 'Other' });
  stranger = await signIn(ctx.app, other.admin);

  sale = await pay(300_000_00, `${lastMonth}-10`, { dealId });
  await pay(50_000_00, `${lastMonth}-12`, { contractId });
});
afterAll(() => ctx.close());

describe('schemes', () => {
  it('refuses bad input with field errors and writes nothing', async () => {
    const bad = await finance.post('/api/v1/motivation/schemes', {
      ...seed003(`${lastMonth}-01`),
      rules: [{ id: 'new', type: 'percent_of_revenue', revenueKind: 'new_sale', rateBp: 20_000 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('rules.0.rateBp');
    const noMetric = await finance.post('/api/v1/motivation/schemes', {
      ...seed003(`${lastMonth}-01`),
      planMetric: null,
    });
    expect(noMetric.statusCode).toBe(422);
    expect(noMetric.json().errors).toEqual([
      { field: 'planMetric', message: 'required when coefficients are given' },
    ]);
    const midMonth = await finance.post('/api/v1/motivation/schemes', seed003(`${lastMonth}-15`));
    expect(midMonth.statusCode).toBe(400);
    expect(await count('motivation_schemes')).toBe(0);
    expect((await seller.post('/api/v1/motivation/schemes', seed003(`${lastMonth}-01`))).statusCode).toBe(
      403,
    );
  });

  it('creates a scheme that a finance person manages and its people can read', async () => {
    const created = await finance.post('/api/v1/motivation/schemes', seed003(`${lastMonth}-01`));
    expect(created.statusCode).toBe(201);
    schemeId = created.json().id;
    expect(created.json()).toMatchObject({ familyId: schemeId, validTo: null, version: 1 });
    expect((await seller.get('/api/v1/motivation/schemes')).json().items).toHaveLength(1);
    expect((await stranger.get(`/api/v1/motivation/schemes/${schemeId}`)).statusCode).toBe(404);
    expect(await count('audit_log', `entity_type = 'motivation_scheme'`)).toBe(1);
  });
});

describe('payout statements', () => {
  it('computes last month: every line points to its payment, fact and deal', async () => {
    // The seller's plan: 400 000 ₽ of new sales → 75 % → × 0.7
    const plan = await admin.put('/api/v1/plans', {
      periodKind: 'month',
      periodStart: `${lastMonth}-01`,
      scope: 'person',
      userId: sellerUser.id,
      metric: 'new_sales',
      target: 400_000_00,
    });
    expect(plan.statusCode).toBe(200);
    const computed = await finance.post('/api/v1/payouts/compute', { period: lastMonth });
    expect(computed.statusCode).toBe(200);
    expect(computed.json()).toMatchObject({ computed: 3, skippedFrozen: 0 }); // seller, AM, outsider
    const list = (await finance.get(`/api/v1/payouts?period=${lastMonth}`)).json();
    const mine = list.items.find((s: { userId: string }) => s.userId === sellerUser.id);
    expect(mine).toMatchObject({
      status: 'draft',
      attainmentBp: 75_00,
      planTarget: 400_000_00,
      planActual: 300_000_00,
    });
    expect(mine.totals).toMatchObject({
      baseSalaryMinor: 80_000_00,
      bonusBeforeMinor: 90_000_00,
      coefficientBp: 70_00,
      bonusAfterMinor: 63_000_00,
      totalMinor: 143_000_00,
    });
    const statement = (await seller.get(`/api/v1/payouts/statements/${mine.id}`)).json();
    const fact = (await finance.get(`/api/v1/revenue-facts?userId=${sellerUser.id}`)).json().items[0];
    expect(statement.lines.find((l: { kind: string }) => l.kind === 'commission')).toMatchObject({
      ruleId: 'new',
      revenueFactId: fact.id,
      paymentId: sale.paymentId,
      dealId,
      companyId,
      baseMinor: 300_000_00,
      rateBp: 30_00,
      amountMinor: 90_000_00,
      occurredOn: `${lastMonth}-10`,
    });
    const am = list.items.find((s: { userId: string }) => s.userId === amUser.id);
    // the AM gets 1 % of the monthly payment; no plan → coefficient 100 %
    expect(am.totals).toMatchObject({
      bonusBeforeMinor: 500_00,
      coefficientBp: 100_00,
      totalMinor: 80_500_00,
    });
  });

  it('shows each person their own, a team lead the team, finance everyone; another workspace nothing', async () => {
    const own = (await seller.get(`/api/v1/payouts?period=${lastMonth}`)).json();
    expect(own.items.map((s: { userId: string }) => s.userId)).toEqual([sellerUser.id]);
    const all = (await finance.get(`/api/v1/payouts?period=${lastMonth}`)).json().items;
    const amStatement = all.find((s: { userId: string }) => s.userId === amUser.id);
    const outsiderStatement = all.find((s: { userId: string }) => s.userId === outsiderUser.id);
    expect((await seller.get(`/api/v1/payouts/statements/${amStatement.id}`)).statusCode).toBe(404);
    const team = (await lead.get(`/api/v1/payouts?period=${lastMonth}`)).json();
    expect(team.items.map((s: { userId: string }) => s.userId).sort()).toEqual(
      [sellerUser.id, amUser.id].sort(),
    );
    expect((await lead.get(`/api/v1/payouts/statements/${outsiderStatement.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/payouts/statements/${amStatement.id}`)).statusCode).toBe(404);
    expect(
      (await stranger.get(`/api/v1/payouts/statements/${amStatement.id}/export?format=csv`)).statusCode,
    ).toBe(404);
    expect((await seller.post('/api/v1/payouts/compute', { period: lastMonth })).statusCode).toBe(403);
  });

  it('exports a statement to CSV and XLSX', async () => {
    const mine = (await seller.get(`/api/v1/payouts?period=${lastMonth}`)).json().items[0];
    const csv = await seller.get(`/api/v1/payouts/statements/${mine.id}/export?format=csv&lang=ru`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Итого к выплате,1430000.00'.replace('1430000.00', '143000.00'));
    expect(csv.body).toContain(sale.paymentId);
    const xlsx = await seller.get(`/api/v1/payouts/statements/${mine.id}/export?format=xlsx&lang=en`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values: unknown[] = [];
    sheet.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain('Total to pay');
    expect(values).toContain(143000);
  });

  it('approve (not one’s own) → lock (finance only); a locked month never changes', async () => {
    const list = (await lead.get(`/api/v1/payouts?period=${lastMonth}`)).json().items;
    const mine = list.find((s: { userId: string }) => s.userId === sellerUser.id);
    expect(
      (await seller.post(`/api/v1/payouts/statements/${mine.id}/approve`, { version: mine.version }))
        .statusCode,
    ).toBe(403);
    const approved = await lead.post(`/api/v1/payouts/statements/${mine.id}/approve`, {
      version: mine.version,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect(
      (await lead.post(`/api/v1/payouts/statements/${mine.id}/lock`, { version: approved.json().version }))
        .statusCode,
    ).toBe(403);
    const stale = await finance.post(`/api/v1/payouts/statements/${mine.id}/lock`, { version: mine.version });
    expect(stale.statusCode).toBe(409);
    const locked = await finance.post(`/api/v1/payouts/statements/${mine.id}/lock`, {
      version: approved.json().version,
    });
    expect(locked.json()).toMatchObject({ status: 'locked' });
    expect((await finance.post(`/api/v1/payouts/statements/${mine.id}/recompute`)).statusCode).toBe(409);
    expect(
      (await finance.post(`/api/v1/payouts/statements/${mine.id}/reopen`, { version: locked.json().version }))
        .statusCode,
    ).toBe(409);
    const again = await finance.post('/api/v1/payouts/compute', { period: lastMonth });
    expect(again.json()).toMatchObject({ computed: 2, skippedFrozen: 1 });
    // Rules of a version behind a locked statement are history.
    const scheme = (await finance.get(`/api/v1/motivation/schemes/${schemeId}`)).json();
    const edit = await finance.patch(`/api/v1/motivation/schemes/${schemeId}`, {
      version: scheme.version,
      rules: [],
    });
    expect(edit.statusCode).toBe(409);
  });

  it('money taken back after the lock is clawed back this month; a late payment of last month is a correction', async () => {
    const before = (await seller.get(`/api/v1/payouts?period=${lastMonth}`)).json().items[0];
    const beforeLines = (await seller.get(`/api/v1/payouts/statements/${before.id}`)).json().lines;
    const taken = await finance.delete(`/api/v1/payments/${sale.paymentId}/allocations/${sale.allocationId}`);
    expect(taken.statusCode).toBe(200);
    // A new sale of last month recorded only now.
    const late = await pay(10_000_00, `${lastMonth}-28`, { dealId });
    await finance.post('/api/v1/payouts/compute', { period: lastMonth });
    const after = (await seller.get(`/api/v1/payouts?period=${lastMonth}`)).json().items[0];
    expect(after).toMatchObject({ status: 'locked', totals: before.totals, version: before.version });
    expect((await seller.get(`/api/v1/payouts/statements/${before.id}`)).json().lines).toEqual(beforeLines);

    const computed = await finance.post('/api/v1/payouts/compute', { period: thisMonth });
    expect(computed.statusCode).toBe(200);
    const current = (await seller.get(`/api/v1/payouts?period=${thisMonth}`)).json().items[0];
    const lines = (await seller.get(`/api/v1/payouts/statements/${current.id}`)).json().lines;
    expect(lines.find((l: { kind: string }) => l.kind === 'clawback')).toMatchObject({
      ruleId: 'new',
      paymentId: sale.paymentId,
      baseMinor: -300_000_00,
      amountMinor: -90_000_00,
      occurredOn: localDate(new Date().toISOString(), 'Europe/Moscow'),
    });
    expect(lines.find((l: { kind: string }) => l.kind === 'correction')).toMatchObject({
      paymentId: late.paymentId,
      correctionOf: lastMonth,
      amountMinor: 3_000_00,
    });
    expect(current.totals).toMatchObject({ clawbackMinor: -90_000_00, correctionMinor: 3_000_00 });
  });
});

describe('scheme versions', () => {
  it('a new version from this month closes the old one the day before; statements keep theirs', async () => {
    const scheme = (await finance.get(`/api/v1/motivation/schemes/${schemeId}`)).json();
    const bad = await finance.post(`/api/v1/motivation/schemes/${schemeId}/versions`, {
      version: scheme.version,
      validFrom: `${lastMonth}-01`,
    });
    expect(bad.statusCode).toBe(422);
    const next = await finance.post(`/api/v1/motivation/schemes/${schemeId}/versions`, {
      version: scheme.version,
      validFrom: `${thisMonth}-01`,
      rules: [{ id: 'base', type: 'base_salary', amountMinor: 90_000_00 }],
    });
    expect(next.statusCode).toBe(201);
    expect(next.json()).toMatchObject({ familyId: schemeId, validFrom: `${thisMonth}-01` });
    const old = (await finance.get(`/api/v1/motivation/schemes/${schemeId}`)).json();
    expect(old.validTo < `${thisMonth}-01`).toBe(true);
    await finance.post('/api/v1/payouts/compute', { period: thisMonth });
    const current = (await seller.get(`/api/v1/payouts?period=${thisMonth}`)).json().items[0];
    expect(current.schemeId).toBe(next.json().id);
    expect(current.totals.baseSalaryMinor).toBe(90_000_00);
  });

  it('refuses an unknown person in the assignment with a field error and changes nothing; archives', async () => {
    const before = (await finance.get(`/api/v1/motivation/schemes/${schemeId}`)).json();
    const bad = await finance.patch(`/api/v1/motivation/schemes/${schemeId}`, {
      version: before.version,
      name: 'Другое имя',
      assignedUserIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { field: 'assignedUserIds.0', message: 'no such person in this workspace' },
    ]);
    expect((await finance.get(`/api/v1/motivation/schemes/${schemeId}`)).json()).toEqual(before);
    const renamed = await finance.patch(`/api/v1/motivation/schemes/${schemeId}`, {
      version: before.version,
      name: 'Продажи 2026',
    });
    expect(renamed.json()).toMatchObject({ name: 'Продажи 2026', version: before.version + 1 });
    const extra = await finance.post('/api/v1/motivation/schemes', {
      ...seed003(`${thisMonth}-01`),
      name: 'Черновик',
    });
    expect((await finance.delete(`/api/v1/motivation/schemes/${extra.json().id}`)).statusCode).toBe(204);
    expect((await finance.get(`/api/v1/motivation/schemes/${extra.json().id}`)).statusCode).toBe(404);
  });

  it('an approved statement goes back to draft before it is locked', async () => {
    const am = (await finance.get(`/api/v1/payouts?period=${lastMonth}&userId=${amUser.id}`)).json().items[0];
    const approved = await finance.post(`/api/v1/payouts/statements/${am.id}/approve`, {
      version: am.version,
    });
    expect(approved.json().status).toBe('approved');
    const reopened = await lead.post(`/api/v1/payouts/statements/${am.id}/reopen`, {
      version: approved.json().version,
    });
    expect(reopened.json()).toMatchObject({ status: 'draft', approvedAt: null });
    expect(
      await count('audit_log', `entity_type = 'payout_statement' and entity_id = '${am.id}'`),
    ).toBeGreaterThanOrEqual(3);
  });
});
