import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;
let admin: Awaited<ReturnType<typeof apiSession>>;
const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-import-'));

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  for (const [email, name] of [
    ['ivy.caller@e2e.test', 'Ivy Caller'],
    ['jon.caller@e2e.test', 'Jon Caller'],
  ]) {
    await admin.post('/users', {
      email,
      name,
      password: 'e2e-password',
      roles: ['sdr'],
      tier: 1,
      locale: 'en',
    });
  }
});
afterAll(() => browser?.close());

async function signIn(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(baseUrl());
  await page.getByLabel(/e-mail|эл\. почта/i).fill(E2E_ADMIN.email);
  await page.getByLabel(/^password|^пароль/i).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: /sign in|войти/i }).click();
  await page.getByTestId('workspace-name').waitFor();
  return page;
}

describe('imports and call lists', () => {
  it('imports a CSV file: mapping, preview, run, summary and the error report', async () => {
    // Row 4 repeats row 3's tax id (merged within the file); row 5 has a bad tax id and website.
    const csv = [
      'Company,Tax ID,Homepage,Phone,Industry,Notes',
      'Acme Imports,7707083893,acme-imports.example,+7 916 100-00-01,Logistics,first',
      'Beta Freight,7736207543,beta-freight.example,+7 916 100-00-02,Logistics,',
      'Beta Freight (branch),7736207543,,+7 916 100-00-03,,duplicate',
      'Bad Row,123,not a site,,,',
      'Gamma Cargo,,gamma-cargo.example,+7 916 100-00-04,Retail,',
    ].join('\r\n');
    const file = join(dir, 'e2e-companies.csv');
    writeFileSync(file, `${csv}\r\n`);
    const notSpreadsheet = join(dir, 'brochure.pdf');
    writeFileSync(notSpreadsheet, '%PDF-1.4 not a table');

    const page = await signIn();
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    // A file that is neither CSV nor XLSX is refused beside the field, saying what to do.
    await page.locator('input[type=file]').setInputFiles(notSpreadsheet);
    await page.getByText('Tandem reads CSV and XLSX files').waitFor();

    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'e2e-companies.csv' }).waitFor();
    expect(await page.getByTestId('import-status').textContent()).toBe('Waiting for mapping');

    // "Homepage" is not guessed: map it to the website, and leave the notes out.
    const homepage = page.getByRole('combobox', { name: 'Field for “Homepage”' });
    expect(await homepage.inputValue()).toBe('Skip this column');
    await homepage.click();
    await page.getByRole('option', { name: 'Website', exact: true }).click();
    expect(await homepage.inputValue()).toBe('Website');
    expect(await page.getByRole('combobox', { name: 'Field for “Company”' }).inputValue()).toBe(
      'Company name',
    );

    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    await preview.getByText('repeats row 3 by tax ID').waitFor();
    expect(await preview.textContent()).toContain('New: 3');
    expect(await preview.textContent()).toContain('With errors: 1');
    expect(await preview.textContent()).toContain('acme-imports.example');
    await screenshot(page, '30-import-preview');

    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-status').textContent()).toBe('Completed');
    expect(await page.getByTestId('import-created').textContent()).toBe('3');
    expect(await page.getByTestId('import-merged').textContent()).toBe('1');
    expect(await page.getByTestId('import-errors').textContent()).toBe('1');
    expect(await page.getByTestId('import-rows').textContent()).toBe('5 of 5');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download the error report/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('e2e-companies-errors.csv');
    const saved = join(dir, 'errors.csv');
    await download.saveAs(saved);
    const report = readFileSync(saved, 'utf8');
    expect(report).toContain('Bad Row');
    expect(report).toContain('Tax ID');
    await screenshot(page, '31-import-summary');
    // The same summary in Russian.
    await page.getByText('RU', { exact: true }).click();
    await page.getByText('Импорт завершён').waitFor();
    await screenshot(page, '31-import-summary-ru');
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Import completed').waitFor();

    // The import is among the past ones, and its companies are in the list.
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('cell', { name: 'e2e-companies.csv' }).waitFor();
    await screenshot(page, '32-imports-list');
    await page.context().close();
  });

  it('builds a call list from a saved view and shows it on the call lists page', async () => {
    for (const name of ['Zephyr Logistics', 'Zephyr Shipping', 'Zephyr Rail']) {
      await admin.post('/companies', { name });
    }
    await admin.post('/saved-views', {
      entity: 'company',
      name: 'Zephyr prospects',
      filters: { q: 'Zephyr' },
      shared: true,
    });

    const page = await signIn();
    await page.getByRole('link', { name: 'Companies', exact: true }).click();
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Zephyr prospects' }).click();
    await page.getByRole('cell', { name: 'Zephyr Rail' }).waitFor();
    await page.getByRole('button', { name: 'Build call list' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Everything in the view “Zephyr prospects”').isChecked()).toBe(true);
    await dialog.getByLabel('Name of the list').fill('Zephyr calls');
    await dialog.getByRole('combobox', { name: 'Callers' }).click();
    await page.getByRole('option', { name: 'Ivy Caller' }).click();
    await page.getByRole('option', { name: 'Jon Caller' }).click();
    await dialog.getByLabel('Script').fill('Good morning! We help logistics companies win more tenders.');
    await screenshot(page, '33-build-call-list');
    await dialog.getByRole('button', { name: 'Create call list' }).click();

    await page.waitForURL(/\/call-lists$/);
    const card = page.getByTestId('call-list-card').filter({ hasText: 'Zephyr calls' });
    await card.waitFor();
    const callers = card.getByTestId('call-list-callers');
    expect(await callers.textContent()).toContain('Ivy Caller');
    expect(await callers.textContent()).toContain('Jon Caller');
    expect(await card.getByTestId('call-list-left').textContent()).toBe('3 of 3 left');

    // Edit the script in place.
    await card.getByRole('button', { name: 'Script', exact: true }).click();
    await page
      .getByRole('dialog')
      .getByLabel('Script')
      .fill('Good afternoon! Ask for the head of logistics.');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await card.getByText('Ask for the head of logistics.').waitFor();
    await page.reload();
    await card.waitFor();
    await screenshot(page, '34-call-lists');
    await page.context().close();
  });

  it('imports a call list: a phone column is required, the list needs a name and callers', async () => {
    const file = join(dir, 'north-south.csv');
    writeFileSync(
      file,
      '\uFEFFНазвание;Телефон;Регион\r\nООО Северный ветер;+7 495 111-22-33;Москва\r\nООО Южный берег;+7 861 222-33-44;Краснодар\r\n',
    );
    const page = await signIn();
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByText('Call list', { exact: true }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'north-south.csv' }).waitFor();

    // Without a phone column the page says what to do before asking the server.
    const phone = page.getByRole('combobox', { name: 'Field for “Телефон”' });
    expect(await phone.inputValue()).toBe('Phone');
    await phone.click();
    await page.getByRole('option', { name: 'Skip this column' }).click();
    await page
      .getByText('A call list is for calling: map the column with phone numbers to “Phone”.')
      .waitFor();
    await phone.click();
    await page.getByRole('option', { name: 'Phone', exact: true }).click();

    // The list needs a name and callers, said beside the fields.
    await page.getByLabel('Name of the list').fill('');
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByText('Name the list.').waitFor();
    await page.getByText('Choose at least one caller.').waitFor();
    await page.getByLabel('Name of the list').fill('North and south');
    await page.getByRole('combobox', { name: 'Callers' }).click();
    await page.getByRole('option', { name: 'Jon Caller' }).click();
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, '35-call-list-import-setup');
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-created').textContent()).toBe('2');

    await page.getByRole('link', { name: 'Open call lists' }).click();
    const card = page.getByTestId('call-list-card').filter({ hasText: 'North and south' });
    await card.waitFor();
    expect(await card.getByTestId('call-list-left').textContent()).toBe('2 of 2 left');
    expect(await card.getByTestId('call-list-callers').textContent()).toContain('Jon Caller');
    await card.getByText('from an import').waitFor();
    await page.context().close();
  });
});
