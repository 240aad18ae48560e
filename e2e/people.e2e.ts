import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;
let admin: Awaited<ReturnType<typeof apiSession>>;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
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

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto(baseUrl());
  await page.getByLabel(/e-mail|эл\. почта/i).fill(E2E_ADMIN.email);
  await page.getByLabel(/^password|^пароль/i).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: /sign in|войти/i }).click();
  await page.getByTestId('workspace-name').waitFor();
}

describe('people', () => {
  it('moves a person from tier 1 to tier 2 with a grade and a cap, and shows the career path', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await signInAsAdmin(page);
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

  it('changes a team, a grade and a custom field in settings, and deletes them', async () => {
    await admin.post('/users', {
      email: 'am.teamed@e2e.test',
      name: 'Tamara Teamed',
      password: 'e2e-password',
      roles: ['am'],
      locale: 'en',
    });
    await admin.post('/teams', { name: 'Key accounts' });
    await admin.post('/grades', { name: 'Principal', rank: 9, criteria: 'Leads a practice' });
    await admin.post('/custom-fields', {
      entity: 'company',
      key: 'budget_owner',
      label: 'Budget owner',
      type: 'text',
    });

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInAsAdmin(page);
    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole('tab', { name: 'Teams and grades' }).click();

    // The team: renamed, given a lead and a member.
    await page.getByRole('button', { name: 'Edit: Key accounts' }).click();
    let dialog = page.getByRole('dialog', { name: 'Team “Key accounts”' });
    await dialog.getByLabel('Team name').fill('Key accounts, Moscow');
    await dialog.getByLabel('Lead', { exact: true }).click();
    await page.getByRole('option', { name: 'Grace Grows' }).click();
    await dialog.getByLabel('Members', { exact: true }).click();
    await page.getByRole('option', { name: 'Tamara Teamed' }).click();
    await dialog.getByLabel('Team name').click(); // closes the members' list, which stays open
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const team = page.getByRole('row', { name: /Key accounts, Moscow/ });
    await team.getByText('Lead: Grace Grows').waitFor();
    await team.getByText('Members: 1').waitFor();

    // The grade: a client cap of its own.
    await page.getByRole('button', { name: 'Edit: Principal' }).click();
    dialog = page.getByRole('dialog', { name: 'Grade “Principal”' });
    await dialog.getByLabel('Client cap').fill('12');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByRole('row', { name: /Principal/ })
      .getByText('Client cap: 12')
      .waitFor();
    await screenshot(page, '21-teams-and-grades-edited');

    // Deleted, after the question.
    await page.getByRole('button', { name: 'Edit: Principal' }).click();
    await page
      .getByRole('dialog', { name: 'Grade “Principal”' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByRole('row', { name: /Principal/ }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit: Key accounts, Moscow' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('row', { name: /Key accounts, Moscow/ }).waitFor({ state: 'detached' });

    // The custom field: a new label, then removed.
    await page.getByRole('tab', { name: 'Custom fields' }).click();
    await page.getByRole('button', { name: 'Edit: Budget owner' }).click();
    dialog = page.getByRole('dialog', { name: 'Field “Budget owner”' });
    await dialog.getByLabel('Label').fill('Budget holder');
    await dialog.getByLabel('Required').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const field = page.getByRole('row', { name: /Budget holder/ });
    await field.getByText('✓').waitFor();
    await page.getByRole('button', { name: 'Edit: Budget holder' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await field.waitFor({ state: 'detached' });
    const fields = await admin.get<{ items: unknown[] }>('/custom-fields');
    expect(fields.items).toEqual([]);
    await context.close();
  });
});
