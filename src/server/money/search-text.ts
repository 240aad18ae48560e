import { type AnyColumn, or, type SQL, sql } from 'drizzle-orm';

/** A plain case-insensitive substring match over a few text columns, for the small money lists. */
export function matchesSearchText(columns: AnyColumn[], q: string | undefined): SQL | undefined {
  const term = q?.trim();
  if (!term) return undefined;
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(...columns.map((column) => sql`${column} ilike ${pattern}`));
}
