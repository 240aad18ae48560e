import type { BenchResults, TargetCheck } from './results.ts';
import { round } from './stats.ts';

const int = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => (Number.isFinite(value) ? String(round(value)) : '—');
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

function targetSummary(target: string, checks: readonly TargetCheck[]): string {
  const failed = checks.filter((check) => !check.pass);
  const worst = [...checks].sort((a, b) => b.value / b.limit - a.value / a.limit)[0];
  const worstText = worst ? `worst ${worst.scenario} @${worst.concurrency}: ${round(worst.value)}` : '';
  return `| ${target} | ${verdict(failed.length === 0)} | ${checks.length - failed.length} of ${checks.length} | ${worstText} |`;
}

/** The short human summary written next to the JSON. */
export function renderMarkdown(results: BenchResults): string {
  const { machine, dataset, generation, settings } = results;
  const lines: string[] = [];
  lines.push(`# Foundation benchmark — ${results.date}`, '');
  lines.push(
    `Taken on a **shared ${machine.cpus}-core machine** (other work was running; 1-minute load average ` +
      `${round(machine.loadAverageBefore)} before, ${round(machine.loadAverageAfter)} after), so read the ` +
      'figures as an order of magnitude and compare API with SQL within one run rather than across runs.',
    '',
  );
  lines.push(
    `- Machine: ${machine.cpus} × ${machine.cpuModel}, ${round(machine.memoryGiB)} GiB, ${machine.platform}, ` +
      `Node ${machine.node}, PostgreSQL ${machine.postgres} ` +
      `(${Object.entries(machine.postgresSettings)
        .map(([key, value]) => `${key} ${value}`)
        .join(', ')})`,
  );
  const rows = Object.entries(dataset.rows)
    .map(([table, count]) => `${int(count)} ${table}`)
    .join(', ');
  const size = Object.values(dataset.sizeMiB).reduce((sum, mib) => sum + mib, 0);
  lines.push(`- Dataset (\`${dataset.database}\`): ${rows}; ${int(size)} MiB with indexes`);
  if (generation) {
    const loads = generation.tables
      .map((table) => `${table.table} ${int(table.rowsPerSecond)} rows/s`)
      .join(', ');
    lines.push(
      `- Generated with COPY on ${generation.generatedAt.slice(0, 10)} in ${int(generation.totalSeconds)} s: ${loads}; indexes and foreign keys ` +
        `${int(generation.indexSeconds)} s, VACUUM ANALYZE ${int(generation.vacuumSeconds)} s`,
    );
  }
  lines.push(
    `- Each cell: ${settings.warmupSeconds} s warm-up, then ${settings.durationSeconds} s (at most ` +
      `${int(settings.maxRequests)} requests) of closed-loop load; API = HTTP/1.1 keep-alive ` +
      `(${settings.client === 'http' ? 'node:http agent' : 'fetch'}) to the real app ` +
      `in its own process (its pool: ${settings.appPoolSize} connections); SQL = the same statement ` +
      'through pg.Pool (one connection per worker), the floor.',
    '',
  );

  lines.push('## Targets', '', '| Target | Result | Checks passed | Worst |', '|---|---|---|---|');
  const byTarget = new Map<string, TargetCheck[]>();
  for (const check of results.targets)
    byTarget.set(check.target, [...(byTarget.get(check.target) ?? []), check]);
  for (const [target, checks] of byTarget) lines.push(targetSummary(target, checks));
  lines.push('');
  const p95Checks = results.targets.filter((check) => check.floor !== undefined);
  if (p95Checks.length > 0) {
    lines.push(
      `List p95 at ${p95Checks[0]!.concurrency} connections, API against the SQL floor (does the database or the app ` +
        'set the limit?):',
      '',
      '| Scenario | API p95 | SQL p95 | API |',
      '|---|--:|--:|---|',
    );
    for (const check of p95Checks) {
      lines.push(
        `| ${check.scenario} | ${ms(check.value)} | ${ms(check.floor ?? Number.NaN)} | ${verdict(check.pass)} |`,
      );
    }
    lines.push('');
  }

  lines.push(
    '## Latency (ms) and throughput (requests/s)',
    '',
    '| Scenario | As | Conn | API p50 | API p95 | API p99 | API req/s | SQL p50 | SQL p95 | SQL p99 | SQL req/s | p50 API÷SQL |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const scenario of results.scenarios) {
    for (const cell of scenario.cells) {
      const errors =
        cell.api.errors + cell.sql.errors > 0 ? ` (${cell.api.errors + cell.sql.errors} errors)` : '';
      lines.push(
        `| ${scenario.key}${errors} | ${scenario.as} | ${cell.concurrency} | ${ms(cell.api.p50)} | ${ms(cell.api.p95)} | ` +
          `${ms(cell.api.p99)} | ${int(cell.api.rps)} | ${ms(cell.sql.p50)} | ${ms(cell.sql.p95)} | ` +
          `${ms(cell.sql.p99)} | ${int(cell.sql.rps)} | ${round(cell.p50Ratio)} |`,
      );
    }
  }
  lines.push('', '## Scenarios', '');
  for (const scenario of results.scenarios) {
    lines.push(
      `- \`${scenario.key}\` — ${scenario.title}: \`GET ${scenario.examplePath}\` (${scenario.variants} variants)`,
    );
  }
  if (results.notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const note of results.notes) lines.push(`- ${note}`);
  }
  lines.push('');
  return lines.join('\n');
}
