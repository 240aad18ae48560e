import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** An arbitrary constant: the advisory lock that lets one process at a time migrate. */
const MIGRATION_LOCK = 7_204_117;

export function listMigrations(): { name: string; sql: string }[] {
  return readdirSync(migrationsDir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(migrationsDir, name), 'utf8') }));
}

/**
 * Applies every migration in src/server/db/migrations that has not been applied yet, in file-name
 * order, each in its own transaction. Safe to call from several processes at once: they queue on
 * an advisory lock and the later ones find nothing left to do.
 */
export async function migrate(database: Database): Promise<string[]> {
  return database.withSession(async (query) => {
    await query(
      'CREATE TABLE IF NOT EXISTS tandem_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    await query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const done = new Set(
        (await query('SELECT name FROM tandem_migrations')).map((row) => String(row.name)),
      );
      const applied: string[] = [];
      for (const migration of listMigrations()) {
        if (done.has(migration.name)) continue;
        await query('BEGIN');
        try {
          await query(migration.sql);
          await query('INSERT INTO tandem_migrations (name) VALUES ($1)', [migration.name]);
          await query('COMMIT');
        } catch (error) {
          await query('ROLLBACK');
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        applied.push(migration.name);
      }
      return applied;
    } finally {
      await query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
