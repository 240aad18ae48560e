import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;
let admin: Awaited<ReturnType<typeof apiSession>>;
let companyId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  const me = await admin.get<{ id: string }>('/me');
  companyId = (
    await admin.post<{ id: string }>('/companies', {
      name: 'Globex Retail',
      status: 'client',
      ownerId: me.id,
    })
  ).id;
  await admin.post('/contacts', {
    name: 'Hank Scorpio',
    companyId,
    emails: ['hank@globex.test'],
    isDecisionMaker: true,
  });
});
afterAll(() => browser?.close());

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

describe('account work in the browser', () => {
  it('logs a meeting whose decision becomes a task, and takes a request through approval', async () => {
    const page = await signIn();
    await page.goto(`${baseUrl()}/companies/${companyId}`);
    await page.getByRole('tab', { name: 'Account' }).click();
    await page.getByTestId('next-contact').waitFor();
    expect(await page.getByTestId('health-score').textContent()).toBe('100');

    // A meeting with the client's decision maker and one decision.
    await page.getByRole('button', { name: 'New meeting' }).click();
    const meeting = page.getByRole('dialog');
    await meeting.getByLabel('Topic').fill('Quarterly planning');
    await meeting.getByLabel('Client attendees', { exact: true }).click();
    await page.getByRole('option', { name: /Hank Scorpio/ }).click();
    await meeting.getByLabel('Topic').click();
    await meeting.getByLabel('Minutes').fill('Agreed to redesign the catalogue first.');
    await meeting.getByRole('button', { name: 'Add a decision' }).click();
    await meeting.getByLabel('Decision', { exact: true }).fill('Send the catalogue estimate');
    await meeting.getByRole('button', { name: 'Save' }).click();
    await meeting.waitFor({ state: 'hidden' });
    const saved = page.getByTestId('meeting').first();
    await saved.getByText('Send the catalogue estimate').waitFor();
    await saved.getByText('task', { exact: true }).waitFor();
    const tasks = await admin.get<{ items: { title: string; origin: string }[] }>(
      `/tasks?companyId=${companyId}&status=open`,
    );
    expect(tasks.items).toContainEqual(
      expect.objectContaining({ title: 'Send the catalogue estimate', origin: 'meeting_decision' }),
    );

    // A request: specification, estimate, the client's approval, then work.
    await page.getByRole('button', { name: 'New request' }).click();
    const requestDialog = page.getByRole('dialog');
    await requestDialog.getByLabel('What is asked').fill('Price filter in the catalogue');
    await requestDialog.getByLabel('The request as it came').fill('Hi! Could we filter by price?');
    await requestDialog.getByRole('button', { name: 'Create' }).click();
    await requestDialog.waitFor({ state: 'hidden' });
    const request = page.getByTestId('request').first();
    await request.getByText('Price filter in the catalogue').waitFor();

    await request.getByRole('button', { name: 'Write the specification', exact: true }).click();
    await page
      .getByRole('dialog')
      .getByLabel('Specification')
      .fill('Min and max price fields above the list');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await request.getByRole('button', { name: 'Estimate', exact: true }).click();
    await page.getByRole('dialog').getByLabel('Hours').fill('12');
    await page.getByRole('dialog').getByLabel(/^Cost/).fill('36000');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await request.getByRole('button', { name: 'Record approval', exact: true }).click();
    await page.getByRole('dialog').getByLabel('Contact', { exact: true }).click();
    await page.getByRole('option', { name: 'Hank Scorpio' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await request.getByText(/Approved by Hank Scorpio/).waitFor();
    await request.getByRole('button', { name: 'Start work', exact: true }).click();
    await request.getByRole('button', { name: 'Start work', exact: true }).waitFor({ state: 'detached' });
    await request.getByRole('button', { name: 'Mark as delivered', exact: true }).waitFor();
    const requests = await admin.get<{ items: { status: string; approvedByName: string }[] }>(
      `/companies/${companyId}/requests`,
    );
    expect(requests.items[0]).toMatchObject({ status: 'in_work', approvedByName: 'Hank Scorpio' });
    await screenshot(page, '20-account-meeting-and-request');
    await page.context().close();
  });

  it('shows the robots with their switches, runs a pass and logs it', async () => {
    const page = await signIn();
    await page.getByRole('link', { name: 'Robots' }).click();
    await page.getByTestId('rule-cadence_missed').waitFor();
    await page.getByRole('button', { name: 'Run a pass now' }).click();
    await page.getByText(/Pass done/).waitFor();
    await page.getByTestId('robot-run').first().waitFor();
    await page
      .getByRole('cell', { name: /«Quarterly planning»/ })
      .first()
      .waitFor();
    await screenshot(page, '21-robots');
    await page.getByText('RU', { exact: true }).click();
    await page.getByRole('heading', { name: 'Роботы' }).waitFor();
    await screenshot(page, '22-robots-ru');
    await page.goto(`${baseUrl()}/companies/${companyId}`);
    await page.getByRole('tab', { name: 'Сопровождение' }).click();
    await page.getByText('Здоровье клиента').waitFor();
    await screenshot(page, '23-account-ru');
    await page.getByText('EN', { exact: true }).click();
    await page.context().close();
  });
});
