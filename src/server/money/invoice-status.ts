import type { InvoiceStatus } from '../../contract/money.ts';
import type { StoredInvoiceStatus } from '../invoices/schema.ts';

/**
 * An invoice's status from its amounts and dates. The stored lifecycle is
 * draft → sent → partially_paid → paid, or cancelled; "overdue" is read, never stored: an issued
 * invoice with money still open after its due date (the due day itself is not overdue yet).
 */
export function storedStatusFromAmounts(totalMinor: number, paidMinor: number): StoredInvoiceStatus {
  if (paidMinor <= 0) return 'sent';
  if (paidMinor >= totalMinor) return 'paid';
  return 'partially_paid';
}

export function isOverdue(
  invoice: { status: StoredInvoiceStatus; totalMinor: number; paidMinor: number; dueDate: string | null },
  today: string,
): boolean {
  if (invoice.status !== 'sent' && invoice.status !== 'partially_paid') return false;
  if (invoice.paidMinor >= invoice.totalMinor) return false;
  return invoice.dueDate !== null && invoice.dueDate < today;
}

export function invoiceStatus(
  invoice: { status: StoredInvoiceStatus; totalMinor: number; paidMinor: number; dueDate: string | null },
  today: string,
): InvoiceStatus {
  return isOverdue(invoice, today) ? 'overdue' : invoice.status;
}
