import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './report.ts';
import { checkTargets } from './targets.ts';
import { cell, load, results, scenario } from './test-fixtures.ts';

describe('renderMarkdown', () => {
  const scenarios = [
    scenario('companies.list', 'list', [
      cell(1, load(2, 3), load(1, 2)),
      cell(32, load(30, 40), load(10, 20)),
    ]),
  ];
  const markdown = renderMarkdown({ ...results(scenarios), targets: checkTargets(scenarios) });

  it('says the machine was shared and gives the dataset', () => {
    expect(markdown).toContain('# Foundation benchmark — 2025-06-01');
    expect(markdown).toContain('shared 2-core machine');
    expect(markdown).toContain('1,000,000 deals');
  });

  it('has a row per scenario and concurrency with API, SQL and their ratio', () => {
    expect(markdown).toContain('| companies.list | admin | 1 | 2 | 3 | 3.6 | 800 | 1 | 2 | 2.4 | 800 | 2 |');
    expect(markdown).toContain('| companies.list | admin | 32 | 30 | 40 |');
  });

  it('gives PASS or FAIL per target with the worst case', () => {
    expect(markdown).toMatch(
      /\| list p95 ≤ 25 ms at 32 connections \| FAIL \| 0 of 1 \| worst companies.list @32: 40 \|/,
    );
    expect(markdown).toMatch(/\| API p50 ≤ 1.5× SQL p50 \| FAIL \| 0 of 2 \|/);
  });

  it('puts each list p95 next to its SQL floor', () => {
    expect(markdown).toContain('| companies.list | 40 | 20 | FAIL |');
  });

  it('lists the notes', () => {
    expect(markdown).toContain('- A note.');
  });
});
