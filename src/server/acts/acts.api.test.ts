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
let finance: Client;
let companyId: string;
let invoiceId: string;

async function pdfText(body: Buffer): Promise<string> {
  const { text } = await extractText(new Uint8Array(body), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'ru' });
  const admin = await signIn(ctx.app, ws.admin);
  finance = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['finance']));
  await finance.put('/api/v1/settings/money', { vatEnabled: false, bank: { recipient: 'ИП Иванов' } });
  companyId = (await admin.post('/api/v1/companies', { name: 'Ромашка', legalName: 'ООО «Ромашка»' })).json()
    .id;
  const draft = (
    await finance.post('/api/v1/invoices', {
      companyId,
      lines: [
        { description: 'Настройка рекламы', quantity: '1', unitPriceMinor: 3000000 },
        { description: 'Консультации', unit: 'ч', quantity: '2.5', unitPriceMinor: 400000 },
      ],
    })
  ).json();
  invoiceId = draft.id;
});
afterAll(() => ctx.close());

describe('acts of completed work', () => {
  it('copies the lines of an invoice, is numbered at once and starts not signed', async () => {
    const response = await finance.post('/api/v1/acts', {
      companyId,
      invoiceId,
      actDate: '2026-10-31',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      number: '2026-0001',
      signed: false,
      signedOn: null,
      netMinor: 4000000,
      vatMinor: 0,
      totalMinor: 4000000,
      lines: [
        { description: 'Настройка рекламы' },
        { description: 'Консультации', quantity: '2.5', netMinor: 1000000 },
      ],
    });
    const second = await finance.post('/api/v1/acts', {
      companyId,
      actDate: '2026-11-30',
      lines: [{ description: 'Поддержка', quantity: '1', unitPriceMinor: 100 }],
    });
    expect(second.json().number).toBe('2026-0002');
  });

  it('is marked signed and unsigned, refusing a stale version', async () => {
    const act = (await finance.get(`/api/v1/acts?companyId=${companyId}`)).json().items.at(-1);
    const signed = await finance.post(`/api/v1/acts/${act.id}/signed`, {
      version: act.version,
      signed: true,
      signedOn: '2026-11-05',
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ signed: true, signedOn: '2026-11-05', version: act.version + 1 });
    const stale = await finance.post(`/api/v1/acts/${act.id}/signed`, {
      version: act.version,
      signed: false,
    });
    expect(stale.statusCode).toBe(409);
    const signedList = (await finance.get('/api/v1/acts?signed=true')).json().items;
    expect(signedList.map((a: { id: string }) => a.id)).toEqual([act.id]);
    const notSigned = (await finance.get('/api/v1/acts?signed=false')).json().items;
    expect(notSigned.map((a: { id: string }) => a.id)).not.toContain(act.id);
  });

  it('refuses an act without lines or with a period that ends before it starts', async () => {
    const response = await finance.post('/api/v1/acts', {
      companyId,
      periodStart: '2026-10-31',
      periodEnd: '2026-10-01',
    });
    expect(response.statusCode).toBe(422);
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['lines', 'periodEnd']);
  });

  it('prints a Russian акт and an English certificate', async () => {
    const act = (await finance.get('/api/v1/acts?sort=actDate')).json().items[0];
    const ru = await finance.get(`/api/v1/acts/${act.id}/pdf?lang=ru`);
    expect(ru.statusCode).toBe(200);
    expect(ru.headers['content-type']).toBe('application/pdf');
    const ruText = await pdfText(ru.rawPayload);
    expect(ruText).toContain('Акт выполненных работ № 2026-0001');
    expect(ruText).toContain('ООО «Ромашка»');
    expect(ruText).toContain('Исполнитель');
    expect(ruText).toContain('с 01.10.2026 по 31.10.2026');
    expect(ruText).toContain('40 000,00');
    expect(ruText).toContain('Без НДС');
    expect(ruText).toContain('Сорок тысяч рублей 00 копеек');
    const en = await finance.get(`/api/v1/acts/${act.id}/pdf?lang=en`);
    const enText = await pdfText(en.rawPayload);
    expect(enText).toContain('Certificate of completion 2026-0001');
    expect(enText).toContain('40,000.00');
  });
});
