import type { RevenueKind } from './schema.ts';

/**
 * How a paid amount counts for KPIs and motivation (DOMAIN.md §4):
 * - recurring: the invoice is a month of a recurring contract (made by the recurring robot); or,
 *   with no deal or a renewal deal, any invoice under a contract with a monthly fee;
 * - new sale: the invoice's deal (its own, else its contract's) is a new deal, or — with no deal —
 *   the client's first money;
 * - upsell: the deal is an upsell (or a renewal without a monthly fee), or — with no deal — the
 *   client has paid before by another payment.
 */
export interface RevenueKindInput {
  invoiceOrigin: 'manual' | 'recurring';
  /** The invoice is tied to a contract that has a monthly fee. */
  recurringContract: boolean;
  dealKind: 'new' | 'upsell' | 'renewal' | null;
  /** Money from this client came in before, by another payment for other invoices. */
  clientPaidBefore: boolean;
}

export function classifyRevenue(input: RevenueKindInput): RevenueKind {
  if (input.invoiceOrigin === 'recurring') return 'recurring';
  if (input.dealKind === 'new') return 'new_sale';
  if (input.dealKind === 'upsell') return 'upsell';
  if (input.dealKind === 'renewal') return input.recurringContract ? 'recurring' : 'upsell';
  if (input.recurringContract) return 'recurring';
  return input.clientPaidBefore ? 'upsell' : 'new_sale';
}
