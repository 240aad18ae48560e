import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
} from '../../../test/harness.ts';
import { deliverDueWebhooks } from './deliver.ts';
import { signDelivery } from './webhook-events.ts';

/** A receiver on 127.0.0.1 that answers with the next queued status (200 when none). */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const answers: number[] = [];

let ctx: TestContext;
let admin: Client;
let sdr: Client;
let otherAdmin: Client;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = answers.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/tandem`;
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  admin = await signIn(ctx.app, ws.admin);
  sdr = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['sdr']));
  otherAdmin = await signIn(ctx.app, (await seedWorkspace(ctx.database)).admin);
});
afterAll(async () => {
  await ctx.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhooks', () => {
  let webhook: { id: string; secret: string; version: number };

  it('is made by an admin, with a secret shown once', async () => {
    const response = await admin.post('/api/v1/webhooks', {
      url: receiverUrl,
      description: 'Our warehouse system',
      events: ['company.created', 'deal.won', 'company.created'],
    });
    expect(response.statusCode).toBe(201);
    webhook = response.json();
    expect(webhook).toMatchObject({ events: ['company.created', 'deal.won'], active: true });
    expect(webhook.secret).toMatch(/^whsec_/);
    const listed = (await admin.get('/api/v1/webhooks')).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0].secret).toBeUndefined();
    const history = (await admin.get('/api/v1/audit-log?entityType=webhook')).json();
    expect(JSON.stringify(history)).not.toContain(webhook.secret);
  });

  it('posts a signed delivery for a change it listens to, written with the change', async () => {
    const company = (await admin.post('/api/v1/companies', { name: 'Северсталь-Сервис' })).json();
    await admin.post('/api/v1/contacts', { name: 'Not listened to', companyId: company.id });
    const outcomes = await deliverDueWebhooks(ctx.database);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: true, statusCode: 200 });
    const [delivery] = received;
    const payload = JSON.parse(delivery!.body);
    expect(payload).toMatchObject({
      event: 'company.created',
      entity: { type: 'company', id: company.id },
      data: { name: 'Северсталь-Сервис' },
    });
    expect(delivery!.headers['x-tandem-event']).toBe('company.created');
    expect(delivery!.headers['x-tandem-delivery']).toBe(payload.id);
    const timestamp = Number(delivery!.headers['x-tandem-timestamp']);
    expect(delivery!.headers['x-tandem-signature']).toBe(
      signDelivery(webhook.secret, timestamp, delivery!.body),
    );
    const log = (await admin.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).json().items;
    expect(log[0]).toMatchObject({
      event: 'company.created',
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
    });
    // Nothing is due any more.
    expect(await deliverDueWebhooks(ctx.database)).toEqual([]);
  });

  it('writes nothing for a change that was refused', async () => {
    const before = (await admin.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).json().items.length;
    expect((await admin.post('/api/v1/companies', { name: '' })).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).json().items).toHaveLength(before);
  });

  it('retries a failed delivery later with back-off, and again at once when asked', async () => {
    answers.push(500);
    await admin.post('/api/v1/companies', { name: 'Failing receiver' });
    const [failed] = await deliverDueWebhooks(ctx.database);
    expect(failed).toMatchObject({ ok: false, statusCode: 500, error: 'HTTP 500' });
    const [entry] = (await admin.get(`/api/v1/webhooks/${webhook.id}/deliveries?status=pending`)).json()
      .items;
    expect(entry).toMatchObject({ attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(Date.parse(entry.nextAttemptAt)).toBeGreaterThan(Date.now() + 20_000);
    expect(await deliverDueWebhooks(ctx.database)).toEqual([]);
    // Thirty seconds later it is due again.
    const later = () => new Date(Date.now() + 31_000);
    expect(await deliverDueWebhooks(ctx.database, { now: later })).toMatchObject([{ ok: true }]);

    answers.push(503);
    await admin.post('/api/v1/companies', { name: 'Second failure' });
    await deliverDueWebhooks(ctx.database);
    const [pending] = (await admin.get(`/api/v1/webhooks/${webhook.id}/deliveries?status=pending`)).json()
      .items;
    const retried = await admin.post(`/api/v1/webhooks/${webhook.id}/deliveries/${pending.id}/retry`);
    expect(retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await deliverDueWebhooks(ctx.database)).toMatchObject([{ ok: true }]);
  });

  it('answers a ping with how it went, and says why an unreachable address failed', async () => {
    const ping = (await admin.post(`/api/v1/webhooks/${webhook.id}/test`)).json();
    expect(ping).toMatchObject({ event: 'ping', status: 'succeeded', lastStatusCode: 200 });
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = (
      await admin.post('/api/v1/webhooks', { url: `http://127.0.0.1:${port}/nothing`, events: ['deal.won'] })
    ).json();
    const failed = (await admin.post(`/api/v1/webhooks/${unreachable.id}/test`)).json();
    expect(failed).toMatchObject({ event: 'ping', status: 'failed', lastStatusCode: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
  });

  it('stops sending when switched off, refuses a stale version and bad input', async () => {
    const off = await admin.patch(`/api/v1/webhooks/${webhook.id}`, {
      version: webhook.version,
      active: false,
    });
    expect(off.json().active).toBe(false);
    await admin.post('/api/v1/companies', { name: 'Nobody hears this' });
    expect(await deliverDueWebhooks(ctx.database)).toEqual([]);
    const stale = await admin.patch(`/api/v1/webhooks/${webhook.id}`, {
      version: webhook.version,
      active: true,
    });
    expect(stale.statusCode).toBe(409);
    const bad = await admin.post('/api/v1/webhooks', { url: 'ftp://example.com', events: ['nope'] });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['events.0', 'url']);
  });

  it('is for admins only, and another workspace’s webhook does not exist', async () => {
    expect((await sdr.get('/api/v1/webhooks')).statusCode).toBe(403);
    expect((await otherAdmin.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).statusCode).toBe(404);
    expect((await otherAdmin.delete(`/api/v1/webhooks/${webhook.id}`)).statusCode).toBe(404);
    expect((await otherAdmin.get('/api/v1/webhooks')).json().items).toEqual([]);
    expect((await admin.delete(`/api/v1/webhooks/${webhook.id}`)).statusCode).toBe(204);
  });
});
