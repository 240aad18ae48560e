import { sql } from 'drizzle-orm';
import type { ClientAccount, Compliance } from '../../contract/account.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, versionConflict } from '../http/errors.ts';
import { localDate } from '../tasks/group-tasks-by-due.ts';
import { findAccountCompany } from './account-access.ts';
import { loadAccountSettings } from './account-settings.ts';
import {
  cadenceOverdueDays,
  complianceBasisPoints,
  contactedWithinCadence,
  daysBetween,
  nextContactDate,
} from './cadence.ts';
import { healthScore, isChurned } from './health-score.ts';
import { clientAccounts } from './schema.ts';

interface SignalRow extends Record<string, unknown> {
  company_id: string;
  company_name: string;
  owner_id: string | null;
  company_created_at: Date | string;
  cadence_days: number | null;
  last_contact_at: Date | string | null;
  next_contact_on: string | null;
  last_purchase_at: Date | string | null;
  churn_risk_at: Date | string | null;
  churn_risk_reason: string | null;
  version: number | null;
  overdue_tasks: number;
  negative_feedback: number;
  critical_feedback: number;
}

const asDate = (value: Date | string | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value);

/**
 * Unpaid overdue invoices per client, when the money room's `invoices` table exists with the
 * columns this needs; null otherwise (the health signal is skipped).
 */
async function unpaidInvoices(
  db: DbOrTx,
  workspaceId: string,
  companyIds: string[],
  today: string,
): Promise<Map<string, number> | null> {
  const columns = (
    await db.execute<{ column_name: string }>(sql`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'invoices'`)
  ).rows.map((row) => row.column_name);
  const due = ['due_on', 'due_date'].find((c) => columns.includes(c));
  if (!due || !columns.includes('company_id') || !columns.includes('status')) return null;
  const paid = columns.includes('paid_at') ? sql` and paid_at is null` : sql``;
  const rows = (
    await db.execute<{ company_id: string; n: number }>(sql`
      select company_id, count(*)::int as n from invoices
      where workspace_id = ${workspaceId} and company_id in ${companyIds}
        and ${sql.raw(due)} < ${today}::date
        and status not in ('paid', 'cancelled', 'canceled', 'void', 'draft')${paid}
      group by company_id`)
  ).rows;
  return new Map(rows.map((row) => [row.company_id, Number(row.n)]));
}

/** Cadence, next contact, health with its reasons, churn — for a set of clients. */
async function loadClientAccounts(
  db: DbOrTx,
  workspaceId: string,
  where: ReturnType<typeof sql>,
  limit: number,
): Promise<ClientAccount[]> {
  const settings = await loadAccountSettings(db, workspaceId);
  const now = new Date();
  const today = localDate(now, settings.timeZone);
  const rows = (
    await db.execute<SignalRow>(sql`
      select c.id as company_id, c.name as company_name, c.owner_id, c.created_at as company_created_at,
        a.cadence_days, a.last_contact_at, a.next_contact_on::text as next_contact_on, a.last_purchase_at,
        a.churn_risk_at, a.churn_risk_reason, a.version,
        (select count(*)::int from tasks t where t.workspace_id = c.workspace_id and t.company_id = c.id
           and t.status = 'open' and t.due_at < now()) as overdue_tasks,
        (select count(*)::int from client_feedback f where f.workspace_id = c.workspace_id and f.company_id = c.id
           and f.status = 'open' and f.sentiment = 'negative') as negative_feedback,
        (select count(*)::int from client_feedback f where f.workspace_id = c.workspace_id and f.company_id = c.id
           and f.status = 'open' and f.sentiment = 'negative' and f.severity = 'critical') as critical_feedback
      from companies c
      left join client_accounts a on a.workspace_id = c.workspace_id and a.company_id = c.id
      where c.workspace_id = ${workspaceId} and ${where}
      order by coalesce(a.next_contact_on, current_date), c.name, c.id
      limit ${limit}`)
  ).rows;
  const invoices =
    rows.length > 0
      ? await unpaidInvoices(
          db,
          workspaceId,
          rows.map((row) => row.company_id),
          today,
        )
      : null;
  return rows.map((row) => {
    const effective = row.cadence_days ?? settings.cadenceDays;
    const lastContactAt = asDate(row.last_contact_at);
    const nextContactOn =
      row.next_contact_on ??
      nextContactDate({
        lastContactAt,
        clientSince: asDate(row.company_created_at)!,
        cadenceDays: effective,
        timeZone: settings.timeZone,
      });
    const lastPurchaseAt = asDate(row.last_purchase_at);
    const daysSincePurchase = lastPurchaseAt
      ? daysBetween(localDate(lastPurchaseAt, settings.timeZone), today)
      : null;
    const overdueDays = cadenceOverdueDays(nextContactOn, today);
    return {
      companyId: row.company_id,
      companyName: row.company_name,
      ownerId: row.owner_id,
      cadenceDays: row.cadence_days,
      effectiveCadenceDays: effective,
      lastContactAt: lastContactAt?.toISOString() ?? null,
      nextContactOn,
      overdueDays,
      lastPurchaseAt: lastPurchaseAt?.toISOString() ?? null,
      churnRiskAt: asDate(row.churn_risk_at)?.toISOString() ?? null,
      churnRiskReason: row.churn_risk_reason,
      churned: isChurned(daysSincePurchase, settings.churnAfterDays),
      health: healthScore({
        cadenceOverdueDays: overdueDays,
        overdueTasks: Number(row.overdue_tasks),
        unpaidInvoices: invoices ? (invoices.get(row.company_id) ?? 0) : null,
        negativeFeedback: Number(row.negative_feedback),
        criticalFeedback: Number(row.critical_feedback),
        daysSinceLastPurchase: daysSincePurchase,
        churnAfterDays: settings.churnAfterDays,
      }),
      version: row.version ?? 0,
    };
  });
}

export async function getClientAccount(db: DbOrTx, actor: Actor, companyId: string): Promise<ClientAccount> {
  const company = await findAccountCompany(db, actor, companyId);
  const [account] = await loadClientAccounts(db, actor.workspaceId, sql`c.id = ${company.id}`, 1);
  return account!;
}

/** A client's own cadence (or back to the workspace's), or its next contact moved by hand. */
export async function updateClientAccount(
  db: Db,
  actor: Actor,
  companyId: string,
  input: { cadenceDays?: number | null; nextContactOn?: string; version: number },
): Promise<ClientAccount> {
  await db.transaction(async (tx) => {
    const company = await findAccountCompany(tx, actor, companyId, { forUpdate: true });
    const before = await getClientAccount(tx, actor, company.id);
    if (before.version !== input.version) throw versionConflict('This client account', before.version);
    const settings = await loadAccountSettings(tx, actor.workspaceId);
    const cadence = input.cadenceDays === undefined ? before.cadenceDays : input.cadenceDays;
    let next = input.nextContactOn;
    if (next === undefined && input.cadenceDays !== undefined) {
      next = nextContactDate({
        lastContactAt: before.lastContactAt ? new Date(before.lastContactAt) : null,
        clientSince: company.createdAt,
        cadenceDays: cadence ?? settings.cadenceDays,
        timeZone: settings.timeZone,
      });
    }
    if (next !== undefined && daysBetween(localDate(new Date(), settings.timeZone), next) < 0) {
      throw new AppError('unprocessable', 'The next contact cannot be in the past.', {
        fields: [{ field: 'nextContactOn', message: 'Choose today or a later day.' }],
      });
    }
    const nextContactOn = next ?? before.nextContactOn;
    await tx
      .insert(clientAccounts)
      .values({ workspaceId: actor.workspaceId, companyId: company.id, cadenceDays: cadence, nextContactOn })
      .onConflictDoUpdate({
        target: [clientAccounts.workspaceId, clientAccounts.companyId],
        set: {
          cadenceDays: cadence,
          nextContactOn,
          cadenceFlaggedOn: null,
          updatedAt: sql`now()`,
          version: sql`${clientAccounts.version} + 1`,
        },
      });
    const after = await getClientAccount(tx, actor, company.id);
    await recordAudit(tx, {
      ...auditFor(actor, 'client_account', company.id),
      action: 'update',
      before: { cadenceDays: before.cadenceDays, nextContactOn: before.nextContactOn },
      after: { cadenceDays: after.cadenceDays, nextContactOn: after.nextContactOn },
    });
  });
  return getClientAccount(db, actor, companyId);
}

/**
 * An AM's clients with their next contact dates, overdue ones first, and health. Others may ask
 * for a person they see (a team lead for a member); everyone else's clients stay hidden.
 */
export async function listMyClients(
  db: DbOrTx,
  actor: Actor,
  query: { ownerId?: string; limit: number },
): Promise<{ items: ClientAccount[] }> {
  const ownerId = query.ownerId ?? actor.userId;
  if (actor.scope !== 'all' && !actor.visibleUserIds.includes(ownerId)) return { items: [] };
  const items = await loadClientAccounts(
    db,
    actor.workspaceId,
    sql`c.owner_id = ${ownerId} and c.status = 'client' and c.archived_at is null`,
    query.limit,
  );
  return { items };
}

/**
 * Contact-cadence compliance per AM over a period (a KPI input): the share of their clients that
 * never went past their next contact date. Counted over each AM's current clients.
 */
export async function cadenceCompliance(
  db: DbOrTx,
  actor: Actor,
  query: { from: string; to: string; userId?: string },
): Promise<Compliance> {
  if (daysBetween(query.from, query.to) < 0 || daysBetween(query.from, query.to) > 366) {
    throw new AppError('unprocessable', 'The period must run forwards and be at most a year long.', {
      fields: [{ field: 'to', message: 'Choose a day on or after "from", within a year.' }],
    });
  }
  const settings = await loadAccountSettings(db, actor.workspaceId);
  const people = actor.scope === 'all' ? null : query.userId ? [query.userId] : actor.visibleUserIds;
  if (people && query.userId && !actor.visibleUserIds.includes(query.userId)) {
    return { from: query.from, to: query.to, items: [] };
  }
  const who = query.userId
    ? sql`and c.owner_id = ${query.userId}`
    : people
      ? sql`and c.owner_id in ${people}`
      : sql``;
  // Contacts from one cadence before `from` (the one the period starts from) to the end of `to`.
  const rows = (
    await db.execute<{
      owner_id: string;
      name: string;
      company_id: string;
      cadence: number;
      since: string;
      days: string[] | null;
    }>(sql`
      select c.owner_id, u.name, c.id as company_id,
        coalesce(a.cadence_days, ${settings.cadenceDays})::int as cadence,
        (c.created_at at time zone ${settings.timeZone})::date::text as since,
        (select array_agg(distinct (x.occurred_at at time zone ${settings.timeZone})::date::text)
           from activities x
          where x.workspace_id = c.workspace_id and x.company_id = c.id and x.type in ('call', 'email', 'meeting')
            and x.occurred_at >= ((${query.from}::date - coalesce(a.cadence_days, ${settings.cadenceDays})) + time '00:00') at time zone ${settings.timeZone}
            and x.occurred_at < ((${query.to}::date + 1) + time '00:00') at time zone ${settings.timeZone}) as days
      from companies c
      join users u on u.workspace_id = c.workspace_id and u.id = c.owner_id
      left join client_accounts a on a.workspace_id = c.workspace_id and a.company_id = c.id
      where c.workspace_id = ${actor.workspaceId} and c.status = 'client' and c.archived_at is null ${who}
      order by u.name, c.owner_id`)
  ).rows;
  const byOwner = new Map<string, { userId: string; name: string; clients: number; compliant: number }>();
  for (const row of rows) {
    const entry = byOwner.get(row.owner_id) ?? {
      userId: row.owner_id,
      name: row.name,
      clients: 0,
      compliant: 0,
    };
    entry.clients += 1;
    if (
      contactedWithinCadence({
        contactDays: row.days ?? [],
        cadenceDays: Number(row.cadence),
        from: query.from,
        to: query.to,
        since: row.since,
      })
    )
      entry.compliant += 1;
    byOwner.set(row.owner_id, entry);
  }
  return {
    from: query.from,
    to: query.to,
    items: [...byOwner.values()].map((e) => ({
      ...e,
      complianceBp: complianceBasisPoints(e.compliant, e.clients),
    })),
  };
}

export { loadClientAccounts };
