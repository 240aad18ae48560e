import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { AssignmentRole, CandidateFacts } from './rank-candidates.ts';

interface CandidateRow extends Record<string, unknown> {
  id: string;
  name: string;
  grade_name: string | null;
  grade_rank: number | null;
  client_cap: number | null;
  grade_cap: number | null;
  skills: string[];
  industries: string[];
  region: string | null;
  last_assigned_at: Date | string | null;
  accounts: number | string;
  weighted_accounts: number | string;
  open_deals: number | string;
  open_leads: number | string;
  open_tasks: number | string;
  away_until: string | null;
}

/**
 * Measures, in one statement, the figures of everyone active who holds `role`: accounts held
 * (active clients for an AM, active projects for a PM), weighted accounts, open deals, leads
 * and tasks, and whether they are away on `today`.
 *
 * The client weight is computed in SQL so that no client rows leave the database; it is the
 * same formula as accountWeight() in rank-candidates.ts (a test holds the two together).
 */
export async function loadCandidateFacts(
  db: DbOrTx,
  input: {
    workspaceId: string;
    role: AssignmentRole;
    today: string;
    referenceMonthlyMinor: number;
    /** Only these people (the team load board of a team lead; one person). */
    userIds?: string[];
    /** False to measure the given people whatever their roles (someone covering for an AM). */
    requireRole?: boolean;
  },
): Promise<CandidateFacts[]> {
  const { workspaceId, role, today, referenceMonthlyMinor } = input;
  const onlyUsers = input.userIds ? sql`and u.id = any(${`{${input.userIds.join(',')}}`}::uuid[])` : sql``;
  const accounts =
    role === 'am'
      ? sql`(select count(*) as n,
                    coalesce(sum(case when c.monthly_payment_minor > 0
                      then least(3, greatest(0.5, c.monthly_payment_minor::numeric / ${referenceMonthlyMinor}))
                      else case c.size when 'micro' then 0.5 when 'small' then 0.75 when 'large' then 1.5
                                       when 'enterprise' then 2 else 1 end end), 0) as w
             from companies c
             where c.workspace_id = u.workspace_id and c.owner_id = u.id
               and c.status = 'client' and c.archived_at is null)`
      : role === 'pm'
        ? sql`(select count(*) as n, count(*) as w from projects p
               where p.workspace_id = u.workspace_id and p.pm_id = u.id
                 and p.status in ('planned', 'active', 'on_hold'))`
        : sql`(select 0 as n, 0 as w)`;
  const result = await db.execute<CandidateRow>(sql`
    select u.id, u.name, g.name as grade_name, g.rank as grade_rank, u.client_cap, g.client_cap as grade_cap,
           u.skills, u.industries, u.region, u.last_assigned_at,
           a.n as accounts, a.w as weighted_accounts,
           (select count(*) from deals d
             where d.workspace_id = u.workspace_id and d.owner_id = u.id
               and d.closed_at is null and d.archived_at is null) as open_deals,
           (select count(*) from leads l
             where l.workspace_id = u.workspace_id and l.assignee_id = u.id
               and l.status in ('new', 'accepted')) as open_leads,
           (select count(*) from tasks t
             where t.workspace_id = u.workspace_id and t.assignee_id = u.id and t.status = 'open') as open_tasks,
           (select max(ab.ends_on)::text from absences ab
             where ab.workspace_id = u.workspace_id and ab.user_id = u.id
               and ab.starts_on <= ${today}::date and ab.ends_on >= ${today}::date) as away_until
    from users u
    left join grades g on g.workspace_id = u.workspace_id and g.id = u.grade_id
    cross join lateral ${accounts} a
    where u.workspace_id = ${workspaceId} and u.active ${input.requireRole === false ? sql`` : sql`and ${role} = any(u.roles)`} ${onlyUsers}`);
  return result.rows.map((row) => ({
    userId: row.id,
    name: row.name,
    gradeName: row.grade_name,
    gradeRank: row.grade_rank,
    personalCap: row.client_cap,
    gradeCap: row.grade_cap,
    accounts: Number(row.accounts),
    weightedAccounts: Math.round(Number(row.weighted_accounts) * 100) / 100,
    openDeals: Number(row.open_deals),
    openLeads: Number(row.open_leads),
    openTasks: Number(row.open_tasks),
    skills: row.skills ?? [],
    industries: row.industries ?? [],
    region: row.region,
    awayUntil: row.away_until,
    lastAssignedAt: row.last_assigned_at ? new Date(row.last_assigned_at) : null,
  }));
}
