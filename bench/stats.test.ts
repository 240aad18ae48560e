import { describe, expect, it } from 'vitest';
import { quantile, round, summarize } from './stats.ts';

describe('quantile', () => {
  it('interpolates between the nearest ranks', () => {
    const sorted = [1, 2, 3, 4];
    expect(quantile(sorted, 0.5)).toBe(2.5);
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 1)).toBe(4);
    expect(quantile(sorted, 0.25)).toBeCloseTo(1.75);
  });

  it('gives the value itself for one sample and NaN for none', () => {
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('matches the textbook p95 and p99 of 1..100', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.95)).toBeCloseTo(95.05);
    expect(quantile(sorted, 0.99)).toBeCloseTo(99.01);
  });
});

describe('summarize', () => {
  it('sorts numerically, counts requests per second of wall-clock time and keeps errors', () => {
    const summary = summarize([10, 2, 30, 4], 2_000, 1);
    expect(summary).toMatchObject({ requests: 4, errors: 1, p50: 7, mean: 11.5, max: 30, rps: 2 });
  });

  it('handles an empty run', () => {
    const summary = summarize([], 1_000);
    expect(summary.requests).toBe(0);
    expect(summary.p50).toBeNaN();
    expect(summary.rps).toBe(0);
  });
});

describe('round', () => {
  it('keeps about four significant digits', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(12.3456)).toBe(12.35);
    expect(round(123.456)).toBe(123.5);
    expect(round(Number.NaN)).toBeNaN();
  });
});
