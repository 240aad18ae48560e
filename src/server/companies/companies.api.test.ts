import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
} from '../../../test/harness.ts';

let ctx: TestContext;
let admin: Client;
let am: Client;
let otherAm: Client;
let amId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  const amUser = await seedUser(ctx.database, ws.workspaceId, ['am']);
  const otherAmUser = await seedUser(ctx.database, ws.workspaceId, ['am']);
  amId = amUser.id;
  admin = await signIn(ctx.app, ws.admin);
  am = await signIn(ctx.app, amUser);
  otherAm = await signIn(ctx.app, otherAmUser);
});
afterAll(() => ctx.close());

describe('companies', () => {
  it('creates a company owned by its creator, normalising tax id, domain and tags', async () => {
    const response = await am.post('/api/v1/companies', {
      name: 'Рога и копыта',
      taxId: '7701 234 567',
      domain: 'https://www.Roga-Kopyta.ru/about',
      tags: ['key', 'key', 'fintech'],
      industry: 'Финтех',
    });
    expect(response.statusCode).toBe(201);
    const company = response.json();
    expect(company).toMatchObject({
      name: 'Рога и копыта',
      taxId: '7701234567',
      domain: 'roga-kopyta.ru',
      tags: ['key', 'fintech'],
      ownerId: amId,
      status: 'prospect',
      version: 1,
    });
  });

  it('refuses bad input with per-field problem+json and creates nothing', async () => {
    const response = await am.post('/api/v1/companies', { name: '', domain: 'not a domain', size: 'huge' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['domain', 'name', 'size']);
  });

  it('refuses a second company with the same tax id', async () => {
    await am.post('/api/v1/companies', { name: 'First', taxId: '500100732259' });
    const response = await am.post('/api/v1/companies', { name: 'Second', taxId: '500100732259' });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors[0].field).toBe('taxId');
  });

  it('refuses a stale version with 409 and keeps the newer change', async () => {
    const created = (await am.post('/api/v1/companies', { name: 'Versioned' })).json();
    const first = await am.patch(`/api/v1/companies/${created.id}`, { version: 1, region: 'Москва' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await am.patch(`/api/v1/companies/${created.id}`, { version: 1, region: 'Казань' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const current = (await am.get(`/api/v1/companies/${created.id}`)).json();
    expect(current.region).toBe('Москва');
  });

  it('keeps every change in the history', async () => {
    const created = (await am.post('/api/v1/companies', { name: 'Audited' })).json();
    await am.patch(`/api/v1/companies/${created.id}`, { version: 1, name: 'Audited Ltd' });
    const history = (await am.get(`/api/v1/companies/${created.id}/history`)).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(history.items[0].before.name).toBe('Audited');
    expect(history.items[0].after.name).toBe('Audited Ltd');
  });

  it('finds companies by Russian and English word forms and by prefix', async () => {
    await am.post('/api/v1/companies', { name: 'Северные продажи', industry: 'Retail consulting' });
    const russian = (await am.get(`/api/v1/companies?q=${encodeURIComponent('продажами')}`)).json();
    expect(russian.items.map((c: { name: string }) => c.name)).toContain('Северные продажи');
    const english = (await am.get('/api/v1/companies?q=consult')).json();
    expect(english.items.map((c: { name: string }) => c.name)).toContain('Северные продажи');
  });

  it('pages with a keyset cursor without repeating or skipping', async () => {
    for (let i = 0; i < 7; i++)
      await admin.post('/api/v1/companies', { name: `Paged ${i}`, tags: ['paged'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/companies?tags=paged&limit=3&sort=-name${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin.get(url)).json();
      seen.push(...page.items.map((c: { name: string }) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Paged 6', 'Paged 5', 'Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged 0']);
  });

  it('refuses an unknown sort with the allowed ones named', async () => {
    const response = await am.get('/api/v1/companies?sort=secret');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'sort' });
  });

  it('shows an AM only their own companies; others get 404', async () => {
    const mine = (await am.post('/api/v1/companies', { name: 'Mine only' })).json();
    const list = (await otherAm.get('/api/v1/companies?q=Mine')).json();
    expect(list.items.find((c: { id: string }) => c.id === mine.id)).toBeUndefined();
    expect((await otherAm.get(`/api/v1/companies/${mine.id}`)).statusCode).toBe(404);
    expect((await otherAm.patch(`/api/v1/companies/${mine.id}`, { version: 1, name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await admin.get(`/api/v1/companies/${mine.id}`)).statusCode).toBe(200);
  });

  it('archives and restores; archived companies leave the default list', async () => {
    const created = (await admin.post('/api/v1/companies', { name: 'To archive' })).json();
    expect((await admin.delete(`/api/v1/companies/${created.id}`)).statusCode).toBe(200);
    const active = (await admin.get('/api/v1/companies?q=archive')).json();
    expect(active.items.find((c: { id: string }) => c.id === created.id)).toBeUndefined();
    const archived = (await admin.get('/api/v1/companies?q=archive&archived=true')).json();
    expect(archived.items.find((c: { id: string }) => c.id === created.id)).toBeDefined();
    expect((await admin.post(`/api/v1/companies/${created.id}/restore`)).json().archivedAt).toBeNull();
  });

  it('does not let an AM archive (no crm:delete)', async () => {
    const created = (await am.post('/api/v1/companies', { name: 'Keep me' })).json();
    const response = await am.delete(`/api/v1/companies/${created.id}`);
    expect(response.statusCode).toBe(403);
  });
});
