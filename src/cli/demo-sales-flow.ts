import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../server/db/client.ts';

/**
 * The demo's sales flow, on top of its people and records: a project with a PM + AM pair for
 * every client, a call list of prospects dealt out among the SDRs, a few qualified leads in the
 * closers' inbox, and one AM on vacation this week so that cover shows.
 */
export async function seedDemoSalesFlow(
  tx: DbOrTx,
  input: { workspaceId: string; locale: 'ru' | 'en'; now: Date },
): Promise<{ projects: number; queued: number; leads: number }> {
  const { workspaceId, locale } = input;
  const today = input.now.toISOString().slice(0, 10);
  const projects = await tx.execute(sql`
    with pms as (
      select id, row_number() over (order by name) - 1 as n, count(*) over () as total
      from users where workspace_id = ${workspaceId} and 'pm' = any(roles)),
    clients as (
      select c.id, c.name, c.owner_id, row_number() over (order by c.name) - 1 as n
      from companies c join users u on u.workspace_id = c.workspace_id and u.id = c.owner_id
      where c.workspace_id = ${workspaceId} and c.status = 'client' and 'am' = any(u.roles))
    insert into projects (workspace_id, name, company_id, am_id, pm_id, status, starts_on)
    select ${workspaceId}, clients.name || ${locale === 'ru' ? ': сопровождение' : ': account'},
           clients.id, clients.owner_id, pms.id, 'active', ${today}::date - (clients.n % 300)::int
    from clients join pms on pms.n = clients.n % pms.total
    returning 1`);

  const [list] = (
    await tx.execute<{ id: string }>(sql`
      insert into call_lists (workspace_id, name, distribution, caller_ids, script)
      select ${workspaceId}, ${locale === 'ru' ? 'Холодная база: логистика' : 'Cold list: logistics'}, 'round_robin',
             array_agg(id order by name),
             ${
               locale === 'ru'
                 ? 'Здравствуйте! Меня зовут …, компания Tandem. Вы отвечаете за продажи? Мы помогаем сервисным компаниям не терять клиентов между продажей и сопровождением. Удобно две минуты?'
                 : 'Hello, this is … from Tandem. Are you the one responsible for sales? We help service companies keep clients from falling between sales and account management. Do you have two minutes?'
             }
      from users where workspace_id = ${workspaceId} and 'sdr' = any(roles)
      returning id`)
  ).rows;
  const queued = await tx.execute(sql`
    with callers as (
      select caller_ids from call_lists where workspace_id = ${workspaceId} and id = ${list!.id}),
    prospects as (
      select c.id, row_number() over (order by c.name) as position
      from companies c where c.workspace_id = ${workspaceId} and c.status = 'prospect' and c.archived_at is null
      limit 60)
    insert into call_queue_items (workspace_id, call_list_id, company_id, contact_id, assignee_id, position)
    select ${workspaceId}, ${list!.id}, p.id,
           (select id from contacts where workspace_id = ${workspaceId} and company_id = p.id order by is_decision_maker desc limit 1),
           callers.caller_ids[1 + (p.position - 1) % cardinality(callers.caller_ids)], p.position
    from prospects p, callers
    returning 1`);

  const leads = await tx.execute(sql`
    with sales as (
      select id, row_number() over (order by name) - 1 as n, count(*) over () as total
      from users where workspace_id = ${workspaceId} and 'sales' = any(roles)),
    sdr as (select id from users where workspace_id = ${workspaceId} and 'sdr' = any(roles) order by name limit 1),
    picked as (
      select c.id, row_number() over (order by c.name desc) - 1 as n
      from companies c where c.workspace_id = ${workspaceId} and c.status = 'prospect' and c.archived_at is null
      order by c.name desc limit 4)
    insert into leads (workspace_id, company_id, origin, note, handed_over_by, assignee_id)
    select ${workspaceId}, picked.id, 'call_queue',
           ${locale === 'ru' ? 'Нужна CRM для отдела продаж в этом квартале, бюджет согласован, решает коммерческий директор.' : 'Need a CRM for the sales team this quarter; budget approved; the sales director decides.'},
           (select id from sdr), sales.id
    from picked join sales on sales.n = picked.n % sales.total
    returning 1`);

  await tx.execute(sql`
    insert into absences (workspace_id, user_id, kind, starts_on, ends_on, note)
    select ${workspaceId}, id, 'vacation', ${today}::date - 1, ${today}::date + 6,
           ${locale === 'ru' ? 'Отпуск' : 'Vacation'}
    from users where workspace_id = ${workspaceId} and 'am' = any(roles)
    order by name limit 1`);
  return { projects: projects.rows.length, queued: queued.rows.length, leads: leads.rows.length };
}
