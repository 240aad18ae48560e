import { describe, expect, it } from 'vitest';
import {
  addDays,
  attainmentBp,
  averageCycleDays,
  cadenceCompliance,
  callConversionBp,
  callsPerDay,
  churnDate,
  coefficientOfVariation,
  currentPeriod,
  dateIn,
  growthBp,
  netRevenueRetentionBp,
  periodContaining,
  retentionState,
  shiftPeriod,
  trailingPeriods,
  winRateBp,
  workingDays,
} from './formulas.ts';

const MSK = 'Europe/Moscow';

describe('periods in the workspace time zone', () => {
  it('puts 31 March 21:30 UTC into April in Moscow (UTC+3)', () => {
    const now = new Date('2026-03-31T21:30:00Z');
    expect(dateIn(now, MSK)).toBe('2026-04-01');
    expect(currentPeriod('month', now, MSK)).toEqual({
      kind: 'month',
      from: '2026-04-01',
      to: '2026-04-30',
      label: '2026-04',
    });
    expect(currentPeriod('quarter', now, MSK).label).toBe('2026-Q2');
    // Still March (and Q1) in UTC.
    expect(currentPeriod('quarter', now, 'UTC').label).toBe('2026-Q1');
  });

  it('keeps 31 December 20:59 UTC in the old year in Moscow, and moves 21:00 UTC to the new one', () => {
    expect(currentPeriod('quarter', new Date('2026-12-31T20:59:59Z'), MSK)).toMatchObject({
      from: '2026-10-01',
      to: '2026-12-31',
      label: '2026-Q4',
    });
    expect(currentPeriod('quarter', new Date('2026-12-31T21:00:00Z'), MSK).label).toBe('2027-Q1');
  });

  it('knows February in leap and common years', () => {
    expect(periodContaining('month', '2028-02-10').to).toBe('2028-02-29');
    expect(periodContaining('month', '2026-02-10').to).toBe('2026-02-28');
  });

  it('shifts periods across year edges', () => {
    const q1 = periodContaining('quarter', '2026-02-15');
    expect(shiftPeriod(q1, -1).label).toBe('2025-Q4');
    expect(shiftPeriod(q1, -4).label).toBe('2025-Q1');
    expect(shiftPeriod(periodContaining('month', '2026-01-31'), -1)).toMatchObject({
      from: '2025-12-01',
      to: '2025-12-31',
    });
    expect(trailingPeriods(periodContaining('month', '2026-02-01'), 3).map((p) => p.label)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('tier 1', () => {
  it('counts working days as a walk day by day would', () => {
    const walk = (from: string, to: string) => {
      let count = 0;
      for (let day = from; day <= to; day = addDays(day, 1)) {
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        if (weekday !== 0 && weekday !== 6) count += 1;
      }
      return count;
    };
    for (let start = 0; start < 14; start++) {
      for (const length of [-1, 0, 1, 2, 5, 6, 7, 8, 13, 27, 30, 91, 365]) {
        const from = addDays('2026-02-23', start);
        const to = addDays(from, length);
        expect(workingDays(from, to), `${from}..${to}`).toBe(walk(from, to));
      }
    }
  });

  it('counts calls per working day elapsed and the conversion', () => {
    expect(workingDays('2026-03-02', '2026-03-08')).toBe(5);
    const march = periodContaining('month', '2026-03-01');
    // 2–4 March are three working days (1 March 2026 is a Sunday).
    expect(callsPerDay(90, march, '2026-03-04')).toBe(30);
    expect(callsPerDay(0, march, '2026-02-28')).toBe(0);
    expect(callsPerDay(22 * 10, march, '2026-04-10')).toBe(10);
    expect(callConversionBp(200, 9)).toBe(450);
    expect(callConversionBp(0, 0)).toBeNull();
  });
});

describe('tier 2', () => {
  it('computes win rate and cycle', () => {
    expect(winRateBp(3, 1)).toBe(7500);
    expect(winRateBp(0, 0)).toBeNull();
    expect(averageCycleDays(45, 2)).toBe(22.5);
    expect(averageCycleDays(0, 0)).toBeNull();
  });
});

describe('tier 3', () => {
  it('computes NRR of the base cohort', () => {
    expect(netRevenueRetentionBp({ baseRevenue: 100_000, retainedRevenue: 112_000 })).toBe(11200);
    expect(netRevenueRetentionBp({ baseRevenue: 0, retainedRevenue: 5 })).toBeNull();
  });

  it('classifies retention with a churn window of N days', () => {
    const from = '2026-04-01';
    // Paid 1 March, again in April: retained.
    expect(retentionState({ lastBefore: '2026-03-01', lastBy: '2026-04-20' }, from, '2026-06-30', 180)).toBe(
      'retained',
    );
    // Paid 1 October 2025, nothing since: 180 days after is 30 March, so lapsed before Q2.
    expect(retentionState({ lastBefore: '2025-10-01', lastBy: '2025-10-01' }, from, '2026-06-30', 180)).toBe(
      'lapsed',
    );
    // Paid 15 December 2025: live on 1 April (107 days), churned by 30 June (197 days).
    expect(retentionState({ lastBefore: '2025-12-15', lastBy: '2025-12-15' }, from, '2026-06-30', 180)).toBe(
      'churned',
    );
    // Same client judged on 1 May (today): still within the window.
    expect(retentionState({ lastBefore: '2025-12-15', lastBy: '2025-12-15' }, from, '2026-05-01', 180)).toBe(
      'retained',
    );
    expect(retentionState({ lastBefore: null, lastBy: '2026-04-03' }, from, '2026-06-30', 180)).toBe('new');
    expect(retentionState({ lastBefore: null, lastBy: null }, from, '2026-06-30', 180)).toBe('none');
    // Exactly N days is still live.
    expect(
      retentionState({ lastBefore: '2026-01-01', lastBy: '2026-01-01' }, '2026-01-02', '2026-06-30', 180),
    ).toBe('retained');
    expect(churnDate('2026-01-01', 180)).toBe('2026-07-01');
  });

  it('measures cadence compliance per client', () => {
    expect(
      cadenceCompliance([
        { companyId: 'a', longestGapDays: 3, cadenceDays: 4 },
        { companyId: 'b', longestGapDays: 4, cadenceDays: 4 },
        { companyId: 'c', longestGapDays: 9, cadenceDays: 4 },
      ]),
    ).toEqual({ clients: 3, compliant: 2, complianceBp: 6667 });
    expect(cadenceCompliance([]).complianceBp).toBeNull();
  });
});

describe('plans, growth and load', () => {
  it('computes attainment and growth', () => {
    expect(attainmentBp(750, 1000)).toBe(7500);
    expect(attainmentBp(5, 0)).toBeNull();
    expect(growthBp(125, 100)).toBe(2500);
    expect(growthBp(80, 100)).toBe(-2000);
    expect(growthBp(10, 0)).toBeNull();
  });

  it('measures uneven load by the coefficient of variation', () => {
    expect(coefficientOfVariation([10, 10, 10])).toBe(0);
    expect(coefficientOfVariation([5, 15])).toBe(0.5);
    expect(coefficientOfVariation([3])).toBeNull();
    expect(coefficientOfVariation([0, 0])).toBeNull();
  });
});
