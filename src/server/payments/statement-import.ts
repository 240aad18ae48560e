import { createHash } from 'node:crypto';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import {
  MoneyCurrency,
  type StatementImportResult,
  type StatementLine,
  type StatementPreview,
} from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { companies } from '../companies/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError } from '../http/errors.ts';
import { invoices } from '../invoices/schema.ts';
import { loadMoneySettings } from '../money/money-settings.ts';
import { type ReadStatementLine, readBankStatement, StatementFormatError } from './bank-statement.ts';
import { flattenPayment, selectPayments } from './find-payment.ts';
import { allocateInTx } from './save-payment.ts';
import { payments, statementImports } from './schema.ts';

const knownCurrency = (code: string) => MoneyCurrency.safeParse(code).success;

function read(text: string, defaultCurrency: string): ReadStatementLine[] {
  try {
    return readBankStatement(text, { defaultCurrency, knownCurrency });
  } catch (error) {
    if (error instanceof StatementFormatError) {
      throw new AppError('validation_failed', error.message, {
        fields: [{ field: 'csv', message: error.message }],
      });
    }
    throw error;
  }
}

/**
 * Each line with what importing it would do: skipped as a duplicate (its bank reference is
 * already recorded, or repeated above in the file), refused (its errors), or recorded — tied to
 * the client whose tax id is the payer's, and allocated to that client's open invoice whose
 * number the purpose names.
 */
async function planLines(db: DbOrTx, actor: Actor, text: string): Promise<StatementLine[]> {
  const settings = await loadMoneySettings(db, actor.workspaceId);
  const lines = read(text, settings.defaultCurrency);
  const references = [...new Set(lines.map((line) => line.bankReference).filter((r): r is string => !!r))];
  const known = new Set(
    references.length === 0
      ? []
      : (
          await db
            .select({ reference: payments.bankReference })
            .from(payments)
            .where(
              and(eq(payments.workspaceId, actor.workspaceId), inArray(payments.bankReference, references)),
            )
        ).map((row) => row.reference),
  );
  const taxIds = [...new Set(lines.map((line) => line.payerTaxId).filter((t): t is string => !!t))];
  const clients =
    taxIds.length === 0
      ? []
      : await db
          .select({ id: companies.id, name: companies.name, taxId: companies.taxId })
          .from(companies)
          .where(and(eq(companies.workspaceId, actor.workspaceId), inArray(companies.taxId, taxIds)));
  const clientByTaxId = new Map(clients.map((client) => [client.taxId, client]));
  // Only the open invoices whose number some purpose mentions, found by the database.
  const purposes = JSON.stringify(lines.map((line) => line.purpose).filter(Boolean));
  const open = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      companyId: invoices.companyId,
      companyName: companies.name,
      currency: invoices.currency,
    })
    .from(invoices)
    .innerJoin(
      companies,
      and(eq(companies.workspaceId, invoices.workspaceId), eq(companies.id, invoices.companyId)),
    )
    .where(
      and(
        eq(invoices.workspaceId, actor.workspaceId),
        inArray(invoices.status, ['sent', 'partially_paid']),
        isNotNull(invoices.number),
        sql`exists (select 1 from jsonb_array_elements_text(${purposes}::jsonb) as p(purpose)
                    where position(${invoices.number} in p.purpose) > 0)`,
      ),
    );
  // Longer numbers first, so "2026-0012" is not taken for "2026-001".
  open.sort((a, b) => (b.number?.length ?? 0) - (a.number?.length ?? 0));
  const seen = new Set<string>();
  return lines.map((line) => {
    const duplicate =
      line.bankReference !== null && (known.has(line.bankReference) || seen.has(line.bankReference));
    if (line.bankReference) seen.add(line.bankReference);
    const client = line.payerTaxId ? clientByTaxId.get(line.payerTaxId) : undefined;
    const invoice = open.find(
      (candidate) =>
        candidate.currency === line.currency &&
        (!client || candidate.companyId === client.id) &&
        candidate.number !== null &&
        new RegExp(
          `(^|[^0-9A-Za-z])${candidate.number.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}($|[^0-9])`,
        ).test(line.purpose),
    );
    return {
      line: line.line,
      bankReference: line.bankReference,
      receivedOn: line.receivedOn,
      amountMinor: line.amountMinor,
      currency: line.currency,
      payerName: line.payerName,
      payerTaxId: line.payerTaxId,
      purpose: line.purpose,
      duplicate,
      matchedCompanyId: client?.id ?? invoice?.companyId ?? null,
      matchedCompanyName: client?.name ?? invoice?.companyName ?? null,
      matchedInvoiceId: invoice?.id ?? null,
      matchedInvoiceNumber: invoice?.number ?? null,
      errors: line.errors,
    };
  });
}

function totalsOf(lines: StatementLine[]) {
  const rejected = lines.filter((line) => line.errors.length > 0).length;
  const duplicates = lines.filter((line) => line.errors.length === 0 && line.duplicate).length;
  return { lines: lines.length, importable: lines.length - rejected - duplicates, duplicates, rejected };
}

export async function previewStatement(db: DbOrTx, actor: Actor, text: string): Promise<StatementPreview> {
  const lines = await planLines(db, actor, text);
  return { lines, totals: totalsOf(lines) };
}

function toResult(row: typeof statementImports.$inferSelect, replayed: boolean): StatementImportResult {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    linesTotal: row.linesTotal,
    linesCreated: row.linesCreated,
    linesDuplicate: row.linesDuplicate,
    linesRejected: row.linesRejected,
    paymentIds: row.result.paymentIds ?? [],
    replayed,
    createdAt: row.createdAt.toISOString(),
  };
}

async function findByKey(db: DbOrTx, workspaceId: string, key: string) {
  const [row] = await db
    .select()
    .from(statementImports)
    .where(and(eq(statementImports.workspaceId, workspaceId), eq(statementImports.idempotencyKey, key)));
  return row;
}

function replay(row: typeof statementImports.$inferSelect, sha: string): StatementImportResult {
  if (row.fileSha256 !== sha) {
    throw new AppError(
      'conflict',
      'This Idempotency-Key was used for a different file. Use a new key for a new file.',
      {
        fields: [{ field: 'Idempotency-Key', message: 'Already used for another file.' }],
      },
    );
  }
  return toResult(row, true);
}

/**
 * Imports a statement once per Idempotency-Key: the same request again answers the first result
 * and adds nothing. Lines whose bank reference is already recorded are skipped too (the unique
 * index on bank_reference holds even against a concurrent import of an overlapping file).
 */
export async function importStatement(
  db: Db,
  actor: Actor,
  text: string,
  idempotencyKey: string,
): Promise<{ created: boolean; result: StatementImportResult }> {
  const sha = createHash('sha256').update(text).digest('hex');
  const existing = await findByKey(db, actor.workspaceId, idempotencyKey);
  if (existing) return { created: false, result: replay(existing, sha) };
  try {
    const result = await db.transaction(async (tx) => {
      const [record] = await tx
        .insert(statementImports)
        .values({ workspaceId: actor.workspaceId, idempotencyKey, fileSha256: sha, createdBy: actor.userId })
        .returning();
      const lines = await planLines(tx, actor, text);
      const paymentIds: string[] = [];
      let duplicates = 0;
      let rejected = 0;
      for (const line of lines) {
        if (line.errors.length > 0) {
          rejected += 1;
          continue;
        }
        if (line.duplicate) {
          duplicates += 1;
          continue;
        }
        const [row] = await tx
          .insert(payments)
          .values({
            workspaceId: actor.workspaceId,
            companyId: line.matchedCompanyId,
            receivedOn: line.receivedOn!,
            amountMinor: line.amountMinor!,
            currency: line.currency!,
            method: 'bank_transfer',
            source: 'statement',
            bankReference: line.bankReference,
            payerName: line.payerName,
            payerTaxId: line.payerTaxId,
            purpose: line.purpose,
            statementImportId: record!.id,
            createdBy: actor.userId,
          })
          .onConflictDoNothing({
            target: [payments.workspaceId, payments.bankReference],
            where: sql`bank_reference is not null`,
          })
          .returning();
        if (!row) {
          duplicates += 1;
          continue;
        }
        paymentIds.push(row.id);
        if (line.matchedInvoiceId) {
          const [openInvoice] = await tx
            .select({ total: invoices.totalMinor, paid: invoices.paidMinor })
            .from(invoices)
            .where(and(eq(invoices.workspaceId, actor.workspaceId), eq(invoices.id, line.matchedInvoiceId)));
          const amount = Math.min(row.amountMinor, (openInvoice?.total ?? 0) - (openInvoice?.paid ?? 0));
          if (amount > 0) {
            const [payment] = await selectPayments(tx).where(
              and(eq(payments.workspaceId, actor.workspaceId), eq(payments.id, row.id)),
            );
            await allocateInTx(tx, actor, flattenPayment(payment!), [
              { invoiceId: line.matchedInvoiceId, amountMinor: amount },
            ]);
          }
        }
      }
      const [done] = await tx
        .update(statementImports)
        .set({
          linesTotal: lines.length,
          linesCreated: paymentIds.length,
          linesDuplicate: duplicates,
          linesRejected: rejected,
          result: { paymentIds },
        })
        .where(and(eq(statementImports.workspaceId, actor.workspaceId), eq(statementImports.id, record!.id)))
        .returning();
      await recordAudit(tx, {
        ...auditFor(actor, 'statement_import', record!.id),
        action: 'import',
        after: { idempotencyKey, linesTotal: lines.length, paymentIds, duplicates, rejected },
      });
      return toResult(done!, false);
    });
    return { created: true, result };
  } catch (error) {
    // The same key sent twice at once: the second waits for the first and answers its result.
    if (isUniqueViolation(error, 'statement_imports_workspace_id_idempotency_key_key')) {
      const row = await findByKey(db, actor.workspaceId, idempotencyKey);
      if (row) return { created: false, result: replay(row, sha) };
    }
    throw error;
  }
}
