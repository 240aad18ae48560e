import { and, eq, gte, inArray, isNull, lt, lte, not, or, type SQL } from 'drizzle-orm';
import type { InvoiceStatus, InvoiceSummary, ListInvoicesQuery } from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { ownedWithinScope } from '../access/scope.ts';
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

export async function listInvoices(
  db: DbOrTx,
  actor: Actor,
  query: ListInvoicesQuery,
): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
  const today = await workspaceToday(db, actor.workspaceId);
  const sort = parseSort(query.sort, SORTABLE, '-createdAt');
  const rows = await selectInvoices(db)
    .where(
      and(
        eq(invoices.workspaceId, actor.workspaceId),
        ownedWithinScope(actor, companies.ownerId),
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
        afterCursor(sort, invoices.id, query.cursor),
      ),
    )
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
