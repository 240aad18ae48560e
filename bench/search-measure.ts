import type pg from 'pg';
import { loadActor } from '../src/server/access/actor.ts';
import type { Role } from '../src/server/access/roles.ts';
import { listCompanies } from '../src/server/companies/list-companies.ts';
import { connectPostgres } from '../src/server/db/client.ts';
import { listDeals } from '../src/server/deals/list-deals.ts';
import { globalSearch } from '../src/server/search/global-search.ts';
import { DEFAULT_DATABASE_URL, databaseUrl } from './options.ts';

/**
 * `npx tsx bench/search-measure.ts [database]` — the companies list, the deals list and the
 * header's search, searched for words that match none, one, and about one in ten of a generated
 * database's companies (default `tandem_bench_robots`: a million companies, two million deals,
 * from `npm run bench:robots`), as a head and as an AM: the median and worst of five runs after
 * one to warm up.
 */
const name = process.argv[2] ?? 'tandem_bench_robots';
const database = connectPostgres(databaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, name));
const words = ['ромашка', '143645', 'северная', 'логистика', 'consulting'];
for (const role of ['head', 'am'] as Role[]) {
  const { rows } = await (database.driver as pg.Pool).query<{
    workspace_id: string;
    id: string;
    roles: Role[];
  }>('select workspace_id, id, roles from users where $1 = any(roles) and active limit 1', [role]);
  const person = rows[0]!;
  const actor = await loadActor(database, {
    workspaceId: person.workspace_id,
    id: person.id,
    roles: person.roles,
  });
  const searches = {
    companies: (q: string) => listCompanies(database.db, actor, { q, limit: 50, archived: false }),
    deals: (q: string) => listDeals(database.db, actor, { q, limit: 50, archived: false }),
    header: (q: string) => globalSearch(database.db, actor, q),
  };
  for (const [what, search] of Object.entries(searches)) {
    for (const q of words) {
      const times: number[] = [];
      for (let run = 0; run < 6; run++) {
        const started = performance.now();
        await search(q);
        if (run > 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${role} ${what} "${q}": median ${times[2]!.toFixed(1)} ms, worst ${times[4]!.toFixed(1)} ms`,
      );
    }
  }
}
await database.close();
