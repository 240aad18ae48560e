import { sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from './harness.ts';

/**
 * Migrations are hand-written SQL and each room mirrors them in Drizzle (decision 002). This test
 * keeps the two in step: same tables, same columns, same nullability.
 */
const schemaModules = import.meta.glob<Record<string, unknown>>('../src/server/*/schema.ts', { eager: true });
const drizzleTables = Object.values(schemaModules)
  .flatMap((module) => Object.values(module))
  .filter((value): value is PgTable => value instanceof PgTable)
  .map((table) => getTableConfig(table));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('Drizzle schema matches the migrated database', () => {
  it('has a Drizzle definition for every table and no definition without a table', async () => {
    const result = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'tandem_migrations'`,
    );
    const inDatabase = result.rows.map((row) => row.table_name).sort();
    const inDrizzle = drizzleTables.map((table) => table.name).sort();
    expect(inDrizzle).toEqual(inDatabase);
  });

  it('has the same columns with the same nullability', async () => {
    const result = await database.db.execute<{
      table_name: string;
      column_name: string;
      is_nullable: string;
    }>(
      sql`select table_name, column_name, is_nullable from information_schema.columns
          where table_schema = 'public' and is_generated = 'NEVER' and table_name <> 'tandem_migrations'`,
    );
    const inDatabase = result.rows
      .map((row) => `${row.table_name}.${row.column_name} ${row.is_nullable === 'NO' ? 'not null' : 'null'}`)
      .sort();
    const inDrizzle = drizzleTables
      .flatMap((table) =>
        table.columns.map(
          (column) =>
            `${table.name}.${column.name} ${column.notNull || column.primary ? 'not null' : 'null'}`,
        ),
      )
      .sort();
    expect(inDrizzle).toEqual(inDatabase);
  });
});
