import { type SQL, sql } from 'drizzle-orm';
import type { DrillMetric, DrillRecord, KpiDrill } from '../../contract/kpis.ts';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { resolveSubject } from './dashboard.ts';
import { amongUsers, clientContactGaps, loadKpiSettings, ownedClients, startOf } from './figures.ts';
import { addDays, dateIn, type PeriodKind, periodContaining, shiftPeriod } from './formulas.ts';

/** The most records a drill-down returns; `total` says how many there are. */
const DRILL_LIMIT = 1000;

type Row = {
  kind: DrillRecord['kind'];
  id: string;
  title: string;
  company_id: string | null;
  company_name: string | null;
  date: string | null;
  amount_minor: string | number | null;
  currency: string | null;
  user_id: string | null;
  detail: string | null;
  total: string | number;
};

/**
 * The records behind a number on a dashboard: the same conditions as the figure's query
 * (kpis/figures.ts), listing rows instead of counting them, so the list and the number agree.
 */
export async function kpiDrill(
  db: DbOrTx,
  actor: Actor,
  request: {
    metric: DrillMetric;
    period: PeriodKind;
    on?: string;
    userId?: string;
    teamId?: string;
    leadSourceId?: string;
  },
  now = new Date(),
): Promise<KpiDrill> {
  const settings = await loadKpiSettings(db, actor.workspaceId);
  const subject = await resolveSubject(db, actor, request);
  const tz = settings.timeZone;
  const today = dateIn(now, tz);
  const period = periodContaining(request.period, request.on ?? today);
  const { from } = period;
  const toExclusive = addDays(period.to, 1);
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings
  const asOf = today < period.to ? today : period.to;
  const ws = actor.workspaceId;
  const who = (column: SQL) => amongUsers(column, subject.userIds);
  const inPeriod = (column: SQL) =>
    sql`${column} >= ${startOf(from, tz)} and ${column} < ${startOf(toExclusive, tz)}`;
  const total = sql`count(*) over ()`;

  let query: SQL;
  switch (request.metric) {
    case 'calls':
    case 'meetings':
      query = sql`
        select 'activity' as kind, a.id, coalesce(nullif(a.subject, ''), a.type) as title, a.company_id,
               c.name as company_name, to_char(a.occurred_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI') as date,
               null::bigint as amount_minor, null as currency, a.author_id as user_id, a.outcome as detail, ${total} as total
        from activities a left join companies c on c.workspace_id = a.workspace_id and c.id = a.company_id
        where a.workspace_id = ${ws} and a.type = ${request.metric === 'calls' ? 'call' : 'meeting'}
          and ${inPeriod(sql`a.occurred_at`)} and a.author_id is not null and ${who(sql`a.author_id`)}
        order by a.occurred_at desc`;
      break;
    case 'qualified':
      query = sql`
        select 'lead' as kind, l.id, c.name as title, l.company_id, c.name as company_name,
               to_char(l.created_at at time zone ${tz}, 'YYYY-MM-DD') as date, null::bigint as amount_minor,
               null as currency, l.handed_over_by as user_id, l.status as detail, ${total} as total
        from leads l join companies c on c.workspace_id = l.workspace_id and c.id = l.company_id
        where l.workspace_id = ${ws} and l.origin = 'call_queue' and ${inPeriod(sql`l.created_at`)}
          and ${who(sql`l.handed_over_by`)}
        order by l.created_at desc`;
      break;
    case 'deals_won':
    case 'deals_lost':
      query = sql`
        select 'deal' as kind, d.id, d.title, d.company_id, c.name as company_name,
               to_char(d.closed_at at time zone ${tz}, 'YYYY-MM-DD') as date, d.amount_minor, d.currency,
               d.owner_id as user_id, s.name as detail, ${total} as total
        from deals d join stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
        join companies c on c.workspace_id = d.workspace_id and c.id = d.company_id
        where d.workspace_id = ${ws} and d.closed_at is not null and d.archived_at is null
          and s.kind = ${request.metric === 'deals_won' ? 'won' : 'lost'}
          and ${inPeriod(sql`d.closed_at`)} and ${who(sql`d.owner_id`)}
        order by d.closed_at desc`;
      break;
    case 'revenue':
    case 'new_sales':
    case 'recurring':
    case 'upsell': {
      const kind = { revenue: null, new_sales: 'new_sale', recurring: 'recurring', upsell: 'upsell' }[
        request.metric
      ];
      const credited = sql`(case when f.kind = 'new_sale' then f.deal_owner_id else f.account_manager_id end)`;
      const source =
        request.leadSourceId === undefined
          ? sql`true`
          : request.leadSourceId === 'none'
            ? sql`coalesce(d.lead_source_id, c.lead_source_id) is null`
            : sql`coalesce(d.lead_source_id, c.lead_source_id) = ${request.leadSourceId}::uuid`;
      query = sql`
        select 'revenue_fact' as kind, f.id, coalesce(i.number, f.kind) as title, f.company_id, c.name as company_name,
               to_char(f.received_on, 'YYYY-MM-DD') as date, f.amount_minor, f.currency, ${credited} as user_id,
               f.kind as detail, ${total} as total
        from revenue_facts f
        join companies c on c.workspace_id = f.workspace_id and c.id = f.company_id
        left join invoices i on i.workspace_id = f.workspace_id and i.id = f.invoice_id
        left join deals d on d.workspace_id = f.workspace_id and d.id = f.deal_id
        where f.workspace_id = ${ws} and f.received_on >= ${from}::date and f.received_on <= ${period.to}::date
          and ${kind ? sql`f.kind = ${kind}` : sql`true`} and ${source}
          and ${who(credited)}
        order by f.received_on desc, f.id`;
      break;
    }
    case 'retained':
    case 'churned': {
      const base = shiftPeriod(period, -1);
      const live = sql`p.last_before >= ${from}::date - ${settings.churnDays}::int`;
      const end = sql`p.last_by >= ${asOf}::date - ${settings.churnDays}::int`;
      query = sql`
        with per_client as (
          select r.company_id,
                 max(r.last_on) filter (where r.month < ${from}::date) as last_before,
                 max(r.last_on) filter (where r.last_on <= ${asOf}::date) as last_by
          from kpi_client_months r
          where r.workspace_id = ${ws} and ${ownedClients(ws, sql`r.company_id`, subject.userIds)}
            and r.month >= date_trunc('month', least(${base.from}::date, ${from}::date - ${settings.churnDays}::int))::date
            and r.month <= ${period.to}::date
          group by r.company_id)
        select 'company' as kind, c.id, c.name as title, c.id as company_id, c.name as company_name,
               to_char(p.last_by, 'YYYY-MM-DD') as date, null::bigint as amount_minor, null as currency,
               c.owner_id as user_id, c.status as detail, ${total} as total
        from per_client p join companies c on c.workspace_id = ${ws} and c.id = p.company_id
        where c.owner_id is not null and ${who(sql`c.owner_id`)} and ${live}
          and ${request.metric === 'retained' ? end : sql`not (${end})`}
        order by p.last_by, c.name`;
      break;
    }
    case 'cadence_missed':
      query =
        today < from
          ? sql`select null::text as kind, null::uuid as id, '' as title, null::uuid as company_id, null as company_name, null as date, null::bigint as amount_minor, null as currency, null::uuid as user_id, null as detail, 0 as total where false`
          : sql`
        with gaps as (${clientContactGaps(ws, from, asOf, subject.userIds)})
        select 'company' as kind, company_id as id, name as title, company_id, name as company_name,
               to_char(last_day, 'YYYY-MM-DD') as date, null::bigint as amount_minor, null as currency,
               owner_id as user_id, longest_gap::text as detail, ${total} as total
        from gaps where longest_gap > ${settings.cadenceDays}
        order by longest_gap desc, name`;
      break;
    case 'tasks_finished':
    case 'tasks_late':
      query = sql`
        select 'task' as kind, t.id, t.title, t.company_id, c.name as company_name,
               to_char(t.due_at at time zone ${tz}, 'YYYY-MM-DD') as date, null::bigint as amount_minor,
               null as currency, t.assignee_id as user_id,
               to_char(t.completed_at at time zone ${tz}, 'YYYY-MM-DD') as detail, ${total} as total
        from tasks t left join companies c on c.workspace_id = t.workspace_id and c.id = t.company_id
        where t.workspace_id = ${ws} and t.status = 'done' and t.due_at is not null
          and ${inPeriod(sql`t.completed_at`)} and ${who(sql`t.assignee_id`)}
          and ${request.metric === 'tasks_late' ? sql`t.completed_at > t.due_at` : sql`true`}
        order by t.completed_at desc`;
      break;
    case 'overdue_tasks':
      query = sql`
        select 'task' as kind, t.id, t.title, t.company_id, c.name as company_name,
               to_char(t.due_at at time zone ${tz}, 'YYYY-MM-DD') as date, null::bigint as amount_minor,
               null as currency, t.assignee_id as user_id, t.priority as detail, ${total} as total
        from tasks t left join companies c on c.workspace_id = t.workspace_id and c.id = t.company_id
        where t.workspace_id = ${ws} and t.status = 'open' and t.due_at < ${now.toISOString()}::timestamptz
          and ${who(sql`t.assignee_id`)}
        order by t.due_at`;
      break;
  }
  const result = await db.execute<Row>(sql`${query} limit ${DRILL_LIMIT}`);
  return {
    metric: request.metric,
    period,
    total: Number(result.rows[0]?.total ?? 0),
    items: result.rows.map((row) => ({
      kind: row.kind,
      id: row.id,
      title: row.title,
      companyId: row.company_id,
      companyName: row.company_name,
      date: row.date,
      amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
      currency: row.currency,
      userId: row.user_id,
      detail: row.detail,
    })),
  };
}
