import { and, eq, sql } from 'drizzle-orm';
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
import { companies } from '../companies/schema.ts';
import { grades } from '../grades/schema.ts';
import { tasks } from '../tasks/schema.ts';
import { teamMembers, teams } from '../teams/schema.ts';
import { users } from '../users/schema.ts';
import { loadCandidateFacts } from './load-candidates.ts';
import { accountWeight } from './rank-candidates.ts';

/**
 * The three-tier flow end to end through HTTP on a real database: who takes a client and why,
 * overrides, caps, the won deal that makes a client, absences and cover, requests of existing
 * clients, tenders and demos.
 */
let ctx: TestContext;
let workspaceId: string;
let head: Client;
let headUser: TestUser;
let ivanova: TestUser;
let petrov: TestUser;
let closer: TestUser;
let closerClient: Client;
let pm: TestUser;
let lead: TestUser;

const db = () => ctx.database.db;

async function gradeId(name: string): Promise<string> {
  const [row] = await db()
    .select({ id: grades.id })
    .from(grades)
    .where(and(eq(grades.workspaceId, workspaceId), eq(grades.name, name)));
  return row!.id;
}

async function giveClients(
  ownerId: string,
  count: number,
  extra: Partial<typeof companies.$inferInsert> = {},
) {
  if (count === 0) return;
  await db()
    .insert(companies)
    .values(
      Array.from({ length: count }, (_, index) => ({
        workspaceId,
        name: `Client ${ownerId.slice(0, 4)} ${index}`,
        status: 'client' as const,
        ownerId,
        ...extra,
      })),
    );
}

async function newProspect(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await head.post('/api/v1/companies', { name, ...extra });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  workspaceId = ws.workspaceId;
  headUser = await seedUser(ctx.database, workspaceId, ['head'], { name: 'Head' });
  head = await signIn(ctx.app, headUser);
  ivanova = await seedUser(ctx.database, workspaceId, ['am'], { name: 'Ivanova', tier: 3 });
  petrov = await seedUser(ctx.database, workspaceId, ['am'], { name: 'Petrov', tier: 3 });
  closer = await seedUser(ctx.database, workspaceId, ['sales'], { name: 'Closer', tier: 2 });
  closerClient = await signIn(ctx.app, closer);
  pm = await seedUser(ctx.database, workspaceId, ['pm'], { name: 'Smirnova PM' });
  lead = await seedUser(ctx.database, workspaceId, ['team_lead'], { name: 'Team Lead' });
  await db()
    .update(users)
    .set({ gradeId: await gradeId('Senior'), industries: ['Fintech'] })
    .where(eq(users.id, ivanova.id));
  await db()
    .update(users)
    .set({ gradeId: await gradeId('Middle') })
    .where(eq(users.id, petrov.id));
  await giveClients(ivanova.id, 18);
  await giveClients(petrov.id, 20);
  const [team] = await db()
    .insert(teams)
    .values({ workspaceId, name: 'Accounts', leadUserId: lead.id })
    .returning();
  await db()
    .insert(teamMembers)
    .values([ivanova, petrov].map((person) => ({ workspaceId, teamId: team!.id, userId: person.id })));
});
afterAll(() => ctx.close());

describe('who gets this client?', () => {
  it('ranks the account managers with their figures and names the deciding rule', async () => {
    const companyId = await newProspect('Northwind Bank', { industry: 'Fintech', size: 'medium' });
    const response = await head.post('/api/v1/assignments/suggest', { kind: 'client', recordId: companyId });
    expect(response.statusCode).toBe(200);
    const suggestion = response.json();
    expect(suggestion.role).toBe('am');
    expect(suggestion.chosen.name).toBe('Ivanova');
    expect(suggestion.rule).toBe('industry_experience');
    expect(suggestion.explanation).toBe(
      'Ivanova: 18/25 clients, Senior, Fintech, load 18; chosen: industry experience among eligible',
    );
    expect(suggestion.candidates.map((c: { name: string }) => c.name)).toEqual(['Ivanova', 'Petrov']);
  });

  it('applies the top suggestion, records the decision and moves the client', async () => {
    const companyId = await newProspect('Contoso');
    const applied = await head.post('/api/v1/assignments', {
      kind: 'client',
      recordId: companyId,
      userId: ivanova.id,
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().assignment).toMatchObject({
      rule: 'lowest_load',
      overrideReason: null,
      automatic: false,
    });
    const company = (await head.get(`/api/v1/companies/${companyId}`)).json();
    expect(company.ownerId).toBe(ivanova.id);
    const history = (await head.get(`/api/v1/assignments?kind=client&recordId=${companyId}`)).json();
    expect(history.items).toHaveLength(1);
    expect(history.items[0].candidates).toHaveLength(2);
  });

  it('asks for a reason to override the suggestion and records it', async () => {
    const companyId = await newProspect('Fabrikam');
    const refused = await head.post('/api/v1/assignments', {
      kind: 'client',
      recordId: companyId,
      userId: petrov.id,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ field: 'reason', message: expect.stringContaining('say why') }]);
    const applied = await head.post('/api/v1/assignments', {
      kind: 'client',
      recordId: companyId,
      userId: petrov.id,
      reason: 'Petrov knows their CEO',
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().assignment).toMatchObject({
      rule: 'override',
      overrideReason: 'Petrov knows their CEO',
    });
  });

  it('refuses someone without the role', async () => {
    const companyId = await newProspect('Tailspin');
    const refused = await head.post('/api/v1/assignments', {
      kind: 'client',
      recordId: companyId,
      userId: closer.id,
      reason: 'why not',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('userId');
  });

  it('keeps key clients for senior grades', async () => {
    const companyId = await newProspect('Key Account Ltd', { size: 'enterprise' });
    const suggestion = (
      await head.post('/api/v1/assignments/suggest', { kind: 'client', recordId: companyId })
    ).json();
    expect(suggestion.chosen.name).toBe('Ivanova');
    const petrovRow = suggestion.candidates.find((c: { name: string }) => c.name === 'Petrov');
    expect(petrovRow.blockers).toEqual([{ code: 'grade', required: 3, rank: 2 }]);
  });

  it('is refused to people who do not hand out work', async () => {
    const companyId = await newProspect('Adventure Works');
    const response = await closerClient.post('/api/v1/assignments/suggest', {
      kind: 'client',
      recordId: companyId,
    });
    expect(response.statusCode).toBe(403);
  });

  it('weighs clients in SQL exactly as accountWeight does', async () => {
    const probe = await seedUser(ctx.database, workspaceId, ['am'], { name: 'Probe' });
    const clients = [
      { size: 'micro' as const, monthlyPaymentMinor: 0 },
      { size: 'enterprise' as const, monthlyPaymentMinor: 0 },
      { size: null, monthlyPaymentMinor: 0 },
      { size: 'small' as const, monthlyPaymentMinor: 25_000_000 },
      { size: 'small' as const, monthlyPaymentMinor: 1_000_000 },
    ];
    for (const client of clients) await giveClients(probe.id, 1, client);
    const [facts] = await loadCandidateFacts(db(), {
      workspaceId,
      role: 'am',
      today: '2026-11-23',
      userIds: [probe.id],
    });
    const expected = clients.reduce((sum, client) => sum + accountWeight(client, 10_000_000), 0);
    expect(facts!.accounts).toBe(5);
    expect(facts!.weightedAccounts).toBeCloseTo(expected, 2);
    await db().update(users).set({ active: false }).where(eq(users.id, probe.id));
  });

  it('says when nobody is eligible, names the nearest, and never breaks the cap', async () => {
    await db().update(users).set({ clientCap: 5 }).where(sql`${users.id} in (${ivanova.id}, ${petrov.id})`);
    try {
      const companyId = await newProspect('Overflow Inc');
      const suggestion = (
        await head.post('/api/v1/assignments/suggest', { kind: 'client', recordId: companyId })
      ).json();
      expect(suggestion.chosen).toBeNull();
      expect(suggestion.rule).toBe('nobody_eligible');
      expect(suggestion.nearest.length).toBeGreaterThan(0);
      expect(suggestion.explanation).toMatch(/^Nobody is eligible/);
    } finally {
      await db()
        .update(users)
        .set({ clientCap: null })
        .where(sql`${users.id} in (${ivanova.id}, ${petrov.id})`);
    }
  });

  it('shows the team load against caps', async () => {
    const load = (await head.get('/api/v1/team-load?role=am')).json();
    const byName = Object.fromEntries(load.items.map((row: { name: string }) => [row.name, row]));
    expect(byName.Petrov).toMatchObject({ cap: 25, awayUntil: null });
    expect(byName.Ivanova).toMatchObject({ accounts: 18, gradeName: 'Senior' });
  });
});

describe('a won first deal makes a client', () => {
  it('turns the company into a client with an AM, a project with a PM + AM pair and a kick-off task', async () => {
    const companyId = (await closerClient.post('/api/v1/companies', { name: 'Won Corp' })).json().id;
    const pipeline = (await closerClient.get('/api/v1/pipelines')).json().items[0];
    const won = pipeline.stages.find((stage: { kind: string }) => stage.kind === 'won');
    const deal = (
      await closerClient.post('/api/v1/deals', {
        title: 'Website',
        companyId,
        monthlyAmountMinor: 20_000_000,
      })
    ).json();
    const moved = await closerClient.post(`/api/v1/deals/${deal.id}/move`, {
      version: deal.version,
      stageId: won.id,
      amountMinor: 100_000_00,
    });
    expect(moved.statusCode).toBe(200);

    const company = (await head.get(`/api/v1/companies/${companyId}`)).json();
    expect(company.status).toBe('client');
    expect([ivanova.id, petrov.id]).toContain(company.ownerId);
    const [row] = await db().select().from(companies).where(eq(companies.id, companyId));
    expect(row!.monthlyPaymentMinor).toBe(20_000_000);

    const projects = (await head.get(`/api/v1/projects?companyId=${companyId}`)).json().items;
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({
      amId: company.ownerId,
      pmId: pm.id,
      dealId: deal.id,
      status: 'active',
    });

    const kickoff = await db()
      .select()
      .from(tasks)
      .where(and(eq(tasks.companyId, companyId), eq(tasks.origin, 'kickoff')));
    expect(kickoff).toHaveLength(1);
    expect(kickoff[0]!.assigneeId).toBe(company.ownerId);

    const decisions = (await head.get(`/api/v1/assignments?kind=client&recordId=${companyId}`)).json().items;
    expect(decisions[0]).toMatchObject({ automatic: true });
  });
});

describe('absences and cover', () => {
  let companyId: string;
  let absenceId: string;

  it('routes a new task of an absent AM to their pair partner on the client’s project', async () => {
    companyId = await newProspect('Covered Client');
    await head.patch(`/api/v1/companies/${companyId}`, { version: 1, ownerId: ivanova.id, status: 'client' });
    const project = await head.post('/api/v1/projects', {
      name: 'Covered: support',
      companyId,
      amId: ivanova.id,
      pmId: pm.id,
    });
    expect(project.statusCode).toBe(201);
    const absence = await head.post('/api/v1/absences', {
      userId: ivanova.id,
      kind: 'vacation',
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    expect(absence.statusCode).toBe(201);
    absenceId = absence.json().id;

    const task = (
      await head.post('/api/v1/tasks', {
        title: 'Send the monthly report',
        assigneeId: ivanova.id,
        companyId,
      })
    ).json();
    expect(task).toMatchObject({ assigneeId: pm.id, coveringForId: ivanova.id });

    const pmClient = await signIn(ctx.app, pm);
    const covering = (await pmClient.get('/api/v1/absences/covering')).json().items;
    expect(covering).toEqual([
      expect.objectContaining({ userId: ivanova.id, name: 'Ivanova', openTasks: 1, kind: 'vacation' }),
    ]);
  });

  it('falls back to the team lead when there is no pair partner', async () => {
    const task = (
      await head.post('/api/v1/tasks', { title: 'Update the CRM', assigneeId: ivanova.id })
    ).json();
    expect(task).toMatchObject({ assigneeId: lead.id, coveringForId: ivanova.id });
  });

  it('sends an existing client’s request to its AM, or to whoever covers for them', async () => {
    const response = await head.post('/api/v1/leads', { companyId, note: 'They want a mobile app too' });
    expect(response.statusCode).toBe(201);
    const { lead: created, suggestion } = response.json();
    expect(created).toMatchObject({ origin: 'client_request', assigneeId: pm.id, coveringForId: ivanova.id });
    expect(suggestion.rule).toBe('existing_client_am');
    expect(suggestion.explanation).toContain('Ivanova is away');
  });

  it('hands the work back when the person returns', async () => {
    const back = await head.post(`/api/v1/absences/${absenceId}/return`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toEqual({ tasks: 2, leads: 1 });
    const open = await db()
      .select({ assigneeId: tasks.assigneeId, coveringForId: tasks.coveringForId })
      .from(tasks)
      .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.title, 'Update the CRM')));
    expect(open).toEqual([{ assigneeId: ivanova.id, coveringForId: null }]);
  });

  it('lets people record their own absence but not someone else’s', async () => {
    const own = await closerClient.post('/api/v1/absences', {
      userId: closer.id,
      kind: 'sick_leave',
      startsOn: '2026-12-01',
      endsOn: '2026-12-02',
    });
    expect(own.statusCode).toBe(201);
    const other = await closerClient.post('/api/v1/absences', {
      userId: ivanova.id,
      kind: 'vacation',
      startsOn: '2026-12-01',
      endsOn: '2026-12-02',
    });
    expect(other.statusCode).toBe(403);
    const backwards = await closerClient.post('/api/v1/absences', {
      userId: closer.id,
      kind: 'vacation',
      startsOn: '2026-12-05',
      endsOn: '2026-12-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('endsOn');
  });
});

describe('the PM of a project sees its client', () => {
  it('opens the client, its contacts, journey and history while the project is live, and no longer after', async () => {
    const companyId = await newProspect('Paired Client');
    await head.patch(`/api/v1/companies/${companyId}`, { version: 1, ownerId: petrov.id, status: 'client' });
    const contact = (await head.post('/api/v1/contacts', { name: 'Olga Paired', companyId })).json();
    const pmClient = await signIn(ctx.app, pm);
    const otherPm = await seedUser(ctx.database, workspaceId, ['pm'], { name: 'Another PM' });
    const otherPmClient = await signIn(ctx.app, otherPm);

    // Not theirs yet: the client belongs to Petrov and nobody works on it as PM.
    expect((await pmClient.get(`/api/v1/companies/${companyId}`)).statusCode).toBe(404);

    const project = (
      await head.post('/api/v1/projects', {
        name: 'Paired: website',
        companyId,
        amId: petrov.id,
        pmId: pm.id,
      })
    ).json();
    const card = await pmClient.get(`/api/v1/companies/${companyId}`);
    expect(card.statusCode).toBe(200);
    expect(card.json().name).toBe('Paired Client');
    const listed = (await pmClient.get('/api/v1/companies?q=Paired')).json().items;
    expect(listed.map((row: { id: string }) => row.id)).toEqual([companyId]);
    expect((await pmClient.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(200);
    expect((await pmClient.get(`/api/v1/companies/${companyId}/journey`)).statusCode).toBe(200);
    expect((await pmClient.get(`/api/v1/companies/${companyId}/history`)).statusCode).toBe(200);
    const call = await pmClient.post('/api/v1/activities', {
      type: 'call',
      companyId,
      contactId: contact.id,
      subject: 'Kick-off call',
    });
    expect(call.statusCode).toBe(201);
    // The PM of another project sees none of it.
    expect((await otherPmClient.get(`/api/v1/companies/${companyId}`)).statusCode).toBe(404);
    expect((await otherPmClient.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(404);
    expect((await otherPmClient.get('/api/v1/companies?q=Paired')).json().items).toEqual([]);

    // A completed project no longer opens its client to the PM.
    const done = await head.patch(`/api/v1/projects/${project.id}`, {
      version: project.version,
      status: 'completed',
    });
    expect(done.statusCode).toBe(200);
    expect((await pmClient.get(`/api/v1/companies/${companyId}`)).statusCode).toBe(404);
    expect((await pmClient.get('/api/v1/companies?q=Paired')).json().items).toEqual([]);
  });
});

describe('tenders and demos', () => {
  it('reminds the owner before a tender’s deadline and moves the reminder with it', async () => {
    const settings = await head.patch('/api/v1/settings/sales-flow', { tenderReminderDays: 5 });
    expect(settings.json().tenderReminderDays).toBe(5);
    const companyId = (await closerClient.post('/api/v1/companies', { name: 'City Procurement' })).json().id;
    const deal = (
      await closerClient.post('/api/v1/deals', {
        title: 'Portal tender',
        companyId,
        tenderDeadline: '2027-03-20',
      })
    ).json();
    const reminders = async () =>
      db()
        .select({ dueAt: tasks.dueAt, status: tasks.status, assigneeId: tasks.assigneeId })
        .from(tasks)
        .where(and(eq(tasks.dealId, deal.id), eq(tasks.origin, 'tender_deadline')));
    const [first] = await reminders();
    // 5 days before, at 09:00 Moscow time.
    expect(first).toMatchObject({ status: 'open', assigneeId: closer.id });
    expect(first!.dueAt!.toISOString()).toBe('2027-03-15T06:00:00.000Z');

    await closerClient.patch(`/api/v1/deals/${deal.id}`, {
      version: deal.version,
      tenderDeadline: '2027-04-01',
    });
    const after = await reminders();
    expect(after.map((task) => task.status).sort()).toEqual(['cancelled', 'open']);
    expect(after.find((task) => task.status === 'open')!.dueAt!.toISOString()).toBe(
      '2027-03-27T06:00:00.000Z',
    );
  });

  it('books a demo with a BizDev manager as a task for them, and records the agreed terms', async () => {
    const bizdev = await seedUser(ctx.database, workspaceId, ['bizdev'], { name: 'BizDev' });
    const companyId = (await closerClient.post('/api/v1/companies', { name: 'Demo Co' })).json().id;
    const deal = (await closerClient.post('/api/v1/deals', { title: 'Platform', companyId })).json();
    const updated = await closerClient.patch(`/api/v1/deals/${deal.id}`, {
      version: deal.version,
      bizdevId: bizdev.id,
      demoAt: '2027-01-15T11:00:00.000Z',
      terms: '10% discount for a 12-month prepayment',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      bizdevId: bizdev.id,
      terms: '10% discount for a 12-month prepayment',
    });
    const demo = await db()
      .select()
      .from(tasks)
      .where(and(eq(tasks.dealId, deal.id), eq(tasks.origin, 'demo')));
    expect(demo).toHaveLength(1);
    expect(demo[0]).toMatchObject({ assigneeId: bizdev.id, status: 'open' });

    // The BizDev manager sees the deal and its client to prepare, and the demo task's link works.
    const bizdevClient = await signIn(ctx.app, bizdev);
    expect((await bizdevClient.get(`/api/v1/deals/${deal.id}`)).statusCode).toBe(200);
    expect((await bizdevClient.get(`/api/v1/companies/${companyId}`)).statusCode).toBe(200);
    const listed = (await bizdevClient.get('/api/v1/deals')).json().items;
    expect(listed.map((row: { id: string }) => row.id)).toEqual([deal.id]);
    // Once the deal is closed the client is no longer theirs to see; the deal they ran stays.
    const lost = (await closerClient.get('/api/v1/pipelines'))
      .json()
      .items[0].stages.find((stage: { kind: string }) => stage.kind === 'lost');
    const current = (await closerClient.get(`/api/v1/deals/${deal.id}`)).json();
    const closed = await closerClient.post(`/api/v1/deals/${deal.id}/move`, {
      version: current.version,
      stageId: lost.id,
      lostReason: 'Chose another vendor',
    });
    expect(closed.statusCode).toBe(200);
    expect((await bizdevClient.get(`/api/v1/companies/${companyId}`)).statusCode).toBe(404);
    expect((await bizdevClient.get(`/api/v1/deals/${deal.id}`)).statusCode).toBe(200);
  });
});

describe('workspaces stay apart', () => {
  it('answers 404 for another workspace’s records', async () => {
    const other = await seedWorkspace(ctx.database, { name: 'Other' });
    const stranger = await signIn(ctx.app, other.admin);
    const companyId = await newProspect('Private Client');
    const lead = (await head.post('/api/v1/leads', { companyId, note: 'Inbound request' })).json().lead;
    expect(
      (await stranger.post('/api/v1/assignments/suggest', { kind: 'client', recordId: companyId }))
        .statusCode,
    ).toBe(404);
    expect((await stranger.get(`/api/v1/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/leads/${lead.id}/accept`)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/projects')).json().items).toEqual([]);
    expect((await stranger.get('/api/v1/absences')).json().items).toEqual([]);
  });
});

describe('workloads', () => {
  it('kept by the database with every change, equal a count from scratch', async () => {
    const running = await db().execute(
      sql`select * from workloads where workspace_id = ${workspaceId} order by user_id`,
    );
    await db().execute(sql`select tandem_recount_workloads(${workspaceId})`);
    const recounted = await db().execute(
      sql`select * from workloads where workspace_id = ${workspaceId} order by user_id`,
    );
    const normal = (rows: Record<string, unknown>[]) =>
      rows
        .map((row) => ({ ...row, client_weight: Number(row.client_weight) }))
        .filter((row) =>
          Object.entries(row).some(
            ([key, value]) => key !== 'workspace_id' && key !== 'user_id' && Number(value) !== 0,
          ),
        );
    expect(normal(running.rows)).toEqual(normal(recounted.rows));
    expect(normal(running.rows).length).toBeGreaterThan(3);
  });
});
