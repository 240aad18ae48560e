import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
} from '../../../test/harness.ts';

/**
 * Who sees which money: finance, head and admin see all of the workspace's; an AM sees the money
 * of the clients they own and nothing else (404, so existence does not leak) and cannot change
 * it; roles without money access get 403; another workspace gets 404 for everything.
 */
let ctx: TestContext;
let finance: Client;
let head: Client;
let amA: Client;
let amB: Client;
let sales: Client;
let outsider: Client;
let amAId: string;
const own: Record<string, string> = {};
const other: Record<string, string> = {};

async function moneyFor(companyId: string, into: Record<string, string>, ref: string) {
  into.company = companyId;
  into.contract = (
    await finance.post('/api/v1/contracts', { companyId, number: `C-${ref}`, startsOn: '2026-01-01' })
  ).json().id;
  const draft = (
    await finance.post('/api/v1/invoices', {
      companyId,
      contractId: into.contract,
      lines: [{ description: 'Work', quantity: '1', unitPriceMinor: 10000 }],
    })
  ).json();
  into.invoice = draft.id;
  await finance.post(`/api/v1/invoices/${draft.id}/issue`, { version: 1, issueDate: '2026-03-01' });
  into.act = (await finance.post('/api/v1/acts', { companyId, invoiceId: draft.id })).json().id;
  into.payment = (
    await finance.post('/api/v1/payments', {
      companyId,
      receivedOn: '2026-03-02',
      amountMinor: 10000,
      currency: 'RUB',
      bankReference: `REF-${ref}`,
      allocations: [{ invoiceId: draft.id, amountMinor: 4000 }],
    })
  ).json().id;
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  const admin = await signIn(ctx.app, ws.admin);
  finance = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['finance']));
  head = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['head']));
  const a = await seedUser(ctx.database, ws.workspaceId, ['am']);
  amAId = a.id;
  amA = await signIn(ctx.app, a);
  const b = await seedUser(ctx.database, ws.workspaceId, ['am']);
  amB = await signIn(ctx.app, b);
  sales = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['sales']));
  outsider = await signIn(ctx.app, (await seedWorkspace(ctx.database, { name: 'Elsewhere' })).admin);

  const companyA = (await admin.post('/api/v1/companies', { name: 'Client of A', ownerId: a.id })).json().id;
  const companyB = (await admin.post('/api/v1/companies', { name: 'Client of B', ownerId: b.id })).json().id;
  await moneyFor(companyA, own, 'A');
  await moneyFor(companyB, other, 'B');
});
afterAll(() => ctx.close());

const urls = (m: Record<string, string>) => [
  `/api/v1/invoices/${m.invoice}`,
  `/api/v1/invoices/${m.invoice}/pdf?lang=en`,
  `/api/v1/contracts/${m.contract}`,
  `/api/v1/acts/${m.act}`,
  `/api/v1/acts/${m.act}/pdf`,
  `/api/v1/payments/${m.payment}`,
  `/api/v1/companies/${m.company}/finance`,
  `/api/v1/companies/${m.company}/budgets/2026`,
];

const ids = (response: { json(): { items: { id: string }[] } }) =>
  response.json().items.map((item) => item.id);

describe('money visibility', () => {
  it('finance and head see every client’s money', async () => {
    for (const client of [finance, head]) {
      for (const url of [...urls(own), ...urls(other)]) {
        expect((await client.get(url)).statusCode, url).toBe(200);
      }
      expect(ids(await client.get('/api/v1/invoices')).sort()).toEqual([own.invoice, other.invoice].sort());
    }
  });

  it('an AM sees the money of their own clients only', async () => {
    for (const url of urls(own)) expect((await amA.get(url)).statusCode, url).toBe(200);
    for (const url of urls(other)) expect((await amA.get(url)).statusCode, url).toBe(404);
    expect(ids(await amA.get('/api/v1/invoices'))).toEqual([own.invoice]);
    expect(ids(await amA.get('/api/v1/contracts'))).toEqual([own.contract]);
    expect(ids(await amA.get('/api/v1/acts'))).toEqual([own.act]);
    expect(ids(await amA.get('/api/v1/payments'))).toEqual([own.payment]);
    const facts = (await amA.get('/api/v1/revenue-facts')).json().items;
    expect(facts.map((f: { invoiceId: string }) => f.invoiceId)).toEqual([own.invoice]);
    expect(facts[0].accountManagerId).toBe(amAId);
    expect(ids(await amB.get('/api/v1/invoices'))).toEqual([other.invoice]);
    const totals = (await amA.get('/api/v1/invoices/totals')).json();
    expect(totals.totals).toEqual([
      expect.objectContaining({ currency: 'RUB', count: 1, invoicedMinor: 12200, paidMinor: 4000 }),
    ]);
  });

  it('an AM may read money but not change it; roles without money access get 403', async () => {
    const create = await amA.post('/api/v1/invoices', {
      companyId: own.company,
      lines: [{ description: 'x', quantity: '1', unitPriceMinor: 1 }],
    });
    expect(create.statusCode).toBe(403);
    expect((await amA.post(`/api/v1/payments/${own.payment}/allocate`, { allocations: [] })).statusCode).toBe(
      403,
    );
    expect((await amA.put('/api/v1/settings/money', { vatEnabled: false })).statusCode).toBe(403);
    for (const url of ['/api/v1/invoices', '/api/v1/payments', '/api/v1/services', urls(own)[0]!]) {
      expect((await sales.get(url)).statusCode, url).toBe(403);
    }
  });

  it('another workspace gets 404 for every record and empty lists', async () => {
    for (const url of urls(own)) expect((await outsider.get(url)).statusCode, url).toBe(404);
    expect(
      (
        await outsider.post(`/api/v1/payments/${own.payment}/allocate`, {
          allocations: [{ invoiceId: own.invoice, amountMinor: 1 }],
        })
      ).statusCode,
    ).toBe(404);
    expect((await outsider.post(`/api/v1/invoices/${own.invoice}/cancel`, { version: 1 })).statusCode).toBe(
      404,
    );
    expect(
      (
        await outsider.post('/api/v1/invoices', {
          companyId: own.company,
          lines: [{ description: 'x', quantity: '1', unitPriceMinor: 1 }],
        })
      ).statusCode,
    ).toBe(404);
    // An allocation naming another workspace's invoice finds no such invoice.
    const payment = await outsider.post('/api/v1/payments', {
      receivedOn: '2026-03-02',
      amountMinor: 100,
      currency: 'RUB',
      allocations: [{ invoiceId: own.invoice, amountMinor: 1 }],
    });
    expect(payment.statusCode).toBe(422);
    expect(payment.json().errors[0]).toMatchObject({
      field: 'allocations.0.invoiceId',
      message: 'No such invoice.',
    });
    for (const list of [
      '/api/v1/invoices',
      '/api/v1/contracts',
      '/api/v1/acts',
      '/api/v1/payments',
      '/api/v1/revenue-facts',
    ]) {
      expect((await outsider.get(list)).json().items, list).toEqual([]);
    }
  });
});
