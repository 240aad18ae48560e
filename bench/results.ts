import type { GenerationReport } from './generate.ts';
import type { LoadResult } from './load.ts';
import type { ScenarioKind, Viewer } from './scenarios.ts';

/** Everything one `npm run bench` records in bench/results/<date>-foundation.json. */

export interface Cell {
  concurrency: number;
  api: LoadResult;
  sql: LoadResult;
  /** API p50 ÷ SQL p50. */
  p50Ratio: number;
}

export interface ScenarioResult {
  key: string;
  title: string;
  kind: ScenarioKind;
  as: Viewer;
  examplePath: string;
  /** The floor statement (of the first variant). */
  sql: string;
  variants: number;
  cells: Cell[];
  /** EXPLAIN (ANALYZE, BUFFERS) of the first variant, on a warm cache. */
  plan: string[];
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  /** 1-minute load average before and after measuring: the machine is shared. */
  loadAverageBefore: number;
  loadAverageAfter: number;
}

export interface Dataset {
  database: string;
  rows: Record<string, number>;
  /** Table + indexes, MiB. */
  sizeMiB: Record<string, number>;
}

export interface Settings {
  durationSeconds: number;
  warmupSeconds: number;
  maxRequests: number;
  concurrency: number[];
  /** The load generator's HTTP client. */
  client: 'http' | 'fetch';
  /** The app's own PostgreSQL pool size (connectPostgres default); the floor pool has one per worker. */
  appPoolSize: number;
}

export interface TargetCheck {
  target: string;
  scenario: string;
  concurrency: number;
  value: number;
  limit: number;
  pass: boolean;
  /** The same figure for the SQL floor, where it has a meaning (the p95 target). */
  floor?: number;
}

export interface BenchResults {
  name: 'foundation';
  date: string;
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  dataset: Dataset;
  generation: GenerationReport | null;
  settings: Settings;
  scenarios: ScenarioResult[];
  targets: TargetCheck[];
  notes: string[];
}
