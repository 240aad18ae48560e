import { describe, expect, it } from 'vitest';
import { amountInWordsRu, numberInWordsRu, pluralRu } from './amount-in-words.ts';

describe('amount in words (Russian)', () => {
  it('picks the plural form', () => {
    const forms = ['рубль', 'рубля', 'рублей'] as const;
    expect([1n, 2n, 4n, 5n, 11n, 12n, 14n, 21n, 22n, 25n, 101n, 111n].map((n) => pluralRu(n, forms))).toEqual(
      [
        'рубль',
        'рубля',
        'рубля',
        'рублей',
        'рублей',
        'рублей',
        'рублей',
        'рубль',
        'рубля',
        'рублей',
        'рубль',
        'рублей',
      ],
    );
  });

  it('writes whole numbers with the right gender for thousands', () => {
    expect(numberInWordsRu(0n)).toBe('ноль');
    expect(numberInWordsRu(1n)).toBe('один');
    expect(numberInWordsRu(1000n)).toBe('одна тысяча');
    expect(numberInWordsRu(2000n)).toBe('две тысячи');
    expect(numberInWordsRu(5000n)).toBe('пять тысяч');
    expect(numberInWordsRu(11_000n)).toBe('одиннадцать тысяч');
    expect(numberInWordsRu(1_234_567n)).toBe(
      'один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь',
    );
    expect(numberInWordsRu(2_000_000_001n)).toBe('два миллиарда один');
  });

  it('writes amounts with roubles and kopecks', () => {
    expect(amountInWordsRu(123456, 'RUB', 2)).toBe('Одна тысяча двести тридцать четыре рубля 56 копеек');
    expect(amountInWordsRu(3000000, 'RUB', 2)).toBe('Тридцать тысяч рублей 00 копеек');
    expect(amountInWordsRu(2101, 'RUB', 2)).toBe('Двадцать один рубль 01 копейка');
    expect(amountInWordsRu(150, 'USD', 2)).toBe('Один доллар США 50 центов');
    expect(amountInWordsRu(500, 'JPY', 0)).toBe('Пятьсот JPY');
  });
});
