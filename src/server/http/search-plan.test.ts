import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/harness.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { withSearchPlan } from './search.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const plannerSettings = async (db: DbOrTx) =>
  (
    await db.execute<{ index: string; seq: string; jit: string }>(
      sql`select current_setting('enable_indexscan') as index, current_setting('enable_seqscan') as seq,
            current_setting('jit') as jit`,
    )
  ).rows[0];

describe('withSearchPlan', () => {
  it('reads a search through bitmap scans only, for that query alone', async () => {
    await database.db.transaction(async (tx) => {
      const usual = await plannerSettings(tx);
      expect(usual).toMatchObject({ index: 'on', seq: 'on' });
      const inside = await withSearchPlan(tx, 'ромашка', (db) => plannerSettings(db));
      expect(inside).toEqual({ index: 'off', seq: 'off', jit: 'off' });
      // The caller's transaction goes on with the planner as it was.
      expect(await plannerSettings(tx)).toEqual(usual);
    });
    expect(await plannerSettings(database.db)).toMatchObject({ index: 'on', seq: 'on' });
  });

  it('changes nothing without words to search for', async () => {
    expect(await withSearchPlan(database.db, ' !! ', (db) => plannerSettings(db))).toMatchObject({
      index: 'on',
      seq: 'on',
    });
  });
});
