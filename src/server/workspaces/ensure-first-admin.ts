import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { users } from '../users/schema.ts';
import { createWorkspace } from './create-workspace.ts';

/**
 * TANDEM_ADMIN_EMAIL / TANDEM_ADMIN_PASSWORD at first start: when no user exists yet, create a
 * workspace and its first admin. Later starts leave everything as it is.
 */
export async function ensureFirstAdmin(db: Db, config: Config): Promise<'created' | 'exists' | 'skipped'> {
  if (!config.TANDEM_ADMIN_EMAIL || !config.TANDEM_ADMIN_PASSWORD) return 'skipped';
  const [anyUser] = await db.select({ n: sql<number>`1` }).from(users).limit(1);
  if (anyUser) return 'exists';
  await createWorkspace(db, {
    name: config.TANDEM_WORKSPACE_NAME,
    admin: { email: config.TANDEM_ADMIN_EMAIL, password: config.TANDEM_ADMIN_PASSWORD },
  });
  return 'created';
}
