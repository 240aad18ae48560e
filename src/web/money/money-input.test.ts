import { describe, expect, it } from 'vitest';
import { bpToPercent, liveLine, liveTotals, minorToInput, percentToBp, toMinor } from './money-input.ts';

describe('money typed in the browser', () => {
  it('turns typed amounts into minor units without floating point', () => {
    expect(toMinor('1 234,56', 'RUB')).toBe(123456);
    expect(toMinor('0.1', 'RUB')).toBe(10);
    expect(toMinor('19.99', 'USD')).toBe(1999);
    expect(toMinor('1.005', 'RUB')).toBeNull();
    expect(toMinor('-5', 'RUB')).toBeNull();
    expect(toMinor('', 'RUB')).toBeNull();
    expect(minorToInput(123456, 'RUB')).toBe('1234.56');
    expect(minorToInput(5, 'RUB')).toBe('0.05');
  });

  it('reads VAT rates as per cent and writes basis points', () => {
    expect(percentToBp('22')).toBe(2200);
    expect(percentToBp('12,5')).toBe(1250);
    expect(percentToBp('101')).toBeNull();
    expect(bpToPercent(2200)).toBe('22');
    expect(bpToPercent(1250)).toBe('12.5');
  });

  it('rounds each line like the API, and the totals are sums of the rounded lines', () => {
    const line = { quantity: '1', price: '0.03', vatRateBp: 2000 };
    expect(liveLine(line, 'RUB')).toEqual({ netMinor: 3, vatMinor: 1, totalMinor: 4 });
    const totals = liveTotals([line, line, line], 'RUB');
    expect(totals.vatMinor).toBe(3);
    expect(totals.totalMinor).toBe(12);
    expect(liveLine({ quantity: '2.5', price: '1000', vatRateBp: null }, 'RUB')?.totalMinor).toBe(250000);
    expect(liveLine({ quantity: 'x', price: '1', vatRateBp: null }, 'RUB')).toBeNull();
  });
});
