/**
 * npm run bench:robots [-- --clients 1000000]: a robot pass over a generated workspace on
 * PostgreSQL — the first pass (every overdue client, stalled deal and sleeping client gets its
 * action) and a pass with nothing new to do. Targets (issue 7): ≤ 10 s and ≤ 1 s at 1M clients.
 * Uses DATABASE_URL's server and a scratch database it drops afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPostgres } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { runRobotPass } from '../src/server/robots/run-robots.ts';
import { createUser } from '../src/server/users/create-user.ts';
import { createWorkspace } from '../src/server/workspaces/create-workspace.ts';

const argIndex = process.argv.indexOf('--clients');
const CLIENTS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 200_000;
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const name = `tandem_robots_bench_${randomBytes(3).toString('hex')}`;
await admin(`CREATE DATABASE ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const database = connectPostgres(url.toString(), { max: 4 });
try {
  await migrate(database);
  const { workspaceId } = await createWorkspace(database.db, {
    name: 'Bench',
    locale: 'ru',
    admin: { email: 'bench@example.test', password: 'bench-password', name: 'Bench' },
  });
  const ams: string[] = [];
  for (let i = 0; i < 50; i += 1) {
    const user = await createUser(database.db, {
      workspaceId,
      email: `am${i}@example.test`,
      name: `AM ${i}`,
      password: 'bench-password',
      roles: ['am'],
    });
    ams.push(user.id);
  }
  const started = Date.now();
  const pool = database.driver as pg.Pool;
  // Clients (the trigger opens their accounts), a tenth with an open deal; then dates spread so
  // that about a third are past their next contact and a tenth have bought nothing for 200 days.
  await pool.query(
    `insert into companies (workspace_id, name, status, owner_id)
     select $1, 'Client ' || g, 'client', ($2::uuid[])[1 + g % 50] from generate_series(1, $3) g`,
    [workspaceId, ams, CLIENTS],
  );
  await pool.query(
    `update client_accounts set next_contact_on = current_date + (random() * 9)::int - 6,
       last_purchase_at = now() - make_interval(days => (random() * 220)::int)
     where workspace_id = $1`,
    [workspaceId],
  );
  await pool.query(
    `insert into deals (workspace_id, title, company_id, pipeline_id, stage_id, owner_id, created_at, stage_entered_at)
     select c.workspace_id, 'Deal ' || c.name, c.id, p.id, s.id, c.owner_id, now() - interval '3 days', now() - interval '3 days'
     from (select * from companies where workspace_id = $1 order by id limit $2) c
     cross join lateral (select id from pipelines where workspace_id = $1 limit 1) p
     cross join lateral (select id from stages where workspace_id = $1 and pipeline_id = p.id and kind = 'open' order by position limit 1) s`,
    [workspaceId, Math.round(CLIENTS / 10)],
  );
  await pool.query('analyze');
  console.log(`generated ${CLIENTS} clients in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const first = await runRobotPass(database, { trigger: 'manual' });
  console.log(`first pass: ${(first.durationMs / 1000).toFixed(2)} s`, first.byRule, first.msByRule);
  const idle = await runRobotPass(database, { trigger: 'manual' });
  console.log(`pass with nothing new: ${(idle.durationMs / 1000).toFixed(3)} s`, idle.byRule, idle.msByRule);
} finally {
  await database.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
