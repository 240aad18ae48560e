import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type DeriveBody,
  MONEY_METRICS,
  type Plan,
  type PlanListQuery,
  type SetPlanBody,
  type SplitPlanBody,
} from '../../contract/plans.ts';
import type { Actor } from '../access/actor.ts';
import { DEFAULT_POLICY } from '../assignments/rank-candidates.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { teamMembers, teams } from '../teams/schema.ts';
import { users } from '../users/schema.ts';
import { deriveTarget, splitTarget } from './derive.ts';
import { plans } from './schema.ts';

type PlanRow = typeof plans.$inferSelect;

/**
 * Writes a plan in the caller's transaction: changes the existing row of its period, holder and
 * metric (a new version), or inserts it; either way audited.
 */
async function savePlan(
  tx: DbOrTx,
  actor: Actor,
  existing: PlanRow | undefined,
  changes: Partial<typeof plans.$inferInsert>,
  identity: Omit<typeof plans.$inferInsert, 'workspaceId' | 'target'> & { target?: number },
): Promise<PlanRow> {
  if (existing) {
    const [row] = (await tx
      .update(plans)
      .set({ ...changes, updatedBy: actor.userId, updatedAt: sql`now()`, version: existing.version + 1 })
      .where(and(eq(plans.workspaceId, actor.workspaceId), eq(plans.id, existing.id)))
      .returning()) as [PlanRow];
    await recordAudit(tx, {
      ...auditFor(actor, 'plan', row.id),
      action: 'update',
      before: existing,
      after: row,
    });
    return row;
  }
  const [row] = (await tx
    .insert(plans)
    .values({
      workspaceId: actor.workspaceId,
      createdBy: actor.userId,
      updatedBy: actor.userId,
      ...identity,
      ...changes,
    } as typeof plans.$inferInsert)
    .returning()) as [PlanRow];
  await recordAudit(tx, { ...auditFor(actor, 'plan', row.id), action: 'create', after: row });
  return row;
}
const isMoney = (metric: string) => (MONEY_METRICS as readonly string[]).includes(metric);
const unprocessable = (field: string, message: string) =>
  new AppError('unprocessable', message, { fields: [{ field, message }] });

function periodOk(kind: string, start: string): boolean {
  const [, month, day] = start.split('-').map(Number) as [number, number, number];
  if (day !== 1) return false;
  if (kind === 'quarter') return (month - 1) % 3 === 0;
  if (kind === 'year') return month === 1;
  return true;
}

async function withNames(db: DbOrTx, workspaceId: string, rows: PlanRow[]): Promise<Plan[]> {
  const teamIds = [...new Set(rows.map((r) => r.teamId).filter(Boolean))] as string[];
  const userIds = [...new Set(rows.map((r) => r.userId).filter(Boolean))] as string[];
  const teamNames = new Map(
    teamIds.length
      ? (
          await db
            .select({ id: teams.id, name: teams.name })
            .from(teams)
            .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds)))
        ).map((t) => [t.id, t.name])
      : [],
  );
  const userNames = new Map(
    userIds.length
      ? (
          await db
            .select({ id: users.id, name: users.name })
            .from(users)
            .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, userIds)))
        ).map((u) => [u.id, u.name])
      : [],
  );
  return rows.map((row) => ({
    id: row.id,
    periodKind: row.periodKind,
    periodStart: String(row.periodStart),
    scope: row.scope,
    teamId: row.teamId,
    teamName: row.teamId ? (teamNames.get(row.teamId) ?? null) : null,
    userId: row.userId,
    userName: row.userId ? (userNames.get(row.userId) ?? null) : null,
    metric: row.metric,
    target: row.target,
    currency: row.currency,
    source: row.source,
    formula: row.formula,
    reason: row.reason,
    parentPlanId: row.parentPlanId,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }));
}

/** Company and team plans are seen by everyone; personal plans by whoever sees the person. */
function visible(actor: Actor) {
  if (actor.scope === 'all') return undefined;
  return or(isNull(plans.userId), inArray(plans.userId, actor.visibleUserIds));
}

export async function listPlans(db: DbOrTx, actor: Actor, query: z.infer<typeof PlanListQuery>) {
  const rows = await db
    .select()
    .from(plans)
    .where(
      and(
        eq(plans.workspaceId, actor.workspaceId),
        eq(plans.periodKind, query.periodKind),
        eq(plans.periodStart, query.periodStart),
        query.scope ? eq(plans.scope, query.scope) : undefined,
        query.teamId ? eq(plans.teamId, query.teamId) : undefined,
        query.userId ? eq(plans.userId, query.userId) : undefined,
        query.metric ? eq(plans.metric, query.metric) : undefined,
        visible(actor),
      ),
    )
    .orderBy(asc(plans.scope), asc(plans.metric), asc(plans.createdAt));
  return { items: await withNames(db, actor.workspaceId, rows) };
}

async function findPlan(db: DbOrTx, actor: Actor, id: string): Promise<PlanRow> {
  const [row] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.workspaceId, actor.workspaceId), eq(plans.id, id), visible(actor)))
    .for('update');
  if (!row) throw notFound('Plan');
  return row;
}

/** Company plans are set by those who see everyone; team plans by the team's lead; personal by whoever sees the person. */
async function checkHolder(
  db: DbOrTx,
  actor: Actor,
  holder: { scope: string; teamId: string | null; userId: string | null },
  field = '',
) {
  if (holder.scope === 'company' && actor.scope !== 'all') {
    throw new AppError('forbidden', 'Only those who see the whole company set its plan');
  }
  if (holder.teamId) {
    const [team] = await db
      .select()
      .from(teams)
      .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, holder.teamId)));
    if (!team) throw unprocessable(`${field}teamId`, 'no such team in this workspace');
    if (actor.scope !== 'all' && team.leadUserId !== actor.userId) {
      throw new AppError('forbidden', 'Only the team’s lead or the company’s heads set a team plan');
    }
  }
  if (holder.userId) {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, holder.userId)));
    if (!user) throw unprocessable(`${field}userId`, 'no such person in this workspace');
    if (actor.scope !== 'all' && !actor.visibleUserIds.includes(holder.userId)) throw notFound('Person');
  }
}

function formulaNeedsReason(row: PlanRow, target: number, reason: string | undefined) {
  if (row.source !== 'manual' && row.target !== target && !reason) {
    throw unprocessable(
      'reason',
      `This target was ${row.source === 'derived' ? 'derived' : 'split'}: say why you change it`,
    );
  }
}

/** Sets a target; the same period, holder and metric is one plan, so this replaces its target. */
export async function setPlan(db: Db, actor: Actor, body: SetPlanBody): Promise<Plan> {
  const holder = {
    scope: body.scope,
    teamId:
      body.scope === 'team' ? (body.teamId ?? null) : body.scope === 'person' ? (body.teamId ?? null) : null,
    userId: body.scope === 'person' ? (body.userId ?? null) : null,
  };
  if (body.scope === 'team' && !holder.teamId) throw unprocessable('teamId', 'a team plan names its team');
  if (body.scope === 'person' && !holder.userId)
    throw unprocessable('userId', 'a personal plan names its person');
  if (body.scope === 'company' && (body.teamId || body.userId))
    throw unprocessable('scope', 'a company plan names no team or person');
  if (!periodOk(body.periodKind, body.periodStart))
    throw unprocessable('periodStart', `must be the first day of a ${body.periodKind}`);
  const currency = isMoney(body.metric) ? (body.currency ?? 'RUB') : null;
  if (!isMoney(body.metric) && body.currency) throw unprocessable('currency', 'a count has no currency');
  return db.transaction(async (tx) => {
    await checkHolder(tx, actor, holder);
    const [existing] = await tx
      .select()
      .from(plans)
      .where(
        and(
          eq(plans.workspaceId, actor.workspaceId),
          eq(plans.periodKind, body.periodKind),
          eq(plans.periodStart, body.periodStart),
          eq(plans.scope, body.scope),
          holder.teamId && body.scope === 'team'
            ? eq(plans.teamId, holder.teamId)
            : body.scope === 'team'
              ? undefined
              : undefined,
          holder.userId ? eq(plans.userId, holder.userId) : isNull(plans.userId),
          body.scope === 'company' ? isNull(plans.teamId) : undefined,
          eq(plans.metric, body.metric),
        ),
      )
      .for('update');
    if (existing) formulaNeedsReason(existing, body.target, body.reason);
    const row = await savePlan(
      tx,
      actor,
      existing,
      { target: body.target, currency, reason: body.reason ?? existing?.reason ?? null },
      {
        periodKind: body.periodKind,
        periodStart: body.periodStart,
        scope: body.scope,
        teamId: holder.teamId,
        userId: holder.userId,
        metric: body.metric,
      },
    );
    return (await withNames(tx, actor.workspaceId, [row]))[0]!;
  });
}

/** Changes a target by hand; a derived or split one needs the reason, kept on the plan and in the audit. */
export async function changePlan(
  db: Db,
  actor: Actor,
  id: string,
  body: { version: number; target: number; reason?: string },
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const before = await findPlan(tx, actor, id);
    if (before.version !== body.version) throw versionConflict('Plan', before.version);
    await checkHolder(tx, actor, before);
    formulaNeedsReason(before, body.target, body.reason);
    const [row] = await tx
      .update(plans)
      .set({
        target: body.target,
        reason: body.reason ?? before.reason,
        updatedBy: actor.userId,
        updatedAt: sql`now()`,
        version: before.version + 1,
      })
      .where(and(eq(plans.workspaceId, actor.workspaceId), eq(plans.id, id)))
      .returning();
    await recordAudit(tx, { ...auditFor(actor, 'plan', id), action: 'update', before, after: row });
    return (await withNames(tx, actor.workspaceId, [row!]))[0]!;
  });
}

function formatTarget(value: number, money: boolean): string {
  return money ? (value / 100).toFixed(2) : String(value);
}

/**
 * Splits a company plan among teams or people, or a team plan among people: each share becomes a
 * child plan (source `split`, its parent and formula kept), replacing what was there.
 */
export async function splitPlan(db: Db, actor: Actor, id: string, body: z.infer<typeof SplitPlanBody>) {
  return db.transaction(async (tx) => {
    const parent = await findPlan(tx, actor, id);
    if (parent.scope === 'person') throw unprocessable('shares', 'a personal plan is not split further');
    const total = body.shares.reduce((sum, s) => sum + s.shareBp, 0);
    if (total > 10_000) throw unprocessable('shares', 'the shares add up to more than 100 %');
    body.shares.forEach((share, index) => {
      const childScope = share.userId ? 'person' : 'team';
      if (!share.userId && !share.teamId) throw unprocessable(`shares.${index}`, 'name a team or a person');
      if (parent.scope === 'team' && childScope === 'team')
        throw unprocessable(`shares.${index}.teamId`, 'a team plan splits among people');
    });
    for (const [index, share] of body.shares.entries()) {
      await checkHolder(
        tx,
        actor,
        {
          scope: share.userId ? 'person' : 'team',
          teamId: share.userId ? null : (share.teamId ?? null),
          userId: share.userId ?? null,
        },
        `shares.${index}.`,
      );
    }
    const parts = splitTarget(
      parent.target,
      body.shares.map((s) => s.shareBp),
    );
    const money = isMoney(parent.metric);
    const out: PlanRow[] = [];
    for (const [index, share] of body.shares.entries()) {
      const scope = share.userId ? ('person' as const) : ('team' as const);
      const teamId = scope === 'team' ? share.teamId! : parent.scope === 'team' ? parent.teamId : null;
      const userId = share.userId ?? null;
      const formula = {
        expression: `${formatTarget(parent.target, money)} × ${(share.shareBp / 100).toFixed(2)} % = ${formatTarget(parts[index]!, money)}`,
        parentTarget: parent.target,
        shareBp: share.shareBp,
        rounding: total === 10_000 ? 'largest remainder: the parts add up to the parent' : 'rounded down',
      };
      const [existing] = await tx
        .select()
        .from(plans)
        .where(
          and(
            eq(plans.workspaceId, actor.workspaceId),
            eq(plans.periodKind, parent.periodKind),
            eq(plans.periodStart, parent.periodStart),
            eq(plans.scope, scope),
            scope === 'team' ? eq(plans.teamId, teamId!) : eq(plans.userId, userId!),
            eq(plans.metric, parent.metric),
          ),
        )
        .for('update');
      const values = {
        target: parts[index]!,
        currency: parent.currency,
        source: 'split' as const,
        formula,
        reason: null,
        parentPlanId: parent.id,
        updatedBy: actor.userId,
      };
      const row = await savePlan(tx, actor, existing, values, {
        periodKind: parent.periodKind,
        periodStart: parent.periodStart,
        scope,
        teamId,
        userId,
        metric: parent.metric,
      });
      out.push(row);
    }
    return { items: await withNames(tx, actor.workspaceId, out) };
  });
}

const CLOSERS = ['sales', 'am', 'bizdev', 'team_lead'];

/** What deriving would give each person: capacity, conversion and the formula. Writes nothing. */
export async function derivePlans(db: DbOrTx, actor: Actor, body: z.infer<typeof DeriveBody>) {
  if (!periodOk(body.periodKind, body.periodStart))
    throw unprocessable('periodStart', `must be the first day of a ${body.periodKind}`);
  const ws = actor.workspaceId;
  let people = await db
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, ws),
        eq(users.active, true),
        body.userIds
          ? inArray(users.id, body.userIds.length ? body.userIds : ['00000000-0000-0000-0000-000000000000'])
          : undefined,
        actor.scope === 'all' ? undefined : inArray(users.id, actor.visibleUserIds),
      ),
    )
    .orderBy(asc(users.name));
  if (body.userIds && people.length !== body.userIds.length)
    throw unprocessable('userIds', 'some of these people are not in this workspace or not yours to plan');
  if (!body.userIds) people = people.filter((p) => p.roles.some((r) => CLOSERS.includes(r)));
  if (body.teamId) {
    const members = await db
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .where(and(eq(teamMembers.workspaceId, ws), eq(teamMembers.teamId, body.teamId)));
    const ids = new Set(members.map((m) => m.userId));
    people = people.filter((p) => ids.has(p.id));
  }
  const capacity = await db.execute<Record<string, unknown>>(sql`
    select u.id, coalesce(u.client_cap, g.client_cap, ${DEFAULT_POLICY.defaultCap}) as cap, coalesce(w.clients, 0) as clients
      from users u left join grades g on g.workspace_id = u.workspace_id and g.id = u.grade_id
      left join workloads w on w.workspace_id = u.workspace_id and w.user_id = u.id
     where u.workspace_id = ${ws}`);
  const capOf = new Map(
    capacity.rows.map((r) => [String(r.id), { cap: Number(r.cap), clients: Number(r.clients) }]),
  );
  const history = await db.execute<Record<string, unknown>>(sql`
    select l.assignee_id, count(*) as leads, count(*) filter (where st.kind = 'won') as won
      from leads l
      left join deals d on d.workspace_id = l.workspace_id and d.id = l.deal_id
      left join stages st on st.workspace_id = d.workspace_id and st.id = d.stage_id
     where l.workspace_id = ${ws} and l.assignee_id is not null
       and l.created_at >= (${body.periodStart}::date - make_interval(months => ${body.months}))
       and l.created_at < ${body.periodStart}::date
     group by l.assignee_id`);
  const byUser = new Map(
    history.rows.map((r) => [String(r.assignee_id), { leads: Number(r.leads), won: Number(r.won) }]),
  );
  const company = [...byUser.values()].reduce((a, b) => ({ leads: a.leads + b.leads, won: a.won + b.won }), {
    leads: 0,
    won: 0,
  });
  const memberships = await db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.workspaceId, ws));
  const teamHistory = new Map<string, { leads: number; won: number }>();
  for (const m of memberships) {
    const h = byUser.get(m.userId);
    const t = teamHistory.get(m.teamId) ?? { leads: 0, won: 0 };
    if (h) teamHistory.set(m.teamId, { leads: t.leads + h.leads, won: t.won + h.won });
    else teamHistory.set(m.teamId, t);
  }
  const existing = await db
    .select()
    .from(plans)
    .where(
      and(
        eq(plans.workspaceId, ws),
        eq(plans.periodKind, body.periodKind),
        eq(plans.periodStart, body.periodStart),
        eq(plans.scope, 'person'),
        eq(plans.metric, body.metric),
      ),
    );
  const current = new Map(existing.map((p) => [p.userId!, p]));
  const items = people.map((person) => {
    const teamsOf = memberships.filter((m) => m.userId === person.id).map((m) => teamHistory.get(m.teamId)!);
    const team = teamsOf.length
      ? teamsOf.reduce((a, b) => ({ leads: a.leads + b.leads, won: a.won + b.won }), { leads: 0, won: 0 })
      : null;
    const { cap, clients } = capOf.get(person.id) ?? { cap: DEFAULT_POLICY.defaultCap, clients: 0 };
    const derived = deriveTarget({
      cap,
      clients,
      person: byUser.get(person.id) ?? { leads: 0, won: 0 },
      team,
      company,
      minLeads: body.minLeads,
    });
    return {
      userId: person.id,
      userName: person.name,
      target: derived.target,
      current: current.get(person.id)?.target ?? null,
      formula: { ...derived.formula, months: body.months, metric: body.metric },
    };
  });
  return { items };
}

/** Derives and writes the personal plans (source `derived`, formula kept), replacing earlier ones. */
export async function applyDerivedPlans(db: Db, actor: Actor, body: z.infer<typeof DeriveBody>) {
  return db.transaction(async (tx) => {
    const { items } = await derivePlans(tx, actor, body);
    const out: PlanRow[] = [];
    for (const item of items) {
      const [existing] = await tx
        .select()
        .from(plans)
        .where(
          and(
            eq(plans.workspaceId, actor.workspaceId),
            eq(plans.periodKind, body.periodKind),
            eq(plans.periodStart, body.periodStart),
            eq(plans.scope, 'person'),
            eq(plans.userId, item.userId),
            eq(plans.metric, body.metric),
          ),
        )
        .for('update');
      const values = {
        target: item.target,
        source: 'derived' as const,
        formula: item.formula,
        reason: null,
        updatedBy: actor.userId,
      };
      const row = await savePlan(tx, actor, existing, values, {
        periodKind: body.periodKind,
        periodStart: body.periodStart,
        scope: 'person',
        userId: item.userId,
        metric: body.metric,
      });
      out.push(row);
    }
    return { items: await withNames(tx, actor.workspaceId, out) };
  });
}
