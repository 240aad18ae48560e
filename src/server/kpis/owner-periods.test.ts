import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, seedUser, seedWorkspace } from '../../../test/harness.ts';
import type { Database } from '../db/client.ts';
import { fillCurrentOwnerPeriods, type KpiSettings, ownerPeriodFacts } from './figures.ts';
import { addDays, type Period, periodContaining, shiftPeriod } from './formulas.ts';

/**
 * The rollups of migration 0014 against figures counted here, in plain TypeScript, from the raw
 * rows (revenue facts, activities, companies): per owner and period the NRR cohort's money,
 * clients live at the start / retained / churned and cadence; and revenue per person credited.
 * Periods are filled first, then every change — payments added, changed, moved between months
 * and deleted, clients changing hands, status or archive, contacts added and removed — must leave
 * the kept rows equal to a fresh count.
 */
let database: Database;
let ws: string;
const owners: Record<string, string> = {};
const companies: Record<string, string> = {};
const settings: KpiSettings = { timeZone: 'Europe/Moscow', churnDays: 180, cadenceDays: 4, currency: 'RUB' };

const db = () => database.db;

async function one<T extends Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T> {
  return (await db().execute(query)).rows[0] as T;
}

async function company(name: string, ownerId: string | null, status = 'client') {
  return (
    await one<{ id: string }>(sql`
      insert into companies (workspace_id, name, owner_id, status,
                             lead_source_id)
      values (${ws}, ${name}, ${ownerId}, ${status},
              (select id from lead_sources where workspace_id = ${ws} order by kind limit 1))
      returning id`)
  ).id;
}

async function pay(companyId: string, on: string, amount: number, kind: string, amId: string | null) {
  const invoice = await one<{ id: string }>(sql`
    insert into invoices (workspace_id, company_id, currency) values (${ws}, ${companyId}, 'RUB') returning id`);
  const payment = await one<{ id: string }>(sql`
    insert into payments (workspace_id, company_id, received_on, amount_minor, currency)
    values (${ws}, ${companyId}, ${on}, ${amount}, 'RUB') returning id`);
  const allocation = await one<{ id: string }>(sql`
    insert into payment_allocations (workspace_id, payment_id, invoice_id, amount_minor)
    values (${ws}, ${payment.id}, ${invoice.id}, ${amount}) returning id`);
  const fact = await one<{ id: string }>(sql`
    insert into revenue_facts (workspace_id, allocation_id, payment_id, invoice_id, company_id, kind,
                               amount_minor, currency, received_on, deal_owner_id, account_manager_id)
    values (${ws}, ${allocation.id}, ${payment.id}, ${invoice.id}, ${companyId}, ${kind}, ${amount}, 'RUB', ${on},
            ${kind === 'new_sale' ? owners.closer! : null}, ${amId})
    returning id`);
  return { paymentId: payment.id, factId: fact.id };
}

async function contact(companyId: string, type: string, at: string) {
  return (
    await one<{ id: string }>(sql`
      insert into activities (workspace_id, type, author_id, occurred_at, company_id)
      values (${ws}, ${type}, ${owners.a1}, ${at}::timestamptz, ${companyId}) returning id`)
  ).id;
}

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const maxDate = (a: string | null, b: string) => (a === null || b > a ? b : a);

type Facts = {
  base: number;
  kept: number;
  atStart: number;
  retained: number;
  churned: number;
  cadenceClients: number;
  cadenceCompliant: number;
};

/** Per owner, from the raw rows: docs/kpis.md's NRR, retention and cadence, written out again. */
async function expected(period: Period, asOf: string, churnDays: number, cadenceDays: number) {
  const [facts, clients, contacts] = await Promise.all([
    db().execute<{ company_id: string; on: string; kind: string; amount: string }>(sql`
      select company_id, to_char(received_on, 'YYYY-MM-DD') as on, kind, amount_minor as amount
      from revenue_facts where workspace_id = ${ws}`),
    db().execute<{ id: string; owner_id: string | null; status: string; archived: boolean }>(sql`
      select id, owner_id, status, archived_at is not null as archived from companies where workspace_id = ${ws}`),
    db().execute<{ company_id: string; day: string }>(sql`
      select distinct a.company_id, to_char((a.occurred_at at time zone w.time_zone)::date, 'YYYY-MM-DD') as day
      from activities a join workspaces w on w.id = a.workspace_id
      where a.workspace_id = ${ws} and a.company_id is not null and a.type in ('call', 'email', 'meeting')`),
  ]);
  const base = shiftPeriod(period, -1);
  const byOwner = new Map<string, Facts>();
  const of = (owner: string) => {
    const f = byOwner.get(owner) ?? {
      base: 0,
      kept: 0,
      atStart: 0,
      retained: 0,
      churned: 0,
      cadenceClients: 0,
      cadenceCompliant: 0,
    };
    byOwner.set(owner, f);
    return f;
  };
  for (const client of clients.rows) {
    if (!client.owner_id) continue;
    const paid = facts.rows.filter((f) => f.company_id === client.id);
    let baseMoney = 0;
    let kept = 0;
    let lastBefore: string | null = null;
    let lastBy: string | null = null;
    for (const f of paid) {
      if (f.on >= base.from && f.on <= base.to) baseMoney += Number(f.amount);
      if (f.on >= period.from && f.on <= period.to && f.kind !== 'new_sale') kept += Number(f.amount);
      if (f.on < period.from) lastBefore = maxDate(lastBefore, f.on);
      if (f.on <= asOf) lastBy = maxDate(lastBy, f.on);
    }
    const f = of(client.owner_id);
    f.base += baseMoney;
    if (baseMoney > 0) f.kept += kept;
    if (lastBefore !== null && lastBefore >= addDays(period.from, -churnDays)) {
      f.atStart += 1;
      if (lastBy !== null && lastBy >= addDays(asOf, -churnDays)) f.retained += 1;
      else f.churned += 1;
    }
    if (client.status === 'client' && !client.archived && asOf >= period.from) {
      const seen = contacts.rows
        .filter((c) => c.company_id === client.id && c.day >= period.from && c.day <= asOf)
        .map((c) => c.day)
        .sort();
      let longest = days(period.from, asOf);
      if (seen.length > 0) {
        longest = Math.max(days(period.from, seen[0]!), days(seen.at(-1)!, asOf));
        for (let i = 1; i < seen.length; i++) longest = Math.max(longest, days(seen[i - 1]!, seen[i]!));
      }
      f.cadenceClients += 1;
      if (longest <= cadenceDays) f.cadenceCompliant += 1;
    }
  }
  return normalise(byOwner);
}

function normalise(byOwner: Map<string, Facts>) {
  return Object.fromEntries(
    [...byOwner.entries()]
      .filter(([, f]) => Object.values(f).some((v) => v !== 0))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

async function kept(period: Period, asOf: string, churnDays = 180, cadenceDays = 4) {
  const rows = await ownerPeriodFacts(db(), {
    workspaceId: ws,
    period,
    asOf,
    settings: { ...settings, churnDays, cadenceDays },
    userIds: null,
  });
  return normalise(
    new Map(
      rows.map((r) => [
        r.owner_id,
        {
          base: Number(r.base_minor),
          kept: Number(r.kept_minor),
          atStart: r.clients_at_start,
          retained: r.retained,
          churned: r.churned,
          cadenceClients: r.cadence_clients,
          cadenceCompliant: r.cadence_compliant,
        },
      ]),
    ),
  );
}

const feb = periodContaining('month', '2026-02-10');
const mar = periodContaining('month', '2026-03-10');
const q1 = periodContaining('quarter', '2026-02-10');
const q4 = periodContaining('quarter', '2025-11-10');
/** Closed periods (judged at their last day) and running ones (judged at a day inside). */
const cases: [Period, string][] = [
  [feb, feb.to],
  [q4, q4.to],
  [mar, '2026-03-12'],
  [q1, '2026-02-20'],
];
/** When each period was filled: the triggers keep them, nothing fills them again. */
let filled: string[] | null = null;
const fillTimes = async () =>
  (
    await db().execute<{ t: string }>(sql`
      select concat(period_kind, period_start, as_of, filled_at) as t from kpi_owner_periods
      where workspace_id = ${ws} order by 1`)
  ).rows.map((r) => r.t);

async function expectAllKept(refilled = false) {
  for (const [period, asOf] of cases) {
    expect(await kept(period, asOf), `${period.label} as of ${asOf}`).toEqual(
      await expected(period, asOf, 180, 4),
    );
  }
  if (filled === null || refilled) filled = await fillTimes();
  else expect(await fillTimes()).toEqual(filled);
  // Revenue per person credited: the same sums as the facts.
  const credit = await db().execute<{ key: string; amount: string; n: number }>(sql`
    select concat_ws('|', to_char(month, 'YYYY-MM'), kind, user_id, lead_source_id) as key, amount_minor as amount, n
    from kpi_revenue_credit_months where workspace_id = ${ws} order by 1`);
  const raw = await db().execute<{ key: string; amount: string; n: number }>(sql`
    select concat_ws('|', to_char(f.received_on, 'YYYY-MM'), f.kind,
                     case when f.kind = 'new_sale' then f.deal_owner_id else f.account_manager_id end,
                     coalesce(d.lead_source_id, c.lead_source_id)) as key,
           sum(f.amount_minor) as amount, count(*)::int as n
    from revenue_facts f join companies c on c.workspace_id = f.workspace_id and c.id = f.company_id
    left join deals d on d.workspace_id = f.workspace_id and d.id = f.deal_id
    where f.workspace_id = ${ws} group by 1 order by 1`);
  const shape = (rows: { key: string; amount: string; n: number }[]) =>
    rows.map((r) => [r.key, Number(r.amount), Number(r.n)]);
  expect(shape(credit.rows)).toEqual(shape(raw.rows));
  // Revenue per month and people: kept by difference when a fact changes (0016), equal to a full
  // re-count, with no group left behind by money that went.
  const people = await db().execute<{ key: string; amount: string; n: number }>(sql`
    select concat_ws('|', to_char(month, 'YYYY-MM'), kind, deal_owner_id, account_manager_id, lead_source_id, currency) as key,
           amount_minor as amount, n
    from kpi_revenue_people_months where workspace_id = ${ws} order by 1`);
  const recount = await db().execute<{ key: string; amount: string; n: number }>(sql`
    select concat_ws('|', to_char(f.received_on, 'YYYY-MM'), f.kind, f.deal_owner_id, f.account_manager_id,
                     coalesce(d.lead_source_id, c.lead_source_id), f.currency) as key,
           sum(f.amount_minor) as amount, count(*)::int as n
    from revenue_facts f join companies c on c.workspace_id = f.workspace_id and c.id = f.company_id
    left join deals d on d.workspace_id = f.workspace_id and d.id = f.deal_id
    where f.workspace_id = ${ws} group by 1 order by 1`);
  expect(shape(people.rows)).toEqual(shape(recount.rows));
}

beforeAll(async () => {
  database = await openTestDatabase();
  ws = (await seedWorkspace(database)).workspaceId;
  owners.a1 = (await seedUser(database, ws, ['am'], { name: 'A1', tier: 3 })).id;
  owners.a2 = (await seedUser(database, ws, ['am'], { name: 'A2', tier: 3 })).id;
  owners.closer = (await seedUser(database, ws, ['sales'], { name: 'Closer', tier: 2 })).id;
  companies.k1 = await company('K1', owners.a1);
  companies.k2 = await company('K2', owners.a1);
  companies.k3 = await company('K3', owners.a2);
  companies.k4 = await company('K4', owners.a2, 'former_client');
  companies.k5 = await company('K5 nobody', null);
  companies.k6 = await company('K6', owners.a1);
  // Money from August 2025 (the churn window of Q1) to March 2026.
  await pay(companies.k1!, '2025-12-15', 10_000, 'recurring', owners.a1!);
  await pay(companies.k1!, '2026-01-20', 12_000, 'recurring', owners.a1!);
  await pay(companies.k1!, '2026-02-10', 9_000, 'recurring', owners.a1!);
  await pay(companies.k1!, '2026-02-25', 4_000, 'upsell', owners.a1!);
  await pay(companies.k2!, '2025-08-25', 3_000, 'recurring', owners.a1!);
  await pay(companies.k2!, '2026-03-05', 2_000, 'new_sale', owners.a1!);
  await pay(companies.k3!, '2025-09-01', 5_000, 'recurring', owners.a2!);
  await pay(companies.k3!, '2026-01-31', 6_000, 'upsell', owners.a2!);
  await pay(companies.k4!, '2025-10-10', 7_000, 'recurring', owners.a2!);
  await pay(companies.k5!, '2026-01-05', 8_000, 'recurring', null);
  await pay(companies.k6!, '2026-02-01', 1_000, 'recurring', owners.a1!);
  // Contacts in February and early March (Moscow days; 21:30 UTC is the next day there).
  for (const day of ['01', '04', '08', '12', '16', '20', '24', '28']) {
    await contact(companies.k1!, 'email', `2026-02-${day}T08:00:00Z`);
  }
  await contact(companies.k2!, 'call', '2026-02-03T21:30:00Z');
  await contact(companies.k3!, 'meeting', '2026-03-02T10:00:00Z');
  await contact(companies.k3!, 'note', '2026-03-03T10:00:00Z');
}, 120_000);

afterAll(() => database?.close());

describe('per-owner period facts (migration 0014)', () => {
  it('fill with the figures counted from the raw rows', async () => {
    await expectAllKept();
    expect(filled).toHaveLength(4);
    // Clients churned and retained are there to be counted (the data is not trivial).
    const q = await expected(feb, feb.to, 180, 4);
    const a1 = q[owners.a1!]!;
    const a2 = q[owners.a2!]!;
    expect(a1.atStart + a2.atStart).toBeGreaterThanOrEqual(3);
    expect(a1.churned + a2.churned).toBeGreaterThanOrEqual(1);
    expect(a1.retained + a2.retained).toBeGreaterThanOrEqual(1);
  });

  it('follow payments added, changed, moved and deleted', async () => {
    const added = await pay(companies.k2!, '2026-02-14', 3_500, 'recurring', owners.a1!);
    await expectAllKept();
    // Into a month the client already paid in (the rollup row is updated, not inserted).
    await pay(companies.k1!, '2026-02-18', 2_000, 'upsell', owners.a1!);
    await expectAllKept();
    await db().execute(
      sql`update revenue_facts set amount_minor = 4500 where workspace_id = ${ws} and id = ${added.factId}`,
    );
    await expectAllKept();
    // Moved from February into the base month and then out of the churn window altogether.
    await db().execute(
      sql`update revenue_facts set received_on = '2026-01-02' where workspace_id = ${ws} and id = ${added.factId}`,
    );
    await expectAllKept();
    await db().execute(
      sql`update revenue_facts set received_on = '2025-06-30' where workspace_id = ${ws} and id = ${added.factId}`,
    );
    await expectAllKept();
    await db().execute(sql`delete from payments where workspace_id = ${ws} and id = ${added.paymentId}`);
    await expectAllKept();
    // All of a client's money in one statement.
    await db().execute(sql`delete from payments where workspace_id = ${ws} and company_id = ${companies.k3}`);
    await expectAllKept();
  });

  it('follow clients changing hands, status and archive, and new clients', async () => {
    await db().execute(sql`update companies set owner_id = ${owners.a2} where id = ${companies.k1}`);
    await expectAllKept();
    await db().execute(sql`update companies set archived_at = now() where id = ${companies.k6}`);
    await db().execute(sql`update companies set status = 'client' where id = ${companies.k4}`);
    await db().execute(sql`update companies set owner_id = ${owners.a1} where id = ${companies.k5}`);
    await expectAllKept();
    await db().execute(sql`update companies set owner_id = null where id = ${companies.k2}`);
    await company('K7 new', owners.a2!);
    await expectAllKept();
  });

  it('follow contacts added and removed', async () => {
    const late = await contact(companies.k4!, 'call', '2026-02-27T10:00:00Z');
    await expectAllKept();
    await db().execute(sql`
      delete from activities where workspace_id = ${ws} and company_id = ${companies.k1}
        and occurred_at = '2026-02-12T08:00:00Z'`);
    await expectAllKept();
    await db().execute(
      sql`update activities set occurred_at = '2026-03-01T10:00:00Z' where workspace_id = ${ws} and id = ${late}`,
    );
    await expectAllKept();
  });

  it('keep one day and one set of settings per period', async () => {
    expect(await kept(q1, '2026-02-21', 90, 7)).toEqual(await expected(q1, '2026-02-21', 90, 7));
    const periods = await db().execute<{ as_of: string; churn_days: number }>(sql`
      select to_char(as_of, 'YYYY-MM-DD') as as_of, churn_days from kpi_owner_periods
      where workspace_id = ${ws} and period_kind = 'quarter' and period_start = ${q1.from}::date`);
    expect(periods.rows).toEqual([{ as_of: '2026-02-21', churn_days: 90 }]);
    // And the new one is kept too.
    await pay(companies.k4!, '2026-02-02', 1_500, 'upsell', owners.a2!);
    expect(await kept(q1, '2026-02-21', 90, 7)).toEqual(await expected(q1, '2026-02-21', 90, 7));
    await expectAllKept(true);
  });

  it('are counted ahead for the running and just-closed month and quarter', async () => {
    const now = new Date('2026-05-14T12:00:00Z');
    const filled = await fillCurrentOwnerPeriods(db(), now);
    expect(filled).toBeGreaterThanOrEqual(4);
    const periods = await db().execute<{ p: string }>(sql`
      select concat(period_kind, ' ', to_char(period_start, 'YYYY-MM-DD'), ' ', to_char(as_of, 'YYYY-MM-DD')) as p
      from kpi_owner_periods where workspace_id = ${ws} order by 1`);
    expect(periods.rows.map((r) => r.p)).toEqual(
      expect.arrayContaining([
        'month 2026-04-01 2026-04-30',
        'month 2026-05-01 2026-05-14',
        'quarter 2026-01-01 2026-03-31',
        'quarter 2026-04-01 2026-05-14',
      ]),
    );
    // Nothing left to count the second time.
    expect(await fillCurrentOwnerPeriods(db(), now)).toBe(0);
  });
});
