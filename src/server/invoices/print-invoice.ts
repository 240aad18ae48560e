import { and, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { companies } from '../companies/schema.ts';
import { contracts } from '../contracts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { loadMoneySettings } from '../money/money-settings.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { findVisibleInvoice, loadInvoiceLines } from './find-invoice.ts';
import { toInvoice } from './invoice-dto.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';

/** The invoice's PDF in the asked language (else the invoice's own), with a file name. */
export async function printInvoice(
  db: DbOrTx,
  actor: Actor,
  id: string,
  lang: 'ru' | 'en' | undefined,
): Promise<{ pdf: Buffer; fileName: string }> {
  const row = await findVisibleInvoice(db, actor, id);
  const invoice = toInvoice(
    row,
    await loadInvoiceLines(db, actor.workspaceId, id),
    await workspaceToday(db, actor.workspaceId),
  );
  const settings = await loadMoneySettings(db, actor.workspaceId);
  const [client] = await db
    .select({ name: companies.name, legalName: companies.legalName, taxId: companies.taxId })
    .from(companies)
    .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, row.companyId)));
  const [contract] = row.contractId
    ? await db
        .select({ number: contracts.number, signedOn: contracts.signedOn, startsOn: contracts.startsOn })
        .from(contracts)
        .where(and(eq(contracts.workspaceId, actor.workspaceId), eq(contracts.id, row.contractId)))
    : [];
  const language = lang ?? invoice.language;
  const pdf = await renderInvoicePdf({
    invoice,
    lang: language,
    bank: settings.bank,
    workspaceName: settings.workspaceName,
    client: client!,
    contract: contract ?? null,
  });
  const base = language === 'ru' ? 'schet' : 'invoice';
  return { pdf, fileName: `${base}-${invoice.number ?? 'draft'}.pdf` };
}
