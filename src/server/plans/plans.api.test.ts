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
let workspaceId: string;
let head: Client;
let lead: Client;
let seller: Client;
let stranger: Client;
let leadUser: TestUser;
let sellerUser: TestUser;
let newbieUser: TestUser;
let teamA: string;
let teamB: string;

const month = '2026-03-01';

async function count(table: string, where = 'true'): Promise<number> {
  const result = await ctx.database.db.execute<{ n: number }>(
    sql.raw(`select count(*)::int as n from ${table} where ${where}`),
  );
  return Number(result.rows[0]!.n);
}

/** `total` leads handed to the person in February, `won` of them ending in a won deal. */
async function history(user: TestUser, total: number, won: number) {
  const db = ctx.database.db;
  const [stage] = (
    await db.execute<{ id: string; pipeline_id: string }>(
      sql`select id, pipeline_id from stages where workspace_id = ${workspaceId} and kind = 'won' limit 1`,
    )
  ).rows;
  const company = (
    await db.execute<{ id: string }>(
      sql`insert into companies (workspace_id, name) values (${workspaceId}, ${`Клиент ${user.id}`}) returning id`,
    )
  ).rows[0]!.id;
  for (let i = 0; i < total; i++) {
    let dealId: string | null = null;
    if (i < won) {
      dealId = (
        await db.execute<{ id: string }>(
          sql`insert into deals (workspace_id, title, company_id, pipeline_id, stage_id, owner_id)
              values (${workspaceId}, 'Сделка', ${company}, ${stage!.pipeline_id}, ${stage!.id}, ${user.id}) returning id`,
        )
      ).rows[0]!.id;
    }
    await db.execute(
      sql`insert into leads (workspace_id, company_id, origin, assignee_id, status, deal_id, created_at)
          values (${workspaceId}, ${company}, 'inbound', ${user.id}, ${dealId ? 'converted' : 'accepted'}, ${dealId}, '2026-02-10T10:00:00Z')`,
    );
  }
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'ru' });
  workspaceId = ws.workspaceId;
  const admin = await signIn(ctx.app, ws.admin);
  head = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['head']));
  leadUser = await seedUser(ctx.database, workspaceId, ['team_lead'], { name: 'Лидова' });
  lead = await signIn(ctx.app, leadUser);
  sellerUser = await seedUser(ctx.database, workspaceId, ['sales'], { name: 'Продавцов' });
  seller = await signIn(ctx.app, sellerUser);
  newbieUser = await seedUser(ctx.database, workspaceId, ['sales'], { name: 'Новичков' });
  teamA = (await admin.post('/api/v1/teams', { name: 'Москва', leadUserId: leadUser.id })).json().id;
  teamB = (await admin.post('/api/v1/teams', { name: 'Казань' })).json().id;
  await ctx.database.db.execute(
    sql`insert into team_members (workspace_id, team_id, user_id) values
        (${workspaceId}, ${teamA}, ${sellerUser.id}), (${workspaceId}, ${teamA}, ${newbieUser.id})`,
  );
  await ctx.database.db.execute(
    sql`update users set client_cap = 20 where workspace_id = ${workspaceId} and id in (${sellerUser.id}, ${newbieUser.id})`,
  );
  stranger = await signIn(ctx.app, (await seedWorkspace(ctx.database, { name: 'Other' })).admin);
});
afterAll(() => ctx.close());

describe('company plan and its split', () => {
  let companyPlan: { id: string; version: number };

  it('sets a company target; bad input is refused with field errors and writes nothing', async () => {
    const noTeam = await head.put('/api/v1/plans', {
      periodKind: 'month',
      periodStart: month,
      scope: 'team',
      metric: 'revenue',
      target: 1,
    });
    expect(noTeam.statusCode).toBe(422);
    expect(noTeam.json().errors).toEqual([{ field: 'teamId', message: 'a team plan names its team' }]);
    const badQuarter = await head.put('/api/v1/plans', {
      periodKind: 'quarter',
      periodStart: '2026-02-01',
      scope: 'company',
      metric: 'revenue',
      target: 1,
    });
    expect(badQuarter.statusCode).toBe(422);
    expect(badQuarter.json().errors[0].field).toBe('periodStart');
    const badMetric = await head.put('/api/v1/plans', {
      periodKind: 'month',
      periodStart: month,
      scope: 'company',
      metric: 'happiness',
      target: -1,
    });
    expect(badMetric.statusCode).toBe(400);
    expect(
      badMetric
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['metric', 'target']);
    expect(await count('plans')).toBe(0);
    expect(
      (
        await lead.put('/api/v1/plans', {
          periodKind: 'month',
          periodStart: month,
          scope: 'company',
          metric: 'revenue',
          target: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await seller.put('/api/v1/plans', {
          periodKind: 'month',
          periodStart: month,
          scope: 'company',
          metric: 'revenue',
          target: 1,
        })
      ).statusCode,
    ).toBe(403);

    const set = await head.put('/api/v1/plans', {
      periodKind: 'month',
      periodStart: month,
      scope: 'company',
      metric: 'revenue',
      target: 1_000_000_01,
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      scope: 'company',
      target: 1_000_000_01,
      currency: 'RUB',
      source: 'manual',
    });
    companyPlan = set.json();
  });

  it('splits it between teams by share; the parts add up to the whole, with their formula', async () => {
    const over = await head.post(`/api/v1/plans/${companyPlan.id}/split`, {
      shares: [
        { teamId: teamA, shareBp: 6000 },
        { teamId: teamB, shareBp: 5000 },
      ],
    });
    expect(over.statusCode).toBe(422);
    const split = await head.post(`/api/v1/plans/${companyPlan.id}/split`, {
      shares: [
        { teamId: teamA, shareBp: 6000 },
        { teamId: teamB, shareBp: 4000 },
      ],
    });
    expect(split.statusCode).toBe(200);
    const [a, b] = split.json().items;
    expect(a).toMatchObject({
      scope: 'team',
      teamName: 'Москва',
      source: 'split',
      parentPlanId: companyPlan.id,
      target: 600_000_01,
    });
    expect(b).toMatchObject({ teamName: 'Казань', target: 400_000_00 });
    expect(a.target + b.target).toBe(1_000_000_01);
    expect(a.formula).toMatchObject({
      parentTarget: 1_000_000_01,
      shareBp: 6000,
      expression: '1000000.01 × 60.00 % = 600000.01',
    });
    const listed = (await seller.get(`/api/v1/plans?periodStart=${month}&scope=team`)).json().items;
    expect(listed).toHaveLength(2);
  });

  it('the team lead splits the team’s plan among its people, and changing a split target needs a reason', async () => {
    const teamPlan = (await lead.get(`/api/v1/plans?periodStart=${month}&teamId=${teamA}&scope=team`)).json()
      .items[0];
    const split = await lead.post(`/api/v1/plans/${teamPlan.id}/split`, {
      shares: [
        { userId: sellerUser.id, shareBp: 7000 },
        { userId: newbieUser.id, shareBp: 3000 },
      ],
    });
    expect(split.statusCode).toBe(200);
    const mine = split.json().items[0];
    expect(mine).toMatchObject({ scope: 'person', userId: sellerUser.id, teamId: teamA, source: 'split' });
    const noReason = await lead.patch(`/api/v1/plans/${mine.id}`, { version: mine.version, target: 1 });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('reason');
    const changed = await lead.patch(`/api/v1/plans/${mine.id}`, {
      version: mine.version,
      target: 450_000_00,
      reason: 'Крупный клиент ушёл в отпуск',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      target: 450_000_00,
      source: 'split',
      reason: 'Крупный клиент ушёл в отпуск',
    });
    const audit = await ctx.database.db.execute<{ after: { reason: string } }>(
      sql`select after from audit_log where entity_type = 'plan' and entity_id = ${mine.id} order by id desc limit 1`,
    );
    expect(audit.rows[0]!.after.reason).toBe('Крупный клиент ушёл в отпуск');
    // visibility: the seller sees their own personal plan, not the newbie's; another workspace nothing
    const sellerSees = (await seller.get(`/api/v1/plans?periodStart=${month}&scope=person`)).json().items;
    expect(sellerSees.map((p: { userId: string }) => p.userId)).toEqual([sellerUser.id]);
    expect(
      (await stranger.patch(`/api/v1/plans/${mine.id}`, { version: 2, target: 1, reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await stranger.get(`/api/v1/plans?periodStart=${month}`)).json().items).toEqual([]);
  });
});

describe('derived personal plans', () => {
  it('previews capacity × conversion, the person’s own or the team’s when too thin, then applies', async () => {
    await history(sellerUser, 12, 4); // 33.33 %
    await history(newbieUser, 2, 2); // too little history → the team's 6 / 14 = 42.85 %
    const preview = await lead.post('/api/v1/plans/derive/preview', {
      periodStart: month,
      metric: 'contracts',
      teamId: teamA,
    });
    expect(preview.statusCode).toBe(200);
    const rows = preview.json().items;
    expect(rows).toHaveLength(2);
    const newbie = rows.find((r: { userId: string }) => r.userId === newbieUser.id);
    const mine = rows.find((r: { userId: string }) => r.userId === sellerUser.id);
    // (20 − 0) × 33.33 % = 6.67 → 7
    expect(mine).toMatchObject({ target: 7, current: null });
    expect(mine.formula).toMatchObject({
      cap: 20,
      clients: 0,
      freeCapacity: 20,
      leads: 12,
      won: 4,
      conversionBp: 3333,
      conversionSource: 'person',
    });
    expect(mine.formula.expression).toBe('(20 − 0) × 33.33 % (4/12, person) = 7');
    // 20 × 42.85 % = 8.57 → 9
    expect(newbie).toMatchObject({ target: 9 });
    expect(newbie.formula).toMatchObject({ conversionSource: 'team', leads: 14, won: 6 });
    expect(await count('plans', `metric = 'contracts'`)).toBe(0);

    const applied = await lead.post('/api/v1/plans/derive/apply', {
      periodStart: month,
      metric: 'contracts',
      teamId: teamA,
    });
    expect(applied.statusCode).toBe(200);
    const plan = applied.json().items.find((p: { userId: string }) => p.userId === sellerUser.id);
    expect(plan).toMatchObject({ source: 'derived', target: 7, metric: 'contracts', currency: null });
    expect(plan.formula.expression).toBe('(20 − 0) × 33.33 % (4/12, person) = 7');
    const noReason = await lead.patch(`/api/v1/plans/${plan.id}`, { version: plan.version, target: 5 });
    expect(noReason.statusCode).toBe(422);
    const withReason = await lead.patch(`/api/v1/plans/${plan.id}`, {
      version: plan.version,
      target: 5,
      reason: 'Отпуск две недели',
    });
    expect(withReason.json()).toMatchObject({ target: 5, source: 'derived', reason: 'Отпуск две недели' });
    expect(withReason.json().formula.expression).toContain('= 7');
    expect((await seller.post('/api/v1/plans/derive/apply', { periodStart: month })).statusCode).toBe(403);
  });
});
