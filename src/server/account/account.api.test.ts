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
import { activities } from '../activities/schema.ts';
import { robotActions } from '../robots/schema.ts';
import { tasks } from '../tasks/schema.ts';
import { addDays } from './cadence.ts';
import { clientAccounts, clientRequests, meetings } from './schema.ts';

/**
 * Account work through HTTP on a real database: cadence and the next contact date, meetings and
 * their decisions, requests and the backlog, the growth plan, feedback, health, compliance, and
 * who may see which client's account.
 */
let ctx: TestContext;
let workspaceId: string;
let head: Client;
let headUser: TestUser;
let ivanova: TestUser;
let am: Client;
let otherAm: Client;
let stranger: Client;
let clientId: string;
let contactId: string;
let otherContactId: string;

const db = () => ctx.database.db;
const moscowToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Moscow',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

async function newClient(name: string, owner = ivanova): Promise<string> {
  const response = await head.post('/api/v1/companies', { name, status: 'client', ownerId: owner.id });
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
  am = await signIn(ctx.app, ivanova);
  otherAm = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['am'], { name: 'Petrov' }));
  const other = await seedWorkspace(ctx.database, { name: 'Elsewhere' });
  stranger = await signIn(ctx.app, other.admin);
  clientId = await newClient('Romashka');
  contactId = (
    await am.post('/api/v1/contacts', {
      name: 'Olga CFO',
      companyId: clientId,
      emails: ['olga@romashka.test'],
      isDecisionMaker: true,
    })
  ).json().id;
  const elsewhere = await newClient('Vasilek');
  otherContactId = (await am.post('/api/v1/contacts', { name: 'Not here', companyId: elsewhere })).json().id;
});
afterAll(() => ctx.close());

describe('cadence and the next contact date', () => {
  it('gives every new client a next contact date one cadence from today', async () => {
    const response = await am.get(`/api/v1/companies/${clientId}/account`);
    expect(response.statusCode).toBe(200);
    const account = response.json();
    expect(account).toMatchObject({
      companyId: clientId,
      cadenceDays: null,
      effectiveCadenceDays: 4,
      nextContactOn: addDays(moscowToday(), 4),
      overdueDays: 0,
      churned: false,
      health: { score: 100, level: 'good', reasons: [] },
    });
  });

  it('moves the next contact when a call is logged, and not for a note', async () => {
    const id = await newClient('Called');
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const call = await am.post('/api/v1/activities', {
      type: 'call',
      companyId: id,
      subject: 'Weekly check-in',
      occurredAt: tenDaysAgo.toISOString(),
    });
    expect(call.statusCode).toBe(201);
    let account = (await am.get(`/api/v1/companies/${id}/account`)).json();
    expect(account.lastContactAt).toBe(tenDaysAgo.toISOString());
    expect(account.overdueDays).toBe(6);
    expect(account.health.reasons[0]).toEqual({ code: 'cadence_missed', points: 22, value: 6 });

    await am.post('/api/v1/activities', { type: 'note', companyId: id, body: 'internal' });
    expect((await am.get(`/api/v1/companies/${id}/account`)).json().overdueDays).toBe(6);

    await am.post('/api/v1/activities', { type: 'email', companyId: id, subject: 'Report' });
    account = (await am.get(`/api/v1/companies/${id}/account`)).json();
    expect(account.nextContactOn).toBe(addDays(moscowToday(), 4));
    expect(account.overdueDays).toBe(0);
  });

  it("sets a client's own cadence, refuses a stale version and a past date", async () => {
    const id = await newClient('Weekly');
    const before = (await am.get(`/api/v1/companies/${id}/account`)).json();
    const changed = await am.patch(`/api/v1/companies/${id}/account`, {
      cadenceDays: 7,
      version: before.version,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      cadenceDays: 7,
      effectiveCadenceDays: 7,
      nextContactOn: addDays(moscowToday(), 7),
    });

    const stale = await am.patch(`/api/v1/companies/${id}/account`, {
      cadenceDays: 3,
      version: before.version,
    });
    expect(stale.statusCode).toBe(409);

    const past = await am.patch(`/api/v1/companies/${id}/account`, {
      nextContactOn: '2020-01-01',
      version: changed.json().version,
    });
    expect(past.statusCode).toBe(422);
    expect(past.headers['content-type']).toContain('application/problem+json');
    expect(past.json().errors).toEqual([{ field: 'nextContactOn', message: expect.any(String) }]);
    expect((await am.get(`/api/v1/companies/${id}/account`)).json().nextContactOn).toBe(
      addDays(moscowToday(), 7),
    );

    const bad = await am.patch(`/api/v1/companies/${id}/account`, { cadenceDays: 0, version: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('cadenceDays');
  });

  it('follows the workspace default cadence when an admin changes it', async () => {
    const id = await newClient('Default follower');
    const settings = await head.patch('/api/v1/settings/account', { cadenceDays: 3 });
    expect(settings.statusCode).toBe(200);
    expect(settings.json()).toMatchObject({ cadenceDays: 3, churnAfterDays: 180, smtpConfigured: false });
    expect((await am.get(`/api/v1/companies/${id}/account`)).json().nextContactOn).toBe(
      addDays(moscowToday(), 3),
    );
    expect((await am.patch('/api/v1/settings/account', { cadenceDays: 5 })).statusCode).toBe(403);
    await head.patch('/api/v1/settings/account', { cadenceDays: 4 });
  });

  it('gives a prospect a computed next contact, and a row once its cadence is set', async () => {
    const prospect = (await am.post('/api/v1/companies', { name: 'Maybe Ltd' })).json().id;
    const account = (await am.get(`/api/v1/companies/${prospect}/account`)).json();
    expect(account).toMatchObject({ version: 0, nextContactOn: addDays(moscowToday(), 4) });
    const set = await am.patch(`/api/v1/companies/${prospect}/account`, { cadenceDays: 2, version: 0 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      version: 1,
      cadenceDays: 2,
      nextContactOn: addDays(moscowToday(), 2),
    });
  });

  it("hides another AM's client and another workspace's", async () => {
    expect((await otherAm.get(`/api/v1/companies/${clientId}/account`)).statusCode).toBe(404);
    expect((await otherAm.get(`/api/v1/companies/${clientId}/meetings`)).statusCode).toBe(404);
    expect((await otherAm.post(`/api/v1/companies/${clientId}/requests`, { title: 'x' })).statusCode).toBe(
      404,
    );
    expect((await stranger.get(`/api/v1/companies/${clientId}/account`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/companies/${clientId}/feedback`)).statusCode).toBe(404);
  });

  it("lists an AM's clients with the overdue ones first", async () => {
    const response = await am.get('/api/v1/account/my-clients');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { companyName: string; overdueDays: number }[];
    expect(items.length).toBeGreaterThanOrEqual(4);
    const overdue = items.findIndex((i) => i.overdueDays > 0);
    expect(overdue === -1 || overdue === 0).toBe(true);
    expect((await otherAm.get('/api/v1/account/my-clients')).json().items).toEqual([]);
    expect((await otherAm.get(`/api/v1/account/my-clients?ownerId=${ivanova.id}`)).json().items).toEqual([]);
  });

  it('measures cadence compliance per AM over a period', async () => {
    const id = await newClient('Compliance');
    await db().execute(
      sql`update companies set created_at = now() - interval '40 days' where workspace_id = ${workspaceId} and id = ${id}`,
    );
    const from = addDays(moscowToday(), -30);
    const to = moscowToday();
    const response = await head.get(`/api/v1/account/compliance?from=${from}&to=${to}&userId=${ivanova.id}`);
    expect(response.statusCode).toBe(200);
    const row = response.json().items[0];
    expect(row.userId).toBe(ivanova.id);
    expect(row.clients).toBeGreaterThan(row.compliant);
    expect(row.complianceBp).toBe(Math.round((row.compliant / row.clients) * 10_000));
    const mine = await am.get(`/api/v1/account/compliance?from=${from}&to=${to}`);
    expect(mine.json().items.map((i: { userId: string }) => i.userId)).toEqual([ivanova.id]);
    const backwards = await head.get(`/api/v1/account/compliance?from=${to}&to=${from}`);
    expect(backwards.statusCode).toBe(422);
  });
});

describe('meetings', () => {
  let meetingId: string;

  it('logs a meeting with attendees and decisions that become tasks, on the timeline', async () => {
    const response = await am.post(`/api/v1/companies/${clientId}/meetings`, {
      title: 'Planning with the decision makers',
      heldAt: new Date().toISOString(),
      agenda: 'Q3 priorities',
      minutes: 'Agreed to start the catalogue redesign.',
      attendeeContactIds: [contactId],
      attendeeUserIds: [ivanova.id],
      decisions: [
        {
          text: 'Send the estimate for the catalogue',
          ownerId: ivanova.id,
          dueOn: addDays(moscowToday(), 2),
        },
        { text: 'Book the next planning session' },
      ],
    });
    expect(response.statusCode).toBe(201);
    const meeting = response.json();
    meetingId = meeting.id;
    expect(meeting.decisions).toHaveLength(2);
    expect(meeting.decisions.every((d: { taskId: string | null }) => d.taskId)).toBe(true);

    const made = await db()
      .select()
      .from(tasks)
      .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.origin, 'meeting_decision')));
    expect(made.map((t) => t.title).sort()).toEqual([
      'Book the next planning session',
      'Send the estimate for the catalogue',
    ]);
    expect(made.every((t) => t.assigneeId === ivanova.id && t.companyId === clientId)).toBe(true);

    const logged = await db()
      .select()
      .from(robotActions)
      .where(and(eq(robotActions.workspaceId, workspaceId), eq(robotActions.ruleKey, 'meeting_decisions')));
    expect(logged).toHaveLength(2);

    const [activity] = await db()
      .select()
      .from(activities)
      .where(and(eq(activities.workspaceId, workspaceId), eq(activities.id, meeting.activityId)));
    expect(activity).toMatchObject({
      type: 'meeting',
      companyId: clientId,
      subject: 'Planning with the decision makers',
    });
    const account = (await am.get(`/api/v1/companies/${clientId}/account`)).json();
    expect(account.lastContactAt).not.toBeNull();

    const list = (await am.get(`/api/v1/companies/${clientId}/meetings`)).json();
    expect(list.items.map((m: { id: string }) => m.id)).toContain(meetingId);
  });

  it('refuses attendees who are not the client’s contacts, and saves nothing', async () => {
    const count = async () =>
      (await db().select().from(meetings).where(eq(meetings.workspaceId, workspaceId))).length;
    const before = await count();
    const response = await am.post(`/api/v1/companies/${clientId}/meetings`, {
      title: 'Wrong people',
      heldAt: new Date().toISOString(),
      attendeeContactIds: [otherContactId],
      decisions: [{ text: 'x', ownerId: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'attendeeContactIds.0',
      'decisions.0.ownerId',
    ]);
    expect(await count()).toBe(before);

    const invalid = await am.post(`/api/v1/companies/${clientId}/meetings`, { heldAt: 'yesterday' });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['heldAt', 'title']);
    expect(await count()).toBe(before);
  });

  it('downloads the minutes and offers a mailto link without an SMTP server', async () => {
    const file = await am.get(`/api/v1/meetings/${meetingId}/minutes`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/markdown');
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body).toContain('# Planning with the decision makers');
    expect(file.body).toContain('Olga CFO');
    expect(file.body).toContain('1. Send the estimate for the catalogue (owner: Ivanova');

    const sent = await am.post(`/api/v1/meetings/${meetingId}/send-minutes`, {});
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ sent: false, recipients: ['olga@romashka.test'] });
    expect(sent.json().mailto).toMatch(/^mailto:olga%40romashka\.test\?subject=/);
    expect((await otherAm.get(`/api/v1/meetings/${meetingId}/minutes`)).statusCode).toBe(404);
  });

  it('does not make tasks of decisions when the robot is off', async () => {
    const off = await head.patch('/api/v1/robots/rules/meeting_decisions', { enabled: false });
    expect(off.statusCode, off.body).toBe(200);
    const response = await am.post(`/api/v1/companies/${clientId}/meetings`, {
      title: 'Quiet one',
      heldAt: new Date().toISOString(),
      decisions: [{ text: 'Nothing automatic' }],
    });
    expect(response.json().decisions[0].taskId).toBeNull();
    await head.patch('/api/v1/robots/rules/meeting_decisions', { enabled: true });
  });
});

describe('client requests and the backlog', () => {
  const act = async (id: string, body: Record<string, unknown>) => {
    const current = (await am.get(`/api/v1/requests/${id}`)).json();
    return am.post(`/api/v1/requests/${id}/actions`, { version: current.version, ...body });
  };

  it('goes from a pasted message to an accepted delivery with the approval recorded', async () => {
    const created = await am.post(`/api/v1/companies/${clientId}/requests`, {
      title: 'Price filter in the catalogue',
      source: 'message',
      originalText: 'Hi! Can we get a price filter?',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ status: 'received', rank: 1, currency: 'RUB' });

    expect(
      (await act(id, { action: 'specify', specification: 'Filter by min/max price' })).json().status,
    ).toBe('specified');
    const estimated = await act(id, { action: 'estimate', hours: 12.5, costMinor: 3_750_000 });
    expect(estimated.json()).toMatchObject({
      status: 'estimated',
      estimateHours: 12.5,
      estimateCostMinor: 3_750_000,
    });

    const early = await act(id, { action: 'start' });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors).toEqual([{ field: 'overrideReason', message: expect.any(String) }]);
    expect((await am.get(`/api/v1/requests/${id}`)).json().status).toBe('estimated');

    const approved = await act(id, { action: 'approve', approvedByContactId: contactId });
    expect(approved.json()).toMatchObject({
      status: 'approved',
      approvedByName: 'Olga CFO',
      approvedByContactId: contactId,
    });
    expect(approved.json().approvedAt).not.toBeNull();
    expect((await act(id, { action: 'start' })).json()).toMatchObject({
      status: 'in_work',
      overrideReason: null,
    });
    expect((await act(id, { action: 'deliver' })).json().status).toBe('delivered');
    expect((await act(id, { action: 'accept' })).json().status).toBe('accepted');

    const again = await act(id, { action: 'cancel' });
    expect(again.statusCode).toBe(409);
  });

  it('starts before approval only with a reason, which is recorded', async () => {
    const id = (await am.post(`/api/v1/companies/${clientId}/requests`, { title: 'Site is down' })).json().id;
    const started = await act(id, {
      action: 'start',
      overrideReason: 'Production outage, the CEO asked by phone',
    });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({
      status: 'in_work',
      overrideReason: 'Production outage, the CEO asked by phone',
    });
    const history = (await am.get(`/api/v1/companies/${clientId}/history`)).statusCode;
    expect(history).toBe(200);
  });

  it('keeps the backlog in the order agreed with the client', async () => {
    const a = (await am.post(`/api/v1/companies/${clientId}/requests`, { title: 'A' })).json().id;
    const b = (await am.post(`/api/v1/companies/${clientId}/requests`, { title: 'B' })).json().id;
    const open = (await am.get(`/api/v1/companies/${clientId}/requests`))
      .json()
      .items.filter((r: { status: string }) => !['accepted', 'cancelled'].includes(r.status));
    const order = [b, ...open.map((r: { id: string }) => r.id).filter((id: string) => id !== b)];
    const reordered = await am.put(`/api/v1/companies/${clientId}/requests/order`, { order });
    expect(reordered.statusCode).toBe(200);
    expect(
      reordered
        .json()
        .items.slice(0, order.length)
        .map((r: { id: string }) => r.id),
    ).toEqual(order);
    expect(reordered.json().items.at(-1).status).toBe('accepted');

    const partial = await am.put(`/api/v1/companies/${clientId}/requests/order`, { order: [a] });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().errors[0].field).toBe('order');
    const ranks = await db()
      .select({ id: clientRequests.id, rank: clientRequests.rank })
      .from(clientRequests)
      .where(and(eq(clientRequests.workspaceId, workspaceId), eq(clientRequests.id, b)));
    expect(ranks[0]!.rank).toBe(1);
  });
});

describe('growth plan', () => {
  it('turns a direction into an upsell deal in the default pipeline, once', async () => {
    const created = await am.post(`/api/v1/companies/${clientId}/growth`, {
      service: 'SEO audit',
      description: 'They rank poorly for their own brand',
      potentialMinor: 15_000_000,
    });
    expect(created.statusCode).toBe(201);
    const direction = created.json();
    const upsell = await am.post(`/api/v1/growth/${direction.id}/upsell`, { version: direction.version });
    expect(upsell.statusCode).toBe(201);
    expect(upsell.json().deal).toMatchObject({
      kind: 'upsell',
      companyId: clientId,
      amountMinor: 15_000_000,
      ownerId: ivanova.id,
    });
    expect(upsell.json().direction).toMatchObject({ status: 'deal', dealId: upsell.json().deal.id });
    const twice = await am.post(`/api/v1/growth/${direction.id}/upsell`, {
      version: upsell.json().direction.version,
    });
    expect(twice.statusCode).toBe(409);
    expect((await otherAm.post(`/api/v1/growth/${direction.id}/upsell`, { version: 2 })).statusCode).toBe(
      404,
    );
  });
});

describe('feedback and health', () => {
  it('escalates a critical complaint to the heads and lowers health until resolved', async () => {
    const id = await newClient('Unhappy');
    const created = await am.post(`/api/v1/companies/${id}/feedback`, {
      kind: 'complaint',
      severity: 'critical',
      body: 'Paid by card although only bank transfer is accepted, and nobody told us',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ sentiment: 'negative', status: 'open' });
    const escalated = await db()
      .select()
      .from(tasks)
      .where(
        and(
          eq(tasks.workspaceId, workspaceId),
          eq(tasks.origin, 'feedback_escalation'),
          eq(tasks.companyId, id),
        ),
      );
    expect(escalated.map((t) => t.assigneeId)).toEqual([headUser.id]);
    expect(escalated[0]!.priority).toBe('urgent');

    const health = (await am.get(`/api/v1/companies/${id}/account`)).json().health;
    expect(health.reasons).toContainEqual({ code: 'critical_feedback', points: 20, value: 1 });
    expect(health.score).toBe(80);

    const resolved = await am.post(`/api/v1/feedback/${created.json().id}/resolve`, {
      resolution: 'Refunded; the invoice now says "bank transfer only"',
      version: created.json().version,
    });
    expect(resolved.json().status).toBe('resolved');
    expect((await am.get(`/api/v1/companies/${id}/account`)).json().health.score).toBe(100);

    const review = await am.post(`/api/v1/companies/${id}/feedback`, {
      kind: 'review',
      body: 'Great launch',
    });
    expect(review.json().sentiment).toBe('positive');
    const bad = await am.post(`/api/v1/companies/${id}/feedback`, { kind: 'praise', body: '' });
    expect(bad.statusCode).toBe(400);
  });

  it('counts time since the last purchase towards churn', async () => {
    const id = await newClient('Sleeping');
    await db()
      .update(clientAccounts)
      .set({ lastPurchaseAt: new Date(Date.now() - 200 * 86_400_000) })
      .where(and(eq(clientAccounts.workspaceId, workspaceId), eq(clientAccounts.companyId, id)));
    const account = (await am.get(`/api/v1/companies/${id}/account`)).json();
    expect(account.churned).toBe(true);
    expect(account.health.reasons).toContainEqual({ code: 'churned', points: 30, value: 200 });
  });
});
