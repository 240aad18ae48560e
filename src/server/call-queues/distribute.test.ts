import { describe, expect, it } from 'vitest';
import { distributeCalls } from './distribute.ts';

const anna = { id: 'anna', region: 'Москва' };
const boris = { id: 'boris', region: 'Казань' };
const vera = { id: 'vera', region: null };

describe('distributeCalls', () => {
  it('deals rows out in turn', () => {
    const rows = Array.from({ length: 7 }, () => ({ region: null }));
    expect(distributeCalls(rows, [anna, boris, vera], 'round_robin')).toEqual([
      'anna',
      'boris',
      'vera',
      'anna',
      'boris',
      'vera',
      'anna',
    ]);
  });

  it('continues a round robin from an offset, for lists built in batches', () => {
    const rows = [{ region: null }, { region: null }];
    expect(distributeCalls(rows, [anna, boris, vera], 'round_robin', 4)).toEqual(['boris', 'vera']);
  });

  it('gives a row to a caller of its region, whatever the case and spacing, and the rest round robin', () => {
    const rows = [
      { region: 'москва ' },
      { region: 'Казань' },
      { region: 'Самара' },
      { region: 'Москва' },
      { region: null },
    ];
    expect(distributeCalls(rows, [anna, boris, vera], 'region')).toEqual([
      'anna',
      'boris',
      'anna',
      'anna',
      'boris',
    ]);
  });

  it('refuses a list without callers', () => {
    expect(() => distributeCalls([{ region: null }], [], 'round_robin')).toThrow(/at least one caller/);
  });
});
