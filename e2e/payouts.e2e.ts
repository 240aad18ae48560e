import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;
const today = new Date().toISOString().slice(0, 10);
const period = today.slice(0, 7);
const SELLER = { email: 'seller.payouts@e2e.test', password: 'e2e-password' };

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  const seller = await admin.post<{ id: string }>('/users', {
    ...SELLER,
    name: 'Sasha Seller',
    roles: ['sales'],
    locale: 'en',
  });
  const company = await admin.post<{ id: string }>('/companies', {
    name: 'Payouts Northwind',
    status: 'client',
  });
  const deal = await admin.post<{ id: string }>('/deals', {
    companyId: company.id,
    title: 'Website rebuild',
    ownerId: seller.id,
    kind: 'new',
  });
  // Seed 003's kind of scheme for this one person, and a plan that is 75 % met.
  await admin.post('/motivation/schemes', {
    name: 'Sales 2026',
    currency: 'RUB',
    validFrom: `${period}-01`,
    rules: [
      { id: 'base', type: 'base_salary', amountMinor: 80_000_00 },
      { id: 'new', type: 'percent_of_revenue', revenueKind: 'new_sale', rateBp: 30_00 },
      { id: 'upsell', type: 'percent_of_revenue', revenueKind: 'upsell', rateBp: 15_00 },
    ],
    coefficients: [
      { fromBp: 0, coefficientBp: 0 },
      { fromBp: 50_00, coefficientBp: 70_00 },
      { fromBp: 80_00, coefficientBp: 100_00 },
    ],
    planMetric: 'new_sales',
    assignedUserIds: [seller.id],
  });
  const invoice = await admin.post<{ id: string }>('/invoices', {
    companyId: company.id,
    dealId: deal.id,
    currency: 'RUB',
    lines: [{ description: 'Website', quantity: '1', unitPriceMinor: 300_000_00, vatRateBp: null }],
  });
  await admin.post(`/invoices/${invoice.id}/issue`, { version: 1, issueDate: today });
  await admin.post('/payments', {
    companyId: company.id,
    receivedOn: today,
    amountMinor: 300_000_00,
    currency: 'RUB',
    allocations: [{ invoiceId: invoice.id, amountMinor: 300_000_00 }],
  });
});
afterAll(() => browser?.close());

async function signIn(email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(baseUrl());
  await page.getByLabel(/e-mail|эл\. почта/i).fill(email);
  await page.getByLabel(/^password|^пароль/i).fill(password);
  await page.getByRole('button', { name: /sign in|войти/i }).click();
  await page.getByTestId('workspace-name').waitFor();
  return page;
}

describe('payouts', () => {
  it('sets a plan, computes the month, opens a statement with its sources, approves it; the seller sees it as My pay', async () => {
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    // A personal plan typed in through the API the page uses.
    await page.evaluate(
      async ({ period }) => {
        const users = await (await fetch('/api/v1/users?limit=500')).json();
        const seller = users.items.find((u: { name: string }) => u.name === 'Sasha Seller');
        await fetch('/api/v1/plans', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            periodKind: 'month',
            periodStart: `${period}-01`,
            scope: 'person',
            userId: seller.id,
            metric: 'new_sales',
            target: 400_000_00,
          }),
        });
      },
      { period },
    );
    await page.goto(`${baseUrl()}/plans`);
    await page.getByLabel('Starting').fill(period);
    await page.getByTestId('plans').getByText('Sasha Seller').waitFor();
    await screenshot(page, 'payouts-01-plans');

    await page.goto(`${baseUrl()}/payouts`);
    await page.getByLabel('Month').fill(period);
    await page.getByTestId('compute').click();
    const row = page.getByTestId('payouts').getByRole('row', { name: /Sasha Seller/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('75');
    await screenshot(page, 'payouts-02-month');

    await row.getByRole('link', { name: 'Sasha Seller' }).click();
    const lines = page.getByTestId('statement-lines');
    await lines.waitFor();
    expect(await lines.textContent()).toContain('Commission');
    expect(await lines.textContent()).toContain('Plan coefficient');
    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('statement-status').textContent()).toBe('approved');
    await screenshot(page, 'payouts-03-statement');

    await page.goto(`${baseUrl()}/motivation/schemes`);
    await page.getByTestId('schemes').getByText('Sales 2026').click();
    await page.getByTestId('scheme-name').waitFor();
    expect(await page.getByTestId('rule-row').count()).toBe(3);
    await screenshot(page, 'payouts-05-scheme-editor');
    await page.keyboard.press('Escape');

    const own = await signIn(SELLER.email, SELLER.password);
    await own.getByRole('link', { name: 'My pay' }).click();
    await own.getByTestId('statement').waitFor();
    expect(await own.getByTestId('statement-status').textContent()).toBe('approved');
    await screenshot(own, 'payouts-04-my-pay');
  });
});
