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
let admin: Client;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  admin = await signIn(ctx.app, ws.admin);
  finance = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['finance']));
  companyId = (await admin.post('/api/v1/companies', { name: 'Acme' })).json().id;
});
afterAll(() => ctx.close());

describe('services catalogue', () => {
  it('adds, changes, archives and restores a service', async () => {
    const created = await finance.post('/api/v1/services', {
      name: 'SEO retainer',
      billing: 'monthly',
      unit: 'month',
      priceMinor: 15_000_000,
      currency: 'rub',
      vatRateBp: 2000,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ currency: 'RUB', billing: 'monthly', version: 1 });
    const id = created.json().id;
    const duplicate = await finance.post('/api/v1/services', {
      name: 'SEO retainer',
      priceMinor: 1,
      currency: 'RUB',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('name');
    const changed = await finance.patch(`/api/v1/services/${id}`, { version: 1, priceMinor: 16_000_000 });
    expect(changed.json()).toMatchObject({ priceMinor: 16_000_000, version: 2 });
    expect((await finance.patch(`/api/v1/services/${id}`, { version: 1, name: 'x' })).statusCode).toBe(409);
    expect((await finance.delete(`/api/v1/services/${id}`)).json().archivedAt).not.toBeNull();
    expect((await finance.get('/api/v1/services')).json().items).toEqual([]);
    expect((await finance.get('/api/v1/services?archived=true')).json().items).toHaveLength(1);
    expect((await finance.post(`/api/v1/services/${id}/restore`)).json().archivedAt).toBeNull();
    expect((await finance.get('/api/v1/services?q=seo')).json().items).toHaveLength(1);
  });

  it('refuses negative prices, unknown currencies and impossible VAT rates by field', async () => {
    const response = await finance.post('/api/v1/services', {
      name: 'Bad',
      priceMinor: -1,
      currency: 'ABC',
      vatRateBp: 10001,
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['currency', 'priceMinor', 'vatRateBp']);
  });
});

describe('contracts', () => {
  it('adds a recurring contract with accepted payment methods and changes it', async () => {
    const created = await finance.post('/api/v1/contracts', {
      companyId,
      number: 'D-2026/01',
      title: 'Support',
      startsOn: '2026-01-01',
      monthlyFeeMinor: 5_000_000,
      paymentMethods: ['bank_transfer', 'card', 'card'],
      billingEmail: 'billing@acme.test',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      companyName: 'Acme',
      recurring: true,
      status: 'active',
      currency: 'RUB',
      paymentMethods: ['bank_transfer', 'card'],
      paymentTermsDays: 5,
    });
    const id = created.json().id;
    const changed = await finance.patch(`/api/v1/contracts/${id}`, { version: 1, monthlyFeeMinor: null });
    expect(changed.json()).toMatchObject({ recurring: false, version: 2 });
    expect((await finance.get(`/api/v1/contracts?companyId=${companyId}`)).json().items).toHaveLength(1);
    expect((await finance.get('/api/v1/contracts?recurring=true')).json().items).toHaveLength(0);

    const duplicate = await finance.post('/api/v1/contracts', {
      companyId,
      number: 'D-2026/01',
      startsOn: '2026-01-01',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('number');
  });

  it('accepts card by default only from the client sizes the workspace allows', async () => {
    await finance.put('/api/v1/settings/money', { cardPaymentSizes: ['micro', 'small', 'small'] });
    expect((await finance.get('/api/v1/settings/money')).json().cardPaymentSizes).toEqual(['micro', 'small']);
    const small = (await admin.post('/api/v1/companies', { name: 'Small shop', size: 'small' })).json().id;
    const large = (await admin.post('/api/v1/companies', { name: 'Big corp', size: 'large' })).json().id;
    const smallContract = await finance.post('/api/v1/contracts', {
      companyId: small,
      number: 'S-1',
      startsOn: '2026-01-01',
    });
    expect(smallContract.json().paymentMethods).toEqual(['bank_transfer', 'card']);
    const largeContract = await finance.post('/api/v1/contracts', {
      companyId: large,
      number: 'L-1',
      startsOn: '2026-01-01',
    });
    expect(largeContract.json().paymentMethods).toEqual(['bank_transfer']);
    const invoice = await finance.post('/api/v1/invoices', {
      companyId: small,
      lines: [{ description: 'x', quantity: '1', unitPriceMinor: 1 }],
    });
    expect(invoice.json().paymentMethods).toEqual(['bank_transfer', 'card']);
  });

  it('refuses bad input with field errors', async () => {
    const response = await finance.post('/api/v1/contracts', {
      companyId,
      number: 'X',
      startsOn: '2026-13-01',
      paymentMethods: [],
      monthlyFeeMinor: 0,
      currency: 'EURO',
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['currency', 'monthlyFeeMinor', 'paymentMethods', 'startsOn']);
    const backwards = await finance.post('/api/v1/contracts', {
      companyId,
      number: 'Y',
      startsOn: '2026-05-01',
      endsOn: '2026-04-01',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toEqual([{ field: 'endsOn', message: 'Ends before it starts.' }]);
  });

  it('deletes a contract without documents and refuses one with invoices', async () => {
    const bare = (
      await finance.post('/api/v1/contracts', { companyId, number: 'Z-1', startsOn: '2026-01-01' })
    ).json();
    expect((await finance.delete(`/api/v1/contracts/${bare.id}`)).statusCode).toBe(204);
    expect((await finance.get(`/api/v1/contracts/${bare.id}`)).statusCode).toBe(404);
    const used = (
      await finance.post('/api/v1/contracts', { companyId, number: 'Z-2', startsOn: '2026-01-01' })
    ).json();
    await finance.post('/api/v1/invoices', {
      companyId,
      contractId: used.id,
      lines: [{ description: 'x', quantity: '1', unitPriceMinor: 1 }],
    });
    expect((await finance.delete(`/api/v1/contracts/${used.id}`)).statusCode).toBe(409);
  });
});

describe('money settings', () => {
  it('keep what is not sent and refuse malformed bank details by field', async () => {
    const before = (await finance.get('/api/v1/settings/money')).json();
    expect(before).toMatchObject({ vatEnabled: true, defaultVatRateBp: 2200, defaultPaymentTermsDays: 5 });
    const bad = await finance.put('/api/v1/settings/money', {
      defaultVatRateBp: 20.5,
      bank: { inn: '123', bik: '04452522X', account: '4070' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['bank.account', 'bank.bik', 'bank.inn', 'defaultVatRateBp']);
    expect((await finance.get('/api/v1/settings/money')).json()).toEqual(before);
    const changed = await finance.put('/api/v1/settings/money', {
      invoiceNumberPrefix: 'СЧ-',
      bank: { bankName: 'АО Банк', bik: '044525225' },
    });
    expect(changed.json()).toMatchObject({
      invoiceNumberPrefix: 'СЧ-',
      vatEnabled: true,
      bank: { bankName: 'АО Банк', bik: '044525225', inn: '' },
    });
  });
});
