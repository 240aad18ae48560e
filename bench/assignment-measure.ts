import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { signIn, startServer } from './measure.ts';
import { DEFAULT_DATABASE_URL, databaseUrl } from './options.ts';
import { ADMIN_EMAIL } from './people.ts';
import { round, summarize } from './stats.ts';

/**
 * `npm run bench:assign` — "who takes this client?" on the benchmark workspace (`npm run bench`
 * generates it: 200 people, 500,000 companies of which 150,000 clients, 1,000,000 deals):
 * `POST /api/v1/assignments/suggest` for prospects in turn, through HTTP to the real app, one
 * request at a time, as a head of sales clicking the button would. Target: p95 ≤ 20 ms.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const WARMUP = 40;
const TARGET_P95_MS = 20;

async function main(): Promise<void> {
  const url = databaseUrl(
    process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    process.env.BENCH_DATABASE ?? 'tandem_bench',
  );
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const { rows: dataset } = await pool.query<{
    people: string;
    clients: string;
    companies: string;
    deals: string;
  }>(`
    select (select count(*) from users) as people,
           (select count(*) from companies where status = 'client' and archived_at is null) as clients,
           (select count(*) from companies) as companies,
           (select count(*) from deals) as deals`);
  const { rows: prospects } = await pool.query<{ id: string }>(
    `select id from companies where status = 'prospect' and archived_at is null order by md5(id::text) limit $1`,
    [REQUESTS + WARMUP],
  );
  await pool.end();
  if (prospects.length === 0)
    throw new Error('No prospects in the benchmark database: run npm run bench first');

  const server = await startServer(url);
  try {
    const cookie = await signIn(server.baseUrl, ADMIN_EMAIL);
    const suggest = async (recordId: string) => {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}/api/v1/assignments/suggest`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'client', recordId }),
      });
      const body = (await response.json()) as { candidates: unknown[]; explanation: string };
      if (!response.ok) throw new Error(`suggest: ${response.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, body };
    };
    for (const prospect of prospects.slice(0, WARMUP)) await suggest(prospect.id);
    const latencies: number[] = [];
    let sample = '';
    let candidates = 0;
    const started = performance.now();
    for (const prospect of prospects.slice(WARMUP)) {
      const { ms, body } = await suggest(prospect.id);
      latencies.push(ms);
      sample = body.explanation;
      candidates = body.candidates.length;
    }
    const summary = summarize(latencies, performance.now() - started);
    const date = new Date().toISOString().slice(0, 10);
    const result = {
      name: 'assignment',
      date,
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg()[0] ?? 0, node: process.version },
      dataset: {
        people: Number(dataset[0]!.people),
        clients: Number(dataset[0]!.clients),
        companies: Number(dataset[0]!.companies),
        deals: Number(dataset[0]!.deals),
      },
      requests: summary.requests,
      candidatesPerAnswer: candidates,
      latencyMs: {
        p50: round(summary.p50),
        p95: round(summary.p95),
        p99: round(summary.p99),
        max: round(summary.max),
      },
      target: { p95Ms: TARGET_P95_MS, passed: summary.p95 <= TARGET_P95_MS },
      sampleExplanation: sample,
    };
    const markdown = [
      `# Assignment suggestion benchmark — ${date}`,
      '',
      `\`POST /api/v1/assignments/suggest {kind: "client"}\` over HTTP to the real app on PostgreSQL, one request at a time, ${summary.requests} prospects in turn after ${WARMUP} warm-up requests.`,
      '',
      `- Dataset: ${result.dataset.people} people, ${result.dataset.clients.toLocaleString('en')} active clients among ${result.dataset.companies.toLocaleString('en')} companies, ${result.dataset.deals.toLocaleString('en')} deals; ${candidates} account managers ranked per answer`,
      `- Machine: ${result.machine.cpus} cores (shared), 1-minute load average ${result.machine.loadAverage.toFixed(2)} at the end`,
      '',
      '| p50 ms | p95 ms | p99 ms | max ms | target p95 | result |',
      '|--:|--:|--:|--:|--:|---|',
      `| ${result.latencyMs.p50} | ${result.latencyMs.p95} | ${result.latencyMs.p99} | ${result.latencyMs.max} | ≤ ${TARGET_P95_MS} | ${result.target.passed ? 'PASS' : 'FAIL'} |`,
      '',
      `A sample answer: “${sample}”`,
      '',
    ].join('\n');
    const outDir = join('bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${date}-assignment.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(outDir, `${date}-assignment.md`), markdown);
    writeFileSync(join(outDir, 'latest-assignment.md'), markdown);
    console.log(markdown);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
