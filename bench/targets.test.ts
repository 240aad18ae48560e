import { describe, expect, it } from 'vitest';
import { checkTargets, LIST_P95_TARGET, RATIO_TARGET } from './targets.ts';
import { cell, load, scenario } from './test-fixtures.ts';

describe('checkTargets', () => {
  it('checks list p95 at 32 connections and the p50 ratio at every concurrency', () => {
    const checks = checkTargets([
      scenario('companies.list', 'list', [
        cell(1, load(2, 3), load(1.5, 2)),
        cell(32, load(20, 24), load(10, 20)),
      ]),
    ]);
    expect(checks).toEqual([
      {
        target: LIST_P95_TARGET,
        scenario: 'companies.list',
        concurrency: 32,
        value: 24,
        limit: 25,
        pass: true,
        floor: 20,
      },
      {
        target: RATIO_TARGET,
        scenario: 'companies.list',
        concurrency: 1,
        value: 2 / 1.5,
        limit: 1.5,
        pass: true,
      },
      {
        target: RATIO_TARGET,
        scenario: 'companies.list',
        concurrency: 32,
        value: 2,
        limit: 1.5,
        pass: false,
      },
    ]);
  });

  it('holds search and get only to the ratio, the baseline to nothing', () => {
    const checks = checkTargets([
      scenario('companies.search', 'search', [cell(32, load(40, 80), load(39, 70))]),
      scenario('http.health', 'baseline', [cell(32, load(5, 9), load(0.2, 0.3))]),
    ]);
    expect(checks.map((check) => [check.scenario, check.target, check.pass])).toEqual([
      ['companies.search', RATIO_TARGET, true],
    ]);
  });

  it('fails a fast list that had errors', () => {
    const [p95] = checkTargets([
      scenario('deals.list', 'list', [cell(32, load(1, 2, { errors: 3 }), load(1, 2))]),
    ]);
    expect(p95?.pass).toBe(false);
  });

  it('skips the p95 target when 32 connections were not measured', () => {
    const checks = checkTargets([scenario('deals.list', 'list', [cell(8, load(1, 2), load(1, 2))])]);
    expect(checks.map((check) => check.target)).toEqual([RATIO_TARGET]);
  });
});
