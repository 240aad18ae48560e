import { and, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
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
import { clientAccounts } from '../account/schema.ts';
import { connectPostgres } from '../db/client.ts';
import { type TaskOrigin, tasks } from '../tasks/schema.ts';
import { teamMembers, teams } from '../teams/schema.ts';
import { ROBOT_PASS_LOCK, runRobotPass } from './run-robots.ts';
import { robotActions } from './schema.ts';

/**
 * Robots through HTTP and directly on a real database: each rule acts once per cause, passes
 * twice over create nothing new, rules switch off, absent people's work goes to whoever covers,
 * and with two processes on one PostgreSQL only one runs a pass.
 */
let ctx: TestContext;
let workspaceId: string;
let admin: Client;
let head: Client;
let ivanova: TestUser;
let lead: TestUser;
let am: Client;
let overdueClient: string;
let sleepyClient: string;
let staleDeal: string;
let tenderDeal: string;

const db = () => ctx.database.db;

async function newClient(name: string): Promise<string> {
  const response = await head.post('/api/v1/companies', { name, status: 'client', ownerId: ivanova.id });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

const robotTasks = async (origin: TaskOrigin) =>
  db()
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.origin, origin)));

async function makeOverdue(companyId: string, days = 3) {
  await db()
    .update(clientAccounts)
    .set({ nextContactOn: sql`current_date - ${days}::int` })
    .where(and(eq(clientAccounts.workspaceId, workspaceId), eq(clientAccounts.companyId, companyId)));
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  workspaceId = ws.workspaceId;
  admin = await signIn(ctx.app, ws.admin);
  head = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['head'], { name: 'Head' }));
  ivanova = await seedUser(ctx.database, workspaceId, ['am'], { name: 'Ivanova' });
  am = await signIn(ctx.app, ivanova);
  lead = await seedUser(ctx.database, workspaceId, ['team_lead'], { name: 'Lead' });
  const [team] = await db()
    .insert(teams)
    .values({ workspaceId, name: 'Accounts', leadUserId: lead.id })
    .returning();
  await db().insert(teamMembers).values({ workspaceId, teamId: team!.id, userId: ivanova.id });

  // A webhook that listens to new tasks: a rule's tasks reach it like anyone's (deliveries wait).
  const hook = await admin.post('/api/v1/webhooks', {
    url: 'http://127.0.0.1:9/tasks',
    events: ['task.created'],
  });
  expect(hook.statusCode).toBe(201);

  overdueClient = await newClient('Overdue Ltd');
  await makeOverdue(overdueClient);
  await newClient('On time Ltd');
  sleepyClient = await newClient('Sleepy Ltd');
  await db()
    .update(clientAccounts)
    .set({ lastPurchaseAt: sql`now() - interval '200 days'` })
    .where(and(eq(clientAccounts.workspaceId, workspaceId), eq(clientAccounts.companyId, sleepyClient)));

  const stale = await am.post('/api/v1/deals', {
    companyId: overdueClient,
    title: 'Stalled upsell',
    kind: 'upsell',
  });
  expect(stale.statusCode).toBe(201);
  staleDeal = stale.json().id;
  await db().execute(
    sql`update deals set created_at = now() - interval '3 days', stage_entered_at = now() - interval '3 days' where workspace_id = ${workspaceId} and id = ${staleDeal}`,
  );
  await am.post('/api/v1/deals', {
    companyId: overdueClient,
    title: 'Fresh deal with a next step',
    nextStep: 'Call back',
    nextStepAt: new Date(Date.now() + 86_400_000).toISOString(),
  });

  const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const tender = await am.post('/api/v1/deals', {
    companyId: sleepyClient,
    title: 'Customs portal tender',
    tenderDeadline: deadline,
    nextStep: 'Prepare the bid',
    nextStepAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(tender.statusCode).toBe(201);
  tenderDeal = tender.json().id;
});
afterAll(() => ctx.close());

describe('a robot pass', () => {
  it('leaves the tender reminder the sales flow made alone (the guard finds it)', async () => {
    expect(await robotTasks('tender_deadline')).toHaveLength(1);
  });

  it('acts on every cause once: cadence, next step, churn risk, a missing tender reminder', async () => {
    // The tender reminder went missing (say the deal came from an import): the guard restores it.
    await db()
      .delete(tasks)
      .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.dealId, tenderDeal)));

    const response = await admin.post('/api/v1/robots/run');
    expect(response.statusCode).toBe(200);
    const { ran, run } = response.json();
    expect(ran).toBe(true);
    expect(run.byRule).toEqual({
      cadence_missed: 1,
      deal_without_next_step: 1,
      churn_risk: 1,
      tender_deadline: 1,
    });
    expect(run.actions).toBe(4);

    const cadence = await robotTasks('cadence');
    expect(cadence).toHaveLength(1);
    expect(cadence[0]).toMatchObject({
      assigneeId: ivanova.id,
      companyId: overdueClient,
      priority: 'high',
      status: 'open',
    });
    expect(cadence[0]!.title).toBe('Get in touch with Overdue Ltd');
    // The AM hears of it in the notification centre, as of any task a rule makes.
    const told = (await am.get('/api/v1/notifications')).json().items as {
      kind: string;
      params: Record<string, string>;
      link: string;
    }[];
    expect(told.find((n) => n.params.title === 'Get in touch with Overdue Ltd')).toMatchObject({
      kind: 'robot_task',
      link: `/companies/${overdueClient}`,
      params: { origin: 'cadence', dueAt: cadence[0]!.dueAt!.toISOString() },
    });

    const nextStep = await robotTasks('deal_next_step');
    expect(nextStep.map((t) => t.dealId)).toEqual([staleDeal]);

    const tender = await robotTasks('tender_deadline');
    expect(tender.map((t) => t.dealId)).toEqual([tenderDeal]);

    const [sleepy] = await db()
      .select()
      .from(clientAccounts)
      .where(and(eq(clientAccounts.workspaceId, workspaceId), eq(clientAccounts.companyId, sleepyClient)));
    expect(sleepy!.churnRiskAt).not.toBeNull();
    expect(sleepy!.churnRiskReason).toMatch(/^No purchase since /);
    expect((await am.get(`/api/v1/companies/${sleepyClient}/account`)).json().churnRiskAt).not.toBeNull();
  });

  it('logs each task it made and sends it to webhooks, as the API shows the task', async () => {
    const [cadence] = await robotTasks('cadence');
    const shown = (await admin.get(`/api/v1/tasks/${cadence!.id}`)).json();
    // The rule's log is the task's record of who made it and why (no audit_log row).
    const [logged] = await db()
      .select()
      .from(robotActions)
      .where(and(eq(robotActions.workspaceId, workspaceId), eq(robotActions.taskId, cadence!.id)));
    expect(logged).toMatchObject({ ruleKey: 'cadence_missed', action: 'task_created', userId: ivanova.id });

    const deliveryOf = async (taskId: string) => {
      const { rows } = await db().execute<{ event: string; payload: Record<string, unknown> }>(
        sql`select event, payload from webhook_deliveries
            where workspace_id = ${workspaceId} and payload -> 'entity' ->> 'id' = ${taskId}`,
      );
      expect(rows).toHaveLength(1);
      return rows[0]!;
    };
    const robot = await deliveryOf(cadence!.id);
    expect(robot).toEqual({
      event: 'task.created',
      payload: {
        event: 'task.created',
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        workspaceId,
        entity: { type: 'task', id: cadence!.id },
        actorUserId: null,
        data: shown,
        previous: null,
      },
    });
    // The same envelope as a task a person makes.
    const manual = (await admin.post('/api/v1/tasks', { title: 'Call the accountant' })).json();
    const byHand = await deliveryOf(manual.id);
    expect(Object.keys(byHand.payload).sort()).toEqual(Object.keys(robot.payload).sort());
    expect(byHand.payload.data).toEqual(manual);
  });

  it('creates nothing the second time over the same causes', async () => {
    const countTasks = async () =>
      (await db().select().from(tasks).where(eq(tasks.workspaceId, workspaceId))).length;
    const countActions = async () =>
      (await db().select().from(robotActions).where(eq(robotActions.workspaceId, workspaceId))).length;
    const [tasksBefore, actionsBefore] = [await countTasks(), await countActions()];
    const again = await admin.post('/api/v1/robots/run');
    expect(again.json().run).toMatchObject({ actions: 0 });
    expect(await countTasks()).toBe(tasksBefore);
    expect(await countActions()).toBe(actionsBefore);

    // Even with the cadence marker cleared, the log's unique cause key stops a second task.
    await db()
      .update(clientAccounts)
      .set({ cadenceFlaggedOn: null })
      .where(eq(clientAccounts.workspaceId, workspaceId));
    await admin.post('/api/v1/robots/run');
    expect(await robotTasks('cadence')).toHaveLength(1);
  });

  it('acts again when the same client misses a new next contact date', async () => {
    await am.post('/api/v1/activities', { type: 'call', companyId: overdueClient, subject: 'Caught up' });
    await makeOverdue(overdueClient, 1);
    const run = (await admin.post('/api/v1/robots/run')).json().run;
    expect(run.byRule.cadence_missed).toBe(1);
    expect(await robotTasks('cadence')).toHaveLength(2);
  });

  it('acts again on a deal whose new next step lapses, and only once per next step', async () => {
    const lapsed = new Date(Date.now() - 3 * 86_400_000);
    await db().execute(
      sql`update deals set next_step = 'Send the offer', next_step_at = ${lapsed.toISOString()}::timestamptz
          where workspace_id = ${workspaceId} and id = ${staleDeal}`,
    );
    const run = (await admin.post('/api/v1/robots/run')).json().run;
    expect(run.byRule.deal_without_next_step).toBe(1);
    const forDeal = async () => (await robotTasks('deal_next_step')).filter((t) => t.dealId === staleDeal);
    expect(await forDeal()).toHaveLength(2);
    expect((await admin.post('/api/v1/robots/run')).json().run.byRule.deal_without_next_step ?? 0).toBe(0);
  });

  it('gives an absent AM’s work to whoever covers for them', async () => {
    const away = await head.post('/api/v1/absences', {
      userId: ivanova.id,
      kind: 'vacation',
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    expect(away.statusCode).toBe(201);
    const covered = await newClient('Covered Ltd');
    await makeOverdue(covered);
    await admin.post('/api/v1/robots/run');
    const [task] = (await robotTasks('cadence')).filter((t) => t.companyId === covered);
    expect(task).toMatchObject({ assigneeId: lead.id, coveringForId: ivanova.id });

    // The lead covering for Ivanova works on her client's account records.
    const leadClient = await signIn(ctx.app, lead);
    expect((await leadClient.get(`/api/v1/companies/${covered}/account`)).statusCode).toBe(200);
    await head.delete(`/api/v1/absences/${away.json().id}`);
  });

  it('does nothing for a rule that is switched off, and validates parameters', async () => {
    const off = await head.patch('/api/v1/robots/rules/cadence_missed', { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ key: 'cadence_missed', enabled: false, params: { graceDays: 0 } });
    const quiet = await newClient('Quiet Ltd');
    await makeOverdue(quiet);
    const run = (await admin.post('/api/v1/robots/run')).json().run;
    expect(run.byRule.cadence_missed ?? 0).toBe(0);

    const bad = await head.patch('/api/v1/robots/rules/cadence_missed', {
      params: { graceDays: 99, nope: 1 },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'params.graceDays',
      'params.nope',
    ]);
    const rules = (await head.get('/api/v1/robots/rules')).json().items;
    expect(rules.find((r: { key: string }) => r.key === 'cadence_missed')).toMatchObject({
      enabled: false,
      params: { graceDays: 0 },
    });
    expect((await head.patch('/api/v1/robots/rules/no_such_rule', { enabled: true })).statusCode).toBe(404);

    await head.patch('/api/v1/robots/rules/cadence_missed', { enabled: true, params: { graceDays: 5 } });
    expect((await admin.post('/api/v1/robots/run')).json().run.byRule.cadence_missed ?? 0).toBe(0);
    await head.patch('/api/v1/robots/rules/cadence_missed', { params: { graceDays: 0 } });
    expect((await admin.post('/api/v1/robots/run')).json().run.byRule.cadence_missed).toBe(1);
  });

  it('shows the passes and the log with filters, to admins and heads only', async () => {
    const runs = await head.get('/api/v1/robots/runs');
    expect(runs.statusCode).toBe(200);
    expect(runs.json().items.length).toBeGreaterThanOrEqual(5);
    const log = await head.get('/api/v1/robots/actions?ruleKey=churn_risk');
    expect(log.json().items).toEqual([
      expect.objectContaining({
        ruleKey: 'churn_risk',
        action: 'flag_set',
        companyName: 'Sleepy Ltd',
        userName: 'Ivanova',
        reason: expect.stringMatching(/^No purchase since/),
      }),
    ]);
    const page = (await head.get('/api/v1/robots/actions?limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.nextBefore).not.toBeNull();
    expect((await am.get('/api/v1/robots/actions')).statusCode).toBe(403);
    expect((await am.post('/api/v1/robots/run')).statusCode).toBe(403);
  });

  it('keeps workspaces apart', async () => {
    const other = await seedWorkspace(ctx.database, { name: 'Elsewhere' });
    const stranger = await signIn(ctx.app, other.admin);
    expect((await stranger.get('/api/v1/robots/actions')).json().items).toEqual([]);
  });
});

describe('two processes against one PostgreSQL', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'run each pass once: the second process skips while the first holds the lock',
    async () => {
      const url = (ctx.database.driver as pg.Pool).options.connectionString!;
      const second = connectPostgres(url, { max: 4 });
      try {
        const client = await newClient('Raced Ltd');
        await makeOverdue(client, 2);
        // Both "processes" start a pass at the same moment.
        const results = await Promise.all([
          runRobotPass(ctx.database, { trigger: 'schedule' }),
          runRobotPass(second, { trigger: 'schedule' }),
        ]);
        const made = (await robotTasks('cadence')).filter((t) => t.companyId === client);
        expect(made).toHaveLength(1);
        expect(results.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
        expect(results.reduce((sum, r) => sum + (r.byRule.cadence_missed ?? 0), 0)).toBe(1);

        // While one process holds the lock, the other's pass returns at once without running.
        const another = await newClient('Waiting Ltd');
        await makeOverdue(another, 2);
        await ctx.database.withSession(async (query) => {
          await query('SELECT pg_advisory_lock($1)', [ROBOT_PASS_LOCK]);
          try {
            const skipped = await runRobotPass(second, { trigger: 'schedule' });
            expect(skipped).toMatchObject({ ran: false, runId: null });
          } finally {
            await query('SELECT pg_advisory_unlock($1)', [ROBOT_PASS_LOCK]);
          }
        });
        expect((await robotTasks('cadence')).filter((t) => t.companyId === another)).toHaveLength(0);
        expect((await runRobotPass(second, { trigger: 'schedule' })).ran).toBe(true);
        expect((await robotTasks('cadence')).filter((t) => t.companyId === another)).toHaveLength(1);
      } finally {
        await second.close();
      }
    },
  );

  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'is a PostgreSQL-only test (PGlite is one process): here a pass inside a pass is refused',
    async () => {
      const [a, b] = await Promise.all([
        runRobotPass(ctx.database, { trigger: 'schedule' }),
        runRobotPass(ctx.database, { trigger: 'schedule' }),
      ]);
      expect([a.ran, b.ran].sort()).toEqual([false, true]);
    },
  );
});
