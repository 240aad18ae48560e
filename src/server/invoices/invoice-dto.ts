import type { DocumentLine, Invoice, InvoiceSummary } from '../../contract/money.ts';
import { invoiceStatus, isOverdue } from '../money/invoice-status.ts';
import { formatQuantity } from '../money/money-math.ts';
import type { invoiceLines, invoices } from './schema.ts';

export type InvoiceRow = typeof invoices.$inferSelect & {
  companyName: string;
  contractNumber: string | null;
};
type LineRow = Omit<typeof invoiceLines.$inferSelect, 'invoiceId'>;

export function toDocumentLine(row: LineRow): DocumentLine {
  return {
    id: row.id,
    position: row.position,
    serviceId: row.serviceId,
    description: row.description,
    unit: row.unit,
    quantity: formatQuantity(row.quantityMilli),
    quantityMilli: row.quantityMilli,
    unitPriceMinor: row.unitPriceMinor,
    vatRateBp: row.vatRateBp,
    netMinor: row.netMinor,
    vatMinor: row.vatMinor,
    totalMinor: row.totalMinor,
  };
}

/** `today` is the workspace's date (YYYY-MM-DD): it decides whether the invoice is overdue. */
export function toInvoiceSummary(row: InvoiceRow, today: string): InvoiceSummary {
  return {
    id: row.id,
    number: row.number,
    companyId: row.companyId,
    companyName: row.companyName,
    contractId: row.contractId,
    contractNumber: row.contractNumber,
    dealId: row.dealId,
    budgetBlockId: row.budgetBlockId,
    origin: row.origin,
    periodMonth: row.periodMonth,
    status: invoiceStatus(row, today),
    overdue: isOverdue(row, today),
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    paymentMethods: row.paymentMethods,
    language: row.language,
    notes: row.notes,
    netMinor: row.netMinor,
    vatMinor: row.vatMinor,
    totalMinor: row.totalMinor,
    paidMinor: row.paidMinor,
    openMinor: row.totalMinor - row.paidMinor,
    issuedAt: row.issuedAt?.toISOString() ?? null,
    paidAt: row.paidAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function toInvoice(row: InvoiceRow, lines: LineRow[], today: string): Invoice {
  return { ...toInvoiceSummary(row, today), lines: lines.map(toDocumentLine) };
}
