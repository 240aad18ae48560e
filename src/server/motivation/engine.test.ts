import { describe, expect, it } from 'vitest';
import {
  applyBp,
  attainmentBp,
  coefficientFor,
  computePayoutStatement,
  type EngineFact,
  type EngineScheme,
  localDate,
} from './engine.ts';

const MANAGER = 'u-manager';
const OTHER = 'u-other';

/** Seed 003's kind of scheme: base 80 000 ₽, 30 % of new sales, 1 % of monthly payments, 15 % of upsells. */
const seed003: EngineScheme = {
  id: 'scheme-1',
  currency: 'RUB',
  rules: [
    { id: 'base', type: 'base_salary', amountMinor: 80_000_00 },
    { id: 'new', type: 'percent_of_revenue', revenueKind: 'new_sale', rateBp: 30_00 },
    { id: 'monthly', type: 'percent_of_revenue', revenueKind: 'recurring', rateBp: 1_00 },
    { id: 'upsell', type: 'percent_of_revenue', revenueKind: 'upsell', rateBp: 15_00 },
  ],
  // below 50 % × 0, below 80 % × 0.7, from 80 % × 1, from 120 % × 1.2
  coefficients: [
    { fromBp: 0, coefficientBp: 0 },
    { fromBp: 50_00, coefficientBp: 70_00 },
    { fromBp: 80_00, coefficientBp: 100_00 },
    { fromBp: 120_00, coefficientBp: 120_00 },
  ],
  bonusCapMinor: null,
};

let n = 0;
function fact(
  kind: EngineFact['kind'],
  amountMinor: number,
  at = '2026-03-10',
  extra: Partial<EngineFact> = {},
): EngineFact {
  n += 1;
  return {
    id: `f${n}`,
    kind,
    amountMinor,
    currency: 'RUB',
    at,
    dealOwnerId: MANAGER,
    accountManagerId: MANAGER,
    dealId: `d${n}`,
    paymentId: `p${n}`,
    ...extra,
  };
}

const march = { userId: MANAGER, period: '2026-03', timeZone: 'Europe/Moscow' };
const marchFacts = () => [
  fact('new_sale', 300_000_00),
  fact('recurring', 50_000_00),
  fact('recurring', 50_000_00),
  fact('recurring', 50_000_00),
  fact('upsell', 100_000_00),
];

describe('the seed 003 scheme, worked', () => {
  it('pays every line and the full bonus at 100 % of plan', () => {
    const result = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: marchFacts(),
      attainment: { actual: 300_000_00, target: 300_000_00 },
    });
    // 30 % × 300 000 = 90 000; 1 % × 50 000 × 3 = 1 500; 15 % × 100 000 = 15 000 → bonus 106 500 ₽
    expect(result.lines.map((l) => [l.kind, l.ruleId, l.amountMinor])).toEqual([
      ['base_salary', 'base', 80_000_00],
      ['commission', 'new', 90_000_00],
      ['commission', 'monthly', 500_00],
      ['commission', 'monthly', 500_00],
      ['commission', 'monthly', 500_00],
      ['commission', 'upsell', 15_000_00],
    ]);
    expect(result.totals).toEqual({
      baseSalaryMinor: 80_000_00,
      bonusBeforeMinor: 106_500_00,
      coefficientBp: 100_00,
      bonusAfterMinor: 106_500_00,
      clawbackMinor: 0,
      correctionMinor: 0,
      totalBeforeMinor: 186_500_00,
      totalMinor: 186_500_00,
    });
    expect(result.attainmentBp).toBe(100_00);
  });

  it('multiplies the bonus part, not the base, by 0.7 below 80 % of plan', () => {
    const result = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: marchFacts(),
      attainment: { actual: 300_000_00, target: 500_000_00 }, // 60 %
    });
    expect(result.attainmentBp).toBe(60_00);
    expect(result.totals.coefficientBp).toBe(70_00);
    // 106 500 × 0.7 = 74 550
    expect(result.totals.bonusAfterMinor).toBe(74_550_00);
    expect(result.totals.totalMinor).toBe(154_550_00);
    expect(result.totals.totalBeforeMinor).toBe(186_500_00);
    const coefficient = result.lines.find((l) => l.kind === 'coefficient')!;
    expect(coefficient).toMatchObject({ amountMinor: -31_950_00, rateBp: 70_00, baseMinor: 106_500_00 });
  });

  it('pays only the base below 50 %, and 79.99 % is still below 80 %', () => {
    const low = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: marchFacts(),
      attainment: { actual: 49_999, target: 100_000 },
    });
    expect(low.totals).toMatchObject({ coefficientBp: 0, bonusAfterMinor: 0, totalMinor: 80_000_00 });
    expect(attainmentBp({ actual: 7_999, target: 10_000 })).toBe(79_99);
    expect(coefficientFor(seed003.coefficients, 79_99)).toBe(70_00);
    expect(coefficientFor(seed003.coefficients, 80_00)).toBe(100_00);
  });

  it('accelerates above 120 % of plan', () => {
    const result = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: marchFacts(),
      attainment: { actual: 130, target: 100 },
    });
    expect(result.totals.bonusAfterMinor).toBe(127_800_00);
  });

  it('without a plan the coefficient is 100 %', () => {
    const result = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: marchFacts(),
      attainment: null,
    });
    expect(result.attainmentBp).toBeNull();
    expect(result.totals.coefficientBp).toBe(100_00);
  });

  it('credits new sales to the deal owner and monthly payments to the client’s AM', () => {
    const facts = [
      fact('new_sale', 100_000_00, '2026-03-05', { dealOwnerId: OTHER, accountManagerId: MANAGER }),
      fact('recurring', 40_000_00, '2026-03-05', { dealOwnerId: OTHER, accountManagerId: MANAGER }),
      fact('upsell', 10_000_00, '2026-03-05', { dealOwnerId: null, accountManagerId: MANAGER }),
    ];
    const mine = computePayoutStatement({ ...march, scheme: seed003, facts, attainment: null });
    expect(mine.lines.filter((l) => l.kind === 'commission').map((l) => l.ruleId)).toEqual([
      'monthly',
      'upsell',
    ]);
    const theirs = computePayoutStatement({
      ...march,
      userId: OTHER,
      scheme: seed003,
      facts,
      attainment: null,
    });
    expect(theirs.lines.filter((l) => l.kind === 'commission').map((l) => l.ruleId)).toEqual(['new']);
  });

  it('every line points to the fact, payment and deal it came from', () => {
    const one = fact('new_sale', 10_000_00, '2026-03-05', { invoiceId: 'inv-1', companyId: 'c-1' });
    const [, line] = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: [one],
      attainment: null,
    }).lines;
    expect(line).toMatchObject({
      kind: 'commission',
      ruleId: 'new',
      revenueFactId: one.id,
      paymentId: one.paymentId,
      dealId: one.dealId,
      invoiceId: 'inv-1',
      companyId: 'c-1',
      baseMinor: 10_000_00,
      rateBp: 30_00,
      amountMinor: 3_000_00,
      occurredOn: '2026-03-05',
    });
  });
});

describe('month edges in the workspace time zone', () => {
  it('a payment on the 31st at 23:30 Moscow time belongs to that month', () => {
    const late = fact('new_sale', 100_00, '2026-01-31T20:30:00Z'); // 23:30 in Moscow
    const after = fact('new_sale', 200_00, '2026-01-31T21:30:00Z'); // 00:30 on 1 February in Moscow
    expect(localDate(late.at, 'Europe/Moscow')).toBe('2026-01-31');
    expect(localDate(after.at, 'Europe/Moscow')).toBe('2026-02-01');
    const january = computePayoutStatement({
      userId: MANAGER,
      period: '2026-01',
      timeZone: 'Europe/Moscow',
      scheme: seed003,
      facts: [late, after],
      attainment: null,
    });
    expect(january.lines.filter((l) => l.kind === 'commission').map((l) => l.revenueFactId)).toEqual([
      late.id,
    ]);
    const february = computePayoutStatement({
      userId: MANAGER,
      period: '2026-02',
      timeZone: 'Europe/Moscow',
      scheme: seed003,
      facts: [late, after],
      attainment: null,
    });
    expect(february.lines.filter((l) => l.kind === 'commission').map((l) => l.revenueFactId)).toEqual([
      after.id,
    ]);
    // In UTC the second payment is still January's.
    const utc = computePayoutStatement({
      userId: MANAGER,
      period: '2026-01',
      timeZone: 'UTC',
      scheme: seed003,
      facts: [late, after],
      attainment: null,
    });
    expect(utc.lines.filter((l) => l.kind === 'commission')).toHaveLength(2);
  });

  it('a fixed bonus per won deal counts the deal in the month it was won, locally', () => {
    const scheme: EngineScheme = {
      ...seed003,
      rules: [
        { id: 'won', type: 'fixed_per_event', event: 'deal_won', amountMinor: 5_000_00, capMinor: 12_000_00 },
      ],
    };
    const events = [
      { id: 'e1', event: 'deal_won' as const, userId: MANAGER, at: '2026-03-31T20:59:00Z', dealId: 'd-a' },
      { id: 'e2', event: 'deal_won' as const, userId: MANAGER, at: '2026-03-02T10:00:00Z', dealId: 'd-b' },
      { id: 'e3', event: 'deal_won' as const, userId: MANAGER, at: '2026-03-03T10:00:00Z', dealId: 'd-c' },
      { id: 'e4', event: 'deal_won' as const, userId: MANAGER, at: '2026-03-31T21:00:00Z', dealId: 'd-d' }, // April in Moscow
      {
        id: 'e5',
        event: 'qualified_lead' as const,
        userId: MANAGER,
        at: '2026-03-03T10:00:00Z',
        leadId: 'l-a',
      },
    ];
    const result = computePayoutStatement({ ...march, scheme, facts: [], events, attainment: null });
    expect(result.lines.map((l) => [l.kind, l.dealId, l.amountMinor])).toEqual([
      ['event_bonus', 'd-a', 5_000_00],
      ['event_bonus', 'd-b', 5_000_00],
      ['event_bonus', 'd-c', 5_000_00],
      ['rule_cap', null, -3_000_00],
    ]);
    expect(result.totals.bonusAfterMinor).toBe(12_000_00);
  });
});

describe('caps', () => {
  it('cuts a rule at its cap and the bonus total at the scheme’s cap, after the coefficient', () => {
    const scheme: EngineScheme = {
      ...seed003,
      rules: [
        { id: 'new', type: 'percent_of_revenue', revenueKind: 'new_sale', rateBp: 30_00 },
        {
          id: 'upsell',
          type: 'percent_of_revenue',
          revenueKind: 'upsell',
          rateBp: 15_00,
          capMinor: 10_000_00,
        },
      ],
      bonusCapMinor: 100_000_00,
    };
    const facts = [fact('upsell', 100_000_00), fact('new_sale', 400_000_00)];
    const result = computePayoutStatement({
      ...march,
      scheme,
      facts,
      attainment: { actual: 130, target: 100 },
    });
    // upsell 15 000 capped to 10 000; new 120 000; bonus 130 000 × 1.2 = 156 000 → capped at 100 000
    expect(result.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['commission', 120_000_00],
      ['commission', 15_000_00],
      ['rule_cap', -5_000_00],
      ['coefficient', 26_000_00],
      ['bonus_cap', -56_000_00],
    ]);
    expect(result.totals).toMatchObject({
      bonusBeforeMinor: 130_000_00,
      bonusAfterMinor: 100_000_00,
      totalMinor: 100_000_00,
    });
  });
});

describe('clawback and corrections', () => {
  it('money taken back is a negative line in the month it happens, not scaled by the coefficient', () => {
    const refund = fact('new_sale', -200_000_00, '2026-03-20');
    const result = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: [...marchFacts(), refund],
      attainment: { actual: 60, target: 100 },
    });
    const clawback = result.lines.find((l) => l.kind === 'clawback')!;
    expect(clawback).toMatchObject({
      revenueFactId: refund.id,
      baseMinor: -200_000_00,
      rateBp: 30_00,
      amountMinor: -60_000_00,
    });
    expect(result.totals.clawbackMinor).toBe(-60_000_00);
    // 80 000 + 106 500 × 0.7 − 60 000
    expect(result.totals.totalMinor).toBe(94_550_00);
  });

  it('an item of a frozen earlier month becomes a correction line, whatever its date', () => {
    const late = fact('new_sale', 10_000_00, '2026-02-27', { correctionOf: '2026-02' });
    const result = computePayoutStatement({
      ...march,
      scheme: seed003,
      facts: [late],
      attainment: { actual: 0, target: 100 },
    });
    expect(result.lines.find((l) => l.kind === 'correction')).toMatchObject({
      revenueFactId: late.id,
      correctionOf: '2026-02',
      amountMinor: 3_000_00,
    });
    expect(result.totals.correctionMinor).toBe(3_000_00);
    // not multiplied by the × 0 of this month's missed plan
    expect(result.totals.totalMinor).toBe(83_000_00);
  });
});

describe('rounding: per line, half away from zero, to the minor unit', () => {
  it('rounds each basis-point line on its own', () => {
    expect(applyBp(12_345, 1_00)).toBe(123); // 123.45
    expect(applyBp(12_350, 1_00)).toBe(124); // 123.5 → 124
    expect(applyBp(-12_350, 1_00)).toBe(-124);
    expect(applyBp(10_002, 25)).toBe(25); // 0.25 % of 100.02 ₽ = 25.005 kopecks
    expect(applyBp(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    // three payments of 0.50 ₽ at 1 %: each 0.005 → 0.01, so 0.03, not 0.015 → 0.02
    const facts = [
      fact('recurring', 50, '2026-03-01'),
      fact('recurring', 50, '2026-03-02'),
      fact('recurring', 50, '2026-03-03'),
    ];
    const result = computePayoutStatement({
      ...march,
      scheme: { ...seed003, rules: [seed003.rules[2]!] },
      facts,
      attainment: null,
    });
    expect(result.totals.bonusBeforeMinor).toBe(3);
  });

  it('keeps facts in another currency off the statement and reports them', () => {
    const usd = fact('new_sale', 1_000_00, '2026-03-05', { currency: 'USD' });
    const result = computePayoutStatement({ ...march, scheme: seed003, facts: [usd], attainment: null });
    expect(result.skipped).toEqual([{ revenueFactId: usd.id, currency: 'USD', amountMinor: 1_000_00 }]);
    expect(result.totals.bonusBeforeMinor).toBe(0);
  });
});
