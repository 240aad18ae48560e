import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './api.ts';
import { baseUrl, launchBrowser, screenshot } from './browser.ts';
import { E2E_ADMIN } from './global-setup.ts';

let browser: Browser;
let admin: Awaited<ReturnType<typeof apiSession>>;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];
const NINA = { email: 'nina.am@e2e.test', password: 'e2e-password' };

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.patch('/me', { locale: 'en' });
  await admin.post('/users', { ...NINA, name: 'Nina Orlova', roles: ['am'], locale: 'en' });
  receiver = createServer((request, response) => {
    request.on('data', () => undefined);
    request.on('end', () => {
      received.push(String(request.headers['x-tandem-event']));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tandem`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function signIn(account: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(baseUrl());
  await page.getByLabel(/e-mail|эл\. почта/i).fill(account.email);
  await page.getByLabel(/^password|^пароль/i).fill(account.password);
  await page.getByRole('button', { name: /sign in|войти/i }).click();
  await page.getByTestId('workspace-name').waitFor();
  return page;
}

describe('notifications, calendar feed and webhooks', () => {
  it('rings the bell for a task someone gave me and leads to its client', async () => {
    const nina = (await admin.get<{ items: { id: string; email: string }[] }>('/users')).items.find(
      (user) => user.email === NINA.email,
    )!;
    const company = await admin.post<{ id: string }>('/companies', {
      name: 'Lighthouse Foods',
      ownerId: nina.id,
    });
    await admin.post('/tasks', {
      title: 'Send the renewal contract',
      assigneeId: nina.id,
      companyId: company.id,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });

    const page = await signIn(NINA);
    const bell = page.getByTestId('notification-bell');
    await page.getByLabel('Notifications (1 unread)').waitFor();
    await bell.click();
    const item = page.getByText(/gave you a task: Send the renewal contract/);
    await item.waitFor();
    await screenshot(page, '40-notifications');
    await item.click();
    await page.getByRole('heading', { name: 'Lighthouse Foods' }).waitFor();
    await page.getByLabel('Notifications (0 unread)').waitFor();

    await page.getByTestId('me-link').click();
    await page.getByRole('button', { name: 'Make calendar address' }).click();
    const address = (await page.getByTestId('calendar-address').textContent())!;
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('SUMMARY:Send the renewal contract — Lighthouse Foods');
    await screenshot(page, '41-my-settings');
    await page.context().close();
  });

  it('adds a webhook, shows its secret once and tests the address', async () => {
    const page = await signIn(E2E_ADMIN);
    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByLabel('Address (URL)').fill(receiverUrl);
    await page.getByLabel('What it is for').fill('Warehouse system');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    expect(await page.getByTestId('webhook-secret').textContent()).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByText('The address answered 200.').waitFor();
    expect(received).toContain('ping');
    await page.getByRole('button', { name: 'Delivery log' }).click();
    await page.getByTestId('delivery-log').getByText('ping').waitFor();
    await screenshot(page, '42-webhooks');
    await page.context().close();
  });
});
