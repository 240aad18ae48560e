import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { companies } from '../companies/schema.ts';
import { contracts } from '../contracts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import type { InvoiceRow } from './invoice-dto.ts';
import { invoiceLines, invoices } from './schema.ts';

/** Invoices with their client's name and contract number; visibility follows the client. */
export function selectInvoices(db: DbOrTx) {
  return db
    .select({ invoice: invoices, companyName: companies.name, contractNumber: contracts.number })
    .from(invoices)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, invoices.workspaceId), eq(companies.id, invoices.companyId)),
    )
    .leftJoin(
      contracts,
      and(eq(contracts.workspaceId, invoices.workspaceId), eq(contracts.id, invoices.contractId)),
    );
}

export const flattenInvoice = (row: {
  invoice: typeof invoices.$inferSelect;
  companyName: string;
  contractNumber: string | null;
}): InvoiceRow => ({ ...row.invoice, companyName: row.companyName, contractNumber: row.contractNumber });

/** The invoice if the actor sees its client; 404 otherwise, so existence never leaks. */
export async function findVisibleInvoice(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<InvoiceRow> {
  const query = selectInvoices(db).where(
    and(
      eq(invoices.workspaceId, actor.workspaceId),
      eq(invoices.id, id),
      companyRowWithinScope(actor, companies.ownerId, companies.id),
    ),
  );
  const [row] = options.forUpdate ? await query.for('update', { of: invoices }) : await query;
  if (!row) throw notFound('Invoice');
  return flattenInvoice(row);
}

export async function loadInvoiceLines(db: DbOrTx, workspaceId: string, invoiceId: string) {
  return db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.workspaceId, workspaceId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.position));
}
