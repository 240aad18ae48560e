import { sql } from 'drizzle-orm';
import type { OrgDiagnostics } from '../../contract/kpis.ts';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { amongUsers } from './figures.ts';
import { coefficientOfVariation, MAX_DIRECT_REPORTS, UNEVEN_LOAD_CV } from './formulas.ts';

/**
 * Org diagnostics (seed 001's markers, DOMAIN.md §4): leads with more than 7 direct reports,
 * uneven load among people of the same tier and grade, people over their client cap, and clients
 * nobody (active) is responsible for. A team lead sees their team's part; head and admin all.
 *
 * A person's load is what their tier is judged on carrying: tier 3 — weighted clients; tier 2 —
 * open deals and leads; tier 1 and others — open tasks (all from `workloads`, migration 0004).
 */
export async function orgDiagnostics(db: DbOrTx, actor: Actor): Promise<OrgDiagnostics> {
  const ws = actor.workspaceId;
  const userIds = actor.scope === 'all' ? null : actor.visibleUserIds;
  const [leads, people, clients] = await Promise.all([
    db.execute<{ user_id: string; name: string; reports: string; team_ids: string[] }>(sql`
      select t.lead_user_id as user_id, u.name, count(distinct m.user_id) as reports, array_agg(distinct t.id) as team_ids
      from teams t
      join users u on u.workspace_id = t.workspace_id and u.id = t.lead_user_id
      join team_members m on m.workspace_id = t.workspace_id and m.team_id = t.id and m.user_id <> t.lead_user_id
      where t.workspace_id = ${ws} and ${amongUsers(sql`t.lead_user_id`, userIds)}
      group by t.lead_user_id, u.name
      having count(distinct m.user_id) > ${MAX_DIRECT_REPORTS}
      order by reports desc`),
    db.execute<{
      id: string;
      name: string;
      tier: number | null;
      grade_id: string | null;
      grade_name: string | null;
      load: string;
      clients: string;
      cap: number | null;
    }>(sql`
      select u.id, u.name, u.tier, u.grade_id, g.name as grade_name,
             case when u.tier = 3 then coalesce(w.client_weight, 0)
                  when u.tier = 2 then coalesce(w.open_deals, 0) + coalesce(w.open_leads, 0)
                  else coalesce(w.open_tasks, 0) end as load,
             coalesce(w.clients, 0) as clients, coalesce(u.client_cap, g.client_cap) as cap
      from users u
      left join grades g on g.workspace_id = u.workspace_id and g.id = u.grade_id
      left join workloads w on w.workspace_id = u.workspace_id and w.user_id = u.id
      where u.workspace_id = ${ws} and u.active and u.tier is not null and ${amongUsers(sql`u.id`, userIds)}
      order by u.name`),
    db.execute<{ id: string; name: string; owner_id: string | null; owner_name: string | null }>(sql`
      select c.id, c.name, c.owner_id, u.name as owner_name
      from companies c left join users u on u.workspace_id = c.workspace_id and u.id = c.owner_id
      where c.workspace_id = ${ws} and c.status = 'client' and c.archived_at is null
        and (c.owner_id is null or not u.active)
        and ${userIds === null ? sql`true` : sql`(c.owner_id is null or ${amongUsers(sql`c.owner_id`, userIds)})`}
      order by c.name limit 500`),
  ]);

  const groups = new Map<string, typeof people.rows>();
  for (const person of people.rows) {
    const key = `${person.tier}:${person.grade_id ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), person]);
  }
  const unevenLoad = [...groups.values()].flatMap((group) => {
    const loads = group.map((person) => Number(person.load));
    const cv = coefficientOfVariation(loads);
    if (cv === null || cv <= UNEVEN_LOAD_CV) return [];
    return [
      {
        tier: group[0]!.tier,
        gradeId: group[0]!.grade_id,
        gradeName: group[0]!.grade_name,
        coefficientOfVariation: cv,
        people: group
          .map((person) => ({
            userId: person.id,
            name: person.name,
            load: Math.round(Number(person.load) * 100) / 100,
          }))
          .sort((a, b) => b.load - a.load),
      },
    ];
  });

  return {
    overloadedLeads: leads.rows.map((row) => ({
      userId: row.user_id,
      name: row.name,
      directReports: Number(row.reports),
      teamIds: row.team_ids,
    })),
    unevenLoad,
    overCap: people.rows
      .filter((person) => person.cap !== null && Number(person.clients) > person.cap)
      .map((person) => ({
        userId: person.id,
        name: person.name,
        clients: Number(person.clients),
        cap: person.cap!,
      })),
    unowned: clients.rows.map((row) => ({
      companyId: row.id,
      name: row.name,
      reason: row.owner_id === null ? ('no_owner' as const) : ('inactive_owner' as const),
      ownerId: row.owner_id,
      ownerName: row.owner_name,
    })),
    threshold: UNEVEN_LOAD_CV,
    maxDirectReports: MAX_DIRECT_REPORTS,
  };
}
