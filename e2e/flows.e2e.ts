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

/**
 * The three-tier sales flow in the browser (issue 4): tier 1 works a call queue and hands a lead
 * over, tier 2 takes it from the inbox, a head decides who gets a client, an absence routes work to
 * the pair partner, and the team's load is charted. The people it needs are made through the API.
 */
describe('sales flow', () => {
  const people: Record<string, string> = {};
  const password = 'e2e-password';

  beforeAll(async () => {
    for (const [email, roles, tier] of [
      ['sdr.one@e2e.test', ['sdr'], 1],
      ['closer.one@e2e.test', ['sales'], 2],
      ['head.one@e2e.test', ['head'], null],
      ['pm.one@e2e.test', ['pm'], null],
    ] as const) {
      const user = await admin.post<{ id: string }>('/users', {
        email,
        name: email.split('@')[0],
        password,
        roles,
        tier,
        locale: 'en',
      });
      people[email] = user.id;
    }
    const { items } = await admin.get<{ items: { id: string; email: string }[] }>('/users?limit=500');
    for (const user of items) people[user.email] ??= user.id;
  });

  it('an SDR works the queue: no answer, then a qualified hand-off', async () => {
    const companyIds: string[] = [];
    for (const [name, taxId, phone] of [
      ['Queue Alpha', '7701234567', '+7 495 123-45-67'],
      ['Queue Beta', '7707654321', '+7 812 765-43-21'],
    ] as const) {
      const company = await admin.post<{ id: string }>('/companies', {
        name,
        taxId,
        domain: `${name.toLowerCase().replace(' ', '-')}.example`,
        region: 'Moscow',
        industry: 'Logistics',
      });
      await admin.post('/contacts', {
        companyId: company.id,
        name: `Director of ${name}`,
        phones: [phone],
        isDecisionMaker: true,
      });
      companyIds.push(company.id);
    }
    await admin.post('/call-lists', {
      name: 'Logistics, November',
      callerIds: [people['sdr.one@e2e.test']],
      script: 'Hello, this is Tandem. Who handles your CRM?',
      companyIds,
    });

    const page = await signIn('sdr.one@e2e.test', password);
    await page.getByTestId('home-queue').getByRole('link', { name: 'Start calling' }).click();
    const call = page.getByTestId('next-call');
    await call.getByRole('heading', { name: 'Queue Alpha' }).waitFor();
    expect(await page.getByTestId('calls-remaining').textContent()).toBe('Calls left: 2');
    expect(await page.getByRole('link', { name: '+74951234567' }).getAttribute('href')).toBe(
      'tel:+74951234567',
    );
    await page.getByRole('button', { name: 'Script' }).click();
    await page.getByText('Who handles your CRM?').waitFor();

    await page.getByRole('button', { name: 'No answer' }).click();
    await call.getByRole('heading', { name: 'Queue Beta' }).waitFor();

    await page.getByRole('button', { name: 'Qualified' }).click();
    const form = page.getByRole('form', { name: 'Qualified' });
    await form.getByRole('button', { name: 'Hand over' }).click();
    await form
      .getByText('Write a hand-off note for the closer: need, budget, timing, who decides.')
      .waitFor();
    await form
      .getByLabel('Hand-off note for the closer')
      .fill('Needs a CRM for 40 dispatchers by March; budget approved; the COO decides.');
    await form.getByRole('button', { name: 'Hand over' }).click();
    const result = page.getByTestId('handoff-result');
    await result.getByText('Queue Beta handed over to closer.one').waitFor();
    expect(await result.textContent()).toContain('chosen:');
    await page.getByTestId('queue-empty').waitFor();
    await page.getByTestId('stat-callsToday').getByText('2').waitFor();
    await screenshot(page, '10-queue-handed-over');
    await page.context().close();
  });

  it('the closer accepts the lead in the inbox and converts it to a deal', async () => {
    const page = await signIn('closer.one@e2e.test', password);
    await page.getByRole('link', { name: 'Hand-off inbox' }).click();
    const card = page.getByTestId('lead-card').filter({ hasText: 'Queue Beta' });
    await card.getByText('handed over by sdr.one').waitFor();
    expect(await card.getByTestId('handoff-note').textContent()).toContain('40 dispatchers');
    await card.getByRole('button', { name: 'Accept' }).click();
    await card.getByText('Accepted').waitFor();
    await card.getByRole('button', { name: 'Convert to deal' }).click();
    const dialog = page.getByRole('dialog', { name: 'A deal with Queue Beta' });
    await dialog.getByLabel('Title').fill('Dispatch CRM for Queue Beta');
    await dialog.getByRole('button', { name: 'Create deal' }).click();
    await page.waitForURL(/\/deals\?deal=/);
    const form = page.getByRole('form', { name: 'Open deal' });
    expect(await form.getByLabel('Title').inputValue()).toBe('Dispatch CRM for Queue Beta');
    await page.getByTestId('deal-card').filter({ hasText: 'Dispatch CRM for Queue Beta' }).waitFor();
    await screenshot(page, '11-lead-converted');
    await page.context().close();
  });

  it('a head overrides “Who gets this?” with a reason', async () => {
    const company = await admin.post<{ id: string }>('/companies', {
      name: 'Assignable Ltd',
      industry: 'Retail',
    });
    const page = await signIn('head.one@e2e.test', password);
    await page.goto(`${baseUrl()}/companies/${company.id}`);
    await page.getByRole('button', { name: 'Who gets this?' }).click();
    const dialog = page.getByTestId('who-gets-this');
    await dialog.getByText(/^Suggested: am\.(one|two) — /).waitFor();
    expect(await dialog.getByTestId('engine-explanation').textContent()).toMatch(/; chosen: /);
    const suggested = (await dialog.locator('[data-testid=candidate-row][data-chosen]').textContent()) ?? '';
    const other = dialog.locator('[data-testid=candidate-row]:not([data-chosen])').first();
    const otherName = suggested.includes('am.one') ? 'am.two' : 'am.one';
    await other.getByRole('radio').check();
    await dialog.getByRole('button', { name: 'Assign with this reason' }).click();
    await dialog.getByText('Say why you chose someone other than the suggestion.').waitFor();
    await dialog.getByLabel('Why this person').fill('Knows their retail director from a previous project');
    await screenshot(page, '12-who-gets-this');
    await dialog.getByRole('button', { name: 'Assign with this reason' }).click();
    await dialog.waitFor({ state: 'detached' });
    const details = page.getByRole('form', { name: 'Details' });
    expect(await details.getByLabel('Owner').inputValue()).toBe(otherName);
    const history = await admin.get<{ items: { overrideReason: string | null; rule: string }[] }>(
      `/assignments?kind=client&recordId=${company.id}`,
    );
    expect(history.items[0]).toMatchObject({
      rule: 'override',
      overrideReason: 'Knows their retail director from a previous project',
    });
    await page.context().close();
  });

  it('an absence added on the calendar routes work to the pair partner, who sees a covering banner', async () => {
    const company = await admin.post<{ id: string; version: number }>('/companies', {
      name: 'Covered Co',
      status: 'client',
      ownerId: people['am.one@e2e.test'],
    });
    await admin.post('/projects', {
      name: 'Covered Co: support',
      companyId: company.id,
      amId: people['am.one@e2e.test'],
      pmId: people['pm.one@e2e.test'],
    });

    const page = await signIn('am.one@e2e.test', password);
    await page.getByRole('link', { name: 'Absences' }).click();
    await page.getByRole('button', { name: 'Add absence' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add absence' });
    await dialog.getByRole('button', { name: 'Dates' }).click();
    const first = new Date();
    const last = new Date(first.getTime() + 2 * 86_400_000);
    const dayLabel = (date: Date) =>
      `${date.getDate()} ${date.toLocaleString('en-GB', { month: 'long' })} ${date.getFullYear()}`;
    await page.getByRole('button', { name: dayLabel(first), exact: true }).click();
    // The picker's own "Next month" (the calendar page behind the dialog has one too).
    if (last.getMonth() !== first.getMonth())
      await page.getByRole('button', { name: 'Next month' }).last().click();
    await page.getByRole('button', { name: dayLabel(last), exact: true }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('absence-row-am.one').getByTestId('absence-bar').first().waitFor();
    await page.getByTestId('my-absence').waitFor();
    await screenshot(page, '13-absence-calendar');
    await page.context().close();

    // New work for the absent AM on that client goes to the project's PM.
    const task = await admin.post<{ assigneeId: string; coveringForId: string }>('/tasks', {
      title: 'Send Covered Co the monthly report',
      assigneeId: people['am.one@e2e.test'],
      companyId: company.id,
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(task).toMatchObject({ assigneeId: people['pm.one@e2e.test'] });

    const partner = await signIn('pm.one@e2e.test', password);
    await partner
      .getByTestId('covering-banner')
      .getByText(/You are covering for am\.one \(vacation until/)
      .waitFor();
    await partner.getByRole('link', { name: 'My tasks' }).click();
    const row = partner.getByTestId('task-row').filter({ hasText: 'Send Covered Co the monthly report' });
    await row.getByText('Covering for am.one').waitFor();
    await screenshot(partner, '14-covering-banner');
    // The client the work is about opens for the PM of its project, though am.one owns it.
    await partner.goto(`${baseUrl()}/companies/${company.id}`);
    await partner.getByRole('heading', { name: 'Covered Co', level: 2 }).waitFor();
    await partner.waitForTimeout(500); // the card's tabs settle
    await screenshot(partner, '15-pm-opens-the-client');
    await partner.context().close();
  });

  it('the team load board charts accounts against caps', async () => {
    const page = await signIn('head.one@e2e.test', password);
    await page.getByRole('link', { name: 'Team load' }).click();
    const chart = page.getByTestId('team-load-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    const table = page.getByTestId('team-load-table');
    const amOne = table.getByRole('row').filter({ hasText: 'am.one' });
    await amOne.waitFor();
    expect(await amOne.textContent()).toMatch(/\d+\/25/);
    await screenshot(page, '15-team-load');
    await page.getByText('Sales', { exact: true }).click();
    await table.getByRole('row').filter({ hasText: 'closer.one' }).waitFor();
    // Sales has no cap: the chart shows each person's load instead.
    await chart.getByText('Load', { exact: true }).waitFor();
    await page.context().close();
  });
});
