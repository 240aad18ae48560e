import { sql } from 'drizzle-orm';
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
let admin: Client;
let amClient: Client;
let otherAmClient: Client;
let am: TestUser;
let pm: TestUser;
let lead: TestUser;
let lawyer: TestUser;
let otherAm: TestUser;

interface MapBody {
  stages: {
    id: string;
    name: string;
    position: number;
    version: number;
    touchpoints: {
      id: string;
      name: string;
      position: number;
      version: number;
      responsible: { role: string };
    }[];
  }[];
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'en' });
  admin = await signIn(ctx.app, ws.admin);
  am = await seedUser(ctx.database, ws.workspaceId, ['am'], { name: 'Anna AM' });
  pm = await seedUser(ctx.database, ws.workspaceId, ['pm'], { name: 'Pavel PM' });
  lead = await seedUser(ctx.database, ws.workspaceId, ['team_lead'], { name: 'Lena Lead' });
  lawyer = await seedUser(ctx.database, ws.workspaceId, ['finance'], { name: 'Lev Lawyer' });
  otherAm = await seedUser(ctx.database, ws.workspaceId, ['am'], { name: 'Oleg AM' });
  amClient = await signIn(ctx.app, am);
  otherAmClient = await signIn(ctx.app, otherAm);
  await admin.post('/api/v1/teams', {
    name: 'Accounts',
    leadUserId: lead.id,
    memberIds: [am.id, otherAm.id],
  });
});
afterAll(() => ctx.close());

async function newClient(name: string, ownerId: string, pmId: string | null = pm.id) {
  const company = (await admin.post('/api/v1/companies', { name, ownerId, status: 'client' })).json();
  expect(company.status).toBe('client');
  if (pmId) {
    const project = await admin.post('/api/v1/projects', {
      name: `${name} site`,
      companyId: company.id,
      pmId,
      amId: ownerId,
    });
    expect(project.statusCode).toBe(201);
  }
  return company.id as string;
}

describe('journey map configuration', () => {
  let map: MapBody;

  it('adds stages and touchpoints in order, inserts at a position, reorders and renumbers', async () => {
    const empty = await admin.get('/api/v1/journey');
    expect(empty.json()).toEqual({ stages: [] });
    await admin.post('/api/v1/journey/stages', { name: 'Onboarding' });
    await admin.post('/api/v1/journey/stages', { name: 'Delivery' });
    const inserted = await admin.post('/api/v1/journey/stages', { name: 'Sales', position: 0 });
    expect(inserted.statusCode).toBe(201);
    map = inserted.json();
    expect(map.stages.map((s) => [s.name, s.position])).toEqual([
      ['Sales', 0],
      ['Onboarding', 1],
      ['Delivery', 2],
    ]);

    const onboarding = map.stages[1]!;
    const kickoff = await admin.post('/api/v1/journey/touchpoints', {
      stageId: onboarding.id,
      name: 'Kick-off',
      expectedDays: 3,
      responsible: { role: 'pm' },
      communicator: { role: 'am' },
      support: { role: 'team_lead' },
    });
    expect(kickoff.statusCode).toBe(201);
    expect(kickoff.json()).toMatchObject({
      name: 'Kick-off',
      position: 0,
      responsible: { role: 'pm', userId: null },
      support: { role: 'team_lead', userId: null },
    });
    await admin.post('/api/v1/journey/touchpoints', {
      stageId: onboarding.id,
      name: 'Access',
      expectedDays: 2,
    });
    await admin.post('/api/v1/journey/touchpoints', {
      stageId: onboarding.id,
      name: 'Welcome letter',
      position: 0,
      responsible: { role: 'am' },
    });
    map = (await admin.get('/api/v1/journey')).json();
    const names = () => map.stages[1]!.touchpoints.map((t) => `${t.position}:${t.name}`);
    expect(names()).toEqual(['0:Welcome letter', '1:Kick-off', '2:Access']);

    const [welcome, kick, access] = map.stages[1]!.touchpoints;
    map = (
      await admin.post(`/api/v1/journey/stages/${onboarding.id}/touchpoints/order`, {
        ids: [kick!.id, access!.id, welcome!.id],
      })
    ).json();
    expect(names()).toEqual(['0:Kick-off', '1:Access', '2:Welcome letter']);

    const refused = await admin.post('/api/v1/journey/stages/order', { ids: [map.stages[0]!.id] });
    expect(refused.statusCode).toBe(422);
    map = (
      await admin.post('/api/v1/journey/stages/order', { ids: [...map.stages].reverse().map((s) => s.id) })
    ).json();
    expect(map.stages.map((s) => s.name)).toEqual(['Delivery', 'Onboarding', 'Sales']);
  });

  it('changes a touchpoint with its version, names a person, refuses a stale version and a stranger', async () => {
    const touchpoint = map.stages[1]!.touchpoints[1]!;
    const changed = await admin.patch(`/api/v1/journey/touchpoints/${touchpoint.id}`, {
      version: touchpoint.version,
      expectedDays: 5,
      responsible: { role: 'person', userId: lawyer.id },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      expectedDays: 5,
      responsible: { role: 'person', userId: lawyer.id },
      version: 2,
    });
    const stale = await admin.patch(`/api/v1/journey/touchpoints/${touchpoint.id}`, {
      version: 1,
      name: 'x',
    });
    expect(stale.statusCode).toBe(409);
    const noPerson = await admin.patch(`/api/v1/journey/touchpoints/${touchpoint.id}`, {
      version: 2,
      support: { role: 'person' },
    });
    expect(noPerson.statusCode).toBe(400);
    const history = (await admin.get('/api/v1/audit-log?entityType=journey_touchpoint')).json();
    expect(history.items.length).toBeGreaterThan(0);
  });

  it('moves a touchpoint to another stage, at its end', async () => {
    const from = map.stages[1]!;
    const to = map.stages[2]!;
    const moving = from.touchpoints[0]!;
    await admin.post('/api/v1/journey/touchpoints', { stageId: to.id, name: 'Proposal' });
    const moved = await admin.patch(`/api/v1/journey/touchpoints/${moving.id}`, {
      version: moving.version,
      stageId: to.id,
    });
    expect(moved.statusCode).toBe(200);
    map = (await admin.get('/api/v1/journey')).json();
    expect(map.stages[1]!.touchpoints.map((t) => `${t.position}:${t.name}`)).toEqual([
      '0:Access',
      '1:Welcome letter',
    ]);
    expect(map.stages[2]!.touchpoints.map((t) => `${t.position}:${t.name}`)).toEqual([
      '0:Proposal',
      `1:${moving.name}`,
    ]);
    // and back, so the tests below find the map as before
    const back = map.stages[2]!.touchpoints[1]!;
    await admin.patch(`/api/v1/journey/touchpoints/${back.id}`, { version: back.version, stageId: from.id });
    await admin.post(`/api/v1/journey/stages/${from.id}/touchpoints/order`, {
      ids: [back.id, ...map.stages[1]!.touchpoints.map((t) => t.id)],
    });
    await admin.delete(`/api/v1/journey/touchpoints/${map.stages[2]!.touchpoints[0]!.id}`);
    map = (await admin.get('/api/v1/journey')).json();
  });

  it('lets only admins and heads configure it; everyone reads it', async () => {
    expect((await amClient.post('/api/v1/journey/stages', { name: 'Mine' })).statusCode).toBe(403);
    expect((await amClient.post('/api/v1/journey/template', { locale: 'en' })).statusCode).toBe(403);
    expect((await amClient.get('/api/v1/journey')).statusCode).toBe(200);
  });

  it('deletes a touchpoint and a stage and renumbers what is left', async () => {
    const onboarding = map.stages[1]!;
    const gone = await admin.delete(`/api/v1/journey/touchpoints/${onboarding.touchpoints[0]!.id}`);
    expect(gone.statusCode).toBe(204);
    map = (await admin.delete(`/api/v1/journey/stages/${map.stages[0]!.id}`)).json();
    expect(map.stages.map((s) => `${s.position}:${s.name}`)).toEqual(['0:Onboarding', '1:Sales']);
    expect(map.stages[0]!.touchpoints.map((t) => `${t.position}:${t.name}`)).toEqual([
      '0:Access',
      '1:Welcome letter',
    ]);
  });
});

describe('the demo template', () => {
  it('refuses to overwrite a map unless asked, then writes 7 stages and 40 touchpoints', async () => {
    expect((await admin.post('/api/v1/journey/template', { locale: 'ru' })).statusCode).toBe(409);
    const applied = await admin.post('/api/v1/journey/template', { locale: 'ru', replace: true });
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toEqual({ stages: 7, touchpoints: 40 });
    const map: MapBody = (await admin.get('/api/v1/journey')).json();
    expect(map.stages).toHaveLength(7);
    expect(map.stages.flatMap((s) => s.touchpoints)).toHaveLength(40);
    expect(map.stages[0]!.touchpoints[0]!.name).toBe('Первый контакт');
    const all = map.stages.flatMap((s) => s.touchpoints.map((t) => t.name));
    expect(all).toEqual(expect.arrayContaining(['Бриф', 'Коммерческое предложение', 'Договор', 'NPS-опрос']));

    await admin.post('/api/v1/journey/template', { locale: 'en', replace: true });
    const english: MapBody = (await admin.get('/api/v1/journey')).json();
    expect(english.stages.map((s) => s.name)).toEqual([
      'First contact',
      'Proposal and contract',
      'Onboarding',
      'Delivery',
      'Reporting and payment',
      'Retention',
      'Account growth',
    ]);
    expect(english.stages.flatMap((s) => s.touchpoints.map((t) => t.name))).toEqual(
      expect.arrayContaining(['Kick-off meeting', 'Access handover', 'Upsell proposal', 'Contract renewal']),
    );
  });

  it('gives the matrix of touchpoints × roles', async () => {
    const matrix = (await amClient.get('/api/v1/journey/matrix')).json();
    expect(matrix.rows).toHaveLength(40);
    const kickoff = matrix.rows.find(
      (r: { touchpointName: string }) => r.touchpointName === 'Kick-off meeting',
    );
    expect(kickoff.cells).toEqual({ pm: ['responsible'], am: ['communicator'], bizdev: ['support'] });
    const report = matrix.rows.find((r: { touchpointName: string }) => r.touchpointName === 'Monthly report');
    expect(report.cells).toEqual({ am: ['responsible', 'communicator'], pm: ['support'] });
  });
});

describe('a client’s journey', () => {
  let map: MapBody;
  let clientId: string;
  const touchpoint = (name: string) => map.stages.flatMap((s) => s.touchpoints).find((t) => t.name === name)!;

  beforeAll(async () => {
    map = (await admin.get('/api/v1/journey')).json();
    clientId = await newClient('Northwind', am.id);
  });

  it('starts with no current touchpoint and the first one next', async () => {
    const journey = (await amClient.get(`/api/v1/companies/${clientId}/journey`)).json();
    expect(journey).toMatchObject({
      companyName: 'Northwind',
      currentTouchpointId: null,
      nextTouchpointId: map.stages[0]!.touchpoints[0]!.id,
      overdue: false,
      nobodyResponsible: false,
    });
    expect(journey.stages).toHaveLength(7);
  });

  it('entering a touchpoint gives its people tasks: PM responsible, AM communicator, BizDev support nobody', async () => {
    const kickoff = touchpoint('Kick-off meeting');
    const entered = await amClient.post(`/api/v1/companies/${clientId}/journey/enter`, {
      touchpointId: kickoff.id,
    });
    expect(entered.statusCode).toBe(200);
    const body = entered.json();
    expect(body.tasks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          slot: 'responsible',
          assigneeId: pm.id,
          title: 'Kick-off meeting — Northwind',
        }),
        expect.objectContaining({ slot: 'communicator', assigneeId: am.id }),
      ]),
    );
    expect(body.tasks).toHaveLength(2);
    const current = body.journey.stages
      .flatMap((s: { touchpoints: unknown[] }) => s.touchpoints)
      .find((t: { touchpointId: string }) => t.touchpointId === kickoff.id);
    expect(current).toMatchObject({
      state: 'current',
      responsible: { role: 'pm', userId: pm.id, userName: 'Pavel PM' },
      communicator: { role: 'am', userId: am.id, userName: 'Anna AM' },
      support: { role: 'bizdev', userId: null },
    });
    expect(body.journey.currentTouchpointId).toBe(kickoff.id);
    expect(body.journey.nextTouchpointId).toBe(touchpoint('Access handover').id);

    const pmTasks = (await signIn(ctx.app, pm)).get('/api/v1/tasks/mine');
    const mine = (await pmTasks).json();
    const all = [...mine.overdue, ...mine.today, ...mine.upcoming];
    const task = all.find((t: { title: string }) => t.title === 'Kick-off meeting — Northwind');
    expect(task).toMatchObject({ origin: 'journey', companyId: clientId, priority: 'high' });
    const due = new Date(task.dueAt).getTime() - new Date(current.enteredAt).getTime();
    expect(due).toBe(3 * 24 * 3600 * 1000);
    expect(task.description).toContain('responsible');
  });

  it('gives one task naming both roles to a person who fills two, and the team lead as support', async () => {
    const report = touchpoint('Payment reminder');
    const body = (
      await amClient.post(`/api/v1/companies/${clientId}/journey/enter`, { touchpointId: report.id })
    ).json();
    expect(body.tasks).toHaveLength(3);
    const amTasks = body.tasks.filter((t: { assigneeId: string }) => t.assigneeId === am.id);
    expect(amTasks.map((t: { slot: string }) => t.slot)).toEqual(['responsible', 'communicator']);
    expect(amTasks[0].id).toBe(amTasks[1].id);
    expect(body.tasks.find((t: { slot: string }) => t.slot === 'support').assigneeId).toBe(lead.id);
  });

  it('marks a touchpoint done; an entered touchpoint past its duration is overdue', async () => {
    const kickoff = touchpoint('Kick-off meeting');
    const done = await amClient.post(`/api/v1/companies/${clientId}/journey/done`, {
      touchpointId: kickoff.id,
    });
    expect(done.statusCode).toBe(200);
    const state = (
      name: string,
      journey: { stages: { touchpoints: { touchpointId: string; state: string }[] }[] },
    ) =>
      journey.stages.flatMap((s) => s.touchpoints).find((t) => t.touchpointId === touchpoint(name).id)!.state;
    expect(state('Kick-off meeting', done.json())).toBe('done');
    expect(
      (await amClient.post(`/api/v1/companies/${clientId}/journey/done`, { touchpointId: kickoff.id }))
        .statusCode,
    ).toBe(422);

    // Entered six days ago, expected within five: overdue.
    await ctx.database.db.execute(
      sql`update client_touchpoints set entered_at = now() - interval '6 days'
          where company_id = ${clientId} and touchpoint_id = ${touchpoint('Payment reminder').id}`,
    );
    const journey = (await amClient.get(`/api/v1/companies/${clientId}/journey`)).json();
    expect(journey.overdue).toBe(true);
    expect(state('Payment reminder', journey)).toBe('overdue');
    const flagged = (await admin.get('/api/v1/journey/clients?flag=overdue')).json();
    expect(flagged.items.map((c: { companyName: string }) => c.companyName)).toEqual(['Northwind']);
  });

  it('flags a client whose current touchpoint has nobody responsible', async () => {
    const noPm = await newClient('Contoso', otherAm.id, null);
    const access = touchpoint('Access handover'); // responsible: the PM
    const entered = (
      await otherAmClient.post(`/api/v1/companies/${noPm}/journey/enter`, { touchpointId: access.id })
    ).json();
    expect(entered.journey.nobodyResponsible).toBe(true);
    expect(entered.tasks.map((t: { slot: string }) => t.slot)).toEqual(['communicator']);
    const flagged = (await admin.get('/api/v1/journey/clients?flag=nobody_responsible')).json();
    expect(flagged.items.map((c: { companyName: string }) => c.companyName)).toEqual(['Contoso']);
    const all = (await admin.get('/api/v1/journey/clients')).json();
    expect(all.items.find((c: { companyName: string }) => c.companyName === 'Contoso')).toMatchObject({
      currentTouchpointName: 'Access handover',
      stageName: 'Onboarding',
      nobodyResponsible: true,
      responsible: { role: 'pm', userId: null },
    });
  });

  it('uses the named person of a touchpoint, whoever the client’s people are', async () => {
    const access = touchpoint('Access handover');
    await admin.patch(`/api/v1/journey/touchpoints/${access.id}`, {
      version: access.version,
      responsible: { role: 'person', userId: lawyer.id },
    });
    const contoso = (await admin.get('/api/v1/journey/clients'))
      .json()
      .items.find((c: { companyName: string }) => c.companyName === 'Contoso');
    expect(contoso).toMatchObject({
      nobodyResponsible: false,
      responsible: { userId: lawyer.id, userName: 'Lev Lawyer' },
    });
  });

  it('keeps journeys within visibility: another AM’s client is 404 and not listed', async () => {
    expect((await otherAmClient.get(`/api/v1/companies/${clientId}/journey`)).statusCode).toBe(404);
    const access = touchpoint('Access handover');
    expect(
      (await otherAmClient.post(`/api/v1/companies/${clientId}/journey/enter`, { touchpointId: access.id }))
        .statusCode,
    ).toBe(404);
    const listed = (await otherAmClient.get('/api/v1/journey/clients')).json();
    expect(listed.items.map((c: { companyName: string }) => c.companyName)).toEqual(['Contoso']);
  });

  it('refuses a prospect and a touchpoint of no map', async () => {
    const prospect = (await amClient.post('/api/v1/companies', { name: 'Prospect Ltd' })).json();
    const access = touchpoint('Access handover');
    expect(
      (await amClient.post(`/api/v1/companies/${prospect.id}/journey/enter`, { touchpointId: access.id }))
        .statusCode,
    ).toBe(422);
    const wrong = await amClient.post(`/api/v1/companies/${clientId}/journey/enter`, {
      touchpointId: '00000000-0000-4000-8000-000000000000',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('touchpointId');
  });
});

describe('job descriptions', () => {
  it('generates one per role from the map, saves an edited text, and regenerates it', async () => {
    const list = (await amClient.get('/api/v1/journey/job-descriptions?locale=en')).json();
    expect(list.items.map((j: { role: string }) => j.role)).toEqual([
      'am',
      'pm',
      'bizdev',
      'sales',
      'team_lead',
    ]);
    const pmJob = list.items.find((j: { role: string }) => j.role === 'pm');
    expect(pmJob.edited).toBe(false);
    expect(pmJob.body).toContain('# Job description: Project manager');
    expect(pmJob.body).toContain('## Onboarding');
    expect(pmJob.body).toContain('- Kick-off meeting (3 days)');

    expect((await amClient.put('/api/v1/journey/job-descriptions/pm', { body: 'mine' })).statusCode).toBe(
      403,
    );
    const saved = await admin.put('/api/v1/journey/job-descriptions/pm', { body: '# PM\n\nEdited by hand.' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      role: 'pm',
      edited: true,
      body: '# PM\n\nEdited by hand.',
      version: 1,
    });
    expect(saved.json().generated).toContain('# ');

    const regenerated = await admin.delete('/api/v1/journey/job-descriptions/pm?locale=en');
    expect(regenerated.json()).toMatchObject({ edited: false, body: pmJob.body });
  });
});

describe('workspaces', () => {
  it('never shows another workspace’s map, clients or touchpoints', async () => {
    const other = await seedWorkspace(ctx.database, { name: 'Other' });
    const stranger = await signIn(ctx.app, other.admin);
    expect((await stranger.get('/api/v1/journey')).json()).toEqual({ stages: [] });
    const map: MapBody = (await admin.get('/api/v1/journey')).json();
    const tp = map.stages[0]!.touchpoints[0]!;
    expect(
      (await stranger.patch(`/api/v1/journey/touchpoints/${tp.id}`, { version: tp.version, name: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await stranger.delete(`/api/v1/journey/stages/${map.stages[0]!.id}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/journey/clients')).json().items).toEqual([]);
  });
});
