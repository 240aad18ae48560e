import { and, eq, ne, sql } from 'drizzle-orm';
import { companies } from '../companies/schema.ts';
import { contracts } from '../contracts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { deals } from '../deals/schema.ts';
import type { invoices } from '../invoices/schema.ts';
import { classifyRevenue } from './revenue-kind.ts';
import { revenueFacts } from './schema.ts';

/**
 * Records the revenue fact of one allocation, in the allocation's transaction: the amount, how it
 * counts (new sale, recurring, upsell — revenue-kind.ts), the deal and the people credited (the
 * deal's owner, the client's AM at that moment). The unique allocation id keeps it to one fact.
 */
export async function recordRevenueFact(
  tx: DbOrTx,
  fact: {
    workspaceId: string;
    allocationId: string;
    paymentId: string;
    receivedOn: string;
    amountMinor: number;
    invoice: typeof invoices.$inferSelect;
  },
): Promise<void> {
  const { invoice, workspaceId } = fact;
  const [contract] = invoice.contractId
    ? await tx
        .select({ monthlyFeeMinor: contracts.monthlyFeeMinor, dealId: contracts.dealId })
        .from(contracts)
        .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.id, invoice.contractId)))
    : [];
  const dealId = invoice.dealId ?? contract?.dealId ?? null;
  const [deal] = dealId
    ? await tx
        .select({ kind: deals.kind, ownerId: deals.ownerId })
        .from(deals)
        .where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, dealId)))
    : [];
  const [company] = await tx
    .select({ ownerId: companies.ownerId })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, invoice.companyId)));
  const [earlier] = await tx
    .select({ one: sql<number>`1` })
    .from(revenueFacts)
    .where(
      and(
        eq(revenueFacts.workspaceId, workspaceId),
        eq(revenueFacts.companyId, invoice.companyId),
        ne(revenueFacts.invoiceId, invoice.id),
        ne(revenueFacts.paymentId, fact.paymentId),
      ),
    )
    .limit(1);
  const kind = classifyRevenue({
    invoiceOrigin: invoice.origin,
    recurringContract: contract?.monthlyFeeMinor != null,
    dealKind: deal?.kind ?? null,
    clientPaidBefore: Boolean(earlier),
  });
  await tx
    .insert(revenueFacts)
    .values({
      workspaceId,
      allocationId: fact.allocationId,
      paymentId: fact.paymentId,
      invoiceId: invoice.id,
      companyId: invoice.companyId,
      contractId: invoice.contractId,
      dealId,
      kind,
      amountMinor: fact.amountMinor,
      currency: invoice.currency,
      receivedOn: fact.receivedOn,
      dealOwnerId: deal?.ownerId ?? null,
      accountManagerId: company?.ownerId ?? null,
    })
    .onConflictDoNothing();
}
