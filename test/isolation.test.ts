import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, seedWorkspace, signIn, startTestApp, type TestContext } from './harness.ts';

/**
 * Two companies share one installation. Everything workspace A creates is invisible to workspace
 * B's admin — who sees all of their own — and B can neither read, change nor delete it: 404, so
 * that existence does not leak.
 */
let ctx: TestContext;
let a: Client;
let b: Client;
const records: { name: string; url: string; listUrl: string; patch?: object }[] = [];

beforeAll(async () => {
  ctx = await startTestApp();
  a = await signIn(ctx.app, (await seedWorkspace(ctx.database, { name: 'A' })).admin);
  b = await signIn(ctx.app, (await seedWorkspace(ctx.database, { name: 'B' })).admin);

  const company = (await a.post('/api/v1/companies', { name: 'Secret client', taxId: '7707083893' })).json();
  const contact = (
    await a.post('/api/v1/contacts', { name: 'Secret contact', companyId: company.id })
  ).json();
  const deal = (await a.post('/api/v1/deals', { title: 'Secret deal', companyId: company.id })).json();
  const activity = (
    await a.post('/api/v1/activities', { type: 'note', companyId: company.id, body: 'secret' })
  ).json();
  const task = (await a.post('/api/v1/tasks', { title: 'Secret task', companyId: company.id })).json();
  const me = (await a.get('/api/v1/me')).json();
  const team = (await a.post('/api/v1/teams', { name: 'Secret team' })).json();
  const grade = (await a.get('/api/v1/grades')).json().items[0];
  const pipeline = (await a.get('/api/v1/pipelines')).json().items[0];
  const source = (await a.get('/api/v1/lead-sources')).json().items[0];
  const field = (
    await a.post('/api/v1/custom-fields', { entity: 'company', key: 'secret', label: 'S', type: 'text' })
  ).json();

  records.push(
    {
      name: 'company',
      url: `/api/v1/companies/${company.id}`,
      listUrl: '/api/v1/companies',
      patch: { version: 1, name: 'x' },
    },
    {
      name: 'contact',
      url: `/api/v1/contacts/${contact.id}`,
      listUrl: '/api/v1/contacts',
      patch: { version: 1, name: 'x' },
    },
    {
      name: 'deal',
      url: `/api/v1/deals/${deal.id}`,
      listUrl: '/api/v1/deals',
      patch: { version: 1, title: 'x' },
    },
    {
      name: 'activity',
      url: `/api/v1/activities/${activity.id}`,
      listUrl: '/api/v1/activities',
      patch: { version: 1, body: 'x' },
    },
    {
      name: 'task',
      url: `/api/v1/tasks/${task.id}`,
      listUrl: '/api/v1/tasks',
      patch: { version: 1, title: 'x' },
    },
    {
      name: 'user',
      url: `/api/v1/users/${me.id}`,
      listUrl: '/api/v1/users',
      patch: { version: 1, name: 'x' },
    },
    {
      name: 'team',
      url: `/api/v1/teams/${team.id}`,
      listUrl: '/api/v1/teams',
      patch: { version: 1, name: 'x' },
    },
    {
      name: 'grade',
      url: `/api/v1/grades/${grade.id}`,
      listUrl: '/api/v1/grades',
      patch: { version: 1, name: 'x' },
    },
    {
      name: 'pipeline',
      url: `/api/v1/pipelines/${pipeline.id}`,
      listUrl: '/api/v1/pipelines',
      patch: { version: 1, name: 'x' },
    },
    {
      name: 'lead source',
      url: `/api/v1/lead-sources/${source.id}`,
      listUrl: '/api/v1/lead-sources',
      patch: { version: 1, name: 'x' },
    },
    {
      name: 'custom field',
      url: `/api/v1/custom-fields/${field.id}`,
      listUrl: '/api/v1/custom-fields',
      patch: { version: 1, label: 'x' },
    },
  );
});
afterAll(() => ctx.close());

describe('workspace isolation', () => {
  it('lets workspace A read each of its own records', async () => {
    for (const record of records) {
      if (['grade', 'lead source', 'custom field'].includes(record.name)) continue; // listed, not fetched one by one
      expect({ record: record.name, status: (await a.get(record.url)).statusCode }).toEqual({
        record: record.name,
        status: 200,
      });
    }
  });

  // Settings records (grades, lead sources, custom fields) have no GET by id; for them the change and
  // delete answers are the proof.
  it('answers 404 to workspace B for every record of A, to read, change or delete', async () => {
    for (const record of records) {
      const read = await b.get(record.url);
      const change = await b.patch(record.url, record.patch);
      const remove = await b.delete(record.url);
      expect({
        record: record.name,
        read: read.statusCode,
        change: change.statusCode,
        remove: remove.statusCode,
      }).toEqual({
        record: record.name,
        read: 404,
        change: 404,
        remove: 404,
      });
    }
  });

  it('shows workspace B none of A’s records in lists or search', async () => {
    for (const record of records) {
      const body = (await b.get(record.listUrl)).body;
      expect({
        record: record.name,
        leaks: body.includes('Secret') || body.includes(record.url.split('/').pop()!),
      }).toEqual({
        record: record.name,
        leaks: false,
      });
    }
    expect((await b.get('/api/v1/companies?q=Secret')).json().items).toEqual([]);
    expect((await b.get('/api/v1/audit-log')).body).not.toContain('Secret');
  });

  it('lets B reuse a tax id that A has (unique per workspace only)', async () => {
    expect((await b.post('/api/v1/companies', { name: 'Same INN', taxId: '7707083893' })).statusCode).toBe(
      201,
    );
  });
});
