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
  // The people these flows need, made the way an admin would through the API.
  await admin.patch('/me', { locale: 'en' });
  for (const email of ['am.one@e2e.test', 'am.two@e2e.test']) {
    await admin.post('/users', {
      email,
      name: email.split('@')[0],
      password: 'e2e-password',
      roles: ['am'],
      locale: 'en',
    });
  }
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

describe('browser flows', () => {
  it('signs in and shows the workspace', async () => {
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    expect(await page.getByTestId('workspace-name').textContent()).toBe('E2E Agency');
    await screenshot(page, '01-signed-in');
    await page.context().close();
  });

  it('creates a company and a contact', async () => {
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await page.getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('button', { name: 'New company' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').first().fill('Northwind Digital');
    await dialog.getByLabel('Domain').fill('https://www.northwind.example/about');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Northwind Digital' }).waitFor();

    await page.getByRole('button', { name: 'New contact' }).click();
    const contactDialog = page.getByRole('dialog');
    await contactDialog.getByLabel('Name').fill('Olivia Brown');
    await contactDialog.getByLabel('Phone').fill('+44 20 7946 0958');
    await contactDialog.getByLabel('Decision maker').check();
    await contactDialog.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('company-contacts').getByText('Olivia Brown').waitFor();
    expect(await page.getByTestId('company-contacts').textContent()).toContain('+442079460958');
    await screenshot(page, '02-company-and-contact');
    await page.context().close();
  });

  it('refuses a bad domain beside the field', async () => {
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto(`${baseUrl()}/companies`);
    await page.getByRole('button', { name: 'New company' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').first().fill('Bad domain');
    await dialog.getByLabel('Domain').fill('not a domain');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('must be a domain such as example.com').waitFor();
    await screenshot(page, '03-field-error');
    await page.context().close();
  });

  it('saves a view of the companies list and exports it as a segment', async () => {
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await page.getByRole('link', { name: 'Companies' }).click();
    await page.getByLabel('Search').fill('Northwind');
    await page.getByRole('cell', { name: 'Northwind Digital' }).waitFor();
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save view…' }).click();
    await page.getByRole('dialog').getByLabel('View name').fill('Northwind segment');
    await page.getByRole('dialog').getByLabel('Shared with the team').check();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Export' }).click();
    const href = await page.getByRole('menuitem', { name: 'CSV' }).getAttribute('href');
    const csv = await page.request.get(`${baseUrl()}${href}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Northwind Digital');
    await screenshot(page, '09-saved-view');
    await page.context().close();
  });

  it('moves a deal across the board through a stage that requires a field', async () => {
    const company = await admin.post<{ id: string }>('/companies', { name: 'Board Co' });
    await admin.post('/deals', { title: 'Dragged deal', companyId: company.id });
    // The workspace was created in Russian: find the stage that requires only an amount.
    const { items } = await admin.get<{ items: { stages: { name: string; requiredFields: string[] }[] }[] }>(
      '/pipelines',
    );
    const proposal = items[0]!.stages.find((s) => s.requiredFields.join() === 'amountMinor')!;
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await page.getByRole('link', { name: 'Deal board' }).click();
    const card = page.getByTestId('deal-card').filter({ hasText: 'Dragged deal' });
    await card.waitFor();
    const target = page.getByTestId(`stage-${proposal.name}`);
    const from = (await card.boundingBox())!;
    const to = (await target.boundingBox())!;
    // Grab the card by its title, away from the company link inside it.
    await page.mouse.move(from.x + 12, from.y + 12);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 12, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 20 });
    await page.mouse.up();

    const dialog = page.getByRole('dialog');
    await dialog.getByText(`The stage "${proposal.name}" needs`).waitFor();
    await dialog.getByLabel(/Amount/).fill('250000');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await target.getByText('Dragged deal').waitFor();
    expect(await target.getByTestId('stage-total').textContent()).toMatch(/250,000/);
    await screenshot(page, '04-deal-moved');
    await page.context().close();
  });

  it('logs a call on the company card', async () => {
    const company = await admin.post<{ id: string }>('/companies', { name: 'Callable Ltd' });
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto(`${baseUrl()}/companies/${company.id}`);
    const form = page.getByRole('form', { name: 'Log' });
    await form.getByLabel('Subject').fill('Intro call');
    await form.getByLabel('Outcome').fill('Interested, wants a proposal');
    await form.getByRole('button', { name: 'Log' }).click();
    await page.getByTestId('timeline').getByText('Intro call').waitFor();
    await screenshot(page, '05-call-logged');
    await page.context().close();
  });

  it('completes a task', async () => {
    await admin.post('/tasks', {
      title: 'Send the act to Northwind',
      dueAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await page.getByRole('link', { name: 'My tasks' }).click();
    const row = page.getByTestId('task-row').filter({ hasText: 'Send the act to Northwind' });
    await row.getByRole('button', { name: 'Complete' }).click();
    await row.waitFor({ state: 'detached' });
    await screenshot(page, '06-task-completed');
    await page.context().close();
  });

  it('switches the language and shows Russian labels', async () => {
    const page = await signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await page.getByText('RU', { exact: true }).click();
    await page.getByRole('link', { name: 'Компании' }).waitFor();
    expect(await page.getByRole('link', { name: 'Мои задачи' }).isVisible()).toBe(true);
    await screenshot(page, '07-russian');
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('link', { name: 'Companies' }).waitFor();
    await page.context().close();
  });

  it('does not show one account manager’s companies to another', async () => {
    const one = await apiSession('am.one@e2e.test', 'e2e-password');
    await one.post('/companies', { name: 'Private Client of AM One' });
    const pageOne = await signIn('am.one@e2e.test', 'e2e-password');
    await pageOne.getByRole('link', { name: 'Companies' }).click();
    await pageOne.getByText('Private Client of AM One').waitFor();
    await pageOne.context().close();

    const page = await signIn('am.two@e2e.test', 'e2e-password');
    await page.getByRole('link', { name: 'Companies' }).click();
    await page.getByText(/Nothing here yet/).waitFor();
    expect(await page.getByText('Private Client of AM One').count()).toBe(0);
    await screenshot(page, '08-second-user-sees-nothing');
    await page.context().close();
  });
});
