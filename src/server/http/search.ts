import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

/**
 * Turns what a person typed into a prefix-matching tsquery over both the Russian and the English
 * configuration, so "компании" finds "компания" and "sell" finds "selling", and a half-typed last
 * word still matches. Returns undefined when nothing searchable is left.
 */
export function toPrefixQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8);
  if (words.length === 0) return undefined;
  return words.map((word) => `${word}:*`).join(' & ');
}

/** `search` is the generated tsvector column of the table the alias names. */
export function matchesSearch(searchColumn: SQL, text: string | undefined): SQL | undefined {
  if (!text) return undefined;
  const query = toPrefixQuery(text);
  if (!query) return undefined;
  return sql`${searchColumn} @@ (to_tsquery('russian', ${query}) || to_tsquery('english', ${query}) || to_tsquery('simple', ${query}))`;
}

/**
 * Runs a list's query that searches text with the plan that reads the matches through the
 * full-text index and sorts them, never one that walks the list's order (by name, say) testing
 * every row. PostgreSQL cannot tell how many rows a prefix search matches and guesses several
 * per cent, so for a word that matches few or none it walked a million companies' name index to
 * the end: 1.4–1.5 s, where reading the matches takes ~12 ms. The cost now grows with the number
 * of matches instead (~170 ms for a word in 1 in 10 of a million companies; docs/api.md). Joins
 * to a handful of rows (a deal's company and stage) still go by key, through bitmap scans. The
 * settings (index and sequential scans off, bitmap scans on, JIT off) hold for this query alone,
 * in a transaction (a savepoint inside one) of its own, and are put back as they were.
 */
export async function withSearchPlan<T>(
  db: DbOrTx,
  text: string | undefined,
  run: (db: DbOrTx) => Promise<T>,
): Promise<T> {
  if (!text || !toPrefixQuery(text)) return run(db);
  return db.transaction(async (tx) => {
    // Scans switched off count as very costly in the plan's estimate, which would set off JIT
    // compilation (~0.3 s) for a query that runs in a millisecond.
    const before = await tx.execute<{ indexscan: string; seqscan: string; jit: string }>(
      sql`select current_setting('enable_indexscan') as indexscan, current_setting('enable_seqscan') as seqscan,
            current_setting('jit') as jit`,
    );
    await tx.execute(
      sql`select set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true),
            set_config('jit', 'off', true)`,
    );
    const result = await run(tx);
    const { indexscan, seqscan, jit } = before.rows[0]!;
    await tx.execute(
      sql`select set_config('enable_indexscan', ${indexscan}, true), set_config('enable_seqscan', ${seqscan}, true),
            set_config('jit', ${jit}, true)`,
    );
    return result;
  });
}
