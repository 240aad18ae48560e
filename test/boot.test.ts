import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/config.ts';
import { listMigrations, migrate } from '../src/server/db/migrate.ts';
import { ensureFirstAdmin } from '../src/server/workspaces/ensure-first-admin.ts';
import { anonymous, startTestApp, type TestContext } from './harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

describe('start-up', () => {
  it('finds every migration already applied and applies nothing twice', async () => {
    expect(await migrate(ctx.database)).toEqual([]);
    const applied = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from tandem_migrations`,
    );
    expect(applied.rows[0]?.n).toBe(listMigrations().length);
  });

  it('creates the first admin from TANDEM_ADMIN_* once, and only when nobody exists', async () => {
    const config = loadConfig({
      TANDEM_ADMIN_EMAIL: 'first@example.test',
      TANDEM_ADMIN_PASSWORD: 'first-password',
    });
    expect(await ensureFirstAdmin(ctx.database.db, config)).toBe('created');
    expect(await ensureFirstAdmin(ctx.database.db, config)).toBe('exists');
    const login = await anonymous(ctx.app).post('/api/v1/auth/login', {
      email: 'first@example.test',
      password: 'first-password',
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().roles).toEqual(['admin']);
    expect(login.json().workspace.name).toBe('Tandem');
  });

  it('skips the first admin when the variables are not set', async () => {
    expect(await ensureFirstAdmin(ctx.database.db, loadConfig({}))).toBe('skipped');
  });
});
