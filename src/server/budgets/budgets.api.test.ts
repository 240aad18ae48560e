import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
} from '../../../test/harness.ts';

let ctx: TestContext;
let finance: Client;
let companyId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'ru' });
  const admin = await signIn(ctx.app, ws.admin);
  finance = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['finance']));
  await finance.put('/api/v1/settings/money', { vatEnabled: false });
  companyId = (await admin.post('/api/v1/companies', { name: 'Ромашка' })).json().id;
});
afterAll(() => ctx.close());

async function invoiceFor(amount: number, issueDate: string, budgetBlockId: string | null) {
  const draft = (
    await finance.post('/api/v1/invoices', {
      companyId,
      budgetBlockId,
      lines: [{ description: 'Работы', quantity: '1', unitPriceMinor: amount }],
    })
  ).json();
  return (await finance.post(`/api/v1/invoices/${draft.id}/issue`, { version: 1, issueDate })).json();
}

describe('client budgets and the finance tab', () => {
  it('plans a year in blocks and shows plan against invoiced and paid', async () => {
    const empty = (await finance.get(`/api/v1/companies/${companyId}/budgets/2026`)).json();
    expect(empty).toMatchObject({ id: null, version: null, currency: 'RUB', blocks: [] });

    const created = await finance.put(`/api/v1/companies/${companyId}/budgets/2026`, {
      currency: 'RUB',
      blocks: [
        { name: 'Операционная работа', planMinor: 120_000_000 },
        { name: 'Бухгалтерия', planMinor: 30_000_000 },
      ],
    });
    expect(created.statusCode).toBe(200);
    const budget = created.json();
    expect(budget).toMatchObject({
      version: 1,
      totals: { planMinor: 150_000_000, invoicedMinor: 0, paidMinor: 0 },
    });
    const [operating, accounting] = budget.blocks;

    const first = await invoiceFor(10_000_000, '2026-02-10', operating.id);
    await invoiceFor(2_000_000, '2026-03-10', accounting.id);
    await invoiceFor(500_000, '2026-03-11', null);
    await invoiceFor(9_999, '2025-12-31', operating.id); // another year
    await finance.post('/api/v1/payments', {
      companyId,
      receivedOn: '2026-02-15',
      amountMinor: 4_000_000,
      currency: 'RUB',
      allocations: [{ invoiceId: first.id, amountMinor: 4_000_000 }],
    });

    const read = (await finance.get(`/api/v1/companies/${companyId}/budgets/2026`)).json();
    expect(read.blocks).toEqual([
      expect.objectContaining({
        name: 'Операционная работа',
        planMinor: 120_000_000,
        invoicedMinor: 10_000_000,
        paidMinor: 4_000_000,
      }),
      expect.objectContaining({
        name: 'Бухгалтерия',
        planMinor: 30_000_000,
        invoicedMinor: 2_000_000,
        paidMinor: 0,
      }),
    ]);
    expect(read.unassigned).toEqual({ planMinor: 0, invoicedMinor: 500_000, paidMinor: 0 });
    expect(read.totals).toEqual({ planMinor: 150_000_000, invoicedMinor: 12_500_000, paidMinor: 4_000_000 });

    // Re-plan: rename one block, drop the other (its invoices become unassigned), add one.
    const replanned = await finance.put(`/api/v1/companies/${companyId}/budgets/2026`, {
      version: 1,
      currency: 'RUB',
      blocks: [
        { id: operating.id, name: 'Операционка', planMinor: 100_000_000 },
        { name: 'Реклама', planMinor: 5_000_000 },
      ],
    });
    expect(replanned.statusCode).toBe(200);
    expect(
      replanned.json().blocks.map((b: { name: string; invoicedMinor: number }) => [b.name, b.invoicedMinor]),
    ).toEqual([
      ['Операционка', 10_000_000],
      ['Реклама', 0],
    ]);
    expect(replanned.json().unassigned.invoicedMinor).toBe(2_500_000);

    const stale = await finance.put(`/api/v1/companies/${companyId}/budgets/2026`, {
      version: 1,
      currency: 'RUB',
      blocks: [],
    });
    expect(stale.statusCode).toBe(409);
    const noVersion = await finance.put(`/api/v1/companies/${companyId}/budgets/2026`, {
      currency: 'RUB',
      blocks: [],
    });
    expect(noVersion.statusCode).toBe(422);
    expect(noVersion.json().errors[0].field).toBe('version');
    const duplicate = await finance.put(`/api/v1/companies/${companyId}/budgets/2027`, {
      currency: 'RUB',
      blocks: [
        { name: 'A', planMinor: 1 },
        { name: 'a', planMinor: 2 },
      ],
    });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json().errors[0].field).toBe('blocks.1.name');
  });

  it('gathers the finance tab: contracts, invoices, payments, budget, totals per currency', async () => {
    await finance.post('/api/v1/contracts', {
      companyId,
      number: 'Д-1',
      startsOn: '2026-01-01',
      monthlyFeeMinor: 1000,
    });
    const response = await finance.get(`/api/v1/companies/${companyId}/finance?year=2026`);
    expect(response.statusCode).toBe(200);
    const tab = response.json();
    expect(tab.contracts.map((c: { number: string }) => c.number)).toEqual(['Д-1']);
    expect(tab.invoices).toHaveLength(4);
    expect(tab.payments).toHaveLength(1);
    expect(tab.budget.year).toBe(2026);
    expect(tab.totals).toEqual([
      {
        currency: 'RUB',
        invoicedMinor: 12_509_999,
        paidMinor: 4_000_000,
        openMinor: 8_509_999,
        overdueMinor: 8_509_999,
      },
    ]);
  });

  it('lists revenue facts for KPIs', async () => {
    const page = (await finance.get('/api/v1/revenue-facts?from=2026-01-01&to=2026-12-31')).json();
    expect(page.items).toEqual([
      expect.objectContaining({
        kind: 'new_sale',
        amountMinor: 4_000_000,
        currency: 'RUB',
        receivedOn: '2026-02-15',
        companyName: 'Ромашка',
      }),
    ]);
    expect((await finance.get('/api/v1/revenue-facts?kind=upsell')).json().items).toEqual([]);
  });
});
