import { extractText } from 'unpdf';
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
let admin: Client;
let finance: Client;
let companyId: string;
let serviceId: string;

async function pdfText(body: Buffer): Promise<string> {
  const { text } = await extractText(new Uint8Array(body), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'ru' });
  admin = await signIn(ctx.app, ws.admin);
  finance = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['finance']));
  companyId = (
    await admin.post('/api/v1/companies', {
      name: 'Ромашка',
      legalName: 'ООО «Ромашка»',
      taxId: '7707083893',
    })
  ).json().id;
  const settings = await finance.put('/api/v1/settings/money', {
    vatEnabled: true,
    defaultVatRateBp: 2000,
    bank: {
      recipient: 'ООО «Тандем»',
      inn: '7701234567',
      kpp: '770101001',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      account: '40702810900000000001',
      correspondentAccount: '30101810400000000225',
    },
  });
  expect(settings.statusCode).toBe(200);
  serviceId = (
    await finance.post('/api/v1/services', {
      name: 'Сопровождение сайта',
      unit: 'ч',
      priceMinor: 250000,
      currency: 'RUB',
    })
  ).json().id;
});
afterAll(() => ctx.close());

describe('invoice lifecycle', () => {
  it('creates a draft from catalogue and free-text lines, with VAT per line', async () => {
    const response = await finance.post('/api/v1/invoices', {
      companyId,
      lines: [
        { serviceId, quantity: '1.5' },
        { description: 'Хостинг', quantity: '1', unitPriceMinor: 99999, vatRateBp: null },
      ],
    });
    expect(response.statusCode).toBe(201);
    const invoice = response.json();
    expect(invoice).toMatchObject({
      status: 'draft',
      number: null,
      currency: 'RUB',
      paymentMethods: ['bank_transfer'],
      netMinor: 375000 + 99999,
      vatMinor: 75000,
      totalMinor: 375000 + 99999 + 75000,
      paidMinor: 0,
      openMinor: 375000 + 99999 + 75000,
      version: 1,
    });
    expect(invoice.lines[0]).toMatchObject({
      description: 'Сопровождение сайта',
      unit: 'ч',
      quantity: '1.5',
      quantityMilli: 1500,
      unitPriceMinor: 250000,
      vatRateBp: 2000,
      netMinor: 375000,
      vatMinor: 75000,
      totalMinor: 450000,
    });
    expect(invoice.lines[1]).toMatchObject({ vatRateBp: null, vatMinor: 0, totalMinor: 99999 });
  });

  it('edits a draft, refuses a stale version, issues with a number, then refuses line edits', async () => {
    const draft = (
      await finance.post('/api/v1/invoices', { companyId, lines: [{ serviceId, quantity: '2' }] })
    ).json();
    const edited = await finance.patch(`/api/v1/invoices/${draft.id}`, {
      version: 1,
      lines: [{ serviceId, quantity: '3' }],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ netMinor: 750000, version: 2 });

    const stale = await finance.patch(`/api/v1/invoices/${draft.id}`, { version: 1, notes: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');

    const issued = await finance.post(`/api/v1/invoices/${draft.id}/issue`, {
      version: 2,
      issueDate: '2099-03-02',
    });
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toMatchObject({
      status: 'sent',
      number: '2099-0001',
      issueDate: '2099-03-02',
      dueDate: '2099-03-07',
      version: 3,
    });

    const refused = await finance.patch(`/api/v1/invoices/${draft.id}`, {
      version: 3,
      lines: [{ serviceId, quantity: '1' }],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors).toEqual([{ field: 'lines', message: expect.stringContaining('sent') }]);
    const after = (await finance.get(`/api/v1/invoices/${draft.id}`)).json();
    expect(after.lines).toHaveLength(1);
    expect(after.netMinor).toBe(750000);

    const second = (
      await finance.post('/api/v1/invoices', { companyId, lines: [{ serviceId, quantity: '1' }] })
    ).json();
    const issuedSecond = await finance.post(`/api/v1/invoices/${second.id}/issue`, {
      version: 1,
      issueDate: '2099-03-03',
    });
    expect(issuedSecond.json().number).toBe('2099-0002');
  });

  it('shows an unpaid invoice past its due date as overdue and filters by it', async () => {
    const draft = (
      await finance.post('/api/v1/invoices', { companyId, lines: [{ serviceId, quantity: '1' }] })
    ).json();
    const issued = (
      await finance.post(`/api/v1/invoices/${draft.id}/issue`, {
        version: 1,
        issueDate: '2020-01-10',
        dueDate: '2020-01-20',
      })
    ).json();
    expect(issued).toMatchObject({ status: 'overdue', overdue: true, number: '2020-0001' });
    const overdue = (await finance.get('/api/v1/invoices?overdue=true')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(draft.id);
    expect(overdue.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    const byStatus = (await finance.get('/api/v1/invoices?status=overdue')).json();
    expect(byStatus.items.map((i: { id: string }) => i.id)).toEqual(
      overdue.items.map((i: { id: string }) => i.id),
    );
    const notOverdue = (await finance.get('/api/v1/invoices?overdue=false&limit=500')).json();
    expect(notOverdue.items.map((i: { id: string }) => i.id)).not.toContain(draft.id);
    const in2020 = (await finance.get('/api/v1/invoices?issuedFrom=2020-01-01&issuedTo=2020-12-31')).json();
    expect(in2020.items.map((i: { id: string }) => i.id)).toEqual([draft.id]);
    const sent = (await finance.get('/api/v1/invoices?status=sent')).json();
    expect(sent.items.every((i: { status: string }) => i.status === 'sent')).toBe(true);
    const drafts = (await finance.get('/api/v1/invoices?status=draft')).json();
    expect(drafts.items.every((i: { status: string }) => i.status === 'draft')).toBe(true);
  });

  it('cancels an unpaid invoice and keeps its number', async () => {
    const draft = (
      await finance.post('/api/v1/invoices', { companyId, lines: [{ serviceId, quantity: '1' }] })
    ).json();
    const issued = (await finance.post(`/api/v1/invoices/${draft.id}/issue`, { version: 1 })).json();
    const cancelled = await finance.post(`/api/v1/invoices/${draft.id}/cancel`, {
      version: issued.version,
      reason: 'Ошибка в сумме',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', number: issued.number });
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = (await finance.get('/api/v1/invoices?limit=500')).json().items.length;
    const negative = await finance.post('/api/v1/invoices', {
      companyId,
      lines: [{ description: 'x', quantity: '-1', unitPriceMinor: 100 }],
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.headers['content-type']).toContain('application/problem+json');
    expect(negative.json().errors).toEqual([{ field: 'lines.0.quantity', message: expect.any(String) }]);

    const currency = await finance.post('/api/v1/invoices', {
      companyId,
      currency: 'XYZ',
      lines: [{ description: 'x', quantity: '1', unitPriceMinor: 100 }],
    });
    expect(currency.statusCode).toBe(400);
    expect(currency.json().errors).toEqual([
      { field: 'currency', message: expect.stringContaining('ISO 4217') },
    ]);

    const fractionalMoney = await finance.post('/api/v1/invoices', {
      companyId,
      lines: [{ description: 'x', quantity: '1', unitPriceMinor: 10.5 }],
    });
    expect(fractionalMoney.statusCode).toBe(400);
    expect(fractionalMoney.json().errors[0].field).toBe('lines.0.unitPriceMinor');

    const noPrice = await finance.post('/api/v1/invoices', {
      companyId,
      lines: [
        { serviceId, quantity: '1' },
        { description: 'free text', quantity: '1' },
      ],
    });
    expect(noPrice.statusCode).toBe(400);
    expect(noPrice.json().errors).toEqual([{ field: 'lines.1.unitPriceMinor', message: expect.any(String) }]);

    const otherCurrency = await finance.post('/api/v1/invoices', {
      companyId,
      currency: 'USD',
      lines: [{ serviceId, quantity: '1' }],
    });
    expect(otherCurrency.statusCode).toBe(400);
    expect(otherCurrency.json().errors[0].field).toBe('lines.0.unitPriceMinor');

    const after = (await finance.get('/api/v1/invoices?limit=500')).json().items.length;
    expect(after).toBe(before);
  });
});

describe('invoice totals', () => {
  it('sum what the list shows, per currency and status', async () => {
    const usd = (
      await finance.post('/api/v1/invoices', {
        companyId,
        currency: 'USD',
        lines: [{ description: 'Design', quantity: '3', unitPriceMinor: 12345, vatRateBp: null }],
      })
    ).json();
    await finance.post(`/api/v1/invoices/${usd.id}/issue`, { version: 1, issueDate: '2099-04-01' });
    const items = (await finance.get('/api/v1/invoices?limit=500')).json().items as {
      status: string;
      currency: string;
      totalMinor: number;
      paidMinor: number;
    }[];
    const response = await finance.get('/api/v1/invoices/totals');
    expect(response.statusCode).toBe(200);
    const { totals, byStatus } = response.json();
    const counted = (status: string) => items.filter((i) => i.status === status).length;
    expect(byStatus).toEqual(
      ['draft', 'sent', 'partially_paid', 'paid', 'overdue', 'cancelled']
        .filter((status) => counted(status) > 0)
        .map((status) => ({ status, count: counted(status) })),
    );
    for (const currency of ['RUB', 'USD']) {
      const issued = items.filter(
        (i) => i.currency === currency && !['draft', 'cancelled'].includes(i.status),
      );
      const sum = (pick: (i: (typeof items)[number]) => number) => issued.reduce((s, i) => s + pick(i), 0);
      expect(totals.find((t: { currency: string }) => t.currency === currency)).toEqual({
        currency,
        count: items.filter((i) => i.currency === currency).length,
        invoicedMinor: sum((i) => i.totalMinor),
        paidMinor: sum((i) => i.paidMinor),
        openMinor: sum((i) => i.totalMinor - i.paidMinor),
        overdueMinor: issued
          .filter((i) => i.status === 'overdue')
          .reduce((s, i) => s + i.totalMinor - i.paidMinor, 0),
      });
    }
    expect(totals.find((t: { currency: string }) => t.currency === 'USD').invoicedMinor).toBe(37035);
    const onlyOverdue = (await finance.get('/api/v1/invoices/totals?overdue=true')).json();
    expect(onlyOverdue.byStatus).toEqual([{ status: 'overdue', count: counted('overdue') }]);
  });
});

describe('invoice PDF', () => {
  let invoiceId: string;

  beforeAll(async () => {
    const contract = (
      await finance.post('/api/v1/contracts', {
        companyId,
        number: 'Д-17/2026',
        startsOn: '2026-01-15',
        signedOn: '2026-01-14',
        paymentMethods: ['bank_transfer'],
      })
    ).json();
    const draft = (
      await finance.post('/api/v1/invoices', {
        companyId,
        contractId: contract.id,
        lines: [{ serviceId, quantity: '10' }],
      })
    ).json();
    invoiceId = draft.id;
    await finance.post(`/api/v1/invoices/${invoiceId}/issue`, { version: 1, issueDate: '2026-11-30' });
  });

  it('prints a Russian счёт на оплату with the bank details and the accepted payment method', async () => {
    const response = await finance.get(`/api/v1/invoices/${invoiceId}/pdf?lang=ru`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('Счёт на оплату №');
    expect(text).toContain('30 ноября 2026');
    expect(text).toContain('ПАО Сбербанк');
    expect(text).toContain('044525225');
    expect(text).toContain('40702810900000000001');
    expect(text).toContain('30101810400000000225');
    expect(text).toContain('ИНН 7701234567');
    expect(text).toContain('КПП 770101001');
    expect(text).toContain('ООО «Ромашка»');
    expect(text).toContain('Договор № Д-17/2026');
    expect(text).toContain('Сопровождение сайта');
    expect(text).toContain('25 000,00'); // 10 × 2 500,00 net
    expect(text).toContain('НДС 20 %');
    expect(text).toContain('30 000,00'); // total with VAT
    expect(text).toContain('Тридцать тысяч рублей 00 копеек');
    expect(text).toContain('Способ оплаты: только банковский перевод на расчётный счёт');
    expect(text).toContain('Оплата банковской картой и наличными не принимается');
  });

  it('prints an English invoice', async () => {
    const response = await finance.get(`/api/v1/invoices/${invoiceId}/pdf?lang=en`);
    expect(response.statusCode).toBe(200);
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('Invoice 2026-');
    expect(text).toContain('30 November 2026');
    expect(text).toContain('Total due');
    expect(text).toContain('30,000.00');
    expect(text).toContain('Payment method: bank transfer only.');
    expect(text).toContain('Not accepted: card, cash.');
  });
});
