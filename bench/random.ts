/**
 * Deterministic randomness for the data generator: every value is a pure function of
 * (row index, salt), so any row can be recomputed later (a deal finds its company's owner
 * without keeping half a million companies in memory) and two runs produce the same data.
 */

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) that depends only on the row index and the salt. */
export function unit(index: number, salt: number): number {
  const seeded = mix32((index ^ mix32(Math.imul(salt + 1, 0x9e3779b9))) >>> 0);
  return mix32((seeded + Math.imul(salt, 0x27d4eb2f)) >>> 0) / 0x1_0000_0000;
}

/** An integer in [min, max]. */
export function intBetween(index: number, salt: number, min: number, max: number): number {
  return min + Math.floor(unit(index, salt) * (max - min + 1));
}

export function pick<T>(items: readonly T[], index: number, salt: number): T {
  if (items.length === 0) throw new Error('pick() from an empty list');
  return items[Math.floor(unit(index, salt) * items.length)]!;
}

/** Picks by weight: `[['client', 30], ['prospect', 55], …]`. */
export function pickWeighted<T>(choices: readonly (readonly [T, number])[], index: number, salt: number): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let point = unit(index, salt) * total;
  for (const [value, weight] of choices) {
    if (point < weight) return value;
    point -= weight;
  }
  return choices.at(-1)![0];
}

/** True with the given probability. */
export function chance(probability: number, index: number, salt: number): boolean {
  return unit(index, salt) < probability;
}

const hex8 = (value: number) => value.toString(16).padStart(8, '0');

/**
 * A random-looking version 4 UUID for row `index` of a table. The first 32 bits are a bijection
 * of the index, so ids never collide within a table (up to 2^32 rows).
 */
export function uuidFor(tableSalt: number, index: number): string {
  const a = hex8(mix32((index ^ mix32(tableSalt)) >>> 0));
  const b = hex8(mix32((index + Math.imul(tableSalt, 0x165667b1) + 1) >>> 0));
  const c = hex8(mix32((index + Math.imul(tableSalt, 0x2545f491) + 2) >>> 0));
  const d = hex8(mix32((index + Math.imul(tableSalt, 0x61c88647) + 3) >>> 0));
  const variant = (8 + (Number.parseInt(c[0]!, 16) & 3)).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
