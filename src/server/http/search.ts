import { type SQL, sql } from 'drizzle-orm';

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
