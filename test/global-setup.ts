import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { connectPostgres, wrapPglite } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';

/**
 * Migrates one template database per run; each test file then clones it (PGlite: loads the
 * dumped data directory; PostgreSQL: CREATE DATABASE … TEMPLATE), which takes under a second.
 */
export const TEMPLATE_DUMP = resolve('.tmp/pglite-template.tar.gz');
export const PG_TEMPLATE_DB = 'tandem_test_template';

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Leftovers of an interrupted run would block the template; drop them first.
    const stale = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'tandem_test_%'",
    );
    for (const { datname } of stale.rows)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${PG_TEMPLATE_DB}`;
    const database = connectPostgres(templateUrl.toString(), { max: 1 });
    await migrate(database);
    await database.close();
    return;
  }
  const client = await PGlite.create();
  await migrate(wrapPglite(client));
  const dump = await client.dumpDataDir('gzip');
  mkdirSync(resolve('.tmp'), { recursive: true });
  writeFileSync(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
  await client.close();
}
