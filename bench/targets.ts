import type { ScenarioResult, TargetCheck } from './results.ts';

/** The targets at 1M deals. */
export const TARGETS = {
  /** List endpoints (filter + sort + page): API p95 at this many connections… */
  listConcurrency: 32,
  /** …no more than this many milliseconds. */
  listP95Ms: 25,
  /** API p50 no more than this multiple of the direct SQL p50 (every scenario but the baseline, every concurrency). */
  maxP50Ratio: 1.5,
} as const;

export const LIST_P95_TARGET = `list p95 ≤ ${TARGETS.listP95Ms} ms at ${TARGETS.listConcurrency} connections`;
export const RATIO_TARGET = `API p50 ≤ ${TARGETS.maxP50Ratio}× SQL p50`;

export function checkTargets(scenarios: readonly ScenarioResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of scenarios) {
    if (scenario.kind === 'list') {
      const cell = scenario.cells.find((c) => c.concurrency === TARGETS.listConcurrency);
      if (cell) {
        checks.push({
          target: LIST_P95_TARGET,
          scenario: scenario.key,
          concurrency: cell.concurrency,
          value: cell.api.p95,
          limit: TARGETS.listP95Ms,
          pass: cell.api.errors === 0 && cell.api.p95 <= TARGETS.listP95Ms,
          floor: cell.sql.p95,
        });
      }
    }
    if (scenario.kind === 'baseline') continue;
    for (const cell of scenario.cells) {
      checks.push({
        target: RATIO_TARGET,
        scenario: scenario.key,
        concurrency: cell.concurrency,
        value: cell.p50Ratio,
        limit: TARGETS.maxP50Ratio,
        pass: cell.api.errors === 0 && cell.p50Ratio <= TARGETS.maxP50Ratio,
      });
    }
  }
  return checks;
}
