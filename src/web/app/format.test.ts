import { describe, expect, it } from 'vitest';
import { formatBasisPoints, formatMoneyExact, isoToLocal, localToIso, todayIn } from './format.ts';

describe('days and instants in the web app', () => {
  it('takes today in the workspace’s time zone, not the browser’s', () => {
    const lateEvening = new Date('2026-11-23T22:30:00Z');
    expect(todayIn('UTC', lateEvening)).toBe('2026-11-23');
    expect(todayIn('Europe/Moscow', lateEvening)).toBe('2026-11-24');
    expect(todayIn('America/New_York', new Date('2026-12-01T03:00:00Z'))).toBe('2026-11-30');
    expect(todayIn('Europe/Moscow', new Date('2026-12-31T21:00:00Z'))).toBe('2027-01-01');
  });

  it('turns a picker’s local date-time into an instant and back', () => {
    const iso = localToIso('2026-11-23 14:30:00');
    expect(iso).toMatch(/^2026-11-2\dT\d\d:30:00\.000Z$/);
    expect(isoToLocal(iso)).toBe('2026-11-23 14:30:00');
    expect(localToIso('')).toBeNull();
    expect(localToIso('not a date')).toBeNull();
    expect(isoToLocal(null)).toBeNull();
  });

  it('shows basis points as a percentage', () => {
    expect(formatBasisPoints(2500).replace(/\s/g, '')).toMatch(/^25(\.0)?%$/);
    expect(formatBasisPoints(10_000).replace(/\s/g, '')).toBe('100%');
  });

  it('shows money to the kopeck, exactly, from minor units', () => {
    expect(formatMoneyExact(2_074_122, 'RUB').replace(/[^\d.,]/g, '')).toMatch(/^20[,.\s]?741[.,]22$/);
    // 2^53 − 1 kopecks: beyond what a float divided by 100 keeps exactly.
    expect(formatMoneyExact(Number.MAX_SAFE_INTEGER, 'USD').replace(/\D/g, '')).toBe('9007199254740991');
    expect(formatMoneyExact(5, 'RUB').replace(/[^\d.,]/g, '')).toMatch(/^0[.,]05$/);
  });
});
