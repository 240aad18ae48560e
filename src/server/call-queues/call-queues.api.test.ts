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

    // The workspace's today may already be tomorrow in UTC (Moscow after 21:00 UTC): ask around it.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const stats = (await head.get(`/api/v1/call-queue/stats?from=${day(-1)}&to=${day(1)}`)).json();
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

describe('call lists from a segment', () => {
  let segmentIds: string[];
  let viewId: string;

  beforeAll(async () => {
    segmentIds = [];
    for (const [name, owner] of [
      ['Сегмент А', anna.id],
      ['Сегмент Б', null],
      ['Сегмент В', null],
    ] as const) {
      const company = await head.post('/api/v1/companies', {
        name,
        region: 'Сегментск',
        ...(owner ? { ownerId: owner } : {}),
      });
      expect(company.statusCode, company.body).toBe(201);
      segmentIds.push(company.json().id);
    }
    const view = await head.post('/api/v1/saved-views', {
      entity: 'company',
      name: 'Сегментск',
      filters: { region: 'Сегментск' },
      sort: '-name',
      shared: true,
    });
    expect(view.statusCode, view.body).toBe(201);
    viewId = view.json().id;
  });

  const queueOf = async (callListId: string) =>
    ctx.database.db
      .select()
      .from((await import('./schema.ts')).callQueueItems)
      .where(eq((await import('./schema.ts')).callQueueItems.callListId, callListId));

  it('resolves a saved view on the server, in the view’s order', async () => {
    const response = await head.post('/api/v1/call-lists', {
      name: 'From the view',
      callerIds: [anna.id, boris.id],
      savedViewId: viewId,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().counts.pending).toBe(3);
    const queue = (await queueOf(response.json().id)).sort((a, b) => a.position - b.position);
    // -name: В, Б, А; dealt round robin Anna, Boris, Anna.
    expect(queue.map((item) => [segmentIds.indexOf(item.companyId), item.assigneeId])).toEqual([
      [2, anna.id],
      [1, boris.id],
      [0, anna.id],
    ]);
    expect(response.json().byCaller).toEqual([
      { callerId: anna.id, total: 2, called: 0, qualified: 0, notInterested: 0, left: 2 },
      { callerId: boris.id, total: 1, called: 0, qualified: 0, notInterested: 0, left: 1 },
    ]);
  });

  it('takes the companies list’s filters instead of a view', async () => {
    const response = await head.post('/api/v1/call-lists', {
      name: 'From filters',
      callerIds: [boris.id],
      filters: { region: 'Сегментск', q: 'Сегмент Б' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const queue = await queueOf(response.json().id);
    expect(queue.map((item) => item.companyId)).toEqual([segmentIds[1]]);
  });

  it('keeps to what the person building the list may see', async () => {
    const response = await annaClient.post('/api/v1/call-lists', {
      name: 'Anna’s own',
      callerIds: [anna.id],
      savedViewId: viewId,
    });
    expect(response.statusCode, response.body).toBe(201);
    const queue = await queueOf(response.json().id);
    expect(queue.map((item) => item.companyId)).toEqual([segmentIds[0]]);
  });

  it('hides another workspace’s view and another person’s personal view (404)', async () => {
    const other = await seedWorkspace(ctx.database, { name: 'Elsewhere' });
    const stranger = await signIn(ctx.app, other.admin);
    const foreign = (
      await stranger.post('/api/v1/saved-views', { entity: 'company', name: 'Theirs', filters: {} })
    ).json();
    const viaForeign = await head.post('/api/v1/call-lists', {
      name: 'Nope',
      callerIds: [anna.id],
      savedViewId: foreign.id,
    });
    expect(viaForeign.statusCode).toBe(404);
    const personal = (
      await head.post('/api/v1/saved-views', { entity: 'company', name: 'Mine only', filters: {} })
    ).json();
    const viaPersonal = await annaClient.post('/api/v1/call-lists', {
      name: 'Nope',
      callerIds: [anna.id],
      savedViewId: personal.id,
    });
    expect(viaPersonal.statusCode).toBe(404);
  });

  it('builds a list from chosen ids only of the companies the builder sees', async () => {
    // The head's companies are nobody's Anna may see: for her they do not exist.
    const refused = await annaClient.post('/api/v1/call-lists', {
      name: 'Not mine',
      callerIds: [anna.id],
      companyIds: [companyIds[0]],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { field: 'companyIds', message: 'None of these companies exists.' },
    ]);
  });

  it('needs exactly one source of companies, and a view of companies (422 naming the fields)', async () => {
    const neither = await head.post('/api/v1/call-lists', { name: 'L', callerIds: [anna.id] });
    expect(neither.statusCode).toBe(422);
    expect(neither.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'companyIds',
      'savedViewId',
      'filters',
    ]);
    const both = await head.post('/api/v1/call-lists', {
      name: 'L',
      callerIds: [anna.id],
      companyIds: [segmentIds[0]],
      savedViewId: viewId,
    });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors.map((e: { field: string }) => e.field)).toEqual(['companyIds', 'savedViewId']);
    const contactsView = (
      await head.post('/api/v1/saved-views', { entity: 'contact', name: 'People', filters: {} })
    ).json();
    const wrongEntity = await head.post('/api/v1/call-lists', {
      name: 'L',
      callerIds: [anna.id],
      savedViewId: contactsView.id,
    });
    expect(wrongEntity.statusCode).toBe(422);
    expect(wrongEntity.json().errors[0].field).toBe('savedViewId');
    const empty = await head.post('/api/v1/call-lists', {
      name: 'L',
      callerIds: [anna.id],
      filters: { region: 'Nowhere at all' },
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0]).toMatchObject({ field: 'filters' });
  });

  it('shows progress per caller: called, qualified, not interested, left', async () => {
    const lists = (await head.get('/api/v1/call-lists')).json().items;
    const first = lists.find((list: { id: string }) => list.id === listId);
    // Anna: Альфа no answer, Дельта call back; Boris: one qualified of his two.
    expect(first.byCaller).toEqual([
      { callerId: anna.id, total: 2, called: 2, qualified: 0, notInterested: 0, left: 2 },
      { callerId: boris.id, total: 2, called: 1, qualified: 1, notInterested: 0, left: 1 },
    ]);
  });

  it('takes an archived list’s calls out of the queue, and back when restored', async () => {
    const vera = await seedUser(ctx.database, workspaceId, ['sdr'], { name: 'Vera', tier: 1 });
    const veraClient = await signIn(ctx.app, vera);
    const list = (
      await head.post('/api/v1/call-lists', {
        name: 'To archive',
        callerIds: [vera.id],
        companyIds: [segmentIds[1]],
      })
    ).json();
    expect((await veraClient.get('/api/v1/call-queue/next')).json().item.callListId).toBe(list.id);
    const archived = await head.patch(`/api/v1/call-lists/${list.id}`, {
      archived: true,
      version: list.version,
    });
    expect(archived.statusCode).toBe(200);
    expect((await veraClient.get('/api/v1/call-queue/next')).json().item).toBeNull();
    expect(
      (await head.get('/api/v1/call-lists')).json().items.map((l: { id: string }) => l.id),
    ).not.toContain(list.id);
    await head.patch(`/api/v1/call-lists/${list.id}`, { archived: false, version: archived.json().version });
    expect((await veraClient.get('/api/v1/call-queue/next')).json().item.callListId).toBe(list.id);
  });
});
