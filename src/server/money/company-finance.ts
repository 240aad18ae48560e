import { and, desc, eq, notInArray } from 'drizzle-orm';
import type { CompanyFinance } from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { flattenAct, selectActs, toActSummary } from '../acts/acts.ts';
import { acts } from '../acts/schema.ts';
import { loadBudget } from '../budgets/budgets.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { toContract } from '../contracts/contracts.ts';
import { contracts } from '../contracts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { flattenInvoice, selectInvoices } from '../invoices/find-invoice.ts';
import { toInvoiceSummary } from '../invoices/invoice-dto.ts';
import { invoices } from '../invoices/schema.ts';
import { flattenPayment, loadAllocations, selectPayments, toPayment } from '../payments/find-payment.ts';
import { payments } from '../payments/schema.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { isOverdue } from './invoice-status.ts';

const RECENT = 200;

/** Everything money about one client, for the finance tab of the client card. */
export async function loadCompanyFinance(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
  year: number | undefined,
): Promise<CompanyFinance> {
  const company = await findVisibleCompany(db, actor, companyId);
  const ws = actor.workspaceId;
  const today = await workspaceToday(db, ws);
  const contractRows = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.workspaceId, ws), eq(contracts.companyId, companyId)))
    .orderBy(desc(contracts.startsOn), desc(contracts.id))
    .limit(RECENT);
  const invoiceRows = (
    await selectInvoices(db)
      .where(and(eq(invoices.workspaceId, ws), eq(invoices.companyId, companyId)))
      .orderBy(desc(invoices.createdAt), desc(invoices.id))
      .limit(RECENT)
  ).map(flattenInvoice);
  const actRows = (
    await selectActs(db)
      .where(and(eq(acts.workspaceId, ws), eq(acts.companyId, companyId)))
      .orderBy(desc(acts.actDate), desc(acts.id))
      .limit(RECENT)
  ).map(flattenAct);
  const paymentRows = (
    await selectPayments(db)
      .where(and(eq(payments.workspaceId, ws), eq(payments.companyId, companyId)))
      .orderBy(desc(payments.receivedOn), desc(payments.id))
      .limit(RECENT)
  ).map(flattenPayment);
  const allocations = await loadAllocations(
    db,
    ws,
    paymentRows.map((row) => row.id),
  );
  // Totals over all the client's issued invoices, not just the recent ones listed.
  const issued = (
    await selectInvoices(db).where(
      and(
        eq(invoices.workspaceId, ws),
        eq(invoices.companyId, companyId),
        notInArray(invoices.status, ['draft', 'cancelled']),
      ),
    )
  ).map(flattenInvoice);
  const totals = new Map<
    string,
    { invoicedMinor: number; paidMinor: number; openMinor: number; overdueMinor: number }
  >();
  for (const invoice of issued) {
    const sums = totals.get(invoice.currency) ?? {
      invoicedMinor: 0,
      paidMinor: 0,
      openMinor: 0,
      overdueMinor: 0,
    };
    const open = invoice.totalMinor - invoice.paidMinor;
    sums.invoicedMinor += invoice.totalMinor;
    sums.paidMinor += invoice.paidMinor;
    sums.openMinor += open;
    if (isOverdue(invoice, today)) sums.overdueMinor += open;
    totals.set(invoice.currency, sums);
  }
  return {
    companyId,
    contracts: contractRows.map((row) => toContract({ ...row, companyName: company.name })),
    invoices: invoiceRows.map((row) => toInvoiceSummary(row, today)),
    acts: actRows.map(toActSummary),
    payments: paymentRows.map((row) => toPayment(row, allocations.get(row.id) ?? [])),
    budget: await loadBudget(db, actor, companyId, year ?? Number(today.slice(0, 4))),
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, sums]) => ({ currency, ...sums })),
  };
}
