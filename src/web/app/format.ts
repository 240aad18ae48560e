import { currencyDigits, formatMinor } from '../../contract/money-math.ts';
import i18n from '../i18n/index.ts';

/** Money arrives in minor units (kopecks, cents); shown in the person's language. */
export function formatMoney(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat(i18n.language, {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(amountMinor / 100);
}

/**
 * Money to the last kopeck or cent (invoices, payments): the exact decimal from integer minor
 * units, never through floating point.
 */
export function formatMoneyExact(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const exact = formatMinor(amountMinor, currency, 'en').replaceAll(',', '');
  return new Intl.NumberFormat(i18n.language, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    // A decimal string is formatted exactly (Intl.NumberFormat v3).
  }).format(exact as unknown as number);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/**
 * A day (`YYYY-MM-DD`) as the person reads it, without shifting it through a time zone; `short`
 * leaves out the year ("25 Nov").
 */
export function formatDay(day: string | null | undefined, style: 'medium' | 'short' = 'medium'): string {
  if (!day) return '—';
  const [year, month, date] = day.split('-').map(Number);
  const options: Intl.DateTimeFormatOptions =
    style === 'short' ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(i18n.language, { ...options, timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, month! - 1, date!)),
  );
}

/** Today (`YYYY-MM-DD`) in a time zone: the workspace's days start at its own midnight. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** A date picker's local `YYYY-MM-DD HH:mm:ss` as an ISO instant; null when empty. */
export function localToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as a date picker's local `YYYY-MM-DD HH:mm:ss`. */
export function isoToLocal(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:00`;
}

/** Basis points as a percentage: 2500 → "25 %". */
export function formatBasisPoints(bp: number): string {
  return new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(
    bp / 10_000,
  );
}
