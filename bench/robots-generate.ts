import type pg from 'pg';
import { connectPostgres } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createPeople, deferredSchema, recreateDatabase } from './generate.ts';
import { databaseUrl } from './options.ts';

/**
 * The robots benchmark's workspace (`npm run bench:robots`), generated inside PostgreSQL with
 * set-based `INSERT … SELECT … generate_series` statements (no rows travel through Node):
 *
 * - the 200 people of bench/generate.ts (60 AMs in 12 teams with leads, 15 PMs, …);
 * - N clients (companies with status `client`, owned by the AMs); the workspace's cadence is
 *   14 days, 15 % of clients have their own 7 and 25 % their own 30;
 * - per client one won deal (its last purchase: spread over the last 225 days, so a third are
 *   past the churn rule's 150 days) and one more deal: open (30 %, with a next step mostly in the
 *   next two weeks, 15 % lapsed, 10 % none, 5 % with a tender deadline) or lost;
 * - per client `activitiesPerClient` activities (calls, e-mails, meetings, notes) over the past
 *   year, the last one a contact chosen so that the client's next contact date is spread over its
 *   cadence — a third of the clients are past it (1–60 days), the rest due today or later;
 * - two tasks per client (mostly done), the sales flow's reminders for 90 % of near tenders, a
 *   project with a PM for a quarter of the clients, and three AMs on vacation today.
 *
 * Derived state comes from the application's own triggers, which fire as usual: opening a
 * client's account, the last purchase (won deals), the last contact and next contact date
 * (activities, inserted client by client in chunks so each trigger sees all of a client's
 * activities at once), workloads and the KPI rollups. The only thing set by hand is what the app
 * cannot know here: each client became a client on the day it was created (as migration 0008 does
 * for existing clients), not today, and some clients have their own cadence.
 *
 * As bench/generate.ts does, secondary indexes and foreign keys of the bulk tables are dropped
 * for the load and rebuilt after it, then VACUUM (ANALYZE) and a CHECKPOINT.
 */
export interface RobotsDataOptions {
  baseUrl: string;
  database: string;
  clients: number;
  activitiesPerClient: number;
  log: (line: string) => void;
}

export interface RobotsGeneration {
  generatedAt: string;
  /** The workspace's today (Europe/Moscow) when generated: the dates are relative to it. */
  today: string;
  clients: number;
  rows: Record<string, number>;
  steps: { step: string; seconds: number }[];
  totalSeconds: number;
}

const BULK = ['companies', 'client_accounts', 'deals', 'activities', 'tasks', 'projects'];

/** Clients per INSERT of activities: all of a client's activities go in one statement. */
const CLIENTS_PER_CHUNK = 50_000;

export async function generateRobotsData(options: RobotsDataOptions): Promise<RobotsGeneration> {
  const started = performance.now();
  const steps: { step: string; seconds: number }[] = [];
  const timed = async (step: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    const seconds = (performance.now() - t0) / 1000;
    steps.push({ step, seconds: Math.round(seconds * 10) / 10 });
    options.log(`${step.padEnd(44)} ${seconds.toFixed(1)} s`);
  };
  await recreateDatabase(options.baseUrl, options.database);
  const database = connectPostgres(databaseUrl(options.baseUrl, options.database), { max: 2 });
  try {
    await migrate(database);
    const n = options.clients;
    const plan = await createPeople(database, { companies: n, contacts: 0, deals: 2 * n, activities: 0 });
    const pool = database.driver as pg.Pool;
    const client = await pool.connect();
    try {
      const q = (text: string, params: unknown[] = []) => client.query(text, params);
      const ws = plan.workspaceId;
      const people = async (role: string) =>
        (
          await q('select id from users where workspace_id = $1 and $2 = any(roles) order by email', [
            ws,
            role,
          ])
        ).rows.map((row) => row.id as string);
      const ams = await people('am');
      const pms = await people('pm');
      const sales = await people('sales');
      const stageIds = async (kind: string) =>
        (
          await q(
            'select id from stages where workspace_id = $1 and pipeline_id = $2 and kind = $3 order by position',
            [ws, plan.pipelineId, kind],
          )
        ).rows.map((row) => row.id as string);
      const open = await stageIds('open');
      const won = (await stageIds('won'))[0]!;
      const lost = (await stageIds('lost'))[0]!;
      const today = (await q(`select (now() at time zone 'Europe/Moscow')::date::text as d`)).rows[0]
        .d as string;

      await q(
        `update workspaces set settings = settings || '{"accountWork": {"cadenceDays": 14}}'::jsonb where id = $1`,
        [ws],
      );
      // Deterministic pseudo-random numbers in [0, 1) and ids: row g of a table is a function of g.
      await q(`create function pg_temp.u(g bigint, salt int) returns float8 language sql immutable
        as $$ select (hashint8(g * 1000003 + salt) & 2147483647)::float8 / 2147483648 $$`);
      await q(`create function pg_temp.bid(kind int, g bigint) returns uuid language sql immutable
        as $$ select md5(kind || ':' || g)::uuid $$`);
      await q(`create function pg_temp.pick(items text[], x float8) returns text language sql immutable
        as $$ select items[1 + floor(x * cardinality(items))::int] $$`);

      const deferred = await deferredSchema(client, BULK);
      for (const key of deferred.foreignKeys) await q(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
      for (const index of deferred.indexes) await q(`DROP INDEX ${index.name}`);

      // One row per client with what the other tables need: owner, cadence, the next contact date
      // it should end up with, and so the day of its last contact.
      await timed('plan of clients', async () => {
        await q(
          `create temp table plan as
           select g, pg_temp.bid(1, g) as id, ($2::uuid[])[1 + floor(pg_temp.u(g, 1) * cardinality($2::uuid[]))::int] as owner_id,
             cad, eff, next_on, next_on - eff as last_on,
             now() - make_interval(days => 460 + floor(pg_temp.u(g, 4) * 1000)::int) as created_at
           from generate_series(1, $1::int) g
           cross join lateral (select case when pg_temp.u(g, 2) < 0.15 then 7 when pg_temp.u(g, 2) < 0.40 then 30 end as cad) c
           cross join lateral (select coalesce(cad, 14) as eff) e
           cross join lateral (select case when pg_temp.u(g, 3) < 1.0 / 3
               then $3::date - 1 - floor(pg_temp.u(g, 5) * 60)::int
               else $3::date + floor(pg_temp.u(g, 5) * eff)::int end as next_on) x`,
          [n, ams, today],
        );
        await q('create unique index on plan (g)');
        await q('analyze plan');
      });

      const chunks = async (label: string, per: number, statement: string, params: unknown[]) => {
        await timed(label, async () => {
          for (let lo = 1; lo <= n; lo += per) await q(statement, [lo, Math.min(n, lo + per - 1), ...params]);
        });
      };

      await chunks(
        `companies (${n.toLocaleString('en')}, client accounts by trigger)`,
        200_000,
        `insert into companies (workspace_id, id, name, legal_name, industry, region, size, status, owner_id,
           monthly_payment_minor, created_at, updated_at)
         select $3, p.id,
           pg_temp.pick(array['Вектор','Альфа','Северная','Орион','Гранит','Меридиан','Восход','Сигма','Атлант','Логос',
             'Northwind','Contoso','Fabrikam','Summit','Bluewater'], pg_temp.u(p.g, 11)) || ' ' ||
           pg_temp.pick(array['Логистика','Строй','Софт','Медиа','Трейд','Консалтинг','Технологии','Групп','Systems','Digital'],
             pg_temp.u(p.g, 12)) || ' ' || p.g,
           null, pg_temp.pick(array['retail','logistics','it','manufacturing','finance','healthcare','education'], pg_temp.u(p.g, 13)),
           pg_temp.pick(array['Москва','Санкт-Петербург','Казань','Новосибирск','Екатеринбург'], pg_temp.u(p.g, 14)),
           pg_temp.pick(array['micro','small','medium','large','enterprise'], pg_temp.u(p.g, 15)),
           'client', p.owner_id, (floor(pg_temp.u(p.g, 16) * 500000) * 100)::bigint, p.created_at, p.created_at
         from plan p where p.g between $1 and $2`,
        [ws],
      );
      // What the app cannot know here: each client became one when it was created (as migration
      // 0008 did for the clients that existed), not today; and some have their own cadence.
      await timed('client accounts: since, own cadence', () =>
        q(
          `update client_accounts a set last_purchase_at = p.created_at, cadence_days = p.cad
           from plan p where a.workspace_id = $1 and a.company_id = p.id`,
          [ws],
        ),
      );
      // Deal 2g-1: won, the client's last purchase. Deal 2g: open (30 %) or lost.
      await chunks(
        `deals (${(2 * n).toLocaleString('en')}, last purchase by trigger)`,
        200_000,
        `insert into deals (workspace_id, id, title, company_id, pipeline_id, stage_id, amount_minor, kind, owner_id,
           next_step, next_step_at, stage_entered_at, closed_at, lost_reason, tender_deadline, created_at, updated_at)
         select $3, pg_temp.bid(2, 2 * p.g - 1 + d.second), t.title, p.id, $4, t.stage_id,
           (floor(pg_temp.u(p.g, 21 + d.second) * 3000000) * 100)::bigint,
           case when d.second = 1 then 'upsell' else 'new' end, t.owner_id,
           t.next_step, t.next_step_at, t.entered, t.closed_at, t.lost_reason, t.tender, t.created, coalesce(t.closed_at, t.entered)
         from plan p
         cross join (values (0), (1)) d(second)
         cross join lateral (select pg_temp.u(p.g, 23) as r, pg_temp.u(p.g, 24) as s, pg_temp.u(p.g, 25) as v) x
         cross join lateral (
           select case when d.second = 0 then 'Сопровождение ' || p.g else 'Расширение ' || p.g end as title,
             case when d.second = 0 then $5::uuid when x.r < 0.3 then ($7::uuid[])[1 + floor(x.s * cardinality($7::uuid[]))::int] else $6::uuid end as stage_id,
             case when d.second = 1 and x.v < 0.5 then ($8::uuid[])[1 + floor(x.s * cardinality($8::uuid[]))::int] else p.owner_id end as owner_id,
             case when d.second = 1 and x.r < 0.3 and x.s >= 0.1 then 'Созвониться' end as next_step,
             case when d.second = 1 and x.r < 0.3 and x.s >= 0.1 then
               case when x.s < 0.25 then now() - make_interval(hours => 25 + floor(x.v * 700)::int)
                    else now() - interval '24 hours' + make_interval(secs => floor(x.v * 14 * 86400)) end end as next_step_at,
             case when d.second = 0 then now() - make_interval(days => floor(x.r * 225)::int, secs => floor(x.s * 86400))
                  when x.r < 0.3 then now() - make_interval(days => 2 + floor(x.v * 60)::int)
                  else now() - make_interval(days => 1 + floor(x.v * 700)::int) end as entered,
             case when d.second = 0 then now() - make_interval(days => floor(x.r * 225)::int, secs => floor(x.s * 86400))
                  when x.r >= 0.3 then now() - make_interval(days => 1 + floor(x.v * 700)::int) end as closed_at,
             case when d.second = 1 and x.r >= 0.3 then 'Выбрали другого подрядчика' end as lost_reason,
             case when d.second = 1 and x.r < 0.015 then $9::date + floor(x.v * 60)::int end as tender,
             case when d.second = 0 then now() - make_interval(days => 30 + floor(x.r * 225)::int)
                  when x.r < 0.3 then now() - make_interval(days => 62 + floor(x.v * 60)::int)
                  else now() - make_interval(days => 30 + floor(x.v * 700)::int) end as created
         ) t
         where p.g between $1 and $2`,
        [ws, plan.pipelineId, won, lost, open, sales, today],
      );
      // Activities, client by client: the last one is a contact on last_on (so the trigger sets
      // next_contact_on = last_on + cadence), the others spread over the year before it.
      const k = options.activitiesPerClient;
      await chunks(
        `activities (${(k * n).toLocaleString('en')}, next contact and KPIs by trigger)`,
        CLIENTS_PER_CHUNK,
        `insert into activities (workspace_id, id, type, direction, subject, occurred_at, company_id, author_id, created_at, updated_at)
         select $3, pg_temp.bid(3, p.g * $4 + j), x.type, 'outbound',
           case x.type when 'call' then 'Звонок' when 'email' then 'Письмо' when 'meeting' then 'Встреча' else 'Заметка' end,
           x.at, p.id, p.owner_id, x.at, x.at
         from plan p
         cross join generate_series(0, $4::int - 1) j
         cross join lateral (select pg_temp.u(p.g * 64 + j, 31) as r, pg_temp.u(p.g * 64 + j, 32) as s) h
         cross join lateral (
           select case when j = 0 then (array['call','email','meeting'])[1 + floor(h.r * 3)::int]
                       when h.r < 0.45 then 'call' when h.r < 0.80 then 'email' when h.r < 0.90 then 'meeting' else 'note' end as type,
             ((case when j = 0 then p.last_on
                    else ($5::date - 365) + floor(h.s * greatest(1, p.last_on - ($5::date - 365)))::int end
               + time '09:00' + make_interval(mins => floor(pg_temp.u(p.g * 64 + j, 33) * 540)::int)) at time zone 'Europe/Moscow') as at
         ) x
         where p.g between $1 and $2`,
        [ws, k, today],
      );
      await chunks(
        'tasks (two per client)',
        250_000,
        `insert into tasks (workspace_id, id, title, due_at, assignee_id, creator_id, company_id, priority, status, completed_at, created_at, updated_at)
         select $3, pg_temp.bid(4, 2 * p.g - 1 + j), case when j = 0 then 'Отправить отчёт' else 'Согласовать план работ' end,
           x.due, p.owner_id, p.owner_id, p.id, 'normal', case when x.done then 'done' else 'open' end,
           case when x.done then x.due end, x.due - interval '7 days', x.due - interval '7 days'
         from plan p cross join generate_series(0, 1) j
         cross join lateral (select j = 0 or pg_temp.u(p.g, 41) >= 0.3 as done,
           now() + make_interval(days => case when j = 0 or pg_temp.u(p.g, 41) >= 0.3 then -1 - floor(pg_temp.u(p.g + j, 42) * 300)::int
                                             else floor(pg_temp.u(p.g, 42) * 14)::int end, hours => 3) as due) x
         where p.g between $1 and $2`,
        [ws],
      );
      await timed('tender reminders of the sales flow (90 %)', () =>
        q(
          `insert into tasks (workspace_id, title, due_at, assignee_id, company_id, deal_id, priority, origin)
           select d.workspace_id, 'Тендер', (d.tender_deadline - 3 + time '09:00') at time zone 'Europe/Moscow', d.owner_id, d.company_id, d.id, 'high', 'tender_deadline'
           from deals d where d.workspace_id = $1 and d.tender_deadline is not null and hashtext(d.id::text) % 10 <> 0`,
          [ws],
        ),
      );
      await timed('projects (a quarter of clients)', () =>
        q(
          `insert into projects (workspace_id, name, company_id, pm_id, am_id, status, starts_on, created_at, updated_at)
           select $1, 'Проект ' || p.g, p.id, ($2::uuid[])[1 + floor(pg_temp.u(p.g, 52) * cardinality($2::uuid[]))::int], p.owner_id,
             'active', p.created_at::date, p.created_at, p.created_at
           from plan p where pg_temp.u(p.g, 51) < 0.25`,
          [ws, pms],
        ),
      );
      await q(
        `insert into absences (workspace_id, user_id, kind, starts_on, ends_on)
        select $1, a, 'vacation', $3::date - 2, $3::date + 7 from unnest($2::uuid[]) a`,
        [ws, ams.slice(0, 3), today],
      );

      await timed('indexes and foreign keys rebuilt', async () => {
        await q(`SET maintenance_work_mem = '512MB'`);
        for (const index of deferred.indexes) await q(index.definition);
        for (const key of deferred.foreignKeys)
          await q(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
        const after = await deferredSchema(client, BULK);
        if (
          after.indexes.length !== deferred.indexes.length ||
          after.foreignKeys.length !== deferred.foreignKeys.length
        )
          throw new Error('The rebuilt indexes and foreign keys differ from the migrated ones');
      });
      await q('drop table plan');
      await timed('VACUUM (ANALYZE) and CHECKPOINT', async () => {
        await q('VACUUM (ANALYZE)');
        await q('CHECKPOINT').catch((error: Error) => options.log(`CHECKPOINT skipped: ${error.message}`));
      });
      const counts = await q(`select 'companies' as t, count(*) as n from companies
        union all select 'client_accounts', count(*) from client_accounts
        union all select 'deals', count(*) from deals
        union all select 'open_deals', count(*) from deals where closed_at is null
        union all select 'activities', count(*) from activities
        union all select 'tasks', count(*) from tasks
        union all select 'projects', count(*) from projects
        union all select 'kpi_company_days', count(*) from kpi_company_days`);
      const report: RobotsGeneration = {
        generatedAt: new Date().toISOString(),
        today,
        clients: n,
        rows: Object.fromEntries(counts.rows.map((row) => [row.t, Number(row.n)])),
        steps,
        totalSeconds: Math.round((performance.now() - started) / 100) / 10,
      };
      await q(`COMMENT ON DATABASE ${options.database} IS '${JSON.stringify(report).replace(/'/g, "''")}'`);
      return report;
    } finally {
      client.release();
    }
  } finally {
    await database.close();
  }
}
