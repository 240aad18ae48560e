import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type {
  Act,
  ActSummary,
  CreateActBody,
  LineInput,
  ListActsQuery,
  MarkActSignedBody,
} from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { companyRowWithinScope } from '../access/scope.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { companies } from '../companies/schema.ts';
import { contracts } from '../contracts/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, type FieldError, notFound, versionConflict } from '../http/errors.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { findVisibleInvoice, loadInvoiceLines } from '../invoices/find-invoice.ts';
import { toDocumentLine } from '../invoices/invoice-dto.ts';
import { computeLines } from '../money/document-lines.ts';
import { formatDocumentNumber, nextDocumentNumber } from '../money/document-numbers.ts';
import { documentTotals, formatQuantity } from '../money/money-math.ts';
import { loadMoneySettings } from '../money/money-settings.ts';
import { matchesSearchText } from '../money/search-text.ts';
import { projects } from '../projects/schema.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { actLines, acts } from './schema.ts';

export type ActRow = typeof acts.$inferSelect & { companyName: string };

export function toActSummary(row: ActRow): ActSummary {
  return {
    id: row.id,
    number: row.number,
    companyId: row.companyId,
    companyName: row.companyName,
    contractId: row.contractId,
    invoiceId: row.invoiceId,
    projectId: row.projectId,
    actDate: row.actDate,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    currency: row.currency,
    language: row.language,
    notes: row.notes,
    netMinor: row.netMinor,
    vatMinor: row.vatMinor,
    totalMinor: row.totalMinor,
    signed: row.signedOn !== null,
    signedOn: row.signedOn,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function selectActs(db: DbOrTx) {
  return db
    .select({ act: acts, companyName: companies.name })
    .from(acts)
    .innerJoin(companies, and(eq(companies.workspaceId, acts.workspaceId), eq(companies.id, acts.companyId)));
}

export const flattenAct = (row: { act: typeof acts.$inferSelect; companyName: string }): ActRow => ({
  ...row.act,
  companyName: row.companyName,
});

export async function findVisibleAct(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ActRow> {
  const query = selectActs(db).where(
    and(
      eq(acts.workspaceId, actor.workspaceId),
      eq(acts.id, id),
      companyRowWithinScope(actor, companies.ownerId, companies.id),
    ),
  );
  const [row] = options.forUpdate ? await query.for('update', { of: acts }) : await query;
  if (!row) throw notFound('Act');
  return flattenAct(row);
}

export async function loadAct(db: DbOrTx, actor: Actor, id: string): Promise<Act> {
  const row = await findVisibleAct(db, actor, id);
  const lines = await db
    .select()
    .from(actLines)
    .where(and(eq(actLines.workspaceId, actor.workspaceId), eq(actLines.actId, id)))
    .orderBy(asc(actLines.position));
  return { ...toActSummary(row), lines: lines.map(toDocumentLine) };
}

const SORTABLE = {
  actDate: { column: acts.actDate },
  createdAt: { column: acts.createdAt },
  totalMinor: { column: acts.totalMinor },
};

export async function listActs(db: DbOrTx, actor: Actor, query: ListActsQuery) {
  const sort = parseSort(query.sort, SORTABLE, '-actDate');
  const rows = await selectActs(db)
    .where(
      and(
        eq(acts.workspaceId, actor.workspaceId),
        companyRowWithinScope(actor, companies.ownerId, companies.id),
        query.companyId ? eq(acts.companyId, query.companyId) : undefined,
        query.signed === undefined
          ? undefined
          : query.signed
            ? isNotNull(acts.signedOn)
            : isNull(acts.signedOn),
        matchesSearchText([acts.number, companies.name, acts.notes], query.q),
        afterCursor(sort, acts.id, query.cursor),
      ),
    )
    .orderBy(...orderBy(sort, acts.id))
    .limit(query.limit + 1);
  return toPage(
    rows.map(flattenAct),
    query.limit,
    sort,
    (row) => row[sort.key as keyof typeof SORTABLE],
    toActSummary,
  );
}

/**
 * An act of completed work for a period or a project: lines given, or copied from an invoice.
 * It is numbered at once (gap-free per workspace and year, like invoices).
 */
export async function createAct(db: Db, actor: Actor, input: CreateActBody): Promise<Act> {
  return db.transaction(async (tx) => {
    await findVisibleCompany(tx, actor, input.companyId);
    const errors: FieldError[] = [];
    let lineInputs: readonly LineInput[] | undefined = input.lines;
    let currency = input.currency;
    let contractId = input.contractId ?? null;
    if (input.invoiceId) {
      const invoice = await findVisibleInvoice(tx, actor, input.invoiceId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return null;
        throw error;
      });
      if (!invoice || invoice.companyId !== input.companyId) {
        errors.push({ field: 'invoiceId', message: 'No such invoice of this client.' });
      } else {
        currency ??= invoice.currency;
        contractId ??= invoice.contractId;
        lineInputs ??= (await loadInvoiceLines(tx, actor.workspaceId, invoice.id)).map((line) => ({
          serviceId: line.serviceId,
          description: line.description,
          unit: line.unit,
          quantity: formatQuantity(line.quantityMilli),
          unitPriceMinor: line.unitPriceMinor,
          vatRateBp: line.vatRateBp,
        }));
      }
    }
    let contract: typeof contracts.$inferSelect | undefined;
    if (contractId) {
      [contract] = await tx
        .select()
        .from(contracts)
        .where(and(eq(contracts.workspaceId, actor.workspaceId), eq(contracts.id, contractId)));
      if (!contract || contract.companyId !== input.companyId) {
        errors.push({ field: 'contractId', message: 'No such contract of this client.' });
      }
    }
    if (input.projectId) {
      const [project] = await tx
        .select({ companyId: projects.companyId })
        .from(projects)
        .where(and(eq(projects.workspaceId, actor.workspaceId), eq(projects.id, input.projectId)));
      if (!project || project.companyId !== input.companyId) {
        errors.push({ field: 'projectId', message: 'No such project of this client.' });
      }
    }
    if (!lineInputs || lineInputs.length === 0) {
      errors.push({ field: 'lines', message: 'Add lines or name the invoice to copy them from.' });
    }
    if (input.periodStart && input.periodEnd && input.periodEnd < input.periodStart) {
      errors.push({ field: 'periodEnd', message: 'Ends before it starts.' });
    }
    if (errors.length > 0) {
      throw new AppError('unprocessable', errors.map((e) => e.message).join(' '), { fields: errors });
    }
    const settings = await loadMoneySettings(tx, actor.workspaceId);
    currency ??= contract?.currency ?? settings.defaultCurrency;
    const lines = await computeLines(tx, actor.workspaceId, lineInputs!, currency, {
      vatEnabled: settings.vatEnabled,
      defaultVatRateBp: settings.defaultVatRateBp,
      contractVatRateBp: contract?.vatRateBp,
    });
    const totals = documentTotals(lines);
    const actDate = input.actDate ?? (await workspaceToday(tx, actor.workspaceId));
    const year = Number(actDate.slice(0, 4));
    const sequence = await nextDocumentNumber(tx, actor.workspaceId, 'act', year);
    const [row] = await tx
      .insert(acts)
      .values({
        workspaceId: actor.workspaceId,
        companyId: input.companyId,
        contractId,
        invoiceId: input.invoiceId ?? null,
        projectId: input.projectId ?? null,
        number: formatDocumentNumber(settings.invoiceNumberPrefix, year, sequence),
        numberYear: year,
        numberSeq: sequence,
        actDate,
        periodStart: input.periodStart ?? null,
        periodEnd: input.periodEnd ?? null,
        currency,
        language: input.language ?? settings.defaultLocale,
        notes: input.notes ?? '',
        netMinor: totals.netMinor,
        vatMinor: totals.vatMinor,
        totalMinor: totals.totalMinor,
        createdBy: actor.userId,
      })
      .returning();
    await tx
      .insert(actLines)
      .values(lines.map((line) => ({ ...line, workspaceId: actor.workspaceId, actId: row!.id })));
    const act = await loadAct(tx, actor, row!.id);
    await recordAudit(tx, { ...auditFor(actor, 'act', act.id), action: 'create', after: act });
    return act;
  });
}

export async function markActSigned(
  db: Db,
  actor: Actor,
  id: string,
  input: MarkActSignedBody,
): Promise<Act> {
  return db.transaction(async (tx) => {
    const current = await findVisibleAct(tx, actor, id, { forUpdate: true });
    if (current.version !== input.version) throw versionConflict('This act', current.version);
    const signedOn = input.signed ? (input.signedOn ?? (await workspaceToday(tx, actor.workspaceId))) : null;
    await tx
      .update(acts)
      .set({ signedOn, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(acts.workspaceId, actor.workspaceId), eq(acts.id, id)));
    const act = await loadAct(tx, actor, id);
    await recordAudit(tx, {
      ...auditFor(actor, 'act', id),
      action: 'update',
      before: toActSummary(current),
      after: toActSummary({ ...current, signedOn, version: act.version }),
    });
    return act;
  });
}
