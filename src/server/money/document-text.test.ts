import { describe, expect, it } from 'vitest';
import { formatLongDate, formatShortDate, paymentMethodsText, vatTotalsRows } from './document-text.ts';
import { billingMonth } from './money-robots.ts';

describe('payment methods on documents', () => {
  it('say plainly what is accepted and what is not', () => {
    expect(paymentMethodsText(['bank_transfer'], 'ru')).toEqual([
      'Способ оплаты: только банковский перевод на расчётный счёт.',
      'Оплата банковской картой и наличными не принимается.',
    ]);
    expect(paymentMethodsText(['bank_transfer', 'card'], 'ru')).toEqual([
      'Способы оплаты: банковский перевод на расчётный счёт, банковская карта.',
      'Оплата наличными не принимается.',
    ]);
    expect(paymentMethodsText(['bank_transfer'], 'en')).toEqual([
      'Payment method: bank transfer only.',
      'Not accepted: card, cash.',
    ]);
    expect(paymentMethodsText(['cash', 'card', 'bank_transfer'], 'en')).toEqual([
      'Accepted payment methods: bank transfer, card, cash.',
    ]);
  });
});

describe('document dates and VAT lines', () => {
  it('format dates in both languages', () => {
    expect(formatLongDate('2026-03-01', 'ru')).toBe('1 марта 2026 г.');
    expect(formatLongDate('2026-03-01', 'en')).toBe('1 March 2026');
    expect(formatShortDate('2026-03-01', 'ru')).toBe('01.03.2026');
  });
  it('print VAT per rate, or no VAT', () => {
    expect(vatTotalsRows([{ vatRateBp: null, vatMinor: 0 }], 'RUB', 'ru')).toEqual([['НДС:', 'Без НДС']]);
    expect(
      vatTotalsRows(
        [
          { vatRateBp: 2000, vatMinor: 12345 },
          { vatRateBp: null, vatMinor: 0 },
        ],
        'RUB',
        'en',
      ),
    ).toEqual([['VAT 20 %:', '123.45']]);
  });
});

describe('billingMonth', () => {
  it('reads the month in the workspace’s time zone, across month and year ends', () => {
    expect(billingMonth(new Date('2026-03-31T20:59:00Z'), 'Europe/Moscow')).toBe('2026-03-01');
    expect(billingMonth(new Date('2026-03-31T21:00:00Z'), 'Europe/Moscow')).toBe('2026-04-01');
    expect(billingMonth(new Date('2026-12-31T23:30:00Z'), 'Asia/Baku')).toBe('2027-01-01');
    expect(billingMonth(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('2026-12-01');
  });
});
