import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type {
  AllocatePaymentBody,
  AllocationInput,
  CreatePaymentBody,
  ListPaymentsQuery,
  Payment,
} from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { companies } from '../companies/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound } from '../http/errors.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { invoices } from '../invoices/schema.ts';
import { type AllocationCheckInvoice, checkAllocations } from '../money/allocation.ts';
import { storedStatusFromAmounts } from '../money/invoice-status.ts';
import { recordRevenueFact } from '../money/record-revenue.ts';
import { matchesSearchText } from '../money/search-text.ts';
import { recordRevenueReversal } from '../motivation/revenue-reversals.ts';
import {
  findVisiblePayment,
  flattenPayment,
  loadAllocations,
  loadPayment,
  type PaymentRow,
  paymentWithinScope,
  selectPayments,
  toPayment,
} from './find-payment.ts';
import { paymentAllocations, payments } from './schema.ts';

const SORTABLE = {
  receivedOn: { column: payments.receivedOn },
  createdAt: { column: payments.createdAt },
  amountMinor: { column: payments.amountMinor },
};

export async function listPayments(db: DbOrTx, actor: Actor, query: ListPaymentsQuery) {
  const sort = parseSort(query.sort, SORTABLE, '-receivedOn');
  const rows = await selectPayments(db)
    .where(
      and(
        eq(payments.workspaceId, actor.workspaceId),
        paymentWithinScope(actor),
        query.companyId ? eq(payments.companyId, query.companyId) : undefined,
        query.source ? eq(payments.source, query.source) : undefined,
        query.unallocated ? gt(payments.amountMinor, payments.allocatedMinor) : undefined,
        matchesSearchText(
          [payments.payerName, payments.purpose, payments.bankReference, companies.name],
          query.q,
        ),
        afterCursor(sort, payments.id, query.cursor),
      ),
    )
    .orderBy(...orderBy(sort, payments.id))
    .limit(query.limit + 1);
  const page = toPage(
    rows.map(flattenPayment),
    query.limit,
    sort,
    (row) => row[sort.key as keyof typeof SORTABLE],
    (row) => row,
  );
  const allocations = await loadAllocations(
    db,
    actor.workspaceId,
    page.items.map((row) => row.id),
  );
  return {
    items: page.items.map((row) => toPayment(row, allocations.get(row.id) ?? [])),
    nextCursor: page.nextCursor,
  };
}

/**
 * Spreads a payment over invoices inside the caller's transaction: locks the invoices (in id
 * order, so two allocations never deadlock), checks every amount against what is open
 * (allocation.ts), writes the allocations, the invoices' paid amounts and statuses, the payment's
 * allocated amount and one revenue fact per allocation. Refuses the whole request, by field, if
 * any line is wrong.
 */
export async function allocateInTx(
  tx: DbOrTx,
  actor: Actor,
  payment: PaymentRow,
  requested: readonly AllocationInput[],
  fieldPrefix = 'allocations',
): Promise<void> {
  if (requested.length === 0) return;
  const invoiceIds = [...new Set(requested.map((a) => a.invoiceId))].sort();
  const rows = await tx
    .select({ invoice: invoices })
    .from(invoices)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, invoices.workspaceId), eq(companies.id, invoices.companyId)),
    )
    .where(
      and(
        eq(invoices.workspaceId, actor.workspaceId),
        inArray(invoices.id, invoiceIds),
        companyRowWithinScope(actor, companies.ownerId, companies.id),
      ),
    )
    .orderBy(asc(invoices.id))
    .for('update', { of: invoices });
  const byId = new Map<string, AllocationCheckInvoice & { row: typeof invoices.$inferSelect }>(
    rows.map(({ invoice }) => [invoice.id, { ...invoice, row: invoice }]),
  );
  const errors = checkAllocations(payment, requested, byId, fieldPrefix);
  if (errors.length > 0) {
    throw new AppError(
      'unprocessable',
      `The allocation cannot be applied. ${errors.map((e) => e.message).join(' ')}`,
      {
        fields: errors,
      },
    );
  }
  let allocated = 0;
  const paidBy = new Map<string, number>();
  for (const allocation of requested) {
    const invoice = byId.get(allocation.invoiceId)!.row;
    const [row] = await tx
      .insert(paymentAllocations)
      .values({
        workspaceId: actor.workspaceId,
        paymentId: payment.id,
        invoiceId: invoice.id,
        amountMinor: allocation.amountMinor,
        createdBy: actor.userId,
      })
      .returning();
    await recordRevenueFact(tx, {
      workspaceId: actor.workspaceId,
      allocationId: row!.id,
      paymentId: payment.id,
      receivedOn: payment.receivedOn,
      amountMinor: allocation.amountMinor,
      invoice,
    });
    allocated += allocation.amountMinor;
    paidBy.set(invoice.id, (paidBy.get(invoice.id) ?? 0) + allocation.amountMinor);
  }
  for (const [invoiceId, amount] of paidBy) {
    const invoice = byId.get(invoiceId)!.row;
    const paidMinor = invoice.paidMinor + amount;
    const status = storedStatusFromAmounts(invoice.totalMinor, paidMinor);
    await tx
      .update(invoices)
      .set({
        paidMinor,
        status,
        paidAt: status === 'paid' ? sql`now()` : null,
        updatedAt: sql`now()`,
        version: invoice.version + 1,
      })
      .where(and(eq(invoices.workspaceId, actor.workspaceId), eq(invoices.id, invoiceId)));
    await recordAudit(tx, {
      ...auditFor(actor, 'invoice', invoiceId),
      action: 'update',
      before: { paidMinor: invoice.paidMinor, status: invoice.status },
      after: { paidMinor, status, paymentId: payment.id },
    });
    if (status === 'paid') await closeReminderTask(tx, actor, invoiceId);
  }
  // A payment not yet tied to a client takes the client of its invoices when they share one.
  const clients = new Set([...byId.values()].map((invoice) => invoice.companyId));
  const companyId = payment.companyId ?? (clients.size === 1 ? [...clients][0]! : null);
  await tx
    .update(payments)
    .set({
      allocatedMinor: payment.allocatedMinor + allocated,
      companyId,
      updatedAt: sql`now()`,
      version: payment.version + 1,
    })
    .where(and(eq(payments.workspaceId, actor.workspaceId), eq(payments.id, payment.id)));
}

/** Once an overdue invoice is paid, its open reminder task is done: nobody needs to chase it. */
async function closeReminderTask(tx: DbOrTx, actor: Actor, invoiceId: string): Promise<void> {
  const closed = await tx.execute<{ id: string }>(sql`
    update tasks set status = 'done', completed_at = now(), updated_at = now(), version = version + 1
    where workspace_id = ${actor.workspaceId} and status = 'open'
      and id = (select task_id from invoice_reminders where workspace_id = ${actor.workspaceId} and invoice_id = ${invoiceId})
    returning id`);
  for (const row of closed.rows) {
    await recordAudit(tx, {
      ...auditFor(actor, 'task', row.id),
      action: 'update',
      before: { status: 'open' },
      after: { status: 'done', reason: 'invoice paid', invoiceId },
    });
  }
}

const duplicateReference = () =>
  new AppError('conflict', 'A payment with this bank reference is already recorded.', {
    fields: [{ field: 'bankReference', message: 'Already recorded; it would count the money twice.' }],
  });

async function findByIdempotencyKey(db: DbOrTx, actor: Actor, key: string) {
  const [row] = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.workspaceId, actor.workspaceId), eq(payments.idempotencyKey, key)));
  return row ? loadPayment(db, actor, row.id) : null;
}

/**
 * Records a payment entered by hand, allocating it at once when asked. With an Idempotency-Key
 * the same request again answers the first payment (created: false) and adds nothing.
 */
export async function createPayment(
  db: Db,
  actor: Actor,
  input: CreatePaymentBody,
  idempotencyKey?: string,
): Promise<{ created: boolean; payment: Payment }> {
  const { allocations, ...fields } = input;
  if (idempotencyKey) {
    const existing = await findByIdempotencyKey(db, actor, idempotencyKey);
    if (existing) return { created: false, payment: existing };
  }
  try {
    const payment = await db.transaction(async (tx) => {
      if (fields.companyId) await findVisibleCompany(tx, actor, fields.companyId);
      const [row] = await tx
        .insert(payments)
        .values({
          ...fields,
          workspaceId: actor.workspaceId,
          source: 'manual',
          idempotencyKey: idempotencyKey ?? null,
          createdBy: actor.userId,
        })
        .returning();
      await recordAudit(tx, {
        ...auditFor(actor, 'payment', row!.id),
        action: 'create',
        after: toPayment({ ...row!, companyName: null }, []),
      });
      if (allocations?.length) {
        await allocateInTx(tx, actor, { ...row!, companyName: null }, allocations);
      }
      return loadPayment(tx, actor, row!.id);
    });
    return { created: true, payment };
  } catch (error) {
    if (idempotencyKey && isUniqueViolation(error, 'payments_idempotency_key')) {
      const existing = await findByIdempotencyKey(db, actor, idempotencyKey);
      if (existing) return { created: false, payment: existing };
    }
    if (isUniqueViolation(error, 'payments_bank_reference_key')) throw duplicateReference();
    throw error;
  }
}

export async function allocatePayment(
  db: Db,
  actor: Actor,
  id: string,
  input: AllocatePaymentBody,
): Promise<Payment> {
  return db.transaction(async (tx) => {
    const payment = await findVisiblePayment(tx, actor, id, { forUpdate: true });
    await allocateInTx(tx, actor, payment, input.allocations);
    const after = await loadPayment(tx, actor, id);
    await recordAudit(tx, {
      ...auditFor(actor, 'payment', id),
      action: 'update',
      before: { allocatedMinor: payment.allocatedMinor },
      after: { allocatedMinor: after.allocatedMinor, allocations: input.allocations },
    });
    return after;
  });
}

/**
 * Takes back one allocation (money put on the wrong invoice): the invoice's paid amount and status
 * and the payment's allocated amount go back, and the allocation's revenue fact goes with it.
 */
export async function removeAllocation(
  db: Db,
  actor: Actor,
  paymentId: string,
  allocationId: string,
): Promise<Payment> {
  return db.transaction(async (tx) => {
    const payment = await findVisiblePayment(tx, actor, paymentId, { forUpdate: true });
    const [allocation] = await tx
      .select()
      .from(paymentAllocations)
      .where(
        and(
          eq(paymentAllocations.workspaceId, actor.workspaceId),
          eq(paymentAllocations.id, allocationId),
          eq(paymentAllocations.paymentId, paymentId),
        ),
      );
    if (!allocation) throw notFound('Allocation');
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.workspaceId, actor.workspaceId), eq(invoices.id, allocation.invoiceId)))
      .for('update');
    const paidMinor = invoice!.paidMinor - allocation.amountMinor;
    const status = storedStatusFromAmounts(invoice!.totalMinor, paidMinor);
    await tx
      .update(invoices)
      .set({ paidMinor, status, paidAt: null, updatedAt: sql`now()`, version: invoice!.version + 1 })
      .where(and(eq(invoices.workspaceId, actor.workspaceId), eq(invoices.id, invoice!.id)));
    // The revenue fact goes with the allocation; its copy stays for clawback (motivation).
    await recordRevenueReversal(tx, actor.workspaceId, allocationId, actor.userId);
    await tx
      .delete(paymentAllocations)
      .where(
        and(eq(paymentAllocations.workspaceId, actor.workspaceId), eq(paymentAllocations.id, allocationId)),
      );
    await tx
      .update(payments)
      .set({
        allocatedMinor: payment.allocatedMinor - allocation.amountMinor,
        updatedAt: sql`now()`,
        version: payment.version + 1,
      })
      .where(and(eq(payments.workspaceId, actor.workspaceId), eq(payments.id, paymentId)));
    await recordAudit(tx, {
      ...auditFor(actor, 'invoice', invoice!.id),
      action: 'update',
      before: { paidMinor: invoice!.paidMinor, status: invoice!.status },
      after: { paidMinor, status, allocationRemoved: allocationId },
    });
    await recordAudit(tx, {
      ...auditFor(actor, 'payment', paymentId),
      action: 'update',
      before: { allocatedMinor: payment.allocatedMinor, allocation },
      after: { allocatedMinor: payment.allocatedMinor - allocation.amountMinor },
    });
    return loadPayment(tx, actor, paymentId);
  });
}
