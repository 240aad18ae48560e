import { describe, expect, it } from 'vitest';
import { arrayLiteral, copyLine, copyValue, escapeCopyText } from './copy-text.ts';

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return', () => {
    expect(escapeCopyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(escapeCopyText('ООО «Альфа»')).toBe('ООО «Альфа»');
  });

  it('writes NULL, numbers, booleans, dates and arrays', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(12_500)).toBe('12500');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(false)).toBe('f');
    expect(copyValue(new Date('2024-03-01T10:00:00Z'))).toBe('2024-03-01T10:00:00.000Z');
    expect(copyValue([])).toBe('{}');
    expect(() => copyValue(Number.NaN)).toThrow();
  });

  it('quotes array elements and escapes quotes and backslashes inside them', () => {
    expect(arrayLiteral(['vip', 'ключевой'])).toBe('{"vip","ключевой"}');
    expect(arrayLiteral(['a"b', 'c\\d', 'e,f'])).toBe('{"a\\"b","c\\\\d","e,f"}');
    // The array literal's backslashes are escaped once more for the COPY text layer.
    expect(copyValue(['c\\d'])).toBe('{"c\\\\\\\\d"}');
  });

  it('joins a row with tabs and ends it with a newline', () => {
    expect(copyLine(['x', null, 3, ['t']])).toBe('x\t\\N\t3\t{"t"}\n');
  });
});
