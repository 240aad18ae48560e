import { sql } from 'drizzle-orm';
import { KpiDashboard } from '../src/contract/kpis.ts';
import { loadActor } from '../src/server/access/actor.ts';
import { connectPostgres } from '../src/server/db/client.ts';
import { kpiDashboard } from '../src/server/kpis/dashboard.ts';

const database = connectPostgres('postgres://postgres@127.0.0.1:5432/tandem_bench_kpis', { max: 20 });
const db = database.db;
const pool = database.driver as any;
const log: string[] = [];
let on = false;
const orig = pool.query.bind(pool);
pool.query = (...args: any[]) => {
  const t0 = performance.now();
  const text = typeof args[0] === 'string' ? args[0] : args[0].text;
  const r = orig(...args);
  r.then?.(() => {
    if (on) log.push(`${Math.round(performance.now() - t0)}ms ${text.replace(/\s+/g, ' ').slice(0, 70)}`);
  });
  return r;
};
const u = (
  await db.execute<{ id: string; workspace_id: string; roles: string[] }>(
    sql`select id, workspace_id, roles from users where email like 'head01@%'`,
  )
).rows[0]!;
const actor = await loadActor(db, { workspaceId: u.workspace_id, id: u.id, roles: u.roles as never });
for (const period of ['quarter', 'month'] as const) {
  const t: number[] = [];
  const s: number[] = [];
  const j: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    on = i >= 12;
    log.length = 0;
    const d = await kpiDashboard(db, actor, { period, on: '2026-07-01' });
    if (on) console.log(log.join('\n'));
    const t1 = performance.now();
    KpiDashboard.parse(d);
    const t2 = performance.now();
    JSON.stringify(d);
    const t3 = performance.now();
    t.push(Math.round(t1 - t0));
    s.push(Math.round(t2 - t1));
    j.push(Math.round(t3 - t2));
  }
  console.log(period, 'dashboard', t.join(' '), '| zod', s.join(' '), '| json', j.join(' '));
}
await database.close();
