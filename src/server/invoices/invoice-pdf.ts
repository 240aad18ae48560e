import type { Invoice } from '../../contract/money.ts';
import { amountInWordsRu } from '../money/amount-in-words.ts';
import {
  CURRENCY_NAME,
  formatLongDate,
  formatShortDate,
  type Lang,
  money,
  paymentMethodsText,
  vatTotalsRows,
} from '../money/document-text.ts';
import { currencyDigits, documentTotals, formatRate } from '../money/money-math.ts';
import type { StoredMoneySettings } from '../money/money-settings.ts';
import { PdfWriter } from '../money/pdf-writer.ts';

export interface InvoicePdfInput {
  invoice: Invoice;
  lang: Lang;
  bank: StoredMoneySettings['bank'];
  workspaceName: string;
  client: { name: string; legalName: string | null; taxId: string | null };
  contract: { number: string; signedOn: string | null; startsOn: string } | null;
}

/**
 * The invoice as a PDF: in Russian a "счёт на оплату" with the workspace's bank details
 * (получатель, ИНН/КПП, банк, БИК, р/с, к/с) above the title, in English an invoice with the
 * beneficiary's bank details; both print the accepted payment methods plainly.
 */
export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { invoice, lang, bank, client, contract } = input;
  const ru = lang === 'ru';
  const supplier = bank.recipient || input.workspaceName;
  const number = invoice.number ?? (ru ? 'черновик' : 'draft');
  const date = invoice.issueDate ?? invoice.createdAt.slice(0, 10);
  const pdf = new PdfWriter({
    title: ru ? `Счёт на оплату № ${number}` : `Invoice ${number}`,
    author: supplier,
  });
  const cur = invoice.currency;

  if (ru) {
    // The bank block above the title, as Russian invoices have it (1C layout).
    pdf.table(
      [
        { header: `${bank.bankName}\nБанк получателя`, width: 300 },
        { header: 'БИК\nСч. №', width: 50 },
        { header: `${bank.bik}\n${bank.correspondentAccount}`, width: pdf.width - 350 },
      ],
      [[`ИНН ${bank.inn}    КПП ${bank.kpp}\n${supplier}\nПолучатель`, 'Сч. №', bank.account]],
      { headerBold: false },
    );
    pdf.title(`Счёт на оплату № ${number} от ${formatLongDate(date, 'ru')}`);
    pdf.fields([
      [
        'Поставщик:',
        [supplier, bank.inn && `ИНН ${bank.inn}`, bank.kpp && `КПП ${bank.kpp}`, bank.address]
          .filter(Boolean)
          .join(', '),
      ],
      [
        'Покупатель:',
        [client.legalName || client.name, client.taxId && `ИНН ${client.taxId}`].filter(Boolean).join(', '),
      ],
      [
        'Основание:',
        contract
          ? `Договор № ${contract.number} от ${formatShortDate(contract.signedOn ?? contract.startsOn, 'ru')}`
          : '',
      ],
    ]);
  } else {
    pdf.title(`Invoice ${number}`);
    pdf.fields([
      ['Date:', formatLongDate(date, 'en')],
      ['From:', [supplier, bank.address, bank.inn && `Tax ID ${bank.inn}`].filter(Boolean).join(', ')],
      [
        'Bill to:',
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
    ]);
  }
  pdf.space(0.5);

  const hasVat = invoice.lines.some((line) => line.vatRateBp !== null);
  const columns = ru
    ? [
        { header: '№', width: 25, align: 'center' as const },
        { header: 'Товары (работы, услуги)', width: hasVat ? 185 : 235 },
        { header: 'Кол-во', width: 50, align: 'right' as const },
        { header: 'Ед.', width: 35 },
        { header: 'Цена', width: 75, align: 'right' as const },
        ...(hasVat ? [{ header: 'НДС', width: 50, align: 'right' as const }] : []),
        { header: 'Сумма', width: 75, align: 'right' as const },
      ]
    : [
        { header: '#', width: 25, align: 'center' as const },
        { header: 'Description', width: hasVat ? 185 : 235 },
        { header: 'Qty', width: 50, align: 'right' as const },
        { header: 'Unit', width: 35 },
        { header: 'Price', width: 75, align: 'right' as const },
        ...(hasVat ? [{ header: 'VAT', width: 50, align: 'right' as const }] : []),
        { header: 'Amount', width: 75, align: 'right' as const },
      ];
  pdf.table(
    columns,
    invoice.lines.map((line) => [
      String(line.position),
      line.description,
      ru ? line.quantity.replace('.', ',') : line.quantity,
      line.unit,
      money(line.unitPriceMinor, cur, lang),
      ...(hasVat ? [line.vatRateBp === null ? (ru ? 'без НДС' : 'none') : formatRate(line.vatRateBp)] : []),
      money(line.netMinor, cur, lang),
    ]),
  );

  const totals = documentTotals(invoice.lines);
  pdf.totals([
    [ru ? 'Итого:' : 'Subtotal:', money(invoice.netMinor, cur, lang)],
    ...vatTotalsRows(totals.vatGroups, cur, lang),
    [
      ru ? 'Всего к оплате:' : 'Total due:',
      `${money(invoice.totalMinor, cur, lang)} ${CURRENCY_NAME[lang](cur)}`,
      true,
    ],
  ]);
  pdf.space();
  pdf.paragraph(
    ru
      ? `Всего наименований ${invoice.lines.length}, на сумму ${money(invoice.totalMinor, cur, lang)} ${CURRENCY_NAME.ru(cur)}`
      : `${invoice.lines.length} item(s), total ${money(invoice.totalMinor, cur, lang)} ${cur}`,
  );
  if (ru) pdf.paragraph(amountInWordsRu(invoice.totalMinor, cur, currencyDigits(cur)), { bold: true });
  if (invoice.dueDate) {
    pdf.paragraph(
      ru
        ? `Оплатить до ${formatShortDate(invoice.dueDate, 'ru')}.`
        : `Please pay by ${formatShortDate(invoice.dueDate, 'en')}.`,
      {
        bold: true,
      },
    );
  }
  for (const line of paymentMethodsText(invoice.paymentMethods, lang)) pdf.paragraph(line, { bold: true });
  if (ru) {
    pdf.paragraph('В назначении платежа укажите номер счёта.');
  } else {
    pdf.space(0.5);
    pdf.paragraph('Bank details', { bold: true });
    pdf.fields([
      ['Beneficiary:', supplier],
      ['Bank:', bank.bankName],
      ['IBAN:', bank.iban],
      ['SWIFT / BIC:', bank.swift || bank.bik],
      ['Account:', bank.iban ? '' : bank.account],
    ]);
    pdf.paragraph(`Please quote invoice ${number} as the payment reference.`);
  }
  if (invoice.notes) pdf.space(0.5).paragraph(invoice.notes);
  pdf.signatures(ru ? ['Руководитель', 'Бухгалтер'] : ['Authorised signature']);
  return pdf.finish();
}
