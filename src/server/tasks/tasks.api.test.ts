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

let ctx: TestContext;
let am: Client;
let amUser: TestUser;
let otherAm: Client;
let companyId: string;

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  amUser = await seedUser(ctx.database, ws.workspaceId, ['am']);
  am = await signIn(ctx.app, amUser);
  otherAm = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  companyId = (await am.post('/api/v1/companies', { name: 'Tasks Inc' })).json().id;
  await am.patch('/api/v1/me', { locale: 'en' });
});
afterAll(() => ctx.close());

describe('tasks', () => {
  it('groups my open tasks into overdue, today and upcoming', async () => {
    await am.post('/api/v1/tasks', {
      title: 'Overdue call',
      dueAt: hoursFromNow(-48),
      companyId,
      priority: 'high',
    });
    await am.post('/api/v1/tasks', { title: 'Next month', dueAt: hoursFromNow(24 * 30) });
    await am.post('/api/v1/tasks', { title: 'Someday' });
    const mine = (await am.get('/api/v1/tasks/mine')).json();
    expect(mine.timeZone).toBe('Europe/Moscow');
    expect(mine.overdue.map((t: { title: string }) => t.title)).toEqual(['Overdue call']);
    expect(mine.upcoming.map((t: { title: string }) => t.title)).toEqual(['Next month', 'Someday']);
  });

  it('completes in one click and reopens', async () => {
    const task = (await am.post('/api/v1/tasks', { title: 'Send the act', dueAt: hoursFromNow(1) })).json();
    expect(task.assigneeId).toBe(amUser.id);
    const done = await am.post(`/api/v1/tasks/${task.id}/complete`, { version: 1 });
    expect(done.json()).toMatchObject({ status: 'done', version: 2 });
    expect(done.json().completedAt).not.toBeNull();
    const mine = (await am.get('/api/v1/tasks/mine')).json();
    expect(
      [...mine.overdue, ...mine.today, ...mine.upcoming].some((t: { id: string }) => t.id === task.id),
    ).toBe(false);
    const reopened = await am.patch(`/api/v1/tasks/${task.id}`, {
      version: 2,
      status: 'open',
      dueAt: hoursFromNow(48),
    });
    expect(reopened.json()).toMatchObject({ status: 'open', completedAt: null });
  });

  it('refuses a stale version, an unknown assignee and an invisible company', async () => {
    const task = (await am.post('/api/v1/tasks', { title: 'Versioned' })).json();
    await am.patch(`/api/v1/tasks/${task.id}`, { version: 1, title: 'v2' });
    expect((await am.patch(`/api/v1/tasks/${task.id}`, { version: 1, title: 'v3' })).statusCode).toBe(409);
    const badAssignee = await am.post('/api/v1/tasks', {
      title: 'x',
      assigneeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(badAssignee.json().errors[0].field).toBe('assigneeId');
    const hidden = await otherAm.post('/api/v1/tasks', { title: 'x', companyId });
    expect(hidden.json().errors[0].field).toBe('companyId');
  });

  it('lists overdue tasks and hides others’ tasks', async () => {
    const overdue = (await am.get('/api/v1/tasks?overdue=true')).json().items;
    expect(overdue.map((t: { title: string }) => t.title)).toEqual(['Overdue call']);
    expect((await otherAm.get('/api/v1/tasks')).json().items).toEqual([]);
    expect((await otherAm.get(`/api/v1/tasks/${overdue[0].id}`)).statusCode).toBe(404);
  });
});
