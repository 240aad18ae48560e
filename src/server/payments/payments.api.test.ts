import { sql } from 'drizzle-orm';
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
let otherCompanyId: string;
let adminId: string;

/** An issued invoice of `amount` (no VAT) for the company; returns it. */
async function issuedInvoice(amount: number, company = companyId, currency = 'RUB') {
  const draft = (
    await finance.post('/api/v1/invoices', {
      companyId: company,
      currency,
      lines: [{ description: 'Работы', quantity: '1', unitPriceMinor: amount, vatRateBp: null }],
    })
  ).json();
  const issued = await finance.post(`/api/v1/invoices/${draft.id}/issue`, {
    version: 1,
    issueDate: '2099-01-10',
  });
  expect(issued.statusCode).toBe(200);
  return issued.json();
}

async function count(table: string): Promise<number> {
  const result = await ctx.database.db.execute<{ n: number }>(
    sql.raw(`select count(*)::int as n from ${table}`),
  );
  return Number(result.rows[0]!.n);
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'ru' });
  const admin = await signIn(ctx.app, ws.admin);
  adminId = ws.admin.id;
  finance = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['finance']));
  companyId = (await admin.post('/api/v1/companies', { name: 'Ромашка', taxId: '7707083893' })).json().id;
  otherCompanyId = (await admin.post('/api/v1/companies', { name: 'Лютик', taxId: '7728168971' })).json().id;
});
afterAll(() => ctx.close());

describe('payments and allocation', () => {
  it('spreads one payment over several invoices, partly paying one of them', async () => {
    const first = await issuedInvoice(100000);
    const second = await issuedInvoice(50000);
    const response = await finance.post('/api/v1/payments', {
      companyId,
      receivedOn: '2099-01-15',
      amountMinor: 120000,
      currency: 'RUB',
      allocations: [
        { invoiceId: first.id, amountMinor: 100000 },
        { invoiceId: second.id, amountMinor: 20000 },
      ],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      amountMinor: 120000,
      allocatedMinor: 120000,
      unallocatedMinor: 0,
      allocations: [
        { invoiceId: first.id, amountMinor: 100000, invoiceNumber: first.number },
        { invoiceId: second.id, amountMinor: 20000 },
      ],
    });
    expect((await finance.get(`/api/v1/invoices/${first.id}`)).json()).toMatchObject({
      status: 'paid',
      paidMinor: 100000,
      openMinor: 0,
    });
    expect((await finance.get(`/api/v1/invoices/${second.id}`)).json()).toMatchObject({
      status: 'partially_paid',
      paidMinor: 20000,
      openMinor: 30000,
    });
  });

  it('allocates later, and refuses an amount above what is open with field errors, changing nothing', async () => {
    const invoice = await issuedInvoice(30000);
    const payment = (
      await finance.post('/api/v1/payments', {
        receivedOn: '2099-01-20',
        amountMinor: 50000,
        currency: 'RUB',
      })
    ).json();
    expect(payment).toMatchObject({ companyId: null, unallocatedMinor: 50000 });
    const before = { allocations: await count('payment_allocations'), facts: await count('revenue_facts') };

    const tooMuch = await finance.post(`/api/v1/payments/${payment.id}/allocate`, {
      allocations: [{ invoiceId: invoice.id, amountMinor: 30001 }],
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.headers['content-type']).toContain('application/problem+json');
    expect(tooMuch.json().errors).toEqual([
      { field: 'allocations.0.amountMinor', message: expect.stringContaining('at most 30000') },
    ]);
    expect(await count('payment_allocations')).toBe(before.allocations);
    expect(await count('revenue_facts')).toBe(before.facts);
    expect((await finance.get(`/api/v1/invoices/${invoice.id}`)).json().paidMinor).toBe(0);

    const ok = await finance.post(`/api/v1/payments/${payment.id}/allocate`, {
      allocations: [{ invoiceId: invoice.id, amountMinor: 30000 }],
    });
    expect(ok.statusCode).toBe(200);
    // The payment takes the invoice's client.
    expect(ok.json()).toMatchObject({ companyId, allocatedMinor: 30000, unallocatedMinor: 20000 });

    const again = await finance.post(`/api/v1/payments/${payment.id}/allocate`, {
      allocations: [{ invoiceId: invoice.id, amountMinor: 1 }],
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0].field).toBe('allocations.0.amountMinor');
  });

  it('refuses invoices of another client, another currency, drafts and a payment in a made-up currency', async () => {
    const foreign = await issuedInvoice(1000, otherCompanyId);
    const dollars = await issuedInvoice(1000, companyId, 'USD');
    const draft = (
      await finance.post('/api/v1/invoices', {
        companyId,
        lines: [{ description: 'x', quantity: '1', unitPriceMinor: 1000 }],
      })
    ).json();
    const response = await finance.post('/api/v1/payments', {
      companyId,
      receivedOn: '2099-01-20',
      amountMinor: 5000,
      currency: 'RUB',
      allocations: [
        { invoiceId: foreign.id, amountMinor: 100 },
        { invoiceId: dollars.id, amountMinor: 100 },
        { invoiceId: draft.id, amountMinor: 100 },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'allocations.0.invoiceId',
      'allocations.1.invoiceId',
      'allocations.2.invoiceId',
    ]);
    const bad = await finance.post('/api/v1/payments', {
      receivedOn: '2099-01-20',
      amountMinor: -5,
      currency: 'RUR',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['amountMinor', 'currency']);
  });

  it('takes back an allocation: the invoice reopens and its revenue fact goes', async () => {
    const invoice = await issuedInvoice(8000);
    const payment = (
      await finance.post('/api/v1/payments', {
        companyId,
        receivedOn: '2099-01-22',
        amountMinor: 8000,
        currency: 'RUB',
        allocations: [{ invoiceId: invoice.id, amountMinor: 8000 }],
      })
    ).json();
    expect((await finance.get(`/api/v1/invoices/${invoice.id}`)).json().status).toBe('paid');
    const facts = await count('revenue_facts');
    const undone = await finance.delete(
      `/api/v1/payments/${payment.id}/allocations/${payment.allocations[0].id}`,
    );
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toMatchObject({ allocatedMinor: 0, unallocatedMinor: 8000, allocations: [] });
    expect((await finance.get(`/api/v1/invoices/${invoice.id}`)).json()).toMatchObject({
      status: 'sent',
      paidMinor: 0,
      paidAt: null,
    });
    expect(await count('revenue_facts')).toBe(facts - 1);
    const again = await finance.delete(
      `/api/v1/payments/${payment.id}/allocations/${payment.allocations[0].id}`,
    );
    expect(again.statusCode).toBe(404);
  });

  it('records a payment once per Idempotency-Key', async () => {
    const before = await count('payments');
    const body = { companyId, receivedOn: '2099-01-21', amountMinor: 700, currency: 'RUB' };
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'cash-2099-01-21' };
    const first = await finance.send('POST', '/api/v1/payments', JSON.stringify(body), headers);
    expect(first.statusCode).toBe(201);
    const again = await finance.send('POST', '/api/v1/payments', JSON.stringify(body), headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await count('payments')).toBe(before + 1);
    const duplicateReference = await finance.post('/api/v1/payments', { ...body, bankReference: 'REF-X' });
    expect(duplicateReference.statusCode).toBe(201);
    const twice = await finance.post('/api/v1/payments', { ...body, bankReference: 'REF-X' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].field).toBe('bankReference');
  });

  it('records a revenue fact per allocation with the AM credited', async () => {
    const result = await ctx.database.db.execute<{
      kind: string;
      amount_minor: string;
      account_manager_id: string;
    }>(
      sql`select kind, amount_minor, account_manager_id from revenue_facts order by created_at, amount_minor desc`,
    );
    expect(result.rows.every((r) => r.account_manager_id === adminId)).toBe(true);
    expect(result.rows.map((r) => [r.kind, Number(r.amount_minor)])).toEqual([
      ['new_sale', 100000],
      ['new_sale', 20000],
      ['upsell', 30000],
    ]);
  });
});

describe('bank statement import', () => {
  let invoice: { id: string; number: string };
  let csv: string;

  beforeAll(async () => {
    invoice = await issuedInvoice(70000, otherCompanyId);
    csv = [
      'Дата;Сумма;Валюта;Номер документа;Плательщик;ИНН плательщика;Назначение платежа',
      `05.02.2099;700,00;RUB;BANK-1;ООО Лютик;7728168971;Оплата по счёту № ${invoice.number}`,
      '06.02.2099;1 500,00;RUB;BANK-2;ИП Неизвестный;500100732259;Предоплата',
      '06.02.2099;1 500,00;RUB;BANK-2;ИП Неизвестный;500100732259;Предоплата',
      '07.02.2099;-10,00;RUB;BANK-3;Банк;;Комиссия',
    ].join('\n');
  });

  it('previews what the import would do without writing', async () => {
    const before = await count('payments');
    const response = await finance.send('POST', '/api/v1/payments/statement/preview', csv, {
      'content-type': 'text/csv',
    });
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview.totals).toEqual({ lines: 4, importable: 2, duplicates: 1, rejected: 1 });
    expect(preview.lines[0]).toMatchObject({
      line: 2,
      amountMinor: 70000,
      matchedCompanyId: otherCompanyId,
      matchedInvoiceId: invoice.id,
      duplicate: false,
      errors: [],
    });
    expect(preview.lines[2].duplicate).toBe(true);
    expect(preview.lines[3].errors[0].field).toBe('amount');
    expect(await count('payments')).toBe(before);
  });

  it('imports once: the same key answers the first result, a new key skips known references', async () => {
    const before = { payments: await count('payments'), allocations: await count('payment_allocations') };
    const first = await finance.send('POST', '/api/v1/payments/statement', csv, {
      'content-type': 'text/csv',
      'idempotency-key': 'statement-2099-02',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      linesTotal: 4,
      linesCreated: 2,
      linesDuplicate: 1,
      linesRejected: 1,
      replayed: false,
    });
    expect(await count('payments')).toBe(before.payments + 2);
    expect(await count('payment_allocations')).toBe(before.allocations + 1);
    expect((await finance.get(`/api/v1/invoices/${invoice.id}`)).json()).toMatchObject({ status: 'paid' });

    const replay = await finance.send('POST', '/api/v1/payments/statement', csv, {
      'content-type': 'text/csv',
      'idempotency-key': 'statement-2099-02',
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ id: first.json().id, linesCreated: 2, replayed: true });

    const newKey = await finance.post('/api/v1/payments/statement', { csv });
    expect(newKey.statusCode).toBe(400);
    expect(newKey.json().errors).toEqual([{ field: 'Idempotency-Key', message: 'is required' }]);

    const sameFileNewKey = await finance.send('POST', '/api/v1/payments/statement', JSON.stringify({ csv }), {
      'content-type': 'application/json',
      'idempotency-key': 'statement-2099-02-again',
    });
    expect(sameFileNewKey.statusCode).toBe(201);
    expect(sameFileNewKey.json()).toMatchObject({ linesCreated: 0, linesDuplicate: 3, linesRejected: 1 });
    expect(await count('payments')).toBe(before.payments + 2);
    expect(await count('payment_allocations')).toBe(before.allocations + 1);

    const otherFile = await finance.send('POST', '/api/v1/payments/statement', `${csv}\n`, {
      'content-type': 'text/csv',
      'idempotency-key': 'statement-2099-02',
    });
    expect(otherFile.statusCode).toBe(409);
  });

  it('adds nothing twice when the same or overlapping statements are imported at the same moment', async () => {
    const file = (refs: string[]) =>
      [
        'date,amount,currency,reference,payer',
        ...refs.map((ref) => `2099-03-01,10.00,RUB,${ref},Payer`),
      ].join('\n');
    const before = await count('payments');
    const send = (csv: string, key: string) =>
      finance.send('POST', '/api/v1/payments/statement', csv, {
        'content-type': 'text/csv',
        'idempotency-key': key,
      });
    const sameKey = await Promise.all([
      send(file(['C-1', 'C-2']), 'same-key'),
      send(file(['C-1', 'C-2']), 'same-key'),
    ]);
    expect(sameKey.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(sameKey.map((r) => r.json().id)).size).toBe(1);
    expect(await count('payments')).toBe(before + 2);

    const overlapping = await Promise.all([
      send(file(['C-3', 'C-4', 'C-5']), 'overlap-a'),
      send(file(['C-4', 'C-5', 'C-6']), 'overlap-b'),
    ]);
    expect(overlapping.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(overlapping.reduce((sum, r) => sum + r.json().linesCreated, 0)).toBe(4);
    expect(overlapping.reduce((sum, r) => sum + r.json().linesDuplicate, 0)).toBe(2);
    expect(await count('payments')).toBe(before + 6);
  });

  it('refuses a file without the needed columns', async () => {
    const response = await finance.send('POST', '/api/v1/payments/statement/preview', 'foo;bar\n1;2', {
      'content-type': 'text/csv',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('csv');
  });
});
