/**
 * Money arithmetic: pure functions, no database, no clock, no floating point. Amounts are
 * integer minor units (kopecks, cents) carried as JS numbers within Number.MAX_SAFE_INTEGER and
 * multiplied as BigInt; quantities are integer thousandths; rates are basis points.
 *
 * Rounding (docs/decisions/008-money.md): each line is rounded on its own, half away from zero,
 * to the minor unit — first its net amount (quantity × price), then its VAT (net × rate) — and
 * the document's totals are the sums of the rounded lines. The printed lines therefore always
 * add up to the printed totals.
 */

export const MILLI = 1000n;
export const BASIS_POINTS = 10000n;

/** Division of non-negative or negative BigInts, rounding half away from zero. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  // (n + ⌊d/2⌋) / d rounds an exact half up; an odd d has no exact half to round.
  const quotient = (n + d / 2n) / d;
  return negative ? -quotient : quotient;
}

export class AmountTooLargeError extends RangeError {
  constructor() {
    super('The amount is too large to be handled exactly.');
    this.name = 'AmountTooLargeError';
  }
}

/** Back from BigInt to a JS number, refusing anything that would lose precision. */
export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AmountTooLargeError();
  }
  return Number(value);
}

// ---------------------------------------------------------------------------------------------
// Quantities

/** "2.5" or "2,5" → 2500 thousandths; throws on anything else (the contract checks first). */
export function parseQuantity(text: string): number {
  const match = /^(\d{1,9})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a quantity: ${text}`);
  const whole = BigInt(match[1]!);
  const fraction = BigInt((match[2] ?? '').padEnd(3, '0'));
  return toSafeNumber(whole * MILLI + fraction);
}

/** 2500 → "2.5", 1000 → "1", 125 → "0.125". */
export function formatQuantity(milli: number): string {
  const value = BigInt(milli);
  const whole = value / MILLI;
  const fraction = (value % MILLI).toString().padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

// ---------------------------------------------------------------------------------------------
// Lines and totals

export interface LineInputAmounts {
  quantityMilli: number;
  unitPriceMinor: number;
  /** null: no VAT on this line. */
  vatRateBp: number | null;
}

export interface LineAmounts {
  netMinor: number;
  vatMinor: number;
  totalMinor: number;
}

/** One line: net = quantity × price rounded to the minor unit; VAT = net × rate rounded. */
export function lineAmounts(line: LineInputAmounts): LineAmounts {
  const net = divRoundHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPriceMinor), MILLI);
  const vat = line.vatRateBp == null ? 0n : divRoundHalfUp(net * BigInt(line.vatRateBp), BASIS_POINTS);
  return { netMinor: toSafeNumber(net), vatMinor: toSafeNumber(vat), totalMinor: toSafeNumber(net + vat) };
}

export interface VatGroup {
  /** null: lines without VAT. */
  vatRateBp: number | null;
  netMinor: number;
  vatMinor: number;
}

export interface DocumentTotals extends LineAmounts {
  /** VAT per rate, for "в т.ч. НДС 20 %" lines; ordered by rate, no-VAT last. */
  vatGroups: VatGroup[];
}

/** The document's totals: sums of its rounded lines (never recomputed from the sums). */
export function documentTotals(
  lines: readonly (LineAmounts & { vatRateBp: number | null })[],
): DocumentTotals {
  let net = 0n;
  let vat = 0n;
  const groups = new Map<number | null, { net: bigint; vat: bigint }>();
  for (const line of lines) {
    net += BigInt(line.netMinor);
    vat += BigInt(line.vatMinor);
    const group = groups.get(line.vatRateBp) ?? { net: 0n, vat: 0n };
    group.net += BigInt(line.netMinor);
    group.vat += BigInt(line.vatMinor);
    groups.set(line.vatRateBp, group);
  }
  const vatGroups = [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : b - a))
    .map(([vatRateBp, group]) => ({
      vatRateBp,
      netMinor: toSafeNumber(group.net),
      vatMinor: toSafeNumber(group.vat),
    }));
  return {
    netMinor: toSafeNumber(net),
    vatMinor: toSafeNumber(vat),
    totalMinor: toSafeNumber(net + vat),
    vatGroups,
  };
}

/** Sums per currency, currencies in alphabetical order; amounts of different currencies never mix. */
export function sumByCurrency<T>(
  items: readonly T[],
  currencyOf: (item: T) => string,
  amountOf: (item: T) => number,
): { currency: string; amountMinor: number }[] {
  const sums = new Map<string, bigint>();
  for (const item of items) {
    const currency = currencyOf(item);
    sums.set(currency, (sums.get(currency) ?? 0n) + BigInt(amountOf(item)));
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => ({ currency, amountMinor: toSafeNumber(amount) }));
}

// ---------------------------------------------------------------------------------------------
// Currencies: digits, formatting and parsing of decimal amounts

/** How many minor-unit digits a currency has: RUB 2, JPY 0, BHD 3 (from the runtime's ISO data). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * Minor units as a decimal string for print, without floating point: 123456 RUB →
 * "1 234,56" (ru) or "1,234.56" (en).
 */
export function formatMinor(amountMinor: number, currency: string, locale: 'ru' | 'en'): string {
  const digits = currencyDigits(currency);
  const value = BigInt(amountMinor);
  const negative = value < 0n;
  const absolute = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const whole = (absolute / scale).toString();
  const fraction = (absolute % scale).toString().padStart(digits, '0');
  const groupSeparator = locale === 'ru' ? '\u00a0' : ',';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator);
  const decimalSeparator = locale === 'ru' ? ',' : '.';
  return `${negative ? '-' : ''}${grouped}${digits > 0 ? decimalSeparator + fraction : ''}`;
}

/**
 * A decimal amount as written in a bank statement ("1 234,56", "1234.5", "-10.00") → minor
 * units; null when it is not a number or has more decimals than the currency.
 */
export function parseDecimalAmount(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const cleaned = text.replace(/[\s\u00a0']/g, '');
  const match = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[3] ?? '';
  if (fraction.length > digits) return null;
  const value = BigInt(match[2]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  try {
    return toSafeNumber(match[1] === '-' ? -value : value);
  } catch {
    return null;
  }
}

/** "20 %" / "12.5 %" from basis points, exact. */
export function formatRate(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const fraction = (bp % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction} %` : `${whole} %`;
}

// ---------------------------------------------------------------------------------------------
// Dates (ISO YYYY-MM-DD strings, calendar arithmetic in UTC)

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The first day of the date's month: 2026-03-17 → 2026-03-01. */
export function monthStart(isoDate: string): string {
  return `${isoDate.slice(0, 7)}-01`;
}

/** The last day of the date's month: 2026-02-10 → 2026-02-28. */
export function monthEnd(isoDate: string): string {
  const [year, month] = isoDate.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0));
  return last.toISOString().slice(0, 10);
}
