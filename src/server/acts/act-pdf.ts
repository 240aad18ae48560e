import { and, eq } from 'drizzle-orm';
import type { Act } from '../../contract/money.ts';
import type { Actor } from '../access/actor.ts';
import { companies } from '../companies/schema.ts';
import { contracts } from '../contracts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { amountInWordsRu } from '../money/amount-in-words.ts';
import {
  CURRENCY_NAME,
  formatLongDate,
  formatShortDate,
  type Lang,
  money,
  vatTotalsRows,
} from '../money/document-text.ts';
import { currencyDigits, documentTotals } from '../money/money-math.ts';
import type { StoredMoneySettings } from '../money/money-settings.ts';
import { loadMoneySettings } from '../money/money-settings.ts';
import { PdfWriter } from '../money/pdf-writer.ts';
import { loadAct } from './acts.ts';

export interface ActPdfInput {
  act: Act;
  lang: Lang;
  bank: StoredMoneySettings['bank'];
  workspaceName: string;
  client: { name: string; legalName: string | null; taxId: string | null };
  contract: { number: string; signedOn: string | null; startsOn: string } | null;
}

/** An act of completed work (акт выполненных работ / certificate of completion) as a PDF. */
export async function renderActPdf(input: ActPdfInput): Promise<Buffer> {
  const { act, lang, bank, client, contract } = input;
  const ru = lang === 'ru';
  const supplier = bank.recipient || input.workspaceName;
  const cur = act.currency;
  const pdf = new PdfWriter({
    title: ru ? `Акт № ${act.number}` : `Certificate of completion ${act.number}`,
    author: supplier,
  });
  const period =
    act.periodStart && act.periodEnd
      ? ru
        ? `за период с ${formatShortDate(act.periodStart, 'ru')} по ${formatShortDate(act.periodEnd, 'ru')}`
        : `for ${formatShortDate(act.periodStart, 'en')} – ${formatShortDate(act.periodEnd, 'en')}`
      : '';
  if (ru) {
    pdf.title(`Акт выполненных работ № ${act.number} от ${formatLongDate(act.actDate, 'ru')}`);
    pdf.fields([
      [
        'Исполнитель:',
        [supplier, bank.inn && `ИНН ${bank.inn}`, bank.kpp && `КПП ${bank.kpp}`, bank.address]
          .filter(Boolean)
          .join(', '),
      ],
      [
        'Заказчик:',
        [client.legalName || client.name, client.taxId && `ИНН ${client.taxId}`].filter(Boolean).join(', '),
      ],
      [
        'Основание:',
        contract
          ? `Договор № ${contract.number} от ${formatShortDate(contract.signedOn ?? contract.startsOn, 'ru')}`
          : '',
      ],
      ['Период:', period],
    ]);
  } else {
    pdf.title(`Certificate of completion ${act.number}`);
    pdf.fields([
      ['Date:', formatLongDate(act.actDate, 'en')],
      ['Contractor:', [supplier, bank.address].filter(Boolean).join(', ')],
      [
        'Customer:',
        [client.legalName || client.name, client.taxId && `Tax ID ${client.taxId}`]
          .filter(Boolean)
          .join(', '),
      ],
      [
        'Contract:',
        contract
          ? `No. ${contract.number} of ${formatShortDate(contract.signedOn ?? contract.startsOn, 'en')}`
          : '',
      ],
      ['Period:', period],
    ]);
  }
  pdf.space(0.5);
  pdf.table(
    ru
      ? [
          { header: '№', width: 25, align: 'center' },
          { header: 'Наименование работ, услуг', width: 235 },
          { header: 'Кол-во', width: 50, align: 'right' },
          { header: 'Ед.', width: 35 },
          { header: 'Цена', width: 75, align: 'right' },
          { header: 'Сумма', width: 75, align: 'right' },
        ]
      : [
          { header: '#', width: 25, align: 'center' },
          { header: 'Work or service', width: 235 },
          { header: 'Qty', width: 50, align: 'right' },
          { header: 'Unit', width: 35 },
          { header: 'Price', width: 75, align: 'right' },
          { header: 'Amount', width: 75, align: 'right' },
        ],
    act.lines.map((line) => [
      String(line.position),
      line.description,
      ru ? line.quantity.replace('.', ',') : line.quantity,
      line.unit,
      money(line.unitPriceMinor, cur, lang),
      money(line.netMinor, cur, lang),
    ]),
  );
  pdf.totals([
    [ru ? 'Итого:' : 'Subtotal:', money(act.netMinor, cur, lang)],
    ...vatTotalsRows(documentTotals(act.lines).vatGroups, cur, lang),
    [ru ? 'Всего:' : 'Total:', `${money(act.totalMinor, cur, lang)} ${CURRENCY_NAME[lang](cur)}`, true],
  ]);
  pdf.space();
  pdf.paragraph(
    ru
      ? `Всего оказано услуг ${act.lines.length}, на сумму ${money(act.totalMinor, cur, lang)} ${CURRENCY_NAME.ru(cur)}`
      : `${act.lines.length} item(s), total ${money(act.totalMinor, cur, lang)} ${cur}. The services above were rendered in full and on time; the customer has no claims as to their scope, quality or timing.`,
  );
  if (ru) {
    pdf.paragraph(amountInWordsRu(act.totalMinor, cur, currencyDigits(cur)), { bold: true });
    pdf.paragraph(
      'Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.',
    );
  }
  if (act.notes) pdf.space(0.5).paragraph(act.notes);
  pdf.signatures(ru ? ['Исполнитель', 'Заказчик'] : ['Contractor', 'Customer']);
  return pdf.finish();
}

export async function printAct(
  db: DbOrTx,
  actor: Actor,
  id: string,
  lang: Lang | undefined,
): Promise<{ pdf: Buffer; fileName: string }> {
  const act = await loadAct(db, actor, id);
  const settings = await loadMoneySettings(db, actor.workspaceId);
  const [client] = await db
    .select({ name: companies.name, legalName: companies.legalName, taxId: companies.taxId })
    .from(companies)
    .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, act.companyId)));
  const [contract] = act.contractId
    ? await db
        .select({ number: contracts.number, signedOn: contracts.signedOn, startsOn: contracts.startsOn })
        .from(contracts)
        .where(and(eq(contracts.workspaceId, actor.workspaceId), eq(contracts.id, act.contractId)))
    : [];
  const language = lang ?? act.language;
  const pdf = await renderActPdf({
    act,
    lang: language,
    bank: settings.bank,
    workspaceName: settings.workspaceName,
    client: client!,
    contract: contract ?? null,
  });
  return { pdf, fileName: `${language === 'ru' ? 'akt' : 'act'}-${act.number}.pdf` };
}
