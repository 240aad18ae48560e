import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from './client.ts';

/**
 * COPY rows (already in COPY text format, see copy-text.ts) into a table inside a Drizzle
 * transaction, on either engine: PostgreSQL streams through pg-copy-streams on the transaction's
 * own connection, PGlite reads a blob. Returns false when the transaction's driver connection is
 * not reachable, so the caller can fall back to INSERT.
 */
export async function copyInTransaction(
  tx: Tx,
  table: string,
  columns: readonly string[],
  text: string | Iterable<string>,
): Promise<boolean> {
  if (text === '') return true;
  // Drizzle keeps the transaction's driver connection on its session (node-postgres: the pool
  // client; PGlite: the transaction).
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as
    | (pg.PoolClient & { release?: unknown })
    | { query: (text: string, params: unknown[], options: { blob: Blob }) => Promise<unknown> }
    | undefined;
  if (!client || typeof client.query !== 'function') return false;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM`;
  if ('release' in client && typeof client.release === 'function') {
    // Chunks are made while PostgreSQL takes the previous ones.
    const source = typeof text === 'string' ? [text] : text;
    await pipeline(Readable.from(source), (client as pg.PoolClient).query(copyFrom(`${statement} STDIN`)));
    return true;
  }
  if ('exec' in client) {
    await (client as { query: (t: string, p: unknown[], o: { blob: Blob }) => Promise<unknown> }).query(
      `${statement} '/dev/blob'`,
      [],
      { blob: new Blob(typeof text === 'string' ? [text] : [...text]) },
    );
    return true;
  }
  return false;
}
