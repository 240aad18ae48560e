import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { localDate } from '../tasks/group-tasks-by-due.ts';
import { workspaces } from './schema.ts';

/** Today's date (YYYY-MM-DD) in the workspace's time zone: the day absences and plans are read in. */
export async function workspaceToday(db: DbOrTx, workspaceId: string, now = new Date()): Promise<string> {
  const [row] = await db
    .select({ timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return localDate(now, row?.timeZone ?? 'UTC');
}
