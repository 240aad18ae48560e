import { and, eq, sql } from 'drizzle-orm';
import type {
  CancelInvoiceBody,
  CreateInvoiceBody,
  Invoice,
  IssueInvoiceBody,
  LineInput,
  UpdateInvoiceBody,
} from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { clientBudgetBlocks, clientBudgets } from '../budgets/schema.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { companies } from '../companies/schema.ts';
import { contracts } from '../contracts/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { deals } from '../deals/schema.ts';
import { AppError, type FieldError, versionConflict } from '../http/errors.ts';
import { type ComputedLine, computeLines } from '../money/document-lines.ts';
import { formatDocumentNumber, nextDocumentNumber } from '../money/document-numbers.ts';
import { addDays, documentTotals } from '../money/money-math.ts';
import { defaultPaymentMethods, loadMoneySettings } from '../money/money-settings.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { findVisibleInvoice, loadInvoiceLines } from './find-invoice.ts';
import { type InvoiceRow, toInvoice } from './invoice-dto.ts';
import { invoiceLines, invoices } from './schema.ts';

/** Who makes a change: a person, or a robot (userId null) acting for the workspace. */
export interface Who {
  workspaceId: string;
  userId: string | null;
}

const audit = (who: Who, id: string) => ({
  workspaceId: who.workspaceId,
  actorUserId: who.userId,
  entityType: 'invoice',
  entityId: id,
});

function refuse(message: string, fields: FieldError[]): never {
  throw new AppError('unprocessable', message, { fields });
}

/** Contract, deal and budget block must exist and belong to the invoice's client. */
async function checkLinks(
  tx: DbOrTx,
  workspaceId: string,
  companyId: string,
  links: { contractId?: string | null; dealId?: string | null; budgetBlockId?: string | null },
) {
  const errors: FieldError[] = [];
  let contract: typeof contracts.$inferSelect | undefined;
  if (links.contractId) {
    [contract] = await tx
      .select()
      .from(contracts)
      .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.id, links.contractId)));
    if (!contract) errors.push({ field: 'contractId', message: 'No such contract in this workspace.' });
    else if (contract.companyId !== companyId)
      errors.push({ field: 'contractId', message: 'The contract belongs to another client.' });
  }
  if (links.dealId) {
    const [deal] = await tx
      .select({ companyId: deals.companyId })
      .from(deals)
      .where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, links.dealId)));
    if (!deal) errors.push({ field: 'dealId', message: 'No such deal in this workspace.' });
    else if (deal.companyId !== companyId)
      errors.push({ field: 'dealId', message: 'The deal belongs to another client.' });
  }
  if (links.budgetBlockId) {
    const [block] = await tx
      .select({ companyId: clientBudgets.companyId })
      .from(clientBudgetBlocks)
      .innerJoin(
        clientBudgets,
        and(
          eq(clientBudgets.workspaceId, clientBudgetBlocks.workspaceId),
          eq(clientBudgets.id, clientBudgetBlocks.budgetId),
        ),
      )
      .where(
        and(eq(clientBudgetBlocks.workspaceId, workspaceId), eq(clientBudgetBlocks.id, links.budgetBlockId)),
      );
    if (!block) errors.push({ field: 'budgetBlockId', message: 'No such budget block in this workspace.' });
    else if (block.companyId !== companyId)
      errors.push({ field: 'budgetBlockId', message: 'The budget block belongs to another client.' });
  }
  if (errors.length > 0) refuse(errors.map((e) => e.message).join(' '), errors);
  return contract;
}

async function writeLines(tx: DbOrTx, workspaceId: string, invoiceId: string, lines: ComputedLine[]) {
  await tx
    .delete(invoiceLines)
    .where(and(eq(invoiceLines.workspaceId, workspaceId), eq(invoiceLines.invoiceId, invoiceId)));
  if (lines.length > 0) {
    await tx.insert(invoiceLines).values(lines.map((line) => ({ ...line, workspaceId, invoiceId })));
  }
  const totals = documentTotals(lines);
  return { netMinor: totals.netMinor, vatMinor: totals.vatMinor, totalMinor: totals.totalMinor };
}

async function reload(tx: DbOrTx, who: Who, id: string): Promise<{ row: InvoiceRow; invoice: Invoice }> {
  const row = await findVisibleInvoice(tx, systemActor(who), id);
  const lines = await loadInvoiceLines(tx, who.workspaceId, id);
  return { row, invoice: toInvoice(row, lines, await workspaceToday(tx, who.workspaceId)) };
}

/** An all-seeing actor for reads inside a use case whose access was already checked. */
export function systemActor(who: Who): Actor {
  return {
    workspaceId: who.workspaceId,
    userId: who.userId ?? '00000000-0000-0000-0000-000000000000',
    roles: ['admin'],
    permissions: new Set(),
    scope: 'all',
    visibleUserIds: [],
    pairedCompanyIds: [],
  };
}

async function companySize(tx: DbOrTx, who: Who, companyId: string): Promise<string | null> {
  const [row] = await tx
    .select({ size: companies.size })
    .from(companies)
    .where(and(eq(companies.workspaceId, who.workspaceId), eq(companies.id, companyId)));
  return row?.size ?? null;
}

export interface DraftInput {
  companyId: string;
  contractId?: string | null;
  dealId?: string | null;
  budgetBlockId?: string | null;
  currency?: string;
  paymentMethods?: ('bank_transfer' | 'card' | 'cash')[];
  language?: 'ru' | 'en';
  notes?: string;
  dueDate?: string | null;
  lines: readonly LineInput[];
  origin?: 'manual' | 'recurring';
  periodMonth?: string | null;
}

/**
 * Inserts a draft invoice with its lines (used by people and by the recurring robot). The caller
 * has checked that the client is visible.
 */
export async function insertDraftInvoice(tx: DbOrTx, who: Who, input: DraftInput): Promise<Invoice> {
  const contract = await checkLinks(tx, who.workspaceId, input.companyId, input);
  const settings = await loadMoneySettings(tx, who.workspaceId);
  const currency = input.currency ?? contract?.currency ?? settings.defaultCurrency;
  const lines = await computeLines(tx, who.workspaceId, input.lines, currency, {
    vatEnabled: settings.vatEnabled,
    defaultVatRateBp: settings.defaultVatRateBp,
    contractVatRateBp: contract?.vatRateBp,
  });
  const [row] = await tx
    .insert(invoices)
    .values({
      workspaceId: who.workspaceId,
      companyId: input.companyId,
      contractId: input.contractId ?? null,
      dealId: input.dealId ?? contract?.dealId ?? null,
      budgetBlockId: input.budgetBlockId ?? null,
      origin: input.origin ?? 'manual',
      periodMonth: input.periodMonth ?? null,
      currency,
      paymentMethods:
        input.paymentMethods ??
        contract?.paymentMethods ??
        defaultPaymentMethods(settings, await companySize(tx, who, input.companyId)),
      language: input.language ?? settings.defaultLocale,
      notes: input.notes ?? '',
      dueDate: input.dueDate ?? null,
      createdBy: who.userId,
    })
    .returning();
  const totals = await writeLines(tx, who.workspaceId, row!.id, lines);
  await tx
    .update(invoices)
    .set(totals)
    .where(and(eq(invoices.workspaceId, who.workspaceId), eq(invoices.id, row!.id)));
  const { invoice } = await reload(tx, who, row!.id);
  await recordAudit(tx, { ...audit(who, invoice.id), action: 'create', after: invoice });
  return invoice;
}

export async function createDraftInvoice(db: Db, actor: Actor, input: CreateInvoiceBody): Promise<Invoice> {
  return db.transaction(async (tx) => {
    await findVisibleCompany(tx, actor, input.companyId);
    return insertDraftInvoice(tx, actor, input);
  });
}

function requireDraft(row: InvoiceRow, action: string, fields: string[] = ['status']) {
  if (row.status === 'draft') return;
  const label = row.number ? `Invoice ${row.number}` : 'The invoice';
  const message = `${label} is ${row.status.replace('_', ' ')}: only a draft can be ${action}. Cancel it and raise a new one instead.`;
  throw new AppError('conflict', message, {
    fields: fields.map((field) => ({
      field,
      message: `Cannot change: the invoice is ${row.status.replace('_', ' ')}.`,
    })),
    extra: { status: row.status },
  });
}

export async function updateDraftInvoice(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateInvoiceBody,
): Promise<Invoice> {
  const { version, lines: lineInputs, ...changes } = input;
  return db.transaction(async (tx) => {
    const current = await findVisibleInvoice(tx, actor, id, { forUpdate: true });
    if (current.version !== version) throw versionConflict('This invoice', current.version);
    requireDraft(
      current,
      'changed',
      Object.keys(input).filter((key) => key !== 'version'),
    );
    const before = toInvoice(
      current,
      await loadInvoiceLines(tx, actor.workspaceId, id),
      await workspaceToday(tx, actor.workspaceId),
    );
    const contractId = changes.contractId === undefined ? current.contractId : changes.contractId;
    const contract = await checkLinks(tx, actor.workspaceId, current.companyId, {
      contractId,
      dealId: changes.dealId,
      budgetBlockId: changes.budgetBlockId,
    });
    const currency = changes.currency ?? current.currency;
    let totals = {};
    if (lineInputs || currency !== current.currency) {
      const settings = await loadMoneySettings(tx, actor.workspaceId);
      const inputs: LineInput[] =
        lineInputs ??
        before.lines.map((line) => ({
          serviceId: line.serviceId,
          description: line.description,
          unit: line.unit,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
          vatRateBp: line.vatRateBp,
        }));
      const lines = await computeLines(tx, actor.workspaceId, inputs, currency, {
        vatEnabled: settings.vatEnabled,
        defaultVatRateBp: settings.defaultVatRateBp,
        contractVatRateBp: contract?.vatRateBp,
      });
      totals = await writeLines(tx, actor.workspaceId, id, lines);
    }
    await tx
      .update(invoices)
      .set({ ...changes, ...totals, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(invoices.workspaceId, actor.workspaceId), eq(invoices.id, id)));
    const { invoice } = await reload(tx, actor, id);
    await recordAudit(tx, { ...audit(actor, id), action: 'update', before, after: invoice });
    return invoice;
  });
}

/**
 * Issues a draft: gives it the next gap-free number of its year, sets issue and due dates, and
 * marks it sent. Runs inside the caller's transaction (people and the recurring robot).
 */
export async function issueInvoiceRow(
  tx: DbOrTx,
  who: Who,
  current: InvoiceRow,
  options: { issueDate?: string; dueDate?: string; today: string },
): Promise<Invoice> {
  requireDraft(current, 'issued');
  const [line] = await loadInvoiceLines(tx, who.workspaceId, current.id);
  if (!line) refuse('Add at least one line before issuing.', [{ field: 'lines', message: 'No lines.' }]);
  const settings = await loadMoneySettings(tx, who.workspaceId);
  const issueDate = options.issueDate ?? options.today;
  let termsDays = settings.defaultPaymentTermsDays;
  if (current.contractId) {
    const [contract] = await tx
      .select({ days: contracts.paymentTermsDays })
      .from(contracts)
      .where(and(eq(contracts.workspaceId, who.workspaceId), eq(contracts.id, current.contractId)));
    if (contract) termsDays = contract.days;
  }
  const dueDate = options.dueDate ?? current.dueDate ?? addDays(issueDate, termsDays);
  if (dueDate < issueDate)
    refuse('The due date is before the issue date.', [
      { field: 'dueDate', message: 'Before the issue date.' },
    ]);
  const year = Number(issueDate.slice(0, 4));
  const sequence = await nextDocumentNumber(tx, who.workspaceId, 'invoice', year);
  const number = formatDocumentNumber(settings.invoiceNumberPrefix, year, sequence);
  const before = toInvoice(current, await loadInvoiceLines(tx, who.workspaceId, current.id), options.today);
  await tx
    .update(invoices)
    .set({
      status: 'sent',
      number,
      numberYear: year,
      numberSeq: sequence,
      issueDate,
      dueDate,
      issuedAt: sql`now()`,
      updatedAt: sql`now()`,
      version: current.version + 1,
    })
    .where(and(eq(invoices.workspaceId, who.workspaceId), eq(invoices.id, current.id)));
  const { invoice } = await reload(tx, who, current.id);
  await recordAudit(tx, { ...audit(who, current.id), action: 'update', before, after: invoice });
  return invoice;
}

export async function issueInvoice(
  db: Db,
  actor: Actor,
  id: string,
  input: IssueInvoiceBody,
): Promise<Invoice> {
  return db.transaction(async (tx) => {
    const current = await findVisibleInvoice(tx, actor, id, { forUpdate: true });
    if (current.version !== input.version) throw versionConflict('This invoice', current.version);
    return issueInvoiceRow(tx, actor, current, {
      issueDate: input.issueDate,
      dueDate: input.dueDate,
      today: await workspaceToday(tx, actor.workspaceId),
    });
  });
}

/** Cancels a draft or an unpaid issued invoice; its number stays used (numbering stays gap-free). */
export async function cancelInvoice(
  db: Db,
  actor: Actor,
  id: string,
  input: CancelInvoiceBody,
): Promise<Invoice> {
  return db.transaction(async (tx) => {
    const current = await findVisibleInvoice(tx, actor, id, { forUpdate: true });
    if (current.version !== input.version) throw versionConflict('This invoice', current.version);
    if (current.status === 'cancelled') throw new AppError('conflict', 'The invoice is already cancelled.');
    if (current.paidMinor > 0) {
      throw new AppError('conflict', 'Money has been allocated to this invoice; it cannot be cancelled.', {
        extra: { paidMinor: current.paidMinor },
      });
    }
    const today = await workspaceToday(tx, actor.workspaceId);
    const before = toInvoice(current, await loadInvoiceLines(tx, actor.workspaceId, id), today);
    const notes = input.reason ? [current.notes, input.reason].filter(Boolean).join('\n') : current.notes;
    await tx
      .update(invoices)
      .set({
        status: 'cancelled',
        cancelledAt: sql`now()`,
        notes,
        updatedAt: sql`now()`,
        version: current.version + 1,
      })
      .where(and(eq(invoices.workspaceId, actor.workspaceId), eq(invoices.id, id)));
    const { invoice } = await reload(tx, actor, id);
    await recordAudit(tx, { ...audit(actor, id), action: 'update', before, after: invoice });
    return invoice;
  });
}
