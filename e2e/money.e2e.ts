import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;
let admin: Awaited<ReturnType<typeof apiSession>>;
let companyId: string;
const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-money-'));
const CLIENT = 'Romashka Accounting LLC';
const CLIENT_INN = '7728012340';

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  const company = await admin.post<{ id: string }>('/companies', { name: CLIENT, taxId: CLIENT_INN });
  companyId = company.id;
  await admin.post('/contracts', {
    companyId,
    number: 'E2E-17',
    title: 'Bookkeeping services',
    startsOn: '2026-01-01',
    currency: 'RUB',
    paymentMethods: ['bank_transfer'],
    paymentTermsDays: 10,
  });
  await admin.post('/services', {
    name: 'Payroll, up to 10 people',
    unit: 'month',
    billing: 'monthly',
    priceMinor: 1_500_000,
    currency: 'RUB',
  });
  await fetchPut(`/companies/${companyId}/budgets/${new Date().getUTCFullYear()}`, {
    currency: 'RUB',
    blocks: [
      { name: 'Bookkeeping', planMinor: 30_000_000 },
      { name: 'Payroll', planMinor: 18_000_000 },
    ],
  });
  await fetchPut('/settings/money', {
    vatEnabled: true,
    defaultVatRateBp: 2200,
    bank: {
      recipient: 'OOO Tandem Services',
      inn: '7707083893',
      kpp: '773601001',
      bankName: 'PAO Sberbank',
      bik: '044525225',
      account: '40702810938000000001',
      correspondentAccount: '30101810400000000225',
    },
  });
});
afterAll(() => browser?.close());

/** PUT through a fresh session (the API helper has no PUT). */
async function fetchPut(path: string, body: unknown): Promise<void> {
  const login = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(E2E_ADMIN),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const response = await fetch(`${baseUrl()}/api/v1${path}`, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
}

async function signIn(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(baseUrl());
  await page.getByLabel(/e-mail|эл\. почта/i).fill(E2E_ADMIN.email);
  await page.getByLabel(/^password|^пароль/i).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: /sign in|войти/i }).click();
  await page.getByTestId('workspace-name').waitFor();
  return page;
}

/** Amounts as the page shows them, without the currency and spaces: "RUB 20,741.22" → "20741.22". */
const digits = (text: string | null) => (text ?? '').replace(/[^\d.]/g, '');

describe('money', () => {
  it('invoice with live totals, issue, PDF, payment and allocation, bank statement, finance tab', async () => {
    const page = await signIn();
    try {
      await moneyFlow(page);
    } catch (error) {
      await screenshot(page, '59-money-failure');
      throw error;
    }
  });
});

async function moneyFlow(page: Page) {
  {
    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    await page.getByRole('heading', { name: 'Invoices', exact: true }).waitFor();
    await page.getByRole('link', { name: 'New invoice' }).click();

    // Client and contract.
    // The picker first lists some companies; type once they are there (a slow first answer
    // arriving after typing would otherwise replace the list being typed into).
    await page.getByRole('combobox', { name: /^Client/ }).click();
    await page.getByRole('option').first().waitFor();
    await page.getByRole('combobox', { name: /^Client/ }).fill('Romashka');
    await page.getByRole('option', { name: CLIENT }).click();
    await page.getByRole('combobox', { name: 'Contract' }).click();
    await page.getByRole('option', { name: /E2E-17/ }).click();
    await page.getByTestId('payment-methods').getByText('Accepted: bank transfer.').waitFor();
    await page.getByRole('combobox', { name: /^Budget block/ }).click();
    await page.getByRole('option', { name: 'Bookkeeping' }).click();

    // Line 1, free text: 2 × 1 000,50 at 22 % VAT = 2 001,00 + 440,22 = 2 441,22 — shown as it is typed.
    await page.getByLabel('Description, line 1').fill('Bookkeeping for March');
    await page.getByLabel('Quantity, line 1').fill('2');
    await page.getByLabel('Price, line 1').fill('1000,50');
    expect(digits(await page.getByTestId('line-total').first().textContent())).toBe('2441.22');
    expect(digits(await page.getByTestId('total-total').textContent())).toBe('2441.22');

    // Line 2 from the catalogue: 15 000 + 22 % = 18 300.
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByRole('combobox', { name: 'Service from the catalogue, line 2' }).click();
    await page.getByRole('option', { name: 'Payroll, up to 10 people' }).click();
    expect(await page.getByLabel('Price, line 2').inputValue()).toBe('15000.00');
    expect(digits(await page.getByTestId('line-total').nth(1).textContent())).toBe('18300.00');
    expect(digits(await page.getByTestId('total-net').textContent())).toBe('17001.00');
    expect(digits(await page.getByTestId('total-total').textContent())).toBe('20741.22');
    await screenshot(page, '50-invoice-draft');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Draft invoice' }).waitFor();
    expect(await page.getByTestId('invoice-status').textContent()).toBe('Draft');

    // Someone else changes the draft meanwhile: saving says so and offers to reload their version.
    const invoiceId = page.url().split('/').pop()!;
    const stored = await admin.get<{ version: number }>(`/invoices/${invoiceId}`);
    await admin.patch(`/invoices/${invoiceId}`, { version: stored.version, notes: 'Checked by finance' });
    await page.getByLabel('Notes').fill('My note');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Changed by someone else').waitFor();
    await screenshot(page, '50-invoice-conflict');
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByLabel('Notes').inputValue()).toBe('Checked by finance');

    // Issue: the invoice gets its number and is sent.
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    await page.getByRole('heading', { name: /^Invoice № \d{4}-\d{4}$/ }).waitFor();
    const number = (await page.getByTestId('invoice-title').textContent())!.replace('Invoice № ', '');
    expect(await page.getByTestId('invoice-status').textContent()).toBe('Sent');
    // The due date comes from the contract's payment terms (10 days) and shows at once.
    expect(await page.getByLabel('Due').inputValue()).not.toBe('');
    expect(digits(await page.getByTestId('total-total').textContent())).toBe('20741.22');

    // The PDF preview is the API's PDF.
    const pdfSrc = await page.getByTestId('invoice-pdf').getAttribute('src');
    expect(pdfSrc).toMatch(/\/api\/v1\/invoices\/.+\/pdf\?lang=en/);
    const pdf = await page.request.get(`${baseUrl()}${pdfSrc}`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, '51-invoice-issued');

    // A payment entered by hand, allocated partly: above what is open is refused beside the field.
    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    await page.getByRole('button', { name: 'Enter payment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /^Client/ }).click();
    await page.getByRole('option').first().waitFor();
    await dialog.getByRole('combobox', { name: /^Client/ }).fill('Romashka');
    await page.getByRole('option', { name: CLIENT }).click();
    await dialog.getByLabel('Amount').fill('25000');
    await dialog.getByLabel('Bank reference').fill('E2E-PP-1');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    const allocate = page.getByRole('dialog', { name: 'Allocate the payment to invoices' });
    await allocate.waitFor();
    const amountField = allocate.getByLabel(`Amount for invoice № ${number}`);
    await amountField.fill('25000');
    await allocate.getByRole('button', { name: 'Allocate', exact: true }).click();
    await allocate.getByText(/Above what is open/).waitFor();
    await screenshot(page, '52-allocation-refused');
    await amountField.fill('10000');
    await allocate.getByRole('button', { name: 'Allocate', exact: true }).click();
    await allocate.getByText(`On invoice № ${number}`).waitFor();
    expect(digits(await allocate.getByTestId('allocate-left').textContent())).toContain('15000.00');
    await allocate.getByRole('button', { name: 'Close' }).first().click();
    await page.getByRole('cell', { name: 'E2E-PP-1' }).waitFor();

    let invoice = await admin
      .get<{ items: { status: string; openMinor: number }[] }>(`/invoices?companyId=${companyId}`)
      .then((p) => p.items[0]!);
    expect(invoice.status).toBe('partially_paid');
    expect(invoice.openMinor).toBe(1_074_122);

    // A bank statement pays the rest: preview, import, then the same file again adds nothing.
    const csv = [
      'Дата;Сумма;Номер документа;Плательщик;ИНН плательщика;Назначение платежа',
      `05.03.2026;"10 741,22";E2E-571;${CLIENT};${CLIENT_INN};Оплата по счёту № ${number}`,
      '06.03.2026;"5 000,00";E2E-572;ИП Иванов;;Предоплата',
      '07.03.2026;-120,00;E2E-573;Банк;;Комиссия банка',
    ].join('\r\n');
    const file = join(dir, 'statement.csv');
    writeFileSync(file, `${csv}\r\n`);
    await page.getByRole('tab', { name: 'Bank statement' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    const preview = page.getByTestId('statement-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain(`pays invoice № ${number}`);
    expect(await preview.textContent()).toContain('To add: 2');
    expect(await preview.textContent()).toContain('Refused: 1');
    await screenshot(page, '53-statement-preview');
    await page.getByRole('button', { name: /^Import/ }).click();
    await page.getByTestId('statement-result').getByText('Statement imported').waitFor();
    expect(await page.getByTestId('statement-result').textContent()).toContain('Payments added: 2');

    // Choosing the same file again (a new choice, a new Idempotency-Key): every line is a duplicate.
    await page.getByRole('button', { name: 'Remove the file' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await preview.getByText('Already recorded: 2').waitFor();
    await page.getByTestId('statement-nothing-new').waitFor();
    expect(await page.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await screenshot(page, '54-statement-again');

    invoice = await admin
      .get<{ items: { status: string; openMinor: number }[] }>(`/invoices?companyId=${companyId}`)
      .then((p) => p.items[0]!);
    expect(invoice.status).toBe('paid');
    expect(invoice.openMinor).toBe(0);

    // The invoice list shows it paid; the client card's finance tab shows the lot.
    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    await page.getByRole('cell', { name: number }).waitFor();
    await screenshot(page, '55-invoice-list');

    await page.goto(`${baseUrl()}/companies/${companyId}`);
    await page.getByRole('tab', { name: 'Finance' }).click();
    const finance = page.getByTestId('finance-tab');
    await finance.waitFor();
    await finance.getByTestId('finance-invoices').getByText('Paid').waitFor();
    expect(await finance.getByTestId('finance-contracts').textContent()).toContain('E2E-17');
    expect(await finance.getByTestId('finance-payments').textContent()).toContain('E2E-PP-1');
    // A second contract, monthly, added on the tab; an act from the invoice, then signed.
    await finance.getByRole('button', { name: 'Add contract' }).click();
    const contractDialog = page.getByRole('dialog');
    await contractDialog.getByLabel('Contract number').fill('E2E-18');
    await contractDialog.getByLabel('Monthly fee').fill('45 000');
    await contractDialog.getByLabel('card').check();
    await screenshot(page, '56-contract-dialog');
    await contractDialog.getByRole('button', { name: 'Save' }).click();
    await finance.getByTestId('finance-contracts').getByText('№ E2E-18').waitFor();
    expect(await finance.getByTestId('finance-contracts').textContent()).toContain(
      'Accepted: bank transfer, card.',
    );

    await finance.getByRole('button', { name: 'New act' }).click();
    const actDialog = page.getByRole('dialog');
    await actDialog.getByRole('combobox', { name: /^Copy the lines of an invoice/ }).click();
    await page.getByRole('option', { name: `№ ${number}` }).click();
    await actDialog.getByRole('button', { name: 'Create act' }).click();
    const acts = finance.getByTestId('finance-acts');
    await acts.getByText('not signed').waitFor();
    expect(digits(await acts.textContent())).toContain('20741.22');
    await acts.getByRole('button', { name: 'Mark signed' }).click();
    await acts.getByText(/^signed /).waitFor();

    // The invoice counts towards the "Bookkeeping" block of the budget: invoiced and paid in full.
    expect(digits(await finance.getByTestId('budget-totals').textContent())).toBe(
      '480000.0020741.2220741.22',
    );
    await screenshot(page, '56-finance-tab');

    // Settings → Money and the services catalogue.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('tab', { name: 'Money' }).click();
    expect(await page.getByLabel('Recipient (legal name)').inputValue()).toBe('OOO Tandem Services');
    await screenshot(page, '58-money-settings');
    await page.getByRole('tab', { name: 'Services' }).click();
    await page.getByRole('cell', { name: 'Payroll, up to 10 people' }).waitFor();
    await screenshot(page, '58-services');

    // "New invoice" on the tab opens the editor with the client filled in.
    await page.goto(`${baseUrl()}/companies/${companyId}`);
    await page.getByRole('tab', { name: 'Finance' }).click();
    await page.getByTestId('finance-tab').getByRole('button', { name: 'New invoice' }).click();
    await page.waitForURL(/\/invoices\/new\?companyId=/);
    expect(await page.getByRole('combobox', { name: /^Client/ }).inputValue()).toBe(CLIENT);

    // The same in Russian.
    await page.goto(`${baseUrl()}/companies/${companyId}`);
    await page.getByRole('tab', { name: 'Finance' }).click();
    await page.getByText('RU', { exact: true }).click();
    await page.getByRole('tab', { name: 'Финансы' }).waitFor();
    await page.getByTestId('finance-tab').getByText('Акты выполненных работ').waitFor();
    await screenshot(page, '57-finance-tab-ru');
    await page.getByTestId('finance-invoices').getByText(`№ ${number}`).click();
    await page.getByRole('heading', { name: `Счёт № ${number}` }).waitFor();
    await page.getByTestId('invoice-payments').getByText('E2E-571').waitFor();
    await screenshot(page, '57-invoice-ru');
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: `Invoice № ${number}` }).waitFor();
    await page.context().close();
  }
}
