import { parse } from 'csv-parse/sync';
import type { FieldError } from '../http/errors.ts';
import { parseDecimalAmount } from '../money/money-math.ts';

/**
 * Reading a bank statement CSV (docs/money.md): a header row, then one incoming payment a line.
 * Columns are found by name, English or Russian, in any order; the delimiter is ; or , (whichever
 * the header uses more). Pure: text in, lines with their field errors out.
 */
const COLUMN_NAMES: Record<StatementColumn, string[]> = {
  date: ['date', 'дата', 'дата операции', 'дата платежа', 'received_on'],
  amount: ['amount', 'сумма', 'сумма платежа', 'поступление', 'credit'],
  currency: ['currency', 'валюта'],
  reference: ['reference', 'bank_reference', 'id', 'номер', 'номер документа', 'референс', 'номер операции'],
  payer: ['payer', 'payer_name', 'плательщик', 'контрагент'],
  payerTaxId: ['payer_tax_id', 'payer_inn', 'inn', 'инн', 'инн плательщика'],
  purpose: ['purpose', 'description', 'назначение', 'назначение платежа'],
};
type StatementColumn = 'date' | 'amount' | 'currency' | 'reference' | 'payer' | 'payerTaxId' | 'purpose';

export interface ReadStatementLine {
  line: number;
  bankReference: string | null;
  receivedOn: string | null;
  amountMinor: number | null;
  currency: string | null;
  payerName: string;
  payerTaxId: string | null;
  purpose: string;
  errors: FieldError[];
}

export class StatementFormatError extends Error {}

function normaliseHeader(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^\uFEFF/, '');
}

/** 2026-03-05 or 05.03.2026 → 2026-03-05, only when it is a real day. */
export function parseStatementDate(text: string): string | null {
  const trimmed = text.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  let year: string;
  let month: string;
  let day: string;
  if (match) [, year, month, day] = match as unknown as [string, string, string, string];
  else {
    match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(trimmed);
    if (!match) return null;
    [, day, month, year] = match as unknown as [string, string, string, string];
  }
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

export function readBankStatement(
  text: string,
  options: { defaultCurrency: string; knownCurrency: (code: string) => boolean },
): ReadStatementLine[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    throw new StatementFormatError(`The file is not a readable CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new StatementFormatError('The file is empty.');
  const names = header.map(normaliseHeader);
  const index = {} as Record<StatementColumn, number>;
  for (const [column, aliases] of Object.entries(COLUMN_NAMES) as [StatementColumn, string[]][]) {
    index[column] = names.findIndex((name) => aliases.includes(name));
  }
  const missing = (['date', 'amount', 'reference'] as const).filter((column) => index[column] < 0);
  if (missing.length > 0) {
    throw new StatementFormatError(
      `The header needs the columns ${missing.join(', ')} (found: ${header.join(', ')}). See docs/money.md for the format.`,
    );
  }
  return rows.map((row, i) => {
    const cell = (column: StatementColumn) => (index[column] >= 0 ? (row[index[column]] ?? '').trim() : '');
    const errors: FieldError[] = [];
    const bankReference = cell('reference') || null;
    if (!bankReference) errors.push({ field: 'reference', message: 'The bank reference is missing.' });
    const receivedOn = parseStatementDate(cell('date'));
    if (!receivedOn)
      errors.push({ field: 'date', message: `"${cell('date')}" is not a date (YYYY-MM-DD or DD.MM.YYYY).` });
    const currency = (cell('currency') || options.defaultCurrency).toUpperCase();
    let amountMinor: number | null = null;
    if (!options.knownCurrency(currency)) {
      errors.push({ field: 'currency', message: `"${currency}" is not a known ISO 4217 currency.` });
    } else {
      amountMinor = parseDecimalAmount(cell('amount'), currency);
      if (amountMinor === null) {
        errors.push({ field: 'amount', message: `"${cell('amount')}" is not an amount in ${currency}.` });
      } else if (amountMinor <= 0) {
        errors.push({ field: 'amount', message: 'Not an incoming payment (zero or negative).' });
        amountMinor = null;
      }
    }
    const payerTaxId = cell('payerTaxId').replace(/\s/g, '') || null;
    return {
      line: i + 2,
      bankReference,
      receivedOn,
      amountMinor,
      currency: options.knownCurrency(currency) ? currency : null,
      payerName: cell('payer'),
      payerTaxId,
      purpose: cell('purpose'),
      errors,
    };
  });
}
