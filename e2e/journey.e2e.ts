import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

interface MapBody {
  stages: { name: string; touchpoints: { id: string; name: string }[] }[];
}

let browser: Browser;
let companyId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  // The map, a client on its kick-off, and the instruction for the touchpoint after it.
  await admin.post('/journey/template', { locale: 'en', replace: true });
  const map = await admin.get<MapBody>('/journey');
  const touchpoints = map.stages.flatMap((stage) => stage.touchpoints);
  const kickoff = touchpoints.find((tp) => tp.name === 'Kick-off meeting')!;
  const access = touchpoints.find((tp) => tp.name === 'Access handover')!;
  const me = await admin.get<{ id: string }>('/me');
  const company = await admin.post<{ id: string }>('/companies', {
    name: 'Blue Harbour Logistics',
    status: 'client',
    ownerId: me.id,
  });
  companyId = company.id;
  const pm = await admin.post<{ id: string }>('/users', {
    email: 'pm.journey@e2e.test',
    name: 'Paula PM',
    password: 'e2e-password',
    roles: ['pm'],
    locale: 'en',
  });
  await admin.post('/projects', { name: 'Blue Harbour site', companyId, pmId: pm.id });
  await admin.post(`/companies/${companyId}/journey/enter`, { touchpointId: kickoff.id });
  await admin.post('/knowledge/articles', {
    kind: 'instruction',
    title: 'Access handover checklist',
    body: '## Checklist\n\n- Analytics: **admin** rights\n- Ad accounts\n- Hosting and repositories',
    status: 'published',
    tags: ['onboarding'],
    links: [{ targetType: 'touchpoint', targetId: access.id }],
  });
});
afterAll(() => browser?.close());

async function signIn(email = E2E_ADMIN.email, password = E2E_ADMIN.password): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(baseUrl());
  await page.getByLabel(/e-mail|эл\. почта/i).fill(email);
  await page.getByLabel(/^password|^пароль/i).fill(password);
  await page.getByRole('button', { name: /sign in|войти/i }).click();
  await page.getByTestId('workspace-name').waitFor();
  return page;
}

describe('customer journey and knowledge base', () => {
  it('enters a client’s next touchpoint and opens its linked instruction', async () => {
    const page = await signIn();
    await page.goto(`${baseUrl()}/companies/${companyId}`);
    await page.getByRole('tab', { name: 'Journey' }).click();
    const current = page.getByTestId('current-touchpoint');
    await expect.poll(() => current.textContent()).toBe('Kick-off meeting');
    await page.getByRole('button', { name: 'Enter next: Access handover' }).click();
    await expect.poll(() => current.textContent()).toBe('Access handover');
    await page.getByText('Tasks created: 2').waitFor();
    await screenshot(page, 'journey-01-client-journey');

    const journey = page.getByTestId('client-journey');
    await journey.getByText('Access handover checklist').first().click();
    await page.getByRole('heading', { name: 'Access handover checklist' }).waitFor();
    const body = page.getByTestId('article-body');
    expect(await body.locator('li').count()).toBe(3);
    expect(await body.locator('strong').textContent()).toBe('admin');
    await screenshot(page, 'journey-02-linked-instruction');

    await page.getByRole('link', { name: 'Customer journey' }).click();
    await page.getByRole('tab', { name: 'Matrix' }).click();
    const matrix = page.getByTestId('journey-matrix');
    await matrix.getByText('Kick-off meeting').waitFor();
    expect(await matrix.locator('tbody tr').count()).toBe(47); // 40 touchpoints and 7 stage rows
    await screenshot(page, 'journey-04-matrix');
    await page.getByRole('tab', { name: 'Job descriptions' }).click();
    await page.getByRole('heading', { name: 'Job description: Account manager' }).waitFor();
    await screenshot(page, 'journey-05-job-description');
    await page.context().close();
  });

  it('writes an article and finds it through the header search', async () => {
    const page = await signIn();
    await page.getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('link', { name: 'New article' }).click();
    await page.getByLabel('Title').fill('Quarterly business review agenda');
    await page
      .getByLabel('Text (Markdown)')
      .fill('# Agenda\n\n1. Results against KPIs\n2. Renewal and upsell ideas');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Agenda' }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('heading', { name: 'Quarterly business review agenda' }).waitFor();

    await page.goto(`${baseUrl()}/`);
    await page.getByLabel('Find anywhere').fill('renewals');
    const results = page.getByTestId('search-results');
    await results.getByText('Quarterly business review agenda').waitFor();
    expect(await results.locator('mark').first().textContent()).toBe('Renewal');
    await screenshot(page, 'journey-03-header-search');
    await results.getByText('Quarterly business review agenda').click();
    await page.getByRole('heading', { name: 'Quarterly business review agenda' }).waitFor();

    await page.getByRole('link', { name: 'Knowledge base' }).first().click();
    await page.getByLabel('Search the knowledge base').fill('kpi results');
    const list = page.getByTestId('article-list');
    await list.locator('mark').first().waitFor();
    expect(await list.getByRole('link').allTextContents()).toEqual(['Quarterly business review agenda']);
    await screenshot(page, 'journey-07-knowledge-search');
    await page.context().close();
  });

  it('shows the article linked to a call list beside the call', async () => {
    const admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
    const sdr = await admin.post<{ id: string }>('/users', {
      email: 'sdr.journey@e2e.test',
      name: 'Sasha SDR',
      password: 'e2e-password',
      roles: ['sdr'],
      locale: 'en',
      tier: 1,
    });
    const company = await admin.post<{ id: string }>('/companies', { name: 'Script Test Ltd' });
    await admin.post('/contacts', {
      companyId: company.id,
      name: 'Dina Director',
      phones: ['+7 495 555-01-02'],
    });
    const list = await admin.post<{ id: string }>('/call-lists', {
      name: 'Script test list',
      callerIds: [sdr.id],
      companyIds: [company.id],
    });
    await admin.post('/knowledge/articles', {
      kind: 'instruction',
      title: 'Opening the call',
      body: '1. Say **who you are**.\n2. Ask who handles sales.',
      status: 'published',
      links: [{ targetType: 'call_list', targetId: list.id }],
    });
    const page = await signIn('sdr.journey@e2e.test', 'e2e-password');
    await page.goto(`${baseUrl()}/queue`);
    const script = page.getByTestId('call-script-article');
    await script.getByText('Opening the call').waitFor();
    expect(await script.locator('strong').textContent()).toBe('who you are');
    await screenshot(page, 'journey-06-call-script');
    await page.context().close();
  });
});
