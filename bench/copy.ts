import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type CopyValue, copyLine } from './copy-text.ts';

export interface TableLoad {
  table: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

const ROWS_PER_CHUNK = 2_000;

function* chunks(rows: number, row: (index: number) => CopyValue[]): Generator<string> {
  for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
    const end = Math.min(rows, start + ROWS_PER_CHUNK);
    let text = '';
    for (let index = start; index < end; index += 1) text += copyLine(row(index));
    yield text;
  }
}

/**
 * Streams `rows` generated rows into `table` with COPY … FROM STDIN (text format). Rows are made
 * in chunks as PostgreSQL takes them, so memory stays flat whatever the size.
 */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: number,
  row: (index: number) => CopyValue[],
): Promise<TableLoad> {
  const started = performance.now();
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(rows, row)), sink);
  const seconds = (performance.now() - started) / 1000;
  return { table, rows, seconds, rowsPerSecond: rows / seconds };
}
