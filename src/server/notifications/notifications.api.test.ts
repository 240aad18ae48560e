import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';

let ctx: TestContext;
let head: Client;
let headUser: TestUser;
let am: Client;
let amUser: TestUser;
let stranger: Client;
let companyId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  headUser = await seedUser(ctx.database, ws.workspaceId, ['head'], { name: 'Head of sales' });
  amUser = await seedUser(ctx.database, ws.workspaceId, ['am'], { name: 'Anna AM' });
  head = await signIn(ctx.app, headUser);
  am = await signIn(ctx.app, amUser);
  stranger = await signIn(ctx.app, (await seedWorkspace(ctx.database)).admin);
  companyId = (await head.post('/api/v1/companies', { name: 'Ромашка', ownerId: amUser.id })).json().id;
});
afterAll(() => ctx.close());

describe('notification centre', () => {
  it('tells a person of a task someone else gave them, not the giver', async () => {
    const due = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await head.post('/api/v1/tasks', {
      title: 'Prepare the QBR deck',
      assigneeId: amUser.id,
      companyId,
      dueAt: due,
    });
    await am.post('/api/v1/tasks', { title: 'My own reminder' });
    const page = (await am.get('/api/v1/notifications')).json();
    expect(page.unread).toBe(1);
    expect(page.items).toEqual([
      expect.objectContaining({
        kind: 'task_assigned',
        params: expect.objectContaining({ title: 'Prepare the QBR deck', dueAt: due }),
        link: `/companies/${companyId}`,
        actor: { id: headUser.id, name: 'Head of sales' },
        readAt: null,
      }),
    ]);
    expect((await head.get('/api/v1/notifications')).json().items).toEqual([]);
  });

  it('tells colleagues mentioned with @ in a note', async () => {
    const handle = headUser.email.split('@')[0];
    await am.post('/api/v1/activities', { type: 'note', companyId, body: `@${handle} клиент просит скидку` });
    const [mention] = (await head.get('/api/v1/notifications?unread=true')).json().items;
    expect(mention).toMatchObject({
      kind: 'mention',
      params: { activityType: 'note', excerpt: `@${handle} клиент просит скидку` },
      link: `/companies/${companyId}`,
    });
  });

  it('marks one or all read; another person’s notification does not exist', async () => {
    const [first] = (await am.get('/api/v1/notifications')).json().items;
    expect((await stranger.post(`/api/v1/notifications/${first.id}/read`)).statusCode).toBe(404);
    expect((await head.post(`/api/v1/notifications/${first.id}/read`)).statusCode).toBe(404);
    expect((await am.post(`/api/v1/notifications/${first.id}/read`)).json()).toEqual({ unread: 0 });
    expect((await am.get('/api/v1/notifications?unread=true')).json().items).toEqual([]);
    expect((await head.post('/api/v1/notifications/read-all')).json()).toEqual({ unread: 0 });
    expect((await head.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 });
  });

  it('keeps each person’s digest choice', async () => {
    expect((await am.get('/api/v1/me/notification-settings')).json()).toEqual({ emailDigest: false });
    await am.put('/api/v1/me/notification-settings', { emailDigest: true });
    expect((await am.get('/api/v1/me/notification-settings')).json()).toEqual({ emailDigest: true });
    expect((await am.put('/api/v1/me/notification-settings', { emailDigest: 'yes' })).statusCode).toBe(400);
  });
});

describe('calendar feed', () => {
  it('serves my open tasks at a secret address, until replaced or revoked', async () => {
    expect((await am.get('/api/v1/me/calendar-feed')).json()).toEqual({ active: false, createdAt: null });
    const { url } = (await am.post('/api/v1/me/calendar-feed')).json();
    expect(url).toMatch(/\/api\/v1\/calendar\/cal_[\w-]+\.ics$/);
    const path = new URL(url).pathname;
    const feed = await anonymous(ctx.app).get(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain('SUMMARY:Prepare the QBR deck — Ромашка');
    expect(feed.body).not.toContain('My own reminder'); // no due date: not in a calendar

    const second = (await am.post('/api/v1/me/calendar-feed')).json().url;
    expect((await anonymous(ctx.app).get(path)).statusCode).toBe(404);
    expect((await anonymous(ctx.app).get(new URL(second).pathname)).statusCode).toBe(200);
    expect((await am.delete('/api/v1/me/calendar-feed')).statusCode).toBe(204);
    expect((await anonymous(ctx.app).get(new URL(second).pathname)).statusCode).toBe(404);
    expect((await anonymous(ctx.app).get('/api/v1/calendar/cal_guess.ics')).statusCode).toBe(404);
  });
});
