import { sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { workspaceToday } from '../workspaces/today.ts';

type CompanyRow = Awaited<ReturnType<typeof findVisibleCompany>>;

/**
 * The client whose account records the actor works on: one they see (their own, their team's,
 * or all), or one whose AM is away today and whose work comes to the actor (absences/cover.ts).
 * Anyone else gets 404, so existence never leaks.
 */
export async function findAccountCompany(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CompanyRow> {
  try {
    return await findVisibleCompany(db, actor, companyId, options);
  } catch (error) {
    const today = await workspaceToday(db, actor.workspaceId);
    const [covered] = (
      await db.execute<{ id: string }>(sql`
        select c.id from companies c
        where c.workspace_id = ${actor.workspaceId} and c.id = ${companyId} and c.owner_id is not null
          and tandem_cover_user(c.workspace_id, c.owner_id, c.id, ${today}::date) = ${actor.userId}`)
    ).rows;
    if (!covered) throw error;
    return findVisibleCompany(db, { ...actor, scope: 'all' }, companyId, options);
  }
}

/** A record of an account table, by id, if the actor may work on its client; 404 otherwise. */
export async function findAccountRecord<T extends { companyId: string }>(
  db: DbOrTx,
  actor: Actor,
  what: string,
  load: () => Promise<T | undefined>,
): Promise<{ record: T; company: CompanyRow }> {
  const record = await load();
  if (!record) throw notFound(what);
  const company = await findAccountCompany(db, actor, record.companyId).catch(() => {
    throw notFound(what);
  });
  return { record, company };
}
