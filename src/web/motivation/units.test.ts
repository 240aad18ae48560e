import { describe, expect, it } from 'vitest';
import { formatHundredths, parseHundredths } from './units.ts';

describe('hundredths typed by people', () => {
  it('parses percents and money without floating point', () => {
    expect(parseHundredths('30')).toBe(3000);
    expect(parseHundredths('0,25')).toBe(25);
    expect(parseHundredths('80 000.5')).toBe(8_000_050);
    expect(parseHundredths('1.005')).toBeNull();
    expect(parseHundredths('-1')).toBeNull();
    expect(formatHundredths(25)).toBe('0.25');
    expect(formatHundredths(3000)).toBe('30');
    expect(formatHundredths(-12_350)).toBe('-123.50');
  });
});
