import { describe, expect, it } from 'vitest';
import { chance, intBetween, mix32, pick, pickWeighted, unit, uuidFor } from './random.ts';

describe('deterministic randomness', () => {
  it('gives the same value for the same index and salt, and different ones otherwise', () => {
    expect(unit(42, 7)).toBe(unit(42, 7));
    expect(unit(42, 7)).not.toBe(unit(43, 7));
    expect(unit(42, 7)).not.toBe(unit(42, 8));
  });

  it('spreads values evenly over [0, 1)', () => {
    const buckets = new Array(10).fill(0);
    for (let index = 0; index < 100_000; index += 1) buckets[Math.floor(unit(index, 3) * 10)] += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(9_500);
    for (const count of buckets) expect(count).toBeLessThan(10_500);
  });

  it('keeps integers within bounds, both ends reachable', () => {
    const seen = new Set<number>();
    for (let index = 0; index < 1_000; index += 1) seen.add(intBetween(index, 1, 3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('picks by weight', () => {
    let heavy = 0;
    for (let index = 0; index < 10_000; index += 1) {
      if (
        pickWeighted(
          [
            ['light', 1],
            ['heavy', 3],
          ],
          index,
          5,
        ) === 'heavy'
      ) {
        heavy += 1;
      }
    }
    expect(heavy / 10_000).toBeCloseTo(0.75, 1);
    expect(pick(['only'], 1, 1)).toBe('only');
    expect(() => pick([], 1, 1)).toThrow();
    expect([0.3, 0.7].map((p) => chance(p, 1, 1))).toHaveLength(2);
  });

  it('mix32 is a bijection on a sample (no two inputs share an output)', () => {
    const outputs = new Set<number>();
    for (let index = 0; index < 200_000; index += 1) outputs.add(mix32(index));
    expect(outputs.size).toBe(200_000);
  });
});

describe('uuidFor', () => {
  it('makes valid version 4 UUIDs, unique within a table and stable across calls', () => {
    const ids = new Set<string>();
    for (let index = 0; index < 100_000; index += 1) {
      const id = uuidFor(11, index);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(100_000);
    expect(uuidFor(11, 5)).toBe(uuidFor(11, 5));
    expect(uuidFor(11, 5)).not.toBe(uuidFor(12, 5));
  });
});
