import { describe, expect, it } from 'vitest';
import { formatBasisPoints, isoToLocal, localToIso, todayIn } from './format.ts';

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
});
