import { sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { workspaces } from '../workspaces/schema.ts';

/** Monday to Friday between two dates, both included. */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (
    let day = new Date(`${from}T00:00:00Z`);
    day <= new Date(`${to}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1)
  ) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/**
 * Tier-1 figures per person for a period (days in the workspace's time zone): calls made, calls per
 * working day, leads qualified from call lists, and conversion call → qualified lead in basis points.
 */
export async function callStats(db: DbOrTx, actor: Actor, from: string, to: string) {
  const visible =
    actor.scope === 'all' ? sql`true` : sql`u.id = any(${`{${actor.visibleUserIds.join(',')}}`}::uuid[])`;
  const result = await db.execute<{
    id: string;
    name: string;
    calls: number | string;
    qualified: number | string;
  }>(sql`
    with tz as (select time_zone from ${workspaces} where id = ${actor.workspaceId}),
    calls as (
      select a.author_id as user_id, count(*) as n from activities a, tz
      where a.workspace_id = ${actor.workspaceId} and a.type = 'call'
        and a.occurred_at >= (${from}::date)::timestamp at time zone tz.time_zone
        and a.occurred_at < (${to}::date + 1)::timestamp at time zone tz.time_zone
      group by a.author_id),
    qualified as (
      select l.handed_over_by as user_id, count(*) as n from leads l, tz
      where l.workspace_id = ${actor.workspaceId} and l.origin = 'call_queue'
        and l.created_at >= (${from}::date)::timestamp at time zone tz.time_zone
        and l.created_at < (${to}::date + 1)::timestamp at time zone tz.time_zone
      group by l.handed_over_by)
    select u.id, u.name, coalesce(c.n, 0) as calls, coalesce(q.n, 0) as qualified
    from users u
    left join calls c on c.user_id = u.id
    left join qualified q on q.user_id = u.id
    where u.workspace_id = ${actor.workspaceId} and ${visible}
      and ('sdr' = any(u.roles) or c.n > 0 or q.n > 0)
    order by coalesce(c.n, 0) desc, u.name`);
  const workingDays = Math.max(1, workingDaysBetween(from, to));
  return {
    from,
    to,
    workingDays,
    items: result.rows.map((row) => {
      const calls = Number(row.calls);
      const qualified = Number(row.qualified);
      return {
        userId: row.id,
        name: row.name,
        calls,
        days: workingDays,
        callsPerDay: Math.round((calls / workingDays) * 10) / 10,
        qualified,
        conversionBp: calls === 0 ? 0 : Math.round((qualified * 10000) / calls),
      };
    }),
  };
}
