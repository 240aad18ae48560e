import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;

/**
 * A head's dashboard: the company's figures with charts, a number clicked through to the records
 * behind it, and the org diagnostics page finding a client nobody is responsible for.
 */
beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  const me = await admin.get<{ id: string }>('/me');
  const today = new Date().toISOString().slice(0, 10);
  const client = await admin.post<{ id: string }>('/companies', {
    name: 'Acme KPI',
    ownerId: me.id,
    status: 'client',
  });
  await admin.post('/companies', { name: 'Nobody’s Client', status: 'client', ownerId: null });
  for (let i = 0; i < 3; i++) {
    await admin.post('/activities', { type: 'call', companyId: client.id, subject: `KPI call ${i + 1}` });
  }
  const invoice = await admin.post<{ id: string }>('/invoices', {
    companyId: client.id,
    lines: [{ description: 'Retainer', quantity: '1', unitPriceMinor: 12_000_00 }],
  });
  await admin.post(`/invoices/${invoice.id}/issue`, { version: 1, issueDate: today });
  await admin.post('/payments', {
    companyId: client.id,
    receivedOn: today,
    amountMinor: 12_000_00,
    currency: 'RUB',
    bankReference: 'KPI-E2E-1',
    allocations: [{ invoiceId: invoice.id, amountMinor: 12_000_00 }],
  });
});
afterAll(() => browser?.close());

describe('KPIs', () => {
  it("shows the head's dashboard with charts, opens a number's records, and diagnoses the org", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(baseUrl());
    await page.getByLabel(/e-mail|эл\. почта/i).fill(E2E_ADMIN.email);
    await page.getByLabel(/^password|^пароль/i).fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: /sign in|войти/i }).click();
    const dashboard = page.getByTestId('kpi-dashboard');
    await dashboard.waitFor();
    await page.getByTestId('kpi-revenue-chart').locator('.recharts-surface').first().waitFor();
    await page.getByTestId('kpi-activity-chart').locator('.recharts-surface').first().waitFor();
    await page.getByTestId('kpi-people').waitFor();
    // Other browser flows on the same server log calls too: this one adds three to whatever is there.
    const calls = Number(await page.getByTestId('kpi-calls').first().textContent());
    expect(calls).toBeGreaterThanOrEqual(3);
    await page.getByTestId('kpi-by-source').waitFor();
    await page.waitForTimeout(600); // chart animation
    await screenshot(page, '30-kpi-dashboard');

    await page.getByTestId('kpi-calls').first().click();
    await page.getByTestId('drill-table').waitFor();
    await expect.poll(() => page.getByTestId('drill-total').textContent()).toContain(`${calls} records`);
    expect(await page.getByTestId('drill-table').getByText('KPI call 2').count()).toBe(1);
    await screenshot(page, '31-kpi-drill');

    await page.getByRole('link', { name: 'Org diagnostics' }).click();
    const unowned = page.getByTestId('diag-unowned');
    await unowned.waitFor();
    expect(await unowned.getByText('Nobody’s Client').count()).toBe(1);
    await screenshot(page, '32-org-diagnostics');
    await context.close();
  });
});
