import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { RuleKey } from '../../contract/robots.ts';
import type { DbOrTx } from '../db/client.ts';
import { taskJson } from '../tasks/task-dto.ts';
import { createdEventDeliveries } from '../webhooks/enqueue.ts';
import { robotRules } from './schema.ts';

/**
 * The robots' rules (DOMAIN.md §5). A rule is a key, its default parameters, and either a pass —
 * one or two set-based SQL statements that find causes and act on them, run on the schedule —
 * or nothing here, when it acts as a record is saved (meeting decisions, critical feedback) and
 * only its switch is read. Every action goes to robot_actions under a unique
 * (workspace, rule, cause) key, which is what stops a robot acting twice on one cause.
 *
 * Adding a rule (the money room's overdue-invoice reminder, say) means one entry here: its key in
 * contract/robots.ts, defaults, and a pass written the same way.
 */
export interface PassContext {
  runId: string;
}

export interface RobotRuleDefinition {
  key: RuleKey;
  runs: 'pass' | 'on_save';
  defaults: Record<string, number>;
  /** Bounds for each parameter. */
  bounds: Record<string, [number, number]>;
  /** Runs the rule over every workspace where it is on; returns the actions it took per workspace. */
  pass?: (tx: DbOrTx, context: PassContext) => Promise<Map<string, number>>;
}

/**
 * The workspaces where a rule is on, with its parameters (stored ones over the defaults), today in
 * each workspace's time zone, and the workspace's language for task titles.
 */
function enabledWorkspaces(key: RuleKey, defaults: Record<string, number>, extra = sql``) {
  const params = Object.entries(defaults).map(
    ([name, value]) => sql`, coalesce((r.params ->> ${name})::int, ${value}::int) as ${sql.raw(`"${name}"`)}`,
  );
  return sql`
    select w.id as workspace_id, w.time_zone, w.default_locale as locale,
      (now() at time zone w.time_zone)::date as today ${sql.join(params, sql``)} ${extra}
    from workspaces w
    left join robot_rules r on r.workspace_id = w.id and r.rule_key = ${key}
    where coalesce(r.enabled, true)`;
}

/** Runs a rule's statement, whose final select gives `workspace_id, n`: actions per workspace. */
async function countOf(tx: DbOrTx, statement: ReturnType<typeof sql>): Promise<Map<string, number>> {
  const rows = (await tx.execute<{ workspace_id: string; n: number }>(statement)).rows;
  return new Map(rows.map((row) => [row.workspace_id, Number(row.n)]));
}

const perWorkspace = (cte: string) =>
  sql.raw(`select workspace_id, count(*)::int as n from ${cte} group by workspace_id`);

/**
 * A pass in two statements. The first copies the rule's candidates into a temporary table,
 * `robot_candidates` (dropped at commit): each enabled workspace's rows of the rule's partial index
 * in range, read through a LATERAL subquery so the workspace's parameters are index bounds. With
 * no candidates — a pass with nothing new — that is all. Otherwise the table is analysed, so the
 * second statement, which acts, is planned for the real number of rows (index lookups for a day's
 * few thousand, hash joins for a backlog of hundreds of thousands) rather than for a guess.
 */
async function inTwoSteps(tx: DbOrTx, candidates: SQL, act: SQL): Promise<Map<string, number>> {
  await tx.execute(sql`create temp table robot_candidates on commit drop as ${candidates}`);
  const [row] = (await tx.execute<{ n: number }>(sql`select count(*)::int as n from robot_candidates`)).rows;
  if (!row || Number(row.n) === 0) return new Map();
  await tx.execute(sql`analyze robot_candidates`);
  // Compiling the statement (JIT, for its estimated cost) takes longer than the work it would speed
  // up: the time goes into writes.
  await tx.execute(sql`set local jit = off`);
  return countOf(tx, act);
}

/**
 * The two CTEs that log each cause once and create its task, for a statement whose `causes` CTE
 * yields workspace_id, cause_key, user_id (the person the work is for), cover_id (who takes it
 * while they are away, or null), company_id, deal_id, reason, title, due_at, priority. A cause
 * already in the log is skipped by the unique key, so its task is never made twice.
 */
function logAndCreateTasks(key: RuleKey, origin: string, runId: string) {
  return sql`
    logged as (
      insert into robot_actions (workspace_id, run_id, rule_key, cause_key, action, user_id, company_id, deal_id, task_id, reason, details)
      select workspace_id, ${runId}::uuid, ${key}, cause_key, 'task_created', coalesce(cover_id, user_id), company_id, deal_id,
        tandem_time_uuid(), reason,
        jsonb_build_object('title', title, 'coveringFor', case when cover_id is not null then user_id end)
      from causes
      on conflict (workspace_id, rule_key, cause_key) do nothing
      returning workspace_id, task_id, cause_key
    ),
    made as (
      insert into tasks (workspace_id, id, title, description, due_at, assignee_id, covering_for_id, company_id, deal_id, priority, origin)
      select c.workspace_id, l.task_id, c.title, c.reason, c.due_at, coalesce(c.cover_id, c.user_id),
        case when c.cover_id is not null then c.user_id end, c.company_id, c.deal_id, c.priority, ${origin}
      from logged l join causes c on c.workspace_id = l.workspace_id and c.cause_key = l.cause_key
      returning *
    ),
    -- Sent to the webhooks that listen, as every task is (insertTask()). The audit entry of a task a
    -- rule made is its robot_actions row (logged above, with the rule and the reason): an audit_log
    -- row as well cost a daily pass at a million clients a third more.
    ${createdEventDeliveries('task.created', 'made', taskJson('made'))},
    -- The person each task is for hears of it, as with every task a rule makes (insertTask()).
    told as (
      insert into notifications (workspace_id, id, user_id, kind, params, link)
      select workspace_id, tandem_time_uuid(), assignee_id, 'robot_task',
        jsonb_build_object('title', title, 'origin', ${origin}::text,
          'dueAt', to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        case when company_id is not null then '/companies/' || company_id else '/tasks' end
      from made
    )`;
}

/**
 * Who covers for the person a cause is for: only people away today are looked up (a hash join
 * over today's absences), so a pass over a million clients calls tandem_cover_user() for the few
 * whose AM is away. Use with `absentToday` joined as `ab`.
 */
const absentToday = (owner: ReturnType<typeof sql>) => sql`
  left join (
    select distinct a.workspace_id, a.user_id from absences a join workspaces aw on aw.id = a.workspace_id
    where a.starts_on <= (now() at time zone aw.time_zone)::date and a.ends_on >= (now() at time zone aw.time_zone)::date
  ) ab on ab.workspace_id = ws.workspace_id and ab.user_id = ${owner}`;
const coverOf = (owner: ReturnType<typeof sql>, company: ReturnType<typeof sql>) =>
  sql`case when ab.user_id is not null then tandem_cover_user(ws.workspace_id, ${owner}, ${company}, ws.today) end`;

const cadenceMissed: RobotRuleDefinition = {
  key: 'cadence_missed',
  runs: 'pass',
  defaults: { graceDays: 0 },
  bounds: { graceDays: [0, 30] },
  // Clients past their next contact date that the robot has not acted on for that date: a task for
  // the AM (or whoever covers), and the date marked so an idle pass reads nothing.
  pass: async (tx, { runId }) =>
    inTwoSteps(
      tx,
      sql`
        select ws.workspace_id, ws.time_zone, ws.locale, ws.today, a.company_id, a.next_contact_on
        from (${enabledWorkspaces('cadence_missed', cadenceMissed.defaults)}) ws
        cross join lateral (
          select a.company_id, a.next_contact_on from client_accounts a
          where a.workspace_id = ws.workspace_id and a.cadence_flagged_on is null
            and a.next_contact_on < ws.today - ws."graceDays"
          offset 0) a`,
      sql`
        with causes as (
          select ws.workspace_id, ws.company_id || ':' || ws.next_contact_on as cause_key, c.owner_id as user_id,
            ${coverOf(sql`c.owner_id`, sql`ws.company_id`)} as cover_id,
            ws.company_id, null::uuid as deal_id, ws.next_contact_on,
            case when ws.locale = 'ru' then 'Следующий контакт был назначен на ' || to_char(ws.next_contact_on, 'DD.MM.YYYY') || ', связи с клиентом не было'
                 else 'The next contact was due on ' || ws.next_contact_on || ' and nobody got in touch' end as reason,
            case when ws.locale = 'ru' then 'Связаться с клиентом «' || c.name || '»'
                 else 'Get in touch with ' || c.name end as title,
            ((ws.today + time '18:00') at time zone ws.time_zone) as due_at, 'high' as priority
          from robot_candidates ws
          join companies c on c.workspace_id = ws.workspace_id and c.id = ws.company_id
            and c.status = 'client' and c.archived_at is null and c.owner_id is not null
          ${absentToday(sql`c.owner_id`)}
        ),
        ${logAndCreateTasks('cadence_missed', 'cadence', runId)},
        -- Runs although nothing reads it (data-modifying CTEs always run to completion).
        flagged as (
          update client_accounts a set cadence_flagged_on = k.next_contact_on
          from causes k
          where a.workspace_id = k.workspace_id and a.company_id = k.company_id
        )
        ${perWorkspace('made')}`,
    ),
};

/** The next-step robot's cause: the deal and its next step (or none). */
const nextStepCause = (deal: string) =>
  sql.raw(`${deal}.id || ':' || coalesce(extract(epoch from ${deal}.next_step_at)::bigint::text, 'none')`);

const dealWithoutNextStep: RobotRuleDefinition = {
  key: 'deal_without_next_step',
  runs: 'pass',
  defaults: { graceHours: 24 },
  bounds: { graceHours: [0, 24 * 30] },
  // Open deals whose next step is missing or has passed, for longer than the grace period, whose
  // cause is not in the log yet. A missing next step sorts first in deals_next_step_due_idx, so
  // both halves of the condition are one index range.
  pass: async (tx, { runId }) =>
    inTwoSteps(
      tx,
      sql`
        select ws.workspace_id, ws.time_zone, ws.locale, ws.today, d.*
        from (${enabledWorkspaces('deal_without_next_step', dealWithoutNextStep.defaults)}) ws
        cross join lateral (
          select d.id as deal_id, d.next_step_at, ${nextStepCause('d')} as cause_key
          from deals d
          where d.workspace_id = ws.workspace_id and d.closed_at is null and d.archived_at is null and d.owner_id is not null
            and coalesce(d.next_step_at, '-infinity'::timestamptz) < now() - make_interval(hours => ws."graceHours")
            and greatest(d.created_at, d.stage_entered_at) < now() - make_interval(hours => ws."graceHours")
            and not exists (
              select 1 from robot_actions r where r.workspace_id = d.workspace_id
                and r.rule_key = 'deal_without_next_step' and r.cause_key = ${nextStepCause('d')})
          offset 0) d`,
      sql`
        with causes as (
          select ws.workspace_id, ws.cause_key, d.owner_id as user_id,
            ${coverOf(sql`d.owner_id`, sql`d.company_id`)} as cover_id, d.company_id, ws.deal_id,
            case when ws.locale = 'ru' then
                   case when ws.next_step_at is null then 'У сделки в работе нет следующего шага с датой'
                        else 'Следующий шаг по сделке просрочен' end
                 else case when ws.next_step_at is null then 'An open deal has no next step with a date'
                        else 'The deal''s next step is past its date' end end as reason,
            case when ws.locale = 'ru' then 'Назначить следующий шаг по сделке «' || d.title || '»'
                 else 'Set the next step for «' || d.title || '»' end as title,
            now() + interval '1 day' as due_at, 'normal' as priority
          from robot_candidates ws
          join deals d on d.workspace_id = ws.workspace_id and d.id = ws.deal_id
          ${absentToday(sql`d.owner_id`)}
        ),
        ${logAndCreateTasks('deal_without_next_step', 'deal_next_step', runId)}
        ${perWorkspace('made')}`,
    ),
};

const churnRisk: RobotRuleDefinition = {
  key: 'churn_risk',
  runs: 'pass',
  defaults: { daysWithoutPurchase: 150 },
  bounds: { daysWithoutPurchase: [1, 3650] },
  // Clients with no purchase for N days get the churn-risk flag (a purchase clears it).
  pass: async (tx, { runId }) =>
    inTwoSteps(
      tx,
      sql`
        select ws.workspace_id, ws.time_zone, ws.locale, a.company_id, a.last_purchase_at
        from (${enabledWorkspaces('churn_risk', churnRisk.defaults)}) ws
        cross join lateral (
          select a.company_id, a.last_purchase_at from client_accounts a
          where a.workspace_id = ws.workspace_id and a.churn_risk_at is null
            and a.last_purchase_at < now() - make_interval(days => ws."daysWithoutPurchase")
          offset 0) a`,
      sql`
        with causes as (
          select k.workspace_id, k.company_id, c.owner_id, k.last_purchase_at,
            case when k.locale = 'ru' then 'Нет покупок с ' || to_char(k.last_purchase_at at time zone k.time_zone, 'DD.MM.YYYY')
                 else 'No purchase since ' || to_char(k.last_purchase_at at time zone k.time_zone, 'YYYY-MM-DD') end as reason
          from robot_candidates k
          join companies c on c.workspace_id = k.workspace_id and c.id = k.company_id
            and c.status = 'client' and c.archived_at is null
        ),
        flagged as (
          update client_accounts a set churn_risk_at = now(), churn_risk_reason = k.reason, updated_at = now(), version = a.version + 1
          from causes k where a.workspace_id = k.workspace_id and a.company_id = k.company_id
        ),
        logged as (
          insert into robot_actions (workspace_id, run_id, rule_key, cause_key, action, user_id, company_id, reason)
          select workspace_id, ${runId}::uuid, 'churn_risk',
            company_id || ':' || extract(epoch from last_purchase_at)::bigint, 'flag_set', owner_id, company_id, reason
          from causes
          on conflict (workspace_id, rule_key, cause_key) do nothing
          returning workspace_id
        )
        ${perWorkspace('logged')}`,
    ),
};

const tenderDeadline: RobotRuleDefinition = {
  key: 'tender_deadline',
  runs: 'pass',
  // -1: follow the sales-flow setting "days before a tender deadline" (tenderReminderDays).
  defaults: { daysBefore: -1 },
  bounds: { daysBefore: [-1, 90] },
  // The guard behind the sales flow's tender reminders: an open deal whose tender deadline is
  // near and that has no reminder task (open or done) gets one.
  pass: async (tx, { runId }) =>
    inTwoSteps(
      tx,
      sql`
        select ws.workspace_id, ws.time_zone, ws.locale, ws.today, ws.days, d.*
        from (${enabledWorkspaces(
          'tender_deadline',
          tenderDeadline.defaults,
          sql`, coalesce(nullif(coalesce((r.params ->> 'daysBefore')::int, -1), -1),
                 (w.settings -> 'salesFlow' ->> 'tenderReminderDays')::int, 3) as days`,
        )}) ws
        cross join lateral (
          select d.id as deal_id, d.company_id, d.owner_id, d.title, d.tender_deadline
          from deals d
          where d.workspace_id = ws.workspace_id and d.tender_deadline is not null
            and d.closed_at is null and d.archived_at is null and d.owner_id is not null
            and d.tender_deadline >= ws.today and d.tender_deadline <= ws.today + ws.days
            and not exists (
              select 1 from tasks t where t.workspace_id = d.workspace_id and t.deal_id = d.id
                and t.origin = 'tender_deadline' and t.status in ('open', 'done'))
          offset 0) d`,
      sql`
        with causes as (
          select ws.workspace_id, ws.deal_id || ':' || ws.tender_deadline as cause_key, ws.owner_id as user_id,
            ${coverOf(sql`ws.owner_id`, sql`ws.company_id`)} as cover_id, ws.company_id, ws.deal_id,
            case when ws.locale = 'ru' then 'Срок подачи заявки на тендер ' || to_char(ws.tender_deadline, 'DD.MM.YYYY') || ', напоминания не было'
                 else 'The tender deadline is ' || ws.tender_deadline || ' and there was no reminder' end as reason,
            case when ws.locale = 'ru' then 'Срок тендера ' || to_char(ws.tender_deadline, 'DD.MM.YYYY') || ': подать заявку по «' || ws.title || '»'
                 else 'Tender deadline ' || ws.tender_deadline || ': submit the bid for «' || ws.title || '»' end as title,
            greatest(now(), ((ws.tender_deadline - ws.days) + time '09:00') at time zone ws.time_zone) as due_at,
            'high' as priority
          from robot_candidates ws
          ${absentToday(sql`ws.owner_id`)}
        ),
        ${logAndCreateTasks('tender_deadline', 'tender_deadline', runId)}
        ${perWorkspace('made')}`,
    ),
};

const meetingDecisions: RobotRuleDefinition = {
  key: 'meeting_decisions',
  runs: 'on_save',
  defaults: {},
  bounds: {},
};

const feedbackEscalation: RobotRuleDefinition = {
  key: 'feedback_escalation',
  runs: 'on_save',
  defaults: {},
  bounds: {},
};

export const ROBOT_RULES: readonly RobotRuleDefinition[] = [
  cadenceMissed,
  dealWithoutNextStep,
  churnRisk,
  tenderDeadline,
  meetingDecisions,
  feedbackEscalation,
];

export function ruleDefinition(key: RuleKey): RobotRuleDefinition {
  return ROBOT_RULES.find((rule) => rule.key === key)!;
}

export async function isRuleEnabled(db: DbOrTx, workspaceId: string, key: RuleKey): Promise<boolean> {
  const [row] = await db
    .select({ enabled: robotRules.enabled })
    .from(robotRules)
    .where(and(eq(robotRules.workspaceId, workspaceId), eq(robotRules.ruleKey, key)));
  return row?.enabled ?? true;
}
