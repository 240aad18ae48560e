import { eq, sql } from 'drizzle-orm';
import { SalesFlowSettings } from '../../contract/sales-flow.ts';
import type { AssignmentPolicy } from '../assignments/rank-candidates.ts';
import type { DbOrTx } from '../db/client.ts';
import { workspaces } from './schema.ts';

/**
 * The workspace's sales-flow rules live in workspaces.settings.salesFlow; anything not set there
 * takes its default from the contract, so an older workspace reads the same as a new one.
 */
export async function loadSalesFlowSettings(
  db: DbOrTx,
  workspaceId: string,
): Promise<SalesFlowSettings & { timeZone: string }> {
  const [row] = await db
    .select({ settings: workspaces.settings, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const stored = (row?.settings as { salesFlow?: unknown } | undefined)?.salesFlow ?? {};
  const parsed = SalesFlowSettings.safeParse(stored);
  return {
    ...(parsed.success ? parsed.data : SalesFlowSettings.parse({})),
    timeZone: row?.timeZone ?? 'UTC',
  };
}

export async function saveSalesFlowSettings(
  db: DbOrTx,
  workspaceId: string,
  settings: SalesFlowSettings,
): Promise<void> {
  await db
    .update(workspaces)
    .set({
      settings: sql`${workspaces.settings} || jsonb_build_object('salesFlow', ${JSON.stringify(settings)}::jsonb)`,
    })
    .where(eq(workspaces.id, workspaceId));
}

export function assignmentPolicy(settings: SalesFlowSettings): AssignmentPolicy {
  return {
    defaultCap: settings.defaultClientCap,
    keyAccountMinRank: settings.keyAccountMinGradeRank,
    minRankBySize: settings.minGradeRankBySize,
    weights: settings.loadWeights,
  };
}
