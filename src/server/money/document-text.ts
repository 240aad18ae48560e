import { PAYMENT_METHODS } from '../../contract/money.ts';
import { formatMinor, formatRate } from './money-math.ts';

/** Words printed on money documents, in Russian and English. */
export type Lang = 'ru' | 'en';
type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const METHOD_NAMES: Record<Lang, Record<PaymentMethod, string>> = {
  ru: { bank_transfer: 'банковский перевод на расчётный счёт', card: 'банковская карта', cash: 'наличные' },
  en: { bank_transfer: 'bank transfer', card: 'card', cash: 'cash' },
};
const METHOD_REFUSED: Record<Lang, Record<PaymentMethod, string>> = {
  ru: { bank_transfer: 'банковским переводом', card: 'банковской картой', cash: 'наличными' },
  en: { bank_transfer: 'bank transfer', card: 'card', cash: 'cash' },
};

/**
 * The accepted payment methods, said plainly, and the ones not accepted (seed 001: a client who
 * paid by card when only transfer was accepted is a lost client).
 */
export function paymentMethodsText(methods: readonly PaymentMethod[], lang: Lang): string[] {
  const accepted = PAYMENT_METHODS.filter((m) => methods.includes(m));
  const refused = PAYMENT_METHODS.filter((m) => !methods.includes(m));
  const names = accepted.map((m) => METHOD_NAMES[lang][m]);
  const lines: string[] = [];
  if (lang === 'ru') {
    lines.push(
      accepted.length === 1 ? `Способ оплаты: только ${names[0]}.` : `Способы оплаты: ${names.join(', ')}.`,
    );
    if (refused.length > 0) {
      lines.push(`Оплата ${refused.map((m) => METHOD_REFUSED.ru[m]).join(' и ')} не принимается.`);
    }
  } else {
    lines.push(
      accepted.length === 1
        ? `Payment method: ${names[0]} only.`
        : `Accepted payment methods: ${names.join(', ')}.`,
    );
    if (refused.length > 0)
      lines.push(`Not accepted: ${refused.map((m) => METHOD_REFUSED.en[m]).join(', ')}.`);
  }
  return lines;
}

/** 2026-11-30 → "30 ноября 2026 г." / "30 November 2026". */
export function formatLongDate(isoDate: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** 2026-11-30 → "30.11.2026" / "30 Nov 2026". */
export function formatShortDate(isoDate: string, lang: Lang): string {
  if (lang === 'ru') return isoDate.split('-').reverse().join('.');
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

export function money(amountMinor: number, currency: string, lang: Lang): string {
  return formatMinor(amountMinor, currency, lang);
}

/** The VAT lines under a document's table: per rate, or "Без НДС" when none. */
export function vatTotalsRows(
  groups: readonly { vatRateBp: number | null; vatMinor: number }[],
  currency: string,
  lang: Lang,
): [string, string][] {
  const taxed = groups.filter((group) => group.vatRateBp !== null);
  if (taxed.length === 0) return [[lang === 'ru' ? 'НДС:' : 'VAT:', lang === 'ru' ? 'Без НДС' : 'No VAT']];
  return taxed.map((group) => [
    lang === 'ru' ? `НДС ${formatRate(group.vatRateBp!)}:` : `VAT ${formatRate(group.vatRateBp!)}:`,
    money(group.vatMinor, currency, lang),
  ]);
}

export const CURRENCY_NAME: Record<Lang, (currency: string) => string> = {
  ru: (currency) => (currency === 'RUB' ? 'руб.' : currency),
  en: (currency) => currency,
};
