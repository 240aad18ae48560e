import { describe, expect, it } from 'vitest';
import {
  type AssignmentSubject,
  accountWeight,
  type CandidateFacts,
  DEFAULT_POLICY,
  rankCandidates,
  requiredGradeRank,
} from './rank-candidates.ts';

const client: AssignmentSubject = {
  role: 'am',
  size: 'medium',
  keyAccount: false,
  industry: null,
  region: null,
};

let counter = 0;
function person(name: string, facts: Partial<CandidateFacts> = {}): CandidateFacts {
  counter += 1;
  return {
    userId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    name,
    gradeName: 'Middle',
    gradeRank: 2,
    personalCap: null,
    gradeCap: null,
    accounts: 10,
    weightedAccounts: 10,
    openDeals: 0,
    openLeads: 0,
    openTasks: 0,
    skills: [],
    industries: [],
    region: null,
    awayUntil: null,
    lastAssignedAt: null,
    ...facts,
  };
}

describe('rankCandidates', () => {
  it('chooses the lowest load among eligible and says so with the figures', () => {
    const suggestion = rankCandidates(client, [
      person('Petrov', { accounts: 20, weightedAccounts: 20 }),
      person('Ivanova', { accounts: 18, weightedAccounts: 18, gradeName: 'Senior', gradeRank: 3 }),
    ]);
    expect(suggestion.chosen?.name).toBe('Ivanova');
    expect(suggestion.rule).toBe('lowest_load');
    expect(suggestion.explanation).toBe(
      'Ivanova: 18/25 clients, Senior, load 18; chosen: lowest load among eligible',
    );
    expect(suggestion.candidates.map((c) => [c.name, c.rank])).toEqual([
      ['Ivanova', 1],
      ['Petrov', 2],
    ]);
  });

  it('counts open deals, leads and tasks into the load with the policy weights', () => {
    const suggestion = rankCandidates(client, [
      person('Busy', { accounts: 10, weightedAccounts: 10, openDeals: 8, openTasks: 40 }),
      person('Calm', { accounts: 11, weightedAccounts: 11 }),
    ]);
    // Busy: 10 + 8 × 0.25 + 40 × 0.05 = 14; Calm: 11.
    expect(suggestion.candidates.map((c) => [c.name, c.load])).toEqual([
      ['Calm', 11],
      ['Busy', 14],
    ]);
  });

  it('breaks a tie on load in favour of whoever was assigned least recently, never-assigned first', () => {
    const suggestion = rankCandidates(client, [
      person('Recent', { lastAssignedAt: new Date('2026-11-20T10:00:00Z') }),
      person('Earlier', { lastAssignedAt: new Date('2026-11-01T10:00:00Z') }),
      person('Never'),
    ]);
    expect(suggestion.candidates.map((c) => c.name)).toEqual(['Never', 'Earlier', 'Recent']);
    expect(suggestion.rule).toBe('least_recently_assigned');
    expect(suggestion.explanation).toContain('equal load; assigned least recently');
  });

  it('prefers industry experience among eligible, even at a higher load', () => {
    const fintech = { ...client, industry: 'Fintech' };
    const suggestion = rankCandidates(fintech, [
      person('Generalist', { accounts: 5, weightedAccounts: 5 }),
      person('Ivanova', { accounts: 18, weightedAccounts: 18, industries: ['fintech'] }),
    ]);
    expect(suggestion.chosen?.name).toBe('Ivanova');
    expect(suggestion.rule).toBe('industry_experience');
    expect(suggestion.chosen?.summary).toContain('Fintech');
  });

  it('never breaks the cap: a person at their cap is not eligible', () => {
    const suggestion = rankCandidates(client, [
      person('Full', { accounts: 25, weightedAccounts: 5 }),
      person('Room', { accounts: 24, weightedAccounts: 30 }),
    ]);
    expect(suggestion.chosen?.name).toBe('Room');
    expect(suggestion.rule).toBe('only_eligible');
    const full = suggestion.candidates.find((c) => c.name === 'Full')!;
    expect(full.eligible).toBe(false);
    expect(full.blockers).toEqual([{ code: 'at_cap', accounts: 25, cap: 25 }]);
  });

  it('takes the cap from the person first, then their grade, then the policy', () => {
    const suggestion = rankCandidates(client, [
      person('Personal', { accounts: 12, personalCap: 12, gradeCap: 30 }),
      person('Graded', { accounts: 12, gradeCap: 15 }),
      person('Default', { accounts: 12 }),
    ]);
    const caps = Object.fromEntries(suggestion.candidates.map((c) => [c.name, [c.cap, c.eligible]]));
    expect(caps).toEqual({ Personal: [12, false], Graded: [15, true], Default: [25, true] });
  });

  it('applies no cap to tier-2 sales people and counts their pipeline instead', () => {
    const lead: AssignmentSubject = { ...client, role: 'sales' };
    const suggestion = rankCandidates(lead, [
      person('Closer', { accounts: 0, weightedAccounts: 0, openDeals: 12, openLeads: 2 }),
      person('Fresh', { accounts: 0, weightedAccounts: 0, openDeals: 3 }),
    ]);
    expect(suggestion.chosen?.name).toBe('Fresh');
    expect(suggestion.chosen?.cap).toBeNull();
    expect(suggestion.chosen?.summary).toBe('Fresh: 3 open deals, 0 open leads, Middle, load 0.75');
  });

  it('keeps key accounts and big clients for senior grades', () => {
    const key = { ...client, keyAccount: true };
    const suggestion = rankCandidates(key, [
      person('Junior', { gradeName: 'Junior', gradeRank: 1, accounts: 1, weightedAccounts: 1 }),
      person('Senior', { gradeName: 'Senior', gradeRank: 3, accounts: 20, weightedAccounts: 20 }),
      person('Ungraded', { gradeName: null, gradeRank: null, accounts: 0, weightedAccounts: 0 }),
    ]);
    expect(suggestion.chosen?.name).toBe('Senior');
    expect(suggestion.candidates.find((c) => c.name === 'Junior')?.blockers).toEqual([
      { code: 'grade', required: 3, rank: 1 },
    ]);
    expect(requiredGradeRank({ ...client, size: 'enterprise' }, DEFAULT_POLICY)).toBe(3);
    expect(requiredGradeRank({ ...client, size: 'large' }, DEFAULT_POLICY)).toBe(2);
    expect(requiredGradeRank({ ...client, size: 'small' }, DEFAULT_POLICY)).toBe(0);
  });

  it('passes over people who are away', () => {
    const suggestion = rankCandidates(client, [
      person('Away', { accounts: 1, weightedAccounts: 1, awayUntil: '2026-12-05' }),
      person('Here', { accounts: 20, weightedAccounts: 20 }),
    ]);
    expect(suggestion.chosen?.name).toBe('Here');
    expect(suggestion.candidates[1]?.summary).toContain('away until 2026-12-05');
  });

  it('says so when nobody is eligible and names the nearest, closest first', () => {
    const suggestion = rankCandidates(client, [
      person('AwayAndFull', { accounts: 30, awayUntil: '2026-12-01' }),
      person('FarOver', { accounts: 28 }),
      person('JustFull', { accounts: 25 }),
    ]);
    expect(suggestion.chosen).toBeNull();
    expect(suggestion.rule).toBe('nobody_eligible');
    expect(suggestion.nearest.map((c) => c.name)).toEqual(['JustFull', 'FarOver', 'AwayAndFull']);
    expect(suggestion.explanation).toMatch(/^Nobody is eligible .* Nearest: JustFull: 25\/25 clients/);
  });

  it('answers with nobody when nobody holds the role', () => {
    const suggestion = rankCandidates(client, []);
    expect(suggestion).toMatchObject({ chosen: null, rule: 'no_candidates', candidates: [], nearest: [] });
  });

  it('is deterministic whatever the input order', () => {
    const people = [person('A'), person('B'), person('C', { accounts: 3, weightedAccounts: 3 })];
    const forward = rankCandidates(client, people).candidates.map((c) => c.userId);
    const backward = rankCandidates(client, [...people].reverse()).candidates.map((c) => c.userId);
    expect(backward).toEqual(forward);
  });
});

describe('accountWeight', () => {
  it('weighs a paying client by its monthly payment against the reference, within 0.5–3', () => {
    expect(accountWeight({ size: 'small', monthlyPaymentMinor: 200_000_00 }, 100_000_00)).toBe(2);
    expect(accountWeight({ size: 'small', monthlyPaymentMinor: 1_000_000_00 }, 100_000_00)).toBe(3);
    expect(accountWeight({ size: 'small', monthlyPaymentMinor: 1_000_00 }, 100_000_00)).toBe(0.5);
  });

  it('weighs a client without a monthly payment by its size', () => {
    expect(accountWeight({ size: 'enterprise', monthlyPaymentMinor: 0 }, 100_000_00)).toBe(2);
    expect(accountWeight({ size: 'micro', monthlyPaymentMinor: 0 }, 100_000_00)).toBe(0.5);
    expect(accountWeight({ size: null, monthlyPaymentMinor: 0 }, 100_000_00)).toBe(1);
  });
});
