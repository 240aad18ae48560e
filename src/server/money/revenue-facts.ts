import { and, eq, gte, lte, or } from 'drizzle-orm';
import type { ListRevenueFactsQuery, RevenueFact } from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope, ownedWithinScope } from '../access/scope.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { invoices } from '../invoices/schema.ts';
import { revenueFacts } from './schema.ts';

type FactRow = typeof revenueFacts.$inferSelect & { companyName: string; invoiceNumber: string | null };

function toRevenueFact(row: FactRow): RevenueFact {
  return {
    id: row.id,
    allocationId: row.allocationId,
    paymentId: row.paymentId,
    invoiceId: row.invoiceId,
    invoiceNumber: row.invoiceNumber,
    companyId: row.companyId,
    companyName: row.companyName,
    contractId: row.contractId,
    dealId: row.dealId,
    kind: row.kind,
    amountMinor: row.amountMinor,
    currency: row.currency,
    receivedOn: row.receivedOn,
    dealOwnerId: row.dealOwnerId,
    accountManagerId: row.accountManagerId,
    createdAt: row.createdAt.toISOString(),
  };
}

const SORTABLE = {
  receivedOn: { column: revenueFacts.receivedOn },
  amountMinor: { column: revenueFacts.amountMinor },
};

/**
 * Revenue facts for KPIs and motivation. Those who see all money see all facts; others see the
 * facts of their clients and the facts credited to them (as deal owner or AM).
 */
export async function listRevenueFacts(db: DbOrTx, actor: Actor, query: ListRevenueFactsQuery) {
  const sort = parseSort(query.sort, SORTABLE, '-receivedOn');
  const scope =
    actor.scope === 'all'
      ? undefined
      : or(
          companyRowWithinScope(actor, companies.ownerId, companies.id),
          ownedWithinScope(actor, revenueFacts.dealOwnerId, revenueFacts.accountManagerId),
        );
  const rows = await db
    .select({ fact: revenueFacts, companyName: companies.name, invoiceNumber: invoices.number })
    .from(revenueFacts)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, revenueFacts.workspaceId), eq(companies.id, revenueFacts.companyId)),
    )
    .innerJoin(
      invoices,
      and(eq(invoices.workspaceId, revenueFacts.workspaceId), eq(invoices.id, revenueFacts.invoiceId)),
    )
    .where(
      and(
        eq(revenueFacts.workspaceId, actor.workspaceId),
        scope,
        query.from ? gte(revenueFacts.receivedOn, query.from) : undefined,
        query.to ? lte(revenueFacts.receivedOn, query.to) : undefined,
        query.kind ? eq(revenueFacts.kind, query.kind) : undefined,
        query.companyId ? eq(revenueFacts.companyId, query.companyId) : undefined,
        query.userId
          ? or(eq(revenueFacts.dealOwnerId, query.userId), eq(revenueFacts.accountManagerId, query.userId))
          : undefined,
        afterCursor(sort, revenueFacts.id, query.cursor),
      ),
    )
    .orderBy(...orderBy(sort, revenueFacts.id))
    .limit(query.limit + 1);
  return toPage(
    rows.map((row) => ({ ...row.fact, companyName: row.companyName, invoiceNumber: row.invoiceNumber })),
    query.limit,
    sort,
    (row) => row[sort.key as keyof typeof SORTABLE],
    toRevenueFact,
  );
}
