import { and, eq, gte, inArray, isNull, lt, lte, not, or, type SQL, sql } from 'drizzle-orm';
import {
  INVOICE_STATUSES,
  type InvoiceStatus,
  type InvoiceSummary,
  type InvoiceTotals,
  type ListInvoicesQuery,
} from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { matchesSearchText } from '../money/search-text.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { flattenInvoice, selectInvoices } from './find-invoice.ts';
import { toInvoiceSummary } from './invoice-dto.ts';
import { invoices } from './schema.ts';

const SORTABLE = {
  createdAt: { column: invoices.createdAt },
  issueDate: { column: invoices.issueDate, nullable: true },
  dueDate: { column: invoices.dueDate, nullable: true },
  totalMinor: { column: invoices.totalMinor },
};

/** Issued, money open, past the due date — the SQL twin of isOverdue() in money/invoice-status.ts. */
export function overdueCondition(today: string): SQL {
  return and(inArray(invoices.status, ['sent', 'partially_paid']), lt(invoices.dueDate, today))!;
}

function statusCondition(status: InvoiceStatus, today: string): SQL | undefined {
  if (status === 'overdue') return overdueCondition(today);
  if (status === 'sent' || status === 'partially_paid') {
    return and(eq(invoices.status, status), or(isNull(invoices.dueDate), gte(invoices.dueDate, today)));
  }
  return eq(invoices.status, status);
}

/** The filter part of an invoice list, shared by the list and its totals. */
export function invoiceFilter(
  actor: Actor,
  query: Omit<ListInvoicesQuery, 'limit' | 'cursor' | 'sort'>,
  today: string,
): SQL | undefined {
  return and(
    eq(invoices.workspaceId, actor.workspaceId),
    companyRowWithinScope(actor, companies.ownerId, companies.id),
    query.status ? statusCondition(query.status, today) : undefined,
    query.companyId ? eq(invoices.companyId, query.companyId) : undefined,
    query.contractId ? eq(invoices.contractId, query.contractId) : undefined,
    query.dealId ? eq(invoices.dealId, query.dealId) : undefined,
    query.issuedFrom ? gte(invoices.issueDate, query.issuedFrom) : undefined,
    query.issuedTo ? lte(invoices.issueDate, query.issuedTo) : undefined,
    query.overdue === undefined
      ? undefined
      : query.overdue
        ? overdueCondition(today)
        : not(overdueCondition(today)),
    matchesSearchText([invoices.number, companies.name, invoices.notes], query.q),
  );
}

export async function listInvoices(
  db: DbOrTx,
  actor: Actor,
  query: ListInvoicesQuery,
): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
  const today = await workspaceToday(db, actor.workspaceId);
  const sort = parseSort(query.sort, SORTABLE, '-createdAt');
  const rows = await selectInvoices(db)
    .where(and(invoiceFilter(actor, query, today), afterCursor(sort, invoices.id, query.cursor)))
    .orderBy(...orderBy(sort, invoices.id))
    .limit(query.limit + 1);
  return toPage(
    rows.map(flattenInvoice),
    query.limit,
    sort,
    (row) => row[sort.key as keyof typeof SORTABLE],
    (row) => toInvoiceSummary(row, today),
  );
}

/**
 * Totals of the invoices a list would show (same filters), per currency and per status — for the
 * money room's overview: how much is invoiced, paid, open and overdue. Drafts and cancelled
 * invoices are counted by status but left out of the amounts.
 */
export async function invoiceTotals(
  db: DbOrTx,
  actor: Actor,
  query: Omit<ListInvoicesQuery, 'limit' | 'cursor' | 'sort'>,
): Promise<InvoiceTotals> {
  const today = await workspaceToday(db, actor.workspaceId);
  const overdue = overdueCondition(today);
  const issued = sql`${invoices.status} not in ('draft', 'cancelled')`;
  const base = () =>
    db
      .select({
        currency: invoices.currency,
        status: sql<string>`case when ${overdue} then 'overdue' else ${invoices.status} end`,
        count: sql<number>`count(*)::int`,
        totalMinor: sql<string>`coalesce(sum(${invoices.totalMinor}) filter (where ${issued}), 0)`,
        paidMinor: sql<string>`coalesce(sum(${invoices.paidMinor}) filter (where ${issued}), 0)`,
      })
      .from(invoices)
      .innerJoin(
        companies,
        and(eq(companies.workspaceId, invoices.workspaceId), eq(companies.id, invoices.companyId)),
      )
      .where(invoiceFilter(actor, query, today));
  const rows = await base().groupBy(sql`1`, sql`2`);
  const byCurrency = new Map<string, InvoiceTotals['totals'][number]>();
  const byStatus = new Map<string, number>();
  for (const row of rows) {
    const total = Number(row.totalMinor);
    const paid = Number(row.paidMinor);
    const sums = byCurrency.get(row.currency) ?? {
      currency: row.currency,
      count: 0,
      invoicedMinor: 0,
      paidMinor: 0,
      openMinor: 0,
      overdueMinor: 0,
    };
    sums.count += Number(row.count);
    sums.invoicedMinor += total;
    sums.paidMinor += paid;
    sums.openMinor += total - paid;
    if (row.status === 'overdue') sums.overdueMinor += total - paid;
    byCurrency.set(row.currency, sums);
    byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + Number(row.count));
  }
  return {
    totals: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    byStatus: INVOICE_STATUSES.filter((status) => byStatus.has(status)).map((status) => ({
      status,
      count: byStatus.get(status)!,
    })),
  };
}
