import type { FieldError } from '../http/errors.ts';

/**
 * Whether a payment may be spread over invoices as asked: every invoice open (issued, not
 * cancelled, not fully paid), in the payment's currency, of the payment's company when it has
 * one, each amount at most what is still open on its invoice (counting earlier lines of the same
 * request), and together at most what is left of the payment. Returns the field errors; an empty
 * list means the allocation may be written.
 */
export interface AllocationCheckPayment {
  amountMinor: number;
  allocatedMinor: number;
  currency: string;
  companyId: string | null;
}

export interface AllocationCheckInvoice {
  id: string;
  number: string | null;
  status: 'draft' | 'sent' | 'partially_paid' | 'paid' | 'cancelled';
  currency: string;
  companyId: string;
  totalMinor: number;
  paidMinor: number;
}

export function checkAllocations(
  payment: AllocationCheckPayment,
  requested: readonly { invoiceId: string; amountMinor: number }[],
  invoices: ReadonlyMap<string, AllocationCheckInvoice>,
  fieldPrefix = 'allocations',
): FieldError[] {
  const errors: FieldError[] = [];
  const openLeft = new Map<string, bigint>();
  let paymentLeft = BigInt(payment.amountMinor) - BigInt(payment.allocatedMinor);
  requested.forEach((allocation, index) => {
    const field = `${fieldPrefix}.${index}`;
    const invoice = invoices.get(allocation.invoiceId);
    if (!invoice) {
      errors.push({ field: `${field}.invoiceId`, message: 'No such invoice.' });
      return;
    }
    const label = invoice.number ?? 'this invoice';
    if (invoice.status === 'draft') {
      errors.push({ field: `${field}.invoiceId`, message: `Issue ${label} before paying it.` });
      return;
    }
    if (invoice.status === 'cancelled') {
      errors.push({ field: `${field}.invoiceId`, message: `${label} is cancelled.` });
      return;
    }
    if (invoice.currency !== payment.currency) {
      errors.push({
        field: `${field}.invoiceId`,
        message: `${label} is in ${invoice.currency}, the payment in ${payment.currency}.`,
      });
      return;
    }
    if (payment.companyId !== null && invoice.companyId !== payment.companyId) {
      errors.push({ field: `${field}.invoiceId`, message: `${label} belongs to another client.` });
      return;
    }
    const open = openLeft.get(invoice.id) ?? BigInt(invoice.totalMinor) - BigInt(invoice.paidMinor);
    const amount = BigInt(allocation.amountMinor);
    if (amount > open) {
      errors.push({
        field: `${field}.amountMinor`,
        message: `Above what is open on ${label}: at most ${open} (minor units).`,
      });
      return;
    }
    if (amount > paymentLeft) {
      errors.push({
        field: `${field}.amountMinor`,
        message: `Above what is left of the payment: at most ${paymentLeft} (minor units).`,
      });
      return;
    }
    openLeft.set(invoice.id, open - amount);
    paymentLeft -= amount;
  });
  return errors;
}
