import type { LoadResult } from './load.ts';
import type { BenchResults, Cell, ScenarioResult } from './results.ts';

/** Hand-made results for the report and target tests. */
export function load(p50: number, p95: number, extra: Partial<LoadResult> = {}): LoadResult {
  return {
    requests: 1_000,
    errors: 0,
    p50,
    p95,
    p99: p95 * 1.2,
    mean: p50,
    max: p95 * 2,
    rps: 800,
    ...extra,
  };
}

export function cell(concurrency: number, api: LoadResult, sql: LoadResult): Cell {
  return { concurrency, api, sql, p50Ratio: api.p50 / sql.p50 };
}

export function scenario(key: string, kind: ScenarioResult['kind'], cells: Cell[]): ScenarioResult {
  return {
    key,
    title: key,
    kind,
    as: 'admin',
    examplePath: `/api/v1/${key}`,
    sql: 'select 1',
    variants: 1,
    cells,
    plan: [],
  };
}

export function results(scenarios: ScenarioResult[]): BenchResults {
  return {
    name: 'foundation',
    date: '2025-06-01',
    startedAt: '2025-06-01T10:00:00.000Z',
    finishedAt: '2025-06-01T10:10:00.000Z',
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 8,
      platform: 'Linux',
      node: 'v20.20.0',
      postgres: '15.20',
      postgresSettings: { shared_buffers: '128MB' },
      loadAverageBefore: 0.5,
      loadAverageAfter: 3,
    },
    dataset: { database: 'tandem_bench', rows: { deals: 1_000_000 }, sizeMiB: { deals: 900 } },
    generation: null,
    settings: {
      durationSeconds: 5,
      warmupSeconds: 1,
      maxRequests: 2_000,
      concurrency: [1, 32],
      client: 'http',
      appPoolSize: 20,
    },
    scenarios,
    targets: [],
    notes: ['A note.'],
  };
}
