import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';
import { tasks } from '../tasks/schema.ts';
import { users } from '../users/schema.ts';

let ctx: TestContext;
let workspaceId: string;
let head: Client;
let anna: TestUser;
let boris: TestUser;
let annaClient: Client;
let closer: TestUser;
let companyIds: string[];
let listId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  workspaceId = ws.workspaceId;
  head = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['head'], { name: 'Head' }));
  anna = await seedUser(ctx.database, workspaceId, ['sdr'], { name: 'Anna', tier: 1 });
  boris = await seedUser(ctx.database, workspaceId, ['sdr'], { name: 'Boris', tier: 1 });
  closer = await seedUser(ctx.database, workspaceId, ['sales'], { name: 'Closer', tier: 2 });
  annaClient = await signIn(ctx.app, anna);
  await ctx.database.db.update(users).set({ region: 'Казань' }).where(eq(users.id, boris.id));
  companyIds = [];
  for (const [name, region] of [
    ['Альфа', 'Москва'],
    ['Бета', 'Казань'],
    ['Гамма', 'Москва'],
    ['Дельта', 'Самара'],
  ] as const) {
    const company = (await head.post('/api/v1/companies', { name, region })).json();
    await head.post('/api/v1/contacts', {
      name: `Директор ${name}`,
      companyId: company.id,
      phones: ['+7 912 345-67-89'],
    });
    companyIds.push(company.id);
  }
});
afterAll(() => ctx.close());

describe('call lists and the tier-1 queue', () => {
  it('deals a list out among callers by region, the rest round robin', async () => {
    const response = await head.post('/api/v1/call-lists', {
      name: 'Logistics, November',
      distribution: 'region',
      callerIds: [anna.id, boris.id],
      script: 'Hello, this is Tandem…',
      companyIds,
    });
    expect(response.statusCode).toBe(201);
    listId = response.json().id;
    expect(response.json().counts).toMatchObject({ pending: 4, qualified: 0 });
    const lists = (await annaClient.get('/api/v1/call-lists')).json().items;
    expect(lists.map((list: { id: string }) => list.id)).toEqual([listId]);
  });

  it('shows a caller their next call with the company, contacts and script', async () => {
    const next = (await annaClient.get('/api/v1/call-queue/next')).json().item;
    expect(next.company.name).toBe('Альфа');
    expect(next.script).toBe('Hello, this is Tandem…');
    expect(next.contacts[0]).toMatchObject({ name: 'Директор Альфа', phones: ['+79123456789'] });
    expect(next.contactId).toBe(next.contacts[0].id);
    // Бета goes to Boris (Казань); the rest round robin: Альфа and Дельта to Anna, Гамма to Boris.
    expect(next.remaining).toBe(2);
  });

  it('puts an unanswered call back in the queue for later', async () => {
    const next = (await annaClient.get('/api/v1/call-queue/next')).json().item;
    const result = await annaClient.post(`/api/v1/call-queue/items/${next.id}/outcome`, {
      outcome: 'no_answer',
      version: next.version,
    });
    expect(result.statusCode).toBe(200);
    expect(result.json().item.status).toBe('no_answer');
    expect(new Date(result.json().item.nextCallAt).getTime()).toBeGreaterThan(Date.now());
    const following = (await annaClient.get('/api/v1/call-queue/next')).json().item;
    expect(following.company.name).toBe('Дельта');
  });

  it('refuses an outcome without what it needs, naming the field', async () => {
    const next = (await annaClient.get('/api/v1/call-queue/next')).json().item;
    const refused = await annaClient.post(`/api/v1/call-queue/items/${next.id}/outcome`, {
      outcome: 'not_interested',
      version: next.version,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([{ field: 'reason', message: 'Say why they are not interested.' }]);
  });

  it('books a callback as a task', async () => {
    const next = (await annaClient.get('/api/v1/call-queue/next')).json().item;
    const callbackAt = new Date(Date.now() + 86_400_000).toISOString();
    const result = await annaClient.post(`/api/v1/call-queue/items/${next.id}/outcome`, {
      outcome: 'callback',
      version: next.version,
      callbackAt,
      note: 'Ask for the CFO',
    });
    expect(result.json().item).toMatchObject({ status: 'callback', nextCallAt: callbackAt });
    const [task] = await ctx.database.db.select().from(tasks).where(eq(tasks.id, result.json().taskId));
    expect(task).toMatchObject({ origin: 'callback', assigneeId: anna.id, title: 'Call back Дельта' });
    expect((await annaClient.get('/api/v1/call-queue/next')).json().item).toBeNull();
  });

  it('hands a qualified lead to tier 2 through the assignment engine, and counts it', async () => {
    const borisClient = await signIn(ctx.app, boris);
    const next = (await borisClient.get('/api/v1/call-queue/next')).json().item;
    const missingNote = await borisClient.post(`/api/v1/call-queue/items/${next.id}/outcome`, {
      outcome: 'qualified',
      version: next.version,
    });
    expect(missingNote.json().errors[0].field).toBe('handoffNote');
    const result = await borisClient.post(`/api/v1/call-queue/items/${next.id}/outcome`, {
      outcome: 'qualified',
      version: next.version,
      handoffNote: 'Needs a CRM rollout in Q1, budget approved, the COO decides',
      durationSeconds: 240,
    });
    expect(result.statusCode).toBe(200);
    expect(result.json().assignment).toMatchObject({ assigneeId: closer.id });
    expect(result.json().assignment.explanation).toContain('Closer');

    const closerClient = await signIn(ctx.app, closer);
    const inbox = (await closerClient.get('/api/v1/leads?assignee=me&status=new')).json().items;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      origin: 'call_queue',
      handedOverByName: 'Boris',
      note: expect.stringContaining('COO'),
    });

    const converted = await closerClient.post(`/api/v1/leads/${inbox[0].id}/convert`, {
      title: 'CRM rollout',
    });
    expect(converted.statusCode).toBe(201);
    expect(converted.json().deal).toMatchObject({ ownerId: closer.id, title: 'CRM rollout', kind: 'new' });
    expect(converted.json().lead.status).toBe('converted');

    const today = new Date().toISOString().slice(0, 10);
    const stats = (await head.get(`/api/v1/call-queue/stats?from=${today}&to=${today}`)).json();
    const byName = Object.fromEntries(stats.items.map((row: { name: string }) => [row.name, row]));
    expect(byName.Boris).toMatchObject({ calls: 1, qualified: 1, conversionBp: 10000 });
    expect(byName.Anna).toMatchObject({ calls: 2, qualified: 0, conversionBp: 0 });
  });

  it('keeps one caller’s queue from another and other workspaces out', async () => {
    const [item] = await ctx.database.db
      .select()
      .from((await import('./schema.ts')).callQueueItems)
      .where(and(eq((await import('./schema.ts')).callQueueItems.assigneeId, boris.id)));
    const foreign = await annaClient.post(`/api/v1/call-queue/items/${item!.id}/outcome`, {
      outcome: 'no_answer',
      version: item!.version,
    });
    expect(foreign.statusCode).toBe(404);
    const other = await seedWorkspace(ctx.database, { name: 'Other' });
    const stranger = await signIn(ctx.app, other.admin);
    expect((await stranger.get('/api/v1/call-lists')).json().items).toEqual([]);
    expect(
      (
        await stranger.post(`/api/v1/call-queue/items/${item!.id}/outcome`, {
          outcome: 'no_answer',
          version: 1,
        })
      ).statusCode,
    ).toBe(404);
  });
});
