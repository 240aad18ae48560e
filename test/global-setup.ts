import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { connectPostgres, wrapPglite } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';

/**
 * Migrates one template database per run; each test file then clones it (PGlite: loads the
 * dumped data directory; PostgreSQL: CREATE DATABASE … TEMPLATE), which takes under a second.
 * Names are per run, so several runs on one machine do not trip over each other; the workers
 * inherit them through the environment.
 */
const runId = `${process.pid}_${Date.now().toString(36)}`;

export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const templateName = `tandem_tpl_${runId}`;
    process.env.TANDEM_TEST_PG_TEMPLATE = templateName;
    await adminQuery(url, `CREATE DATABASE ${templateName}`);
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${templateName}`;
    const database = connectPostgres(templateUrl.toString(), { max: 1 });
    await migrate(database);
    await database.close();
    return async () => {
      await adminQuery(url, `DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
    };
  }
  const dumpPath = resolve(`.tmp/pglite-template-${runId}.tar.gz`);
  process.env.TANDEM_TEST_PGLITE_DUMP = dumpPath;
  const client = await PGlite.create();
  await migrate(wrapPglite(client));
  const dump = await client.dumpDataDir('gzip');
  mkdirSync(resolve('.tmp'), { recursive: true });
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  return async () => rmSync(dumpPath, { force: true });
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
