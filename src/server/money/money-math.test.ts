import { describe, expect, it } from 'vitest';
import {
  AmountTooLargeError,
  addDays,
  currencyDigits,
  divRoundHalfUp,
  documentTotals,
  formatMinor,
  formatQuantity,
  formatRate,
  lineAmounts,
  monthEnd,
  monthStart,
  parseDecimalAmount,
  parseQuantity,
  sumByCurrency,
} from './money-math.ts';

describe('divRoundHalfUp', () => {
  it('rounds halves away from zero and everything else to the nearest', () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(15n, 10n)).toBe(2n);
    expect(divRoundHalfUp(-5n, 10n)).toBe(-1n);
    expect(divRoundHalfUp(-4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(1n, 3n)).toBe(0n);
    expect(divRoundHalfUp(2n, 3n)).toBe(1n);
    expect(divRoundHalfUp(0n, 7n)).toBe(0n);
  });
  it('refuses division by zero', () => {
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('quantities', () => {
  it('parse decimal strings into thousandths, comma or point', () => {
    expect(parseQuantity('1')).toBe(1000);
    expect(parseQuantity('2.5')).toBe(2500);
    expect(parseQuantity('2,5')).toBe(2500);
    expect(parseQuantity('0.125')).toBe(125);
    expect(parseQuantity('0.1')).toBe(100);
    expect(parseQuantity('123456789.999')).toBe(123456789999);
  });
  it('refuse negatives, too many decimals and words', () => {
    expect(() => parseQuantity('-1')).toThrow();
    expect(() => parseQuantity('1.0001')).toThrow();
    expect(() => parseQuantity('one')).toThrow();
  });
  it('format back without trailing zeros', () => {
    expect(formatQuantity(2500)).toBe('2.5');
    expect(formatQuantity(1000)).toBe('1');
    expect(formatQuantity(125)).toBe('0.125');
    expect(formatQuantity(100)).toBe('0.1');
  });
});

describe('lineAmounts', () => {
  it('multiplies quantity by price and rounds the net to the minor unit', () => {
    // 1.5 h × 1 000,00 ₽ = 1 500,00 ₽
    expect(lineAmounts({ quantityMilli: 1500, unitPriceMinor: 100000, vatRateBp: null })).toEqual({
      netMinor: 150000,
      vatMinor: 0,
      totalMinor: 150000,
    });
    // 0.333 × 0,10 = 0.0333 → 0 kopecks; 0.335 × 0,10 = 0.0335 → 0; 0.005 × 100 = 0.5 → 1
    expect(lineAmounts({ quantityMilli: 333, unitPriceMinor: 10, vatRateBp: null }).netMinor).toBe(3);
    expect(lineAmounts({ quantityMilli: 5, unitPriceMinor: 100, vatRateBp: null }).netMinor).toBe(1);
    expect(lineAmounts({ quantityMilli: 4, unitPriceMinor: 100, vatRateBp: null }).netMinor).toBe(0);
  });
  it('adds VAT per line in basis points, rounded half up', () => {
    // 20 % of 0,05 = 0,01; 20 % of 0,02 = 0,004 → 0
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 5, vatRateBp: 2000 })).toEqual({
      netMinor: 5,
      vatMinor: 1,
      totalMinor: 6,
    });
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 2, vatRateBp: 2000 }).vatMinor).toBe(0);
    // 12.5 % of 0,04 = 0,005 → 0,01 (half up)
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 4, vatRateBp: 1250 }).vatMinor).toBe(1);
    // 20 % of 1 234,57 = 246,914 → 246,91
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 123457, vatRateBp: 2000 })).toEqual({
      netMinor: 123457,
      vatMinor: 24691,
      totalMinor: 148148,
    });
  });
  it('treats a 0 % rate as VAT of zero and null as no VAT', () => {
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 999, vatRateBp: 0 }).vatMinor).toBe(0);
    expect(lineAmounts({ quantityMilli: 1000, unitPriceMinor: 999, vatRateBp: null }).vatMinor).toBe(0);
  });
  it('stays exact for big amounts and refuses ones that would lose precision', () => {
    // 1 000 000 × 90 071 992 547,40 would be far beyond 2^53.
    expect(() =>
      lineAmounts({ quantityMilli: 1_000_000_000, unitPriceMinor: 9_007_199_254_740, vatRateBp: null }),
    ).toThrow(AmountTooLargeError);
    const big = lineAmounts({ quantityMilli: 1000, unitPriceMinor: 4_503_599_627_370_495, vatRateBp: null });
    expect(big.netMinor).toBe(4_503_599_627_370_495);
  });
});

describe('documentTotals', () => {
  it('sums rounded lines, so the printed lines add up to the printed total', () => {
    // Three lines of 0,05 at 20 %: each VAT 0,01 → 0,03 (a VAT on the sum 0,15 would be 0,03 too)
    // Three lines of 0,03 at 20 %: each VAT 0,006 → 0,01 → 0,03 (on the sum: 0,018 → 0,02).
    const lines = [1, 2, 3].map(() => ({
      ...lineAmounts({ quantityMilli: 1000, unitPriceMinor: 3, vatRateBp: 2000 }),
      vatRateBp: 2000,
    }));
    const totals = documentTotals(lines);
    expect(totals.netMinor).toBe(9);
    expect(totals.vatMinor).toBe(3);
    expect(totals.totalMinor).toBe(12);
  });
  it('sums a thousand lines exactly and groups VAT by rate, no-VAT last', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => {
      const vatRateBp = i % 3 === 0 ? 2000 : i % 3 === 1 ? 1000 : null;
      return { ...lineAmounts({ quantityMilli: 1333, unitPriceMinor: 777 + i, vatRateBp }), vatRateBp };
    });
    const totals = documentTotals(lines);
    const expectedNet = lines.reduce((sum, line) => sum + line.netMinor, 0);
    const expectedVat = lines.reduce((sum, line) => sum + line.vatMinor, 0);
    expect(totals.netMinor).toBe(expectedNet);
    expect(totals.vatMinor).toBe(expectedVat);
    expect(totals.totalMinor).toBe(expectedNet + expectedVat);
    expect(totals.vatGroups.map((group) => group.vatRateBp)).toEqual([2000, 1000, null]);
    expect(totals.vatGroups.reduce((sum, group) => sum + group.netMinor, 0)).toBe(expectedNet);
    expect(totals.vatGroups.at(-1)!.vatMinor).toBe(0);
  });
  it('is zero for no lines', () => {
    expect(documentTotals([])).toEqual({ netMinor: 0, vatMinor: 0, totalMinor: 0, vatGroups: [] });
  });
});

describe('sumByCurrency', () => {
  it('never mixes currencies', () => {
    const items = [
      { currency: 'RUB', amount: 100 },
      { currency: 'USD', amount: 5 },
      { currency: 'RUB', amount: 250 },
      { currency: 'EUR', amount: 7 },
      { currency: 'USD', amount: 10 },
    ];
    expect(
      sumByCurrency(
        items,
        (item) => item.currency,
        (item) => item.amount,
      ),
    ).toEqual([
      { currency: 'EUR', amountMinor: 7 },
      { currency: 'RUB', amountMinor: 350 },
      { currency: 'USD', amountMinor: 15 },
    ]);
  });
  it('adds many amounts exactly near the safe limit', () => {
    const items = Array.from({ length: 10 }, () => ({ currency: 'RUB', amount: 900_719_925_474_099 }));
    expect(
      sumByCurrency(
        items,
        (item) => item.currency,
        (item) => item.amount,
      ),
    ).toEqual([{ currency: 'RUB', amountMinor: 9_007_199_254_740_990 }]);
  });
});

describe('currencies', () => {
  it('know their minor digits', () => {
    expect(currencyDigits('RUB')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('BHD')).toBe(3);
  });
  it('format minor units for print per language, without floats', () => {
    expect(formatMinor(123456, 'RUB', 'ru')).toBe('1\u00a0234,56');
    expect(formatMinor(123456, 'USD', 'en')).toBe('1,234.56');
    expect(formatMinor(5, 'RUB', 'en')).toBe('0.05');
    expect(formatMinor(1234, 'JPY', 'en')).toBe('1,234');
    expect(formatMinor(9_007_199_254_740_991, 'RUB', 'en')).toBe('90,071,992,547,409.91');
  });
  it('parse statement amounts into minor units', () => {
    expect(parseDecimalAmount('1 234,56', 'RUB')).toBe(123456);
    expect(parseDecimalAmount('1234.5', 'RUB')).toBe(123450);
    expect(parseDecimalAmount('1234', 'RUB')).toBe(123400);
    expect(parseDecimalAmount('-10.00', 'RUB')).toBe(-1000);
    expect(parseDecimalAmount('0.1', 'RUB')).toBe(10);
    expect(parseDecimalAmount('1.234', 'RUB')).toBeNull();
    expect(parseDecimalAmount('12abc', 'RUB')).toBeNull();
    expect(parseDecimalAmount('500', 'JPY')).toBe(500);
  });
  it('format rates', () => {
    expect(formatRate(2000)).toBe('20 %');
    expect(formatRate(1250)).toBe('12.5 %');
    expect(formatRate(0)).toBe('0 %');
  });
});

describe('dates', () => {
  it('add days across month and year ends and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('find month starts and ends', () => {
    expect(monthStart('2026-03-17')).toBe('2026-03-01');
    expect(monthEnd('2026-02-10')).toBe('2026-02-28');
    expect(monthEnd('2028-02-10')).toBe('2028-02-29');
    expect(monthEnd('2026-12-05')).toBe('2026-12-31');
  });
});
