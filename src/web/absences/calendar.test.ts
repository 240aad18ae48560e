import { describe, expect, it } from 'vitest';
import type { Absence } from '../../contract/sales-flow.ts';
import { daysOfMonth, isCurrent, isWeekend, rowSegments, shiftMonth } from './calendar.ts';

const absence = (id: string, startsOn: string, endsOn: string): Absence => ({
  id,
  userId: '00000000-0000-4000-8000-000000000001',
  userName: 'Ivanova',
  kind: 'vacation',
  startsOn,
  endsOn,
  note: '',
  handedBackAt: null,
  version: 1,
});

describe('the absence calendar grid', () => {
  it('knows the length of every month, leap February included', () => {
    expect(daysOfMonth('2026-11')).toHaveLength(30);
    expect(daysOfMonth('2026-12').at(-1)).toBe('2026-12-31');
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2027-02')).toHaveLength(28);
  });

  it('moves across year ends', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    expect(shiftMonth('2026-11', 14)).toBe('2028-01');
  });

  it('marks Saturdays and Sundays', () => {
    expect(isWeekend('2026-11-21')).toBe(true);
    expect(isWeekend('2026-11-22')).toBe(true);
    expect(isWeekend('2026-11-23')).toBe(false);
  });

  it('draws an absence once across its days, cut at the month’s edges', () => {
    const days = daysOfMonth('2026-11');
    const segments = rowSegments(days, [
      absence('a', '2026-10-28', '2026-11-03'),
      absence('b', '2026-11-23', '2026-11-25'),
      absence('c', '2026-11-29', '2026-12-05'),
    ]);
    const drawn = segments.filter((s) => s.kind === 'absence');
    expect(drawn.map((s) => [s.absence.id, s.span])).toEqual([
      ['a', 3],
      ['b', 3],
      ['c', 2],
    ]);
    // Every day of the month is covered exactly once.
    expect(segments.reduce((sum, s) => sum + (s.kind === 'absence' ? s.span : 1), 0)).toBe(30);
  });

  it('lets a later overlapping absence continue after the earlier one', () => {
    const segments = rowSegments(daysOfMonth('2026-11'), [
      absence('late', '2026-11-05', '2026-11-10'),
      absence('early', '2026-11-03', '2026-11-06'),
    ]);
    const drawn = segments.filter((s) => s.kind === 'absence');
    expect(drawn.map((s) => [s.absence.id, s.span])).toEqual([
      ['early', 4],
      ['late', 4],
    ]);
  });

  it('counts the first and the last day as absent', () => {
    const a = absence('a', '2026-11-23', '2026-11-25');
    expect(isCurrent(a, '2026-11-23')).toBe(true);
    expect(isCurrent(a, '2026-11-25')).toBe(true);
    expect(isCurrent(a, '2026-11-26')).toBe(false);
  });
});
