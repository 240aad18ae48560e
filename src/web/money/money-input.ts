import {
  currencyDigits,
  type DocumentTotals,
  documentTotals,
  formatMinor,
  type LineAmounts,
  lineAmounts,
  parseDecimalAmount,
  parseQuantity,
} from '../../contract/money-math.ts';

/**
 * What a person types as money, turned into integer minor units with string arithmetic (no
 * floating point), and the live totals of a document computed with the API's own rounding
 * (`src/contract/money-math.ts`: per line, half away from zero, then summed).
 */

/** "1 234,56" / "1234.5" → 123456 (RUB); null when it is not a non-negative amount of this currency. */
export function toMinor(text: string, currency: string): number | null {
  if (!text.trim()) return null;
  const minor = parseDecimalAmount(text, currency);
  return minor === null || minor < 0 ? null : minor;
}

/** 123456 RUB → "1234.56", for an input the person edits. */
export function minorToInput(amountMinor: number | null | undefined, currency: string): string {
  if (amountMinor == null) return '';
  return formatMinor(amountMinor, currency, 'en').replaceAll(',', '');
}

/** "22" or "12,5" (per cent) → 2200 or 1250 basis points; null when empty or not a rate. */
export function percentToBp(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

/** 2200 → "22", 1250 → "12.5". */
export function bpToPercent(bp: number): string {
  const fraction = (bp % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${Math.trunc(bp / 100)}.${fraction}` : `${Math.trunc(bp / 100)}`;
}

export interface EditedLine {
  quantity: string;
  price: string;
  /** null: no VAT on the line. */
  vatRateBp: number | null;
}

/** One line's amounts while it is typed; null while the quantity or price is not a number yet. */
export function liveLine(line: EditedLine, currency: string): LineAmounts | null {
  const price = toMinor(line.price, currency);
  if (price === null || !/^\d{1,9}([.,]\d{1,3})?$/.test(line.quantity.trim())) return null;
  try {
    return lineAmounts({
      quantityMilli: parseQuantity(line.quantity),
      unitPriceMinor: price,
      vatRateBp: line.vatRateBp,
    });
  } catch {
    return null;
  }
}

/** The document's totals from the lines that can be computed (the others count as nothing yet). */
export function liveTotals(lines: EditedLine[], currency: string): DocumentTotals {
  return documentTotals(
    lines.flatMap((line) => {
      const amounts = liveLine(line, currency);
      return amounts ? [{ ...amounts, vatRateBp: line.vatRateBp }] : [];
    }),
  );
}

export { currencyDigits };
