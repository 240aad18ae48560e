import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './client.ts';

/**
 * Driver-level access for bulk work (imports): plain SQL with positional parameters, and COPY of
 * rows already encoded in COPY text format (see copy-text.ts). PostgreSQL streams COPY through
 * pg-copy-streams; PGlite reads the same text from a blob (`COPY … FROM '/dev/blob'`).
 */
export interface BulkSession {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** COPY `text` (COPY text format, one line per row) into `table (columns)`. */
  copy(table: string, columns: readonly string[], text: string): Promise<void>;
}

function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
}

function pgliteSession(client: PGlite | Transaction): BulkSession {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      return (await client.query<Row>(text, params)).rows;
    },
    async copy(table, columns, text) {
      if (text === '') return;
      await client.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([text]) });
    },
  };
}

function pgSession(client: pg.PoolClient): BulkSession {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as Row[];
    },
    async copy(table, columns, text) {
      if (text === '') return;
      await pipeline(Readable.from([text]), client.query(copyFrom(copyStatement(table, columns, 'STDIN'))));
    },
  };
}

/** Runs `work` in one transaction on one connection; it commits when `work` resolves. */
export async function inBulkTransaction<T>(
  database: Database,
  work: (session: BulkSession) => Promise<T>,
): Promise<T> {
  if (database.kind === 'pglite') {
    return (database.driver as PGlite).transaction((tx) => work(pgliteSession(tx)));
  }
  const client = await (database.driver as pg.Pool).connect();
  try {
    await client.query('BEGIN');
    const result = await work(pgSession(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Statements outside a transaction (reads for a preview). */
export function bulkReader(database: Database): Pick<BulkSession, 'query'> {
  if (database.kind === 'pglite') return pgliteSession(database.driver as PGlite);
  const pool = database.driver as pg.Pool;
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as Row[];
    },
  };
}
