import { Command, InvalidArgumentError, Option } from 'commander';

/** What `npm run bench -- …` was asked to do. */
export interface BenchOptions {
  deals: number;
  /** Activities to load; defaults to three per deal. */
  activities: number;
  skipGenerate: boolean;
  /** Only generate the database, measure nothing. */
  generateOnly: boolean;
  /** HTTP client of the load generator: node:http with a keep-alive agent, or fetch (undici). */
  client: HttpClientKind;
  /** Seconds measured per scenario, API and SQL each, at each concurrency. */
  durationSeconds: number;
  warmupSeconds: number;
  /** Upper bound of requests per measured run (the duration usually ends it first). */
  maxRequests: number;
  concurrency: number[];
  /** Name of the benchmark database (dropped and re-created unless --skip-generate). */
  database: string;
  outDir: string;
}

export type HttpClientKind = 'http' | 'fetch';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

function positiveInteger(value: string): number {
  const number = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a positive integer');
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
}

function concurrencyList(value: string): number[] {
  const levels = value.split(',').map((part) => positiveInteger(part.trim()));
  return [...new Set(levels)].sort((a, b) => a - b);
}

function databaseName(value: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new InvalidArgumentError('must be lower-case letters, digits and underscores');
  }
  return value;
}

/** Parses the arguments after `npm run bench --`; throws a commander error on bad input. */
export function parseBenchOptions(argv: readonly string[], options: { quiet?: boolean } = {}): BenchOptions {
  const program = new Command('bench')
    .description('Generate a workspace with COPY and measure the main API calls against the SQL floor')
    .option(
      '--deals <n>',
      'deals to generate (companies n/2, contacts n, activities 3n)',
      positiveInteger,
      1_000_000,
    )
    .option('--activities <n>', 'activities to generate (default: 3 × deals)', positiveInteger)
    .option('--skip-generate', 'reuse the existing benchmark database', false)
    .option('--generate-only', 'generate the database and stop', false)
    .addOption(
      new Option('--client <kind>', 'HTTP client: node:http keep-alive agent, or fetch (undici)')
        .choices(['http', 'fetch'])
        .default('http'),
    )
    .option('--duration <seconds>', 'measured seconds per scenario and concurrency', positiveNumber, 5)
    .option('--warmup <seconds>', 'warm-up seconds before each measured run', positiveNumber, 1)
    .option('--requests <n>', 'at most this many requests per measured run', positiveInteger, 100_000)
    .option('--concurrency <list>', 'concurrent connections, comma-separated', concurrencyList, [1, 8, 32])
    .option('--database <name>', 'benchmark database name', databaseName, 'tandem_bench')
    .option('--out <dir>', 'where results are written', 'bench/results')
    .exitOverride()
    .allowExcessArguments(false);
  if (options.quiet) program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  program.parse([...argv], { from: 'user' });
  const raw = program.opts<{
    deals: number;
    activities?: number;
    skipGenerate: boolean;
    generateOnly: boolean;
    client: HttpClientKind;
    duration: number;
    warmup: number;
    requests: number;
    concurrency: number[];
    database: string;
    out: string;
  }>();
  if (raw.skipGenerate && raw.generateOnly) {
    throw new Error('--skip-generate and --generate-only exclude each other');
  }
  return {
    deals: raw.deals,
    activities: raw.activities ?? raw.deals * 3,
    skipGenerate: raw.skipGenerate,
    generateOnly: raw.generateOnly,
    client: raw.client,
    durationSeconds: raw.duration,
    warmupSeconds: raw.warmup,
    maxRequests: raw.requests,
    concurrency: raw.concurrency,
    database: raw.database,
    outDir: raw.out,
  };
}

/** The same server and credentials as `baseUrl`, another database. */
export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
