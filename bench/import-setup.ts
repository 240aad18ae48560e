import { readFileSync } from 'node:fs';
import pg from 'pg';
import { connectPostgres, type Database } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createUser } from '../src/server/users/create-user.ts';
import { createWorkspace } from '../src/server/workspaces/create-workspace.ts';
import { databaseUrl } from './options.ts';

/** What the import benchmark and the import profile share: their database, workspace and clock. */

/** One statement on its own connection (creating and dropping databases). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; 0 when it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * A database `name` on the server of `baseUrl`, dropped and created again and migrated, with a
 * Russian workspace and `callers` SDRs (sdr1@bench.tandem.local …) to deal a call list out to.
 */
export async function importWorkspace(
  baseUrl: string,
  name: string,
  options: { workspaceName: string; callers: number },
): Promise<{ database: Database; url: string; workspaceId: string; callerEmails: string[] }> {
  const url = databaseUrl(baseUrl, name);
  await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  const database = connectPostgres(url);
  await migrate(database);
  const { workspaceId } = await createWorkspace(database.db, {
    name: options.workspaceName,
    locale: 'ru',
    admin: { email: 'admin@bench.tandem.local', password: 'bench-password', name: 'Admin' },
  });
  const callerEmails: string[] = [];
  for (let index = 1; index <= options.callers; index++) {
    const email = `sdr${index}@bench.tandem.local`;
    await createUser(database.db, { workspaceId, email, name: `SDR ${index}`, roles: ['sdr'], tier: 1 });
    callerEmails.push(email);
  }
  return { database, url, workspaceId, callerEmails };
}
