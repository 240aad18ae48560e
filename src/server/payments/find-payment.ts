import { and, asc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Allocation, Payment } from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { invoices } from '../invoices/schema.ts';
import { paymentAllocations, payments } from './schema.ts';

export type PaymentRow = typeof payments.$inferSelect & { companyName: string | null };

export function selectPayments(db: DbOrTx) {
  return db
    .select({ payment: payments, companyName: companies.name })
    .from(payments)
    .leftJoin(
      companies,
      and(eq(companies.workspaceId, payments.workspaceId), eq(companies.id, payments.companyId)),
    );
}

export const flattenPayment = (row: {
  payment: typeof payments.$inferSelect;
  companyName: string | null;
}): PaymentRow => ({
  ...row.payment,
  companyName: row.companyName,
});

/**
 * A payment is visible with its client; a payment not yet tied to a client (an unmatched bank
 * statement line) only to those who see all money.
 */
export function paymentWithinScope(actor: Actor): SQL | undefined {
  if (actor.scope === 'all') return undefined;
  return and(isNotNull(payments.companyId), companyRowWithinScope(actor, companies.ownerId, companies.id));
}

export async function findVisiblePayment(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PaymentRow> {
  const query = selectPayments(db).where(
    and(eq(payments.workspaceId, actor.workspaceId), eq(payments.id, id), paymentWithinScope(actor)),
  );
  const [row] = options.forUpdate ? await query.for('update', { of: payments }) : await query;
  if (!row) throw notFound('Payment');
  return flattenPayment(row);
}

/** The allocations of some payments, with their invoice numbers, grouped by payment. */
export async function loadAllocations(
  db: DbOrTx,
  workspaceId: string,
  paymentIds: string[],
): Promise<Map<string, Allocation[]>> {
  const byPayment = new Map<string, Allocation[]>();
  if (paymentIds.length === 0) return byPayment;
  const rows = await db
    .select({ allocation: paymentAllocations, invoiceNumber: invoices.number })
    .from(paymentAllocations)
    .innerJoin(
      invoices,
      and(
        eq(invoices.workspaceId, paymentAllocations.workspaceId),
        eq(invoices.id, paymentAllocations.invoiceId),
      ),
    )
    .where(
      and(eq(paymentAllocations.workspaceId, workspaceId), inArray(paymentAllocations.paymentId, paymentIds)),
    )
    .orderBy(asc(paymentAllocations.createdAt), asc(invoices.number), asc(paymentAllocations.id));
  for (const { allocation, invoiceNumber } of rows) {
    const list = byPayment.get(allocation.paymentId) ?? [];
    list.push({
      id: allocation.id,
      invoiceId: allocation.invoiceId,
      invoiceNumber,
      amountMinor: allocation.amountMinor,
      createdAt: allocation.createdAt.toISOString(),
    });
    byPayment.set(allocation.paymentId, list);
  }
  return byPayment;
}

export function toPayment(row: PaymentRow, allocations: Allocation[]): Payment {
  return {
    id: row.id,
    companyId: row.companyId,
    companyName: row.companyName,
    receivedOn: row.receivedOn,
    amountMinor: row.amountMinor,
    currency: row.currency,
    allocatedMinor: row.allocatedMinor,
    unallocatedMinor: row.amountMinor - row.allocatedMinor,
    method: row.method,
    source: row.source,
    bankReference: row.bankReference,
    payerName: row.payerName,
    payerTaxId: row.payerTaxId,
    purpose: row.purpose,
    statementImportId: row.statementImportId,
    allocations,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function loadPayment(db: DbOrTx, actor: Actor, id: string): Promise<Payment> {
  const row = await findVisiblePayment(db, actor, id);
  const allocations = await loadAllocations(db, actor.workspaceId, [id]);
  return toPayment(row, allocations.get(id) ?? []);
}
