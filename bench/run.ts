import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import pg from 'pg';
import { type GenerationReport, generate, previousGeneration } from './generate.ts';
import { APP_POOL_SIZE, measure } from './measure.ts';
import { DEFAULT_DATABASE_URL, databaseUrl, parseBenchOptions } from './options.ts';
import { renderMarkdown } from './report.ts';
import type { BenchResults } from './results.ts';
import { checkTargets } from './targets.ts';

/**
 * `npm run bench -- [--deals 1000000] [--skip-generate] [--duration 5] [--concurrency 1,8,32]`
 * Generates the benchmark database (PostgreSQL from DATABASE_URL), measures, and writes
 * bench/results/<date>-foundation.json and .md, and latest-foundation.md.
 */
async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (!/^postgres(ql)?:\/\//.test(baseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
  const url = databaseUrl(baseUrl, options.database);
  const startedAt = new Date();

  let generation: GenerationReport | null = null;
  if (options.skipGenerate) {
    const admin = new pg.Pool({ connectionString: baseUrl, max: 1 });
    generation = await previousGeneration(admin, options.database).finally(() => admin.end());
    console.log(`reusing ${options.database}${generation ? `, generated ${generation.generatedAt}` : ''}`);
  } else {
    console.log(
      `generating ${options.database}: ${options.deals.toLocaleString('en')} deals, ` +
        `${options.activities.toLocaleString('en')} activities`,
    );
    generation = await generate({
      baseUrl,
      database: options.database,
      deals: options.deals,
      activities: options.activities,
    });
  }

  if (options.generateOnly) return;

  console.log(`measuring at concurrency ${options.concurrency.join(', ')}`);
  const measurement = await measure({
    url,
    database: options.database,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    maxRequests: options.maxRequests,
    concurrency: options.concurrency,
    client: options.client,
  });

  const date = startedAt.toISOString().slice(0, 10);
  const results: BenchResults = {
    name: 'foundation',
    date,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: measurement.machine,
    dataset: measurement.dataset,
    generation,
    settings: {
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      maxRequests: options.maxRequests,
      concurrency: options.concurrency,
      client: options.client,
      appPoolSize: APP_POOL_SIZE,
    },
    scenarios: measurement.scenarios,
    targets: checkTargets(measurement.scenarios),
    notes: [
      `Shared ${measurement.machine.cpus}-core machine: the load generator, the app and PostgreSQL ` +
        'run on the same cores, with other work beside them.',
    ],
  };
  mkdirSync(options.outDir, { recursive: true });
  const jsonPath = join(options.outDir, `${date}-foundation.json`);
  const markdown = renderMarkdown(results);
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(options.outDir, `${date}-foundation.md`), markdown);
  writeFileSync(join(options.outDir, 'latest-foundation.md'), markdown);
  console.log(`\n${markdown}`);
  console.log(`written: ${jsonPath} and the markdown summary beside it`);
}

main().catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(error);
  process.exit(1);
});
