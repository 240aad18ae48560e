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
 * The figures of everyone active who holds `role`: accounts held (active clients for an AM,
 * active projects for a PM), weighted accounts, open deals, leads and tasks — read from the
 * `workloads` the database keeps current with every change (migration 0004) — and whether
 * they are away on `today`.
 */
export async function loadCandidateFacts(
  db: DbOrTx,
  input: {
    workspaceId: string;
    role: AssignmentRole;
    today: string;
    /** Only these people (the team load board of a team lead; one person). */
    userIds?: string[];
    /** False to measure the given people whatever their roles (someone covering for an AM). */
    requireRole?: boolean;
  },
): Promise<CandidateFacts[]> {
  const { workspaceId, role, today } = input;
  const onlyUsers = input.userIds ? sql`and u.id = any(${`{${input.userIds.join(',')}}`}::uuid[])` : sql``;
  const accounts =
    role === 'am'
      ? sql`coalesce(w.clients, 0) as accounts, coalesce(w.client_weight, 0) as weighted_accounts`
      : role === 'pm'
        ? sql`coalesce(w.pm_projects, 0) as accounts, coalesce(w.pm_projects, 0) as weighted_accounts`
        : sql`0 as accounts, 0 as weighted_accounts`;
  const result = await db.execute<CandidateRow>(sql`
    select u.id, u.name, g.name as grade_name, g.rank as grade_rank, u.client_cap, g.client_cap as grade_cap,
           u.skills, u.industries, u.region, u.last_assigned_at, ${accounts},
           coalesce(w.open_deals, 0) as open_deals, coalesce(w.open_leads, 0) as open_leads,
           coalesce(w.open_tasks, 0) as open_tasks,
           (select max(ab.ends_on)::text from absences ab
             where ab.workspace_id = u.workspace_id and ab.user_id = u.id
               and ab.starts_on <= ${today}::date and ab.ends_on >= ${today}::date) as away_until
    from users u
    left join grades g on g.workspace_id = u.workspace_id and g.id = u.grade_id
    left join workloads w on w.workspace_id = u.workspace_id and w.user_id = u.id
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
