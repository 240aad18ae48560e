import { sql } from 'drizzle-orm';
import type { KpiDashboard, KpiTrend } from '../../contract/kpis.ts';
import type { PlanMetric } from '../../contract/plans.ts';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import {
  amongUsers,
  deriveFigures,
  emptyFacts,
  gatherFacts,
  type KpiFacts,
  type KpiSettings,
  loadKpiSettings,
  startOf,
  sumFacts,
} from './figures.ts';
import {
  addDays,
  attainmentBp,
  dateIn,
  type Period,
  type PeriodKind,
  periodContaining,
  shiftPeriod,
  trailingPeriods,
} from './formulas.ts';

export interface KpiRequest {
  period: PeriodKind;
  on?: string;
  userId?: string;
  teamId?: string;
}

type PersonRow = {
  id: string;
  name: string;
  tier: number | null;
  grade_id: string | null;
  roles: string[];
  active: boolean;
};

type TeamRow = {
  id: string;
  name: string;
  lead_user_id: string | null;
  member_ids: string[] | null;
};

export interface Subject {
  kind: 'person' | 'team' | 'company';
  id: string | null;
  name: string;
  /** Whose figures are shown; null = the whole workspace. */
  userIds: string[] | null;
}

/**
 * Whose figures a request shows, within the asker's scope: a named person they may see, a team
 * they lead (or any, for head/admin/finance), else the company (all scope), the teams they lead
 * (team scope) or themselves. Anything outside the scope is 404, as for records.
 */
export async function resolveSubject(
  db: DbOrTx,
  actor: Actor,
  request: { userId?: string; teamId?: string },
): Promise<Subject> {
  const sees = (userId: string) => actor.scope === 'all' || actor.visibleUserIds.includes(userId);
  if (request.userId) {
    const result = await db.execute<{ name: string }>(
      sql`select name from users where workspace_id = ${actor.workspaceId} and id = ${request.userId}`,
    );
    const row = result.rows[0];
    if (!row || !sees(request.userId)) throw notFound('Person');
    return { kind: 'person', id: request.userId, name: row.name, userIds: [request.userId] };
  }
  if (request.teamId) {
    const result = await db.execute<TeamRow>(sql`
      select t.id, t.name, t.lead_user_id,
             array(select m.user_id from team_members m where m.workspace_id = t.workspace_id and m.team_id = t.id) as member_ids
      from teams t where t.workspace_id = ${actor.workspaceId} and t.id = ${request.teamId}`);
    const team = result.rows[0];
    if (!team || (actor.scope !== 'all' && team.lead_user_id !== actor.userId)) throw notFound('Team');
    const members = [
      ...new Set([...(team.member_ids ?? []), ...(team.lead_user_id ? [team.lead_user_id] : [])]),
    ];
    return { kind: 'team', id: team.id, name: team.name, userIds: members };
  }
  if (actor.scope === 'all') return { kind: 'company', id: null, name: '', userIds: null };
  if (actor.scope === 'team') return { kind: 'team', id: null, name: '', userIds: actor.visibleUserIds };
  return { kind: 'person', id: actor.userId, name: '', userIds: [actor.userId] };
}

function periodOf(kind: PeriodKind, on: string | undefined, now: Date, settings: KpiSettings): Period {
  return periodContaining(kind, on ?? dateIn(now, settings.timeZone));
}

/** The fact a plan's metric is measured against. */
export function factFor(metric: PlanMetric, facts: KpiFacts): number {
  switch (metric) {
    case 'revenue':
      return facts.revenueMinor;
    case 'new_sales':
      return facts.newSalesMinor;
    case 'recurring':
      return facts.recurringMinor;
    case 'upsell':
      return facts.upsellMinor;
    case 'deals_won':
    case 'contracts':
      return facts.dealsWon;
    case 'calls':
      return facts.calls;
    case 'qualified_leads':
      return facts.qualified;
    case 'meetings':
      return facts.meetings;
  }
}

/** One dashboard: totals of the subject, its people and teams, plan against fact, revenue by source. */
export async function kpiDashboard(
  db: DbOrTx,
  actor: Actor,
  request: KpiRequest,
  now = new Date(),
): Promise<KpiDashboard> {
  const settings = await loadKpiSettings(db, actor.workspaceId);
  const subject = await resolveSubject(db, actor, request);
  const period = periodOf(request.period, request.on, now, settings);
  const today = dateIn(now, settings.timeZone);
  const [peopleResult, teamsResult, byUser, planResult, sources] = await Promise.all([
    db.execute<PersonRow>(sql`
      select id, name, tier, grade_id, roles, active from users
      where workspace_id = ${actor.workspaceId} and ${amongUsers(sql`id`, subject.userIds)}
      order by name`),
    db.execute<TeamRow>(sql`
      select t.id, t.name, t.lead_user_id,
             array(select m.user_id from team_members m where m.workspace_id = t.workspace_id and m.team_id = t.id) as member_ids
      from teams t where t.workspace_id = ${actor.workspaceId}
        and (${subject.kind === 'company'} or t.id = ${subject.id ?? '00000000-0000-0000-0000-000000000000'}::uuid
             or (${subject.kind === 'team' && subject.id === null} and t.lead_user_id = ${actor.userId}::uuid))
      order by t.name`),
    gatherFacts(db, { workspaceId: actor.workspaceId, period, now, settings, userIds: subject.userIds }),
    db.execute<{
      id: string;
      scope: 'company' | 'team' | 'person';
      team_id: string | null;
      user_id: string | null;
      metric: PlanMetric;
      target: string;
      currency: string | null;
    }>(sql`
      select id, scope, team_id, user_id, metric, target, currency from plans
      where workspace_id = ${actor.workspaceId} and period_kind = ${period.kind} and period_start = ${period.from}::date
      order by scope, metric`),
    revenueBySourceAndKind(db, actor.workspaceId, period, subject.userIds),
  ]);
  const company = subject.userIds === null ? sources.totals : null;

  const people = peopleResult.rows
    .filter((person) => person.active || byUser.has(person.id))
    .map((person) => ({
      userId: person.id,
      name: person.name,
      tier: person.tier,
      gradeId: person.grade_id,
      roles: person.roles,
      facts: byUser.get(person.id) ?? emptyFacts(),
    }));
  const teams = teamsResult.rows.map((team) => {
    const memberIds = [
      ...new Set([...(team.member_ids ?? []), ...(team.lead_user_id ? [team.lead_user_id] : [])]),
    ];
    return { team, memberIds, facts: sumFacts(memberIds.map((id) => byUser.get(id) ?? emptyFacts())) };
  });
  const totals = sumFacts(
    [...byUser.entries()].filter(([id]) => subject.userIds?.includes(id) ?? true).map(([, f]) => f),
  );
  // The company's money includes payments credited to nobody.
  if (company) Object.assign(totals, company);

  const plans = planResult.rows.flatMap((plan) => {
    let facts: KpiFacts | undefined;
    if (plan.scope === 'company') facts = subject.kind === 'company' ? totals : undefined;
    else if (plan.scope === 'team') facts = teams.find((t) => t.team.id === plan.team_id)?.facts;
    else facts = people.find((p) => p.userId === plan.user_id)?.facts;
    if (!facts) return [];
    const fact = factFor(plan.metric, facts);
    const target = Number(plan.target);
    return [
      {
        planId: plan.id,
        scope: plan.scope,
        teamId: plan.team_id,
        userId: plan.user_id,
        metric: plan.metric,
        target,
        currency: plan.currency,
        fact,
        attainmentBp: attainmentBp(fact, target),
      },
    ];
  });

  return {
    period,
    basePeriod: shiftPeriod(period, -1),
    today,
    currency: settings.currency,
    churnDays: settings.churnDays,
    cadenceDays: settings.cadenceDays,
    subject: {
      kind: subject.kind,
      id: subject.id,
      name: subject.name || (people.length === 1 ? people[0]!.name : ''),
    },
    totals: deriveFigures(totals, period, today),
    people: people.map(({ facts, ...person }) => ({
      ...person,
      figures: deriveFigures(facts, period, today),
    })),
    teams: teams.map(({ team, memberIds, facts }) => ({
      teamId: team.id,
      name: team.name,
      leadUserId: team.lead_user_id,
      memberIds,
      figures: deriveFigures(facts, period, today),
    })),
    plans,
    revenueBySource: sources.bySource,
  };
}

/**
 * Revenue per lead source (the deal's source, else the client's, at the time of payment) and per
 * kind, in one read: the sources for the dashboard, the kinds for the company's totals.
 */
export async function revenueBySourceAndKind(
  db: DbOrTx,
  workspaceId: string,
  period: Period,
  userIds: readonly string[] | null,
) {
  const result = await db.execute<{
    lead_source_id: string | null;
    name: string | null;
    kind: string;
    amount: string;
    n: string;
  }>(sql`
    select r.lead_source_id, s.name, r.kind, sum(r.amount_minor) as amount, sum(r.n) as n
    from kpi_revenue_credit_months r
    left join lead_sources s on s.workspace_id = r.workspace_id and s.id = r.lead_source_id
    where r.workspace_id = ${workspaceId} and r.month >= ${period.from}::date and r.month <= ${period.to}::date
      and ${amongUsers(sql`r.user_id`, userIds)}
    group by r.lead_source_id, s.name, r.kind`);
  const bySource = new Map<
    string,
    { leadSourceId: string | null; name: string | null; amountMinor: number; payments: number }
  >();
  const totals = { revenueMinor: 0, newSalesMinor: 0, recurringMinor: 0, upsellMinor: 0 };
  for (const row of result.rows) {
    const amount = Number(row.amount);
    const key = row.lead_source_id ?? 'none';
    const source = bySource.get(key) ?? {
      leadSourceId: row.lead_source_id,
      name: row.name,
      amountMinor: 0,
      payments: 0,
    };
    source.amountMinor += amount;
    source.payments += Number(row.n);
    bySource.set(key, source);
    totals.revenueMinor += amount;
    if (row.kind === 'new_sale') totals.newSalesMinor += amount;
    if (row.kind === 'recurring') totals.recurringMinor += amount;
    if (row.kind === 'upsell') totals.upsellMinor += amount;
  }
  return { bySource: [...bySource.values()].sort((a, b) => b.amountMinor - a.amountMinor), totals };
}

/**
 * Month or quarter dynamics of the main figures, oldest first: three grouped queries over the
 * rollups and deals, bucketed by month, then months folded into quarters.
 */
export async function kpiTrend(
  db: DbOrTx,
  actor: Actor,
  request: KpiRequest & { count: number },
  now = new Date(),
): Promise<KpiTrend> {
  const settings = await loadKpiSettings(db, actor.workspaceId);
  const subject = await resolveSubject(db, actor, request);
  const last = periodOf(request.period, request.on, now, settings);
  const periods = trailingPeriods(last, request.count);
  const from = periods[0]!.from;
  const to = last.to;
  const tz = settings.timeZone;
  const who = (column: SQL) => amongUsers(column, subject.userIds);
  const [revenue, activity, qualified, deals] = await Promise.all([
    db.execute<{ month: string; kind: string; amount: string }>(sql`
      select to_char(month, 'YYYY-MM-DD') as month, kind, sum(amount_minor) as amount from kpi_revenue_credit_months
      where workspace_id = ${actor.workspaceId} and month >= ${from}::date and month <= ${to}::date
        and ${who(sql`user_id`)}
      group by 1, 2`),
    db.execute<{ month: string; calls: string; meetings: string }>(sql`
      select to_char(month, 'YYYY-MM-DD') as month,
             sum(n) filter (where type = 'call') as calls, sum(n) filter (where type = 'meeting') as meetings
      from kpi_user_months
      where workspace_id = ${actor.workspaceId} and month >= ${from}::date and month <= ${to}::date and ${who(sql`user_id`)}
      group by 1`),
    db.execute<{ month: string; n: string }>(sql`
      select to_char(date_trunc('month', created_at at time zone ${tz}), 'YYYY-MM-DD') as month, count(*) as n from leads
      where workspace_id = ${actor.workspaceId} and origin = 'call_queue'
        and created_at >= ${startOf(from, tz)} and created_at < ${startOf(addDays(to, 1), tz)}
        and ${who(sql`handed_over_by`)}
      group by 1`),
    db.execute<{ month: string; n: string; amount: string }>(sql`
      select to_char(date_trunc('month', d.closed_at at time zone ${tz}), 'YYYY-MM-DD') as month, count(*) as n,
             sum(d.amount_minor) as amount
      from deals d join stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id and s.kind = 'won'
      where d.workspace_id = ${actor.workspaceId} and d.closed_at is not null and d.archived_at is null
        and d.closed_at >= ${startOf(from, tz)} and d.closed_at < ${startOf(addDays(to, 1), tz)}
        and ${who(sql`d.owner_id`)}
      group by 1`),
  ]);
  const points = periods.map((period) => ({
    label: period.label,
    from: period.from,
    to: period.to,
    revenueMinor: 0,
    newSalesMinor: 0,
    recurringMinor: 0,
    upsellMinor: 0,
    calls: 0,
    meetings: 0,
    qualified: 0,
    dealsWon: 0,
    dealsWonAmountMinor: 0,
  }));
  const pointOf = (month: string) => points.find((point) => point.from <= month && month <= point.to);
  for (const row of revenue.rows) {
    const point = pointOf(row.month);
    if (!point) continue;
    const amount = Number(row.amount);
    point.revenueMinor += amount;
    if (row.kind === 'new_sale') point.newSalesMinor += amount;
    if (row.kind === 'recurring') point.recurringMinor += amount;
    if (row.kind === 'upsell') point.upsellMinor += amount;
  }
  for (const row of activity.rows) {
    const point = pointOf(row.month);
    if (!point) continue;
    point.calls += Number(row.calls ?? 0);
    point.meetings += Number(row.meetings ?? 0);
  }
  for (const row of qualified.rows) {
    const point = pointOf(row.month);
    if (point) point.qualified += Number(row.n);
  }
  for (const row of deals.rows) {
    const point = pointOf(row.month);
    if (!point) continue;
    point.dealsWon += Number(row.n);
    point.dealsWonAmountMinor += Number(row.amount);
  }
  return { grain: request.period, points };
}

type SQL = ReturnType<typeof sql>;
