import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

export type Cover =
  | { away: false }
  | {
      away: true;
      until: string;
      /** Who takes the work meanwhile; null when nobody can (the work stays, flagged). */
      coverUserId: string | null;
      via: 'pair_partner' | 'team_lead' | 'nobody';
      /** The project on which the partner pairs with the absent person. */
      projectName: string | null;
    };

/**
 * Who takes an absent person's work (DOMAIN.md §3, seed 000): their pair partner on the client's
 * project (PM ↔ AM), or failing that their team lead, provided that person is at work.
 */
export async function resolveCover(
  db: DbOrTx,
  input: { workspaceId: string; userId: string; today: string; companyId?: string | null },
): Promise<Cover> {
  const { workspaceId, userId, today } = input;
  const atWork = sql`not exists (select 1 from absences ab where ab.workspace_id = u.workspace_id and ab.user_id = u.id
      and ab.starts_on <= ${today}::date and ab.ends_on >= ${today}::date)`;
  const [away] = (
    await db.execute<{ until: string }>(sql`
      select max(ends_on)::text as until from absences
      where workspace_id = ${workspaceId} and user_id = ${userId}
        and starts_on <= ${today}::date and ends_on >= ${today}::date`)
  ).rows;
  if (!away?.until) return { away: false };

  if (input.companyId) {
    const [partner] = (
      await db.execute<{ id: string; project: string }>(sql`
        select u.id, p.name as project
        from projects p
        join users u on u.workspace_id = p.workspace_id
          and u.id = case when p.am_id = ${userId} then p.pm_id else p.am_id end
        where p.workspace_id = ${workspaceId} and p.company_id = ${input.companyId}
          and ${userId} in (p.am_id, p.pm_id) and u.id <> ${userId}
          and p.status in ('planned', 'active', 'on_hold') and u.active and ${atWork}
        order by p.created_at desc
        limit 1`)
    ).rows;
    if (partner)
      return {
        away: true,
        until: away.until,
        coverUserId: partner.id,
        via: 'pair_partner',
        projectName: partner.project,
      };
  }

  const [lead] = (
    await db.execute<{ id: string }>(sql`
      select u.id
      from team_members m
      join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
      join users u on u.workspace_id = t.workspace_id and u.id = t.lead_user_id
      where m.workspace_id = ${workspaceId} and m.user_id = ${userId} and u.id <> ${userId}
        and u.active and ${atWork}
      order by t.name
      limit 1`)
  ).rows;
  if (lead)
    return { away: true, until: away.until, coverUserId: lead.id, via: 'team_lead', projectName: null };
  return { away: true, until: away.until, coverUserId: null, via: 'nobody', projectName: null };
}

/**
 * Hands covered work back to a person who is at work again: their open tasks and open leads that
 * went to someone else while they were away.
 */
export async function handBackWork(
  db: DbOrTx,
  input: { workspaceId: string; userId: string },
): Promise<{ tasks: number; leads: number }> {
  const tasks = await db.execute(sql`
    update tasks set assignee_id = covering_for_id, covering_for_id = null, updated_at = now(), version = version + 1
    where workspace_id = ${input.workspaceId} and covering_for_id = ${input.userId} and status = 'open'
    returning 1`);
  const leads = await db.execute(sql`
    update leads set assignee_id = covering_for_id, covering_for_id = null, updated_at = now(), version = version + 1
    where workspace_id = ${input.workspaceId} and covering_for_id = ${input.userId} and status in ('new', 'accepted')
    returning 1`);
  return { tasks: tasks.rows.length, leads: leads.rows.length };
}
