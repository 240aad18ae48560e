import { eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { workspaces } from '../workspaces/schema.ts';
import {
  addDays,
  averageCycleDays,
  callConversionBp,
  callsPerDay,
  DEFAULT_CADENCE_DAYS,
  DEFAULT_CHURN_DAYS,
  dateIn,
  netRevenueRetentionBp,
  onTimeBp,
  type Period,
  periodContaining,
  ratioBp,
  shiftPeriod,
  winRateBp,
} from './formulas.ts';

/**
 * The facts behind every KPI, gathered set-based in SQL per person (kpis/formulas.ts turns them
 * into figures). Sums only, so a team's or the company's facts are the sum of their people's and
 * ratios are taken from the sums, never averaged.
 */
export interface KpiFacts {
  calls: number;
  meetings: number;
  emails: number;
  qualified: number;
  dealsWon: number;
  dealsWonAmountMinor: number;
  dealsLost: number;
  cycleDaysTotal: number;
  revenueMinor: number;
  newSalesMinor: number;
  recurringMinor: number;
  upsellMinor: number;
  baseRevenueMinor: number;
  retainedRevenueMinor: number;
  clientsAtStart: number;
  retained: number;
  churned: number;
  cadenceClients: number;
  cadenceCompliant: number;
  tasksFinished: number;
  tasksOnTime: number;
  projectsFinished: number;
  projectsOnTime: number;
  overdueTasks: number;
}

export type KpiFigures = KpiFacts & {
  callsPerDay: number;
  conversionBp: number | null;
  winRateBp: number | null;
  cycleDays: number | null;
  nrrBp: number | null;
  retentionBp: number | null;
  cadenceBp: number | null;
  onTimeBp: number | null;
};

export function emptyFacts(): KpiFacts {
  return {
    calls: 0,
    meetings: 0,
    emails: 0,
    qualified: 0,
    dealsWon: 0,
    dealsWonAmountMinor: 0,
    dealsLost: 0,
    cycleDaysTotal: 0,
    revenueMinor: 0,
    newSalesMinor: 0,
    recurringMinor: 0,
    upsellMinor: 0,
    baseRevenueMinor: 0,
    retainedRevenueMinor: 0,
    clientsAtStart: 0,
    retained: 0,
    churned: 0,
    cadenceClients: 0,
    cadenceCompliant: 0,
    tasksFinished: 0,
    tasksOnTime: 0,
    projectsFinished: 0,
    projectsOnTime: 0,
    overdueTasks: 0,
  };
}

export function sumFacts(all: readonly KpiFacts[]): KpiFacts {
  const total = emptyFacts();
  for (const facts of all) {
    for (const key of Object.keys(total) as (keyof KpiFacts)[]) total[key] += facts[key];
  }
  return total;
}

/** The figures people read, from summed facts. Pure. */
export function deriveFigures(facts: KpiFacts, period: Period, today: string): KpiFigures {
  const tasksAndProjects = facts.tasksFinished + facts.projectsFinished;
  return {
    ...facts,
    callsPerDay: callsPerDay(facts.calls, period, today),
    conversionBp: callConversionBp(facts.calls, facts.qualified),
    winRateBp: winRateBp(facts.dealsWon, facts.dealsLost),
    cycleDays: averageCycleDays(facts.cycleDaysTotal, facts.dealsWon),
    nrrBp: netRevenueRetentionBp({
      baseRevenue: facts.baseRevenueMinor,
      retainedRevenue: facts.retainedRevenueMinor,
    }),
    retentionBp: ratioBp(facts.retained, facts.clientsAtStart),
    cadenceBp: ratioBp(facts.cadenceCompliant, facts.cadenceClients),
    onTimeBp: onTimeBp(facts.tasksOnTime + facts.projectsOnTime, tasksAndProjects),
  };
}

export interface KpiSettings {
  timeZone: string;
  churnDays: number;
  cadenceDays: number;
  currency: string;
}

/** The workspace's KPI settings: `settings.kpis.churnDays` (180) and `.cadenceDays` (4). */
export async function loadKpiSettings(db: DbOrTx, workspaceId: string): Promise<KpiSettings> {
  const [row] = await db
    .select({
      timeZone: workspaces.timeZone,
      settings: workspaces.settings,
      currency: workspaces.defaultCurrency,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const kpis = (row?.settings?.kpis ?? {}) as { churnDays?: unknown; cadenceDays?: unknown };
  const positive = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
  return {
    timeZone: row?.timeZone ?? 'UTC',
    churnDays: positive(kpis.churnDays, DEFAULT_CHURN_DAYS),
    cadenceDays: positive(kpis.cadenceDays, DEFAULT_CADENCE_DAYS),
    currency: row?.currency ?? 'RUB',
  };
}

/** `column = any(ids)`, or true for everyone. */
export function amongUsers(column: SQL, userIds: readonly string[] | null): SQL {
  if (userIds === null) return sql`true`;
  return sql`${column} = any(${`{${userIds.join(',')}}`}::uuid[])`;
}

/** The company is owned by one of these people (always true for everyone). */
export function ownedClients(
  workspaceId: string,
  companyColumn: SQL,
  userIds: readonly string[] | null,
): SQL {
  if (userIds === null) return sql`true`;
  return sql`${companyColumn} in (select id from companies where workspace_id = ${workspaceId} and ${amongUsers(sql`owner_id`, userIds)})`;
}

/** The instant a local date begins in the workspace's time zone. */
export function startOf(date: string, timeZone: string): SQL {
  return sql`((${date}::date)::timestamp at time zone ${timeZone})`;
}

const num = (value: unknown) => Number(value ?? 0);

export interface FactsRequest {
  workspaceId: string;
  period: Period;
  now: Date;
  settings: KpiSettings;
  /** Whose facts: these people, or everyone in the workspace (null). */
  userIds: readonly string[] | null;
}

/**
 * Every person's facts for one period, in eight set-based queries over indexed tables and the
 * rollups of migrations 0012 and 0014. Revenue goes to the person credited by kind: a new sale to
 * the deal's owner, recurring and upsell money to the client's AM at the time of payment. NRR,
 * retention and cadence go to the client's current owner (their AM), kept per owner and period.
 */
export async function gatherFacts(db: DbOrTx, request: FactsRequest): Promise<Map<string, KpiFacts>> {
  const { workspaceId, period, settings, userIds } = request;
  const tz = settings.timeZone;
  const today = dateIn(request.now, tz);
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings
  const asOf = today < period.to ? today : period.to;
  const from = period.from;
  const toExclusive = addDays(period.to, 1);
  const byUser = new Map<string, KpiFacts>();
  const add = (userId: string | null, values: Partial<KpiFacts>) => {
    if (!userId) return;
    const facts = byUser.get(userId) ?? emptyFacts();
    for (const [key, value] of Object.entries(values)) facts[key as keyof KpiFacts] += num(value);
    byUser.set(userId, facts);
  };

  const [activities, qualified, deals, revenue, owners, tasks, projects, overdue] = await Promise.all([
    db.execute<{ user_id: string; calls: string; meetings: string; emails: string }>(sql`
      select user_id, sum(n) filter (where type = 'call') as calls,
             sum(n) filter (where type = 'meeting') as meetings, sum(n) filter (where type = 'email') as emails
      from kpi_user_months
      where workspace_id = ${workspaceId} and month >= ${from}::date and month <= ${period.to}::date
        and ${amongUsers(sql`user_id`, userIds)}
      group by user_id`),
    db.execute<{ user_id: string; n: string }>(sql`
      select handed_over_by as user_id, count(*) as n from leads
      where workspace_id = ${workspaceId} and origin = 'call_queue'
        and created_at >= ${startOf(from, tz)} and created_at < ${startOf(toExclusive, tz)}
        and ${amongUsers(sql`handed_over_by`, userIds)}
      group by handed_over_by`),
    db.execute<{ user_id: string; won: string; won_amount: string; lost: string; cycle: string }>(sql`
      select d.owner_id as user_id,
             count(*) filter (where s.kind = 'won') as won,
             coalesce(sum(d.amount_minor) filter (where s.kind = 'won'), 0) as won_amount,
             count(*) filter (where s.kind = 'lost') as lost,
             coalesce(sum(extract(epoch from d.closed_at - d.created_at) / 86400) filter (where s.kind = 'won'), 0) as cycle
      from deals d join stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
      where d.workspace_id = ${workspaceId} and d.closed_at is not null and d.archived_at is null
        and d.closed_at >= ${startOf(from, tz)} and d.closed_at < ${startOf(toExclusive, tz)}
        and ${amongUsers(sql`d.owner_id`, userIds)}
      group by d.owner_id`),
    db.execute<{ user_id: string; kind: string; amount: string }>(sql`
      select user_id, kind, sum(amount_minor) as amount
      from kpi_revenue_credit_months
      where workspace_id = ${workspaceId} and month >= ${from}::date and month <= ${period.to}::date
        and ${amongUsers(sql`user_id`, userIds)}
      group by 1, 2`),
    // NRR, retention and cadence per owner, from the rollup of migration 0014.
    ownerPeriodFacts(db, { workspaceId, period, asOf, settings, userIds }),
    db.execute<{ user_id: string; finished: string; on_time: string }>(sql`
      select assignee_id as user_id, count(*) as finished, count(*) filter (where completed_at <= due_at) as on_time
      from tasks
      where workspace_id = ${workspaceId} and status = 'done' and due_at is not null
        and completed_at >= ${startOf(from, tz)} and completed_at < ${startOf(toExclusive, tz)}
        and ${amongUsers(sql`assignee_id`, userIds)}
      group by assignee_id`),
    db.execute<{ user_id: string; finished: string; on_time: string }>(sql`
      select pm_id as user_id, count(*) as finished,
             count(*) filter (where (updated_at at time zone ${tz})::date <= ends_on) as on_time
      from projects
      where workspace_id = ${workspaceId} and status = 'completed' and ends_on is not null
        and updated_at >= ${startOf(from, tz)} and updated_at < ${startOf(toExclusive, tz)}
        and ${amongUsers(sql`pm_id`, userIds)}
      group by pm_id`),
    db.execute<{ user_id: string; n: string }>(sql`
      select assignee_id as user_id, count(*) as n from tasks
      where workspace_id = ${workspaceId} and status = 'open' and due_at < ${request.now.toISOString()}::timestamptz
        and ${amongUsers(sql`assignee_id`, userIds)}
      group by assignee_id`),
  ]);

  for (const row of activities.rows)
    add(row.user_id, { calls: num(row.calls), meetings: num(row.meetings), emails: num(row.emails) });
  for (const row of qualified.rows) add(row.user_id, { qualified: num(row.n) });
  for (const row of deals.rows) {
    add(row.user_id, {
      dealsWon: num(row.won),
      dealsWonAmountMinor: num(row.won_amount),
      dealsLost: num(row.lost),
      cycleDaysTotal: num(row.cycle),
    });
  }
  for (const row of revenue.rows) {
    const amount = num(row.amount);
    add(row.user_id, {
      revenueMinor: amount,
      newSalesMinor: row.kind === 'new_sale' ? amount : 0,
      recurringMinor: row.kind === 'recurring' ? amount : 0,
      upsellMinor: row.kind === 'upsell' ? amount : 0,
    });
  }
  for (const row of owners) {
    add(row.owner_id, {
      baseRevenueMinor: num(row.base_minor),
      retainedRevenueMinor: num(row.kept_minor),
      clientsAtStart: num(row.clients_at_start),
      retained: num(row.retained),
      churned: num(row.churned),
      cadenceClients: num(row.cadence_clients),
      cadenceCompliant: num(row.cadence_compliant),
    });
  }
  for (const row of tasks.rows)
    add(row.user_id, { tasksFinished: num(row.finished), tasksOnTime: num(row.on_time) });
  for (const row of projects.rows)
    add(row.user_id, { projectsFinished: num(row.finished), projectsOnTime: num(row.on_time) });
  for (const row of overdue.rows) add(row.user_id, { overdueTasks: num(row.n) });
  return byUser;
}

export type OwnerPeriodFacts = {
  owner_id: string;
  base_minor: string;
  kept_minor: string;
  clients_at_start: number;
  retained: number;
  churned: number;
  cadence_clients: number;
  cadence_compliant: number;
};

/**
 * Each owner's NRR cohort money, clients live at the start / retained / churned and cadence
 * clients / compliant for a period (migration 0014: one row per owner, kept by triggers). The
 * period is filled on the first request for it — for this as_of day and the workspace's churn
 * and cadence days — and read from then on.
 */
export async function ownerPeriodFacts(
  db: DbOrTx,
  request: {
    workspaceId: string;
    period: Period;
    asOf: string;
    settings: KpiSettings;
    userIds: readonly string[] | null;
  },
): Promise<OwnerPeriodFacts[]> {
  const { workspaceId, period, asOf, settings, userIds } = request;
  const key = sql`p.workspace_id = ${workspaceId} and p.period_kind = ${period.kind}
    and p.period_start = ${period.from}::date and p.as_of = ${asOf}::date
    and p.churn_days = ${settings.churnDays}::int and p.cadence_days = ${settings.cadenceDays}::int`;
  const read = () =>
    db.execute<OwnerPeriodFacts>(sql`
      select f.owner_id, f.base_minor, f.kept_minor, f.clients_at_start, f.retained, f.churned,
             f.cadence_clients, f.cadence_compliant
      from kpi_owner_periods p
      left join kpi_owner_period_facts f
        on f.workspace_id = p.workspace_id and f.period_kind = p.period_kind and f.period_start = p.period_start
       and f.as_of = p.as_of and f.churn_days = p.churn_days and f.cadence_days = p.cadence_days
       and ${amongUsers(sql`f.owner_id`, userIds)}
      where ${key}`);
  let result = await read();
  if (result.rows.length === 0) {
    await fillOwnerPeriod(db, { workspaceId, period, asOf, settings });
    result = await read();
  }
  return result.rows.filter((row) => row.owner_id !== null);
}

/**
 * Counts a period's per-owner facts (for this as_of day and the workspace's settings) unless they
 * are kept already; true when it counted. Idempotent, safe from several processes at once.
 */
export async function fillOwnerPeriod(
  db: DbOrTx,
  request: { workspaceId: string; period: Period; asOf: string; settings: KpiSettings },
): Promise<boolean> {
  const { workspaceId, period, asOf, settings } = request;
  const base = shiftPeriod(period, -1);
  const result = await db.execute<{ filled: boolean }>(sql`
    select tandem_fill_kpi_owner_period(${workspaceId}::uuid, ${period.kind}, ${period.from}::date,
      ${period.to}::date, ${base.from}::date, ${base.to}::date, ${asOf}::date, ${settings.churnDays}::int,
      ${settings.cadenceDays}::int) as filled`);
  return result.rows[0]?.filled === true;
}

/**
 * Keeps every workspace's running month and quarter, and the ones just closed, counted for today
 * (run every few minutes), so that the first dashboard of the day does not pay for the count.
 */
export async function fillCurrentOwnerPeriods(db: DbOrTx, now = new Date()): Promise<number> {
  const workspaceIds = await db.execute<{ id: string }>(sql`select id from workspaces`);
  let filled = 0;
  for (const { id } of workspaceIds.rows) {
    const settings = await loadKpiSettings(db, id);
    const today = dateIn(now, settings.timeZone);
    for (const kind of ['month', 'quarter'] as const) {
      const running = periodContaining(kind, today);
      for (const period of [running, shiftPeriod(running, -1)]) {
        // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings
        const asOf = today < period.to ? today : period.to;
        if (await fillOwnerPeriod(db, { workspaceId: id, period, asOf, settings })) filled += 1;
      }
    }
  }
  return filled;
}

/**
 * Per active client (of these owners): the longest stretch in days without a contact between the
 * period's first day and `asOf` (formulas.ts ClientCadenceFacts), merged from the monthly rows of
 * kpi_company_months: the longest gap inside each month, the gaps between one month's last
 * contact and the next month's first, from the period's start to the first contact, and from the
 * last contact to `asOf`. A client with no contact in the period has asOf − start.
 */
export function clientContactGaps(
  workspaceId: string,
  from: string,
  asOf: string,
  userIds: readonly string[] | null,
): SQL {
  return sql`
    select c.id as company_id, c.name, c.owner_id,
           case when g.last_day is null then ${asOf}::date - ${from}::date
                else greatest(g.inner_gap, g.first_gap, ${asOf}::date - g.last_day) end as longest_gap,
           g.last_day
    from companies c
    left join (
      select company_id, max(greatest(longest_gap, first_day - coalesce(prev_last, ${from}::date))) as inner_gap,
             min(first_day) - ${from}::date as first_gap, max(last_day) as last_day
      from (
        select m.company_id, m.first_day, m.last_day, m.longest_gap,
               lag(m.last_day) over (partition by m.company_id order by m.month) as prev_last
        from kpi_company_months m
        where m.workspace_id = ${workspaceId} and m.month >= ${from}::date and m.month <= ${asOf}::date
          and m.first_day <= ${asOf}::date and ${ownedClients(workspaceId, sql`m.company_id`, userIds)}
      ) months
      group by company_id
    ) g on g.company_id = c.id
    where c.workspace_id = ${workspaceId} and c.status = 'client' and c.archived_at is null
      and c.owner_id is not null and ${amongUsers(sql`c.owner_id`, userIds)}`;
}
