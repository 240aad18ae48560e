import pg from 'pg';
import { reachOf } from '../src/server/access/actor.ts';
import { DEFAULT_DATABASE_URL, databaseUrl } from './options.ts';

/**
 * `npx tsx bench/sign-in-reach.ts [database]` — what sign-in's look-up of a person's reach (the
 * members of the teams they lead, the clients of their live projects as PM and of their open deals
 * as BizDev; access/actor.ts) costs per request, for an AM, a PM and a team lead of a generated
 * database (default `tandem_bench_robots`, from `npm run bench:robots`): the statement prepared
 * once, then 50 runs each, round trip included.
 */
const database = process.argv[2] ?? 'tandem_bench_robots';
const client = new pg.Client({
  connectionString: databaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, database),
});
await client.connect();
const text = `select ${reachOf('$1::uuid', '$2::uuid', { all: 'false', team: '$3::boolean' })}`;
for (const role of ['am', 'pm', 'team_lead', 'bizdev']) {
  const { rows } = await client.query<{ workspace_id: string; id: string }>(
    'select workspace_id, id from users where $1 = any(roles) and active limit 1',
    [role],
  );
  const person = rows[0];
  if (!person) continue;
  const values = [person.workspace_id, person.id, role === 'team_lead'];
  const times: number[] = [];
  let paired = 0;
  for (let run = 0; run < 51; run++) {
    const started = performance.now();
    const result = await client.query<{ paired_company_ids: string[] }>({ name: 'reach', text, values });
    if (run > 0) times.push(performance.now() - started);
    paired = result.rows[0]!.paired_company_ids.length;
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.floor(share * (times.length - 1))]!.toFixed(3);
  console.log(`${role}: ${paired} paired clients, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);
}
await client.end();
