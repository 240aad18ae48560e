import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  await admin.post('/users', {
    email: 'sdr.grows@e2e.test',
    name: 'Grace Grows',
    password: 'e2e-password',
    roles: ['sdr'],
    tier: 1,
    locale: 'en',
  });
});
afterAll(() => browser?.close());

describe('people', () => {
  it('moves a person from tier 1 to tier 2 with a grade and a cap, and shows the career path', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(baseUrl());
    await page.getByLabel(/e-mail|эл\. почта/i).fill(E2E_ADMIN.email);
    await page.getByLabel(/^password|^пароль/i).fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: /sign in|войти/i }).click();
    await page.getByTestId('workspace-name').waitFor();
    await page.goto(`${baseUrl()}/settings`);
    const row = page.getByRole('row', { name: /Grace Grows/ });
    await row.getByRole('button', { name: 'Profile and career' }).click();
    const drawer = page.getByRole('dialog', { name: 'Grace Grows' });
    await drawer.getByLabel('Tier', { exact: true }).click();
    await page.getByRole('option', { name: 'Tier 2 — sales' }).click();
    await drawer.getByLabel('Grade', { exact: true }).click();
    await page.getByRole('option', { name: 'Middle' }).click();
    await drawer.getByLabel('Client cap').fill('20');
    await drawer.getByLabel('Note for the career history').fill('Met the call plan three months in a row');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });

    await row.getByRole('button', { name: 'Profile and career' }).click();
    const reopened = page.getByRole('dialog', { name: 'Grace Grows' });
    await reopened.getByText('Met the call plan three months in a row').waitFor();
    expect(await reopened.getByText('Tier 2 — sales · Middle').count()).toBeGreaterThan(0);
    expect(await reopened.getByLabel('Client cap').inputValue()).toBe('20');
    await page.waitForTimeout(400); // the drawer's slide-in
    await screenshot(page, '20-career-path');
    await context.close();
  });
});
