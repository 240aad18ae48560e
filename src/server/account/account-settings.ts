import { eq, sql } from 'drizzle-orm';
import { AccountWorkSettings } from '../../contract/account.ts';
import type { DbOrTx } from '../db/client.ts';
import { workspaces } from '../workspaces/schema.ts';

/**
 * Account-work settings live in workspaces.settings.accountWork (the default cadence is also read
 * there by the database, tandem_default_cadence()); anything unset takes the contract's default.
 */
export async function loadAccountSettings(
  db: DbOrTx,
  workspaceId: string,
): Promise<AccountWorkSettings & { timeZone: string; locale: 'ru' | 'en'; currency: string }> {
  const [row] = await db
    .select({
      settings: workspaces.settings,
      timeZone: workspaces.timeZone,
      locale: workspaces.defaultLocale,
      currency: workspaces.defaultCurrency,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const stored = (row?.settings as { accountWork?: unknown } | undefined)?.accountWork ?? {};
  const parsed = AccountWorkSettings.safeParse(stored);
  return {
    ...(parsed.success ? parsed.data : AccountWorkSettings.parse({})),
    timeZone: row?.timeZone ?? 'UTC',
    locale: row?.locale ?? 'ru',
    currency: row?.currency ?? 'RUB',
  };
}

export async function saveAccountSettings(
  db: DbOrTx,
  workspaceId: string,
  settings: AccountWorkSettings,
): Promise<void> {
  await db
    .update(workspaces)
    .set({
      settings: sql`${workspaces.settings} || jsonb_build_object('accountWork', ${JSON.stringify(settings)}::jsonb)`,
    })
    .where(eq(workspaces.id, workspaceId));
}
