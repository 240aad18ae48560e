import { describe, expect, it } from 'vitest';
import { conversionBp, deriveTarget, splitTarget } from './derive.ts';

describe('a personal plan derived from capacity and conversion', () => {
  it('uses the person’s own conversion when they have enough history', () => {
    const derived = deriveTarget({
      cap: 25,
      clients: 18,
      person: { leads: 25, won: 8 }, // 32 %
      team: { leads: 100, won: 20 },
      company: { leads: 300, won: 45 },
      minLeads: 10,
    });
    // (25 − 18) × 32 % = 2.24 → 2
    expect(derived.target).toBe(2);
    expect(derived.formula).toMatchObject({
      freeCapacity: 7,
      conversionBp: 3200,
      conversionSource: 'person',
    });
    expect(derived.formula.expression).toBe('(25 − 18) × 32.00 % (8/25, person) = 2');
  });

  it('falls back to the team, then the company, when the person has too little history', () => {
    const thin = { leads: 3, won: 3 };
    expect(
      deriveTarget({
        cap: 20,
        clients: 5,
        person: thin,
        team: { leads: 40, won: 10 },
        company: { leads: 1, won: 1 },
        minLeads: 10,
      }).formula,
    ).toMatchObject({ conversionSource: 'team', conversionBp: 2500 });
    const derived = deriveTarget({
      cap: 20,
      clients: 5,
      person: thin,
      team: { leads: 4, won: 1 },
      company: { leads: 200, won: 30 },
      minLeads: 10,
    });
    expect(derived.formula.conversionSource).toBe('company');
    // 15 × 15 % = 2.25 → 2
    expect(derived.target).toBe(2);
  });

  it('rounds half up and never plans for more clients than the cap allows', () => {
    expect(
      deriveTarget({
        cap: 10,
        clients: 0,
        person: { leads: 20, won: 5 },
        team: null,
        company: { leads: 0, won: 0 },
        minLeads: 10,
      }).target,
    ).toBe(3); // 2.5 → 3
    expect(
      deriveTarget({
        cap: 10,
        clients: 12,
        person: { leads: 20, won: 5 },
        team: null,
        company: { leads: 0, won: 0 },
        minLeads: 10,
      }).target,
    ).toBe(0);
    expect(conversionBp({ leads: 3, won: 1 })).toBe(3333);
  });
});

describe('splitting a plan by shares', () => {
  it('adds up to the parent exactly when the shares make 100 %', () => {
    expect(splitTarget(100, [3333, 3333, 3334])).toEqual([33, 33, 34]);
    expect(splitTarget(1_000_000_01, [5000, 5000])).toEqual([50_000_001, 50_000_000]);
    const parts = splitTarget(7, [2500, 2500, 2500, 2500]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('leaves the rest unplanned when the shares make less than 100 %', () => {
    expect(splitTarget(1000, [4000, 4000])).toEqual([400, 400]);
  });
});
