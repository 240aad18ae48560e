import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  TEST_PASSWORD,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';

let ctx: TestContext;
let admin: Client;
let adminUser: TestUser;
let am: Client;
let grades: { id: string; name: string }[];

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  adminUser = ws.admin;
  admin = await signIn(ctx.app, ws.admin);
  am = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  grades = (await admin.get('/api/v1/grades')).json().items;
});
afterAll(() => ctx.close());

const grade = (name: string) => grades.find((g) => g.name === name)!.id;

describe('people', () => {
  it('adds a person who can then sign in; the e-mail must be new', async () => {
    const created = await admin.post('/api/v1/users', {
      email: 'sdr.one@example.test',
      name: 'Мария Кузнецова',
      password: 'welcome-maria',
      roles: ['sdr'],
      tier: 1,
      gradeId: grade('Junior'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('passwordHash');
    const login = await anonymous(ctx.app).post('/api/v1/auth/login', {
      email: 'sdr.one@example.test',
      password: 'welcome-maria',
    });
    expect(login.statusCode).toBe(200);
    const again = await admin.post('/api/v1/users', {
      email: 'SDR.one@example.test',
      name: 'x',
      roles: ['sdr'],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('email');
  });

  it('keeps the career path: tier 1 → tier 2 → tier 3 with grades', async () => {
    const person = (
      await admin.post('/api/v1/users', {
        email: 'career@example.test',
        name: 'Career',
        roles: ['sdr'],
        tier: 1,
      })
    ).json();
    const promoted = await admin.patch(`/api/v1/users/${person.id}`, {
      version: person.version,
      tier: 2,
      roles: ['sales'],
      careerNote: 'Closed the quarter plan',
    });
    expect(promoted.statusCode).toBe(200);
    await admin.patch(`/api/v1/users/${person.id}`, {
      version: promoted.json().version,
      tier: 3,
      roles: ['am'],
      gradeId: grade('Senior'),
    });
    const career = (await admin.get(`/api/v1/users/${person.id}/career`)).json().items;
    expect(career.map((step: { tier: number }) => step.tier)).toEqual([3, 2, 1]);
    expect(career[0].gradeName).toBe('Senior');
    expect(career[1].note).toBe('Closed the quarter plan');
  });

  it('lets an AM read people but not add them', async () => {
    expect((await am.get('/api/v1/users')).statusCode).toBe(200);
    expect(
      (await am.post('/api/v1/users', { email: 'x@example.test', name: 'x', roles: ['am'] })).statusCode,
    ).toBe(403);
    expect((await am.post('/api/v1/teams', { name: 'Mine' })).statusCode).toBe(403);
  });

  it('signs out and locks out a deactivated person', async () => {
    const person = await seedUser(ctx.database, adminUser.workspaceId, ['pm']);
    const client = await signIn(ctx.app, person);
    expect((await admin.post(`/api/v1/users/${person.id}/deactivate`)).statusCode).toBe(200);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
    const login = await anonymous(ctx.app).post('/api/v1/auth/login', {
      email: person.email,
      password: TEST_PASSWORD,
    });
    expect(login.statusCode).toBe(401);
  });

  it('never leaves the workspace without an admin', async () => {
    const me = (await admin.get(`/api/v1/users/${adminUser.id}`)).json();
    const demote = await admin.patch(`/api/v1/users/${adminUser.id}`, {
      version: me.version,
      roles: ['head'],
    });
    expect(demote.statusCode).toBe(409);
    expect((await admin.post(`/api/v1/users/${adminUser.id}/deactivate`)).statusCode).toBe(409);
  });

  it('flags a team lead with more than 7 direct reports and derives managers from teams', async () => {
    const lead = await seedUser(ctx.database, adminUser.workspaceId, ['team_lead']);
    const members = [];
    for (let i = 0; i < 8; i++) members.push(await seedUser(ctx.database, adminUser.workspaceId, ['am']));
    const team = await admin.post('/api/v1/teams', {
      name: 'Account management',
      leadUserId: lead.id,
      memberIds: [lead.id, ...members.map((m) => m.id)],
    });
    expect(team.json()).toMatchObject({ span: 8, overloaded: true });
    const smaller = await admin.put(`/api/v1/teams/${team.json().id}/members`, {
      memberIds: members.slice(0, 7).map((m) => m.id),
    });
    expect(smaller.json()).toMatchObject({ span: 7, overloaded: false });
    const member = (await admin.get(`/api/v1/users/${members[0]!.id}`)).json();
    expect(member.managers).toEqual([{ id: lead.id, name: expect.any(String) }]);
    const unknown = await admin.put(`/api/v1/teams/${team.json().id}/members`, {
      memberIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(422);
  });

  it('refuses to delete a grade people hold', async () => {
    const response = await admin.delete(`/api/v1/grades/${grade('Senior')}`);
    expect(response.statusCode).toBe(409);
    const unused = (
      await admin.post('/api/v1/grades', { name: 'Lead', rank: 4, criteria: 'Runs a team', clientCap: 10 })
    ).json();
    expect((await admin.delete(`/api/v1/grades/${unused.id}`)).statusCode).toBe(204);
  });

  it('changes workspace settings with a valid time zone only', async () => {
    const bad = await admin.patch('/api/v1/workspace', { timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('timeZone');
    const good = await admin.patch('/api/v1/workspace', { timeZone: 'Asia/Baku', name: 'Renamed' });
    expect(good.json()).toMatchObject({ timeZone: 'Asia/Baku', name: 'Renamed' });
    expect((await am.patch('/api/v1/workspace', { name: 'Nope' })).statusCode).toBe(403);
  });
});
