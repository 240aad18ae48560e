import type { Database } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { type Permission, permissionsOf, type Role, type ScopeKind, scopeKindOf } from './roles.ts';

/** Who is asking: resolved once per request from the session cookie or API token. */
export interface Actor {
  workspaceId: string;
  userId: string;
  roles: Role[];
  permissions: Set<Permission>;
  scope: ScopeKind;
  /**
   * Whose records this person sees besides their own: the members of the teams they lead
   * (team scope). Empty for `all` scope, where nothing is filtered.
   */
  visibleUserIds: string[];
  /**
   * The clients this person — or someone they see — works on without being on the owner's side:
   * those of the live projects (planned, active, on hold) where they are the PM, and those of the
   * open deals whose demo they run as BizDev. A PM sees the client of their project, and so can
   * cover for an absent AM (DOMAIN.md §3). Empty for `all` scope, and for most people; it may
   * include companies they see anyway (a person who is PM and AM of a small client).
   */
  pairedCompanyIds: string[];
}

/**
 * The members of the teams a person leads, as a SQL expression over the person's workspace and id
 * columns (or parameters): what a team lead sees besides their own. Shared by sign-in
 * (authenticate.ts) and loadActor().
 */
export const ledMemberIds = (workspaceId: string, userId: string) => `
  coalesce((select array_agg(distinct m.user_id) from teams t
    join team_members m on m.workspace_id = t.workspace_id and m.team_id = t.id
    where t.workspace_id = ${workspaceId} and t.lead_user_id = ${userId}), '{}')`;

/**
 * The clients of the live projects whose PM is one of `people` (a uuid[] expression), and of the
 * open deals whose demo one of them runs as BizDev: see Actor.pairedCompanyIds. Two index-only
 * (or nearly) look-ups, `projects_pm_live_idx` and `deals_bizdev_idx` (migration 0017): sign-in
 * runs this for every request of a person with own or team scope.
 */
export const pairedCompanyIds = (workspaceId: string, people: string) => `
  coalesce((select array_agg(distinct w.company_id) from (
      select p.company_id from projects p
      where p.workspace_id = ${workspaceId} and p.pm_id = any(${people})
        and p.status in ('planned', 'active', 'on_hold')
      union all
      select d.company_id from deals d
      where d.workspace_id = ${workspaceId} and d.bizdev_id = any(${people})
        and d.closed_at is null and d.archived_at is null
    ) w), '{}')`;

/**
 * Whom a person sees besides themselves and which clients they see through their work, as the
 * select list of a statement over the person's workspace and id, given SQL conditions for their
 * scope being `all` (nothing to look up) or `team`: shared by sign-in (authenticate.ts) and
 * loadActor().
 */
export const reachOf = (workspaceId: string, userId: string, scope: { all: string; team: string }) => `
  v.led_member_ids,
  case when ${scope.all} then '{}'::uuid[] else
    ${pairedCompanyIds(workspaceId, `case when ${scope.team} then array_append(v.led_member_ids, ${userId}) else array[${userId}] end`)}
  end as paired_company_ids
  from (select case when ${scope.team} and not ${scope.all} then ${ledMemberIds(workspaceId, userId)}
    else '{}'::uuid[] end as led_member_ids) v`;

const REACH = {
  name: 'tandem_reach',
  text: `select ${reachOf('$1::uuid', '$2::uuid', { all: 'false', team: '$3::boolean' })}`,
};

/** Whom a person sees and which clients they see through projects (ReachRow of a statement). */
export interface Reach {
  led_member_ids: string[];
  paired_company_ids: string[];
}

/** The actor for a person whose roles are known (at sign-in, in the CLI and in tests). */
export async function loadActor(
  database: Database,
  user: { workspaceId: string; id: string; roles: Role[] },
): Promise<Actor> {
  const scope = scopeKindOf(user.roles);
  if (scope === 'all') return actorOf(user, { led_member_ids: [], paired_company_ids: [] });
  const [row] = await database.run<Reach>(REACH, [user.workspaceId, user.id, scope === 'team']);
  return actorOf(user, row!);
}

/** The actor for a person, given whom they reach (led members count for team scope only). */
export function actorOf(user: { workspaceId: string; id: string; roles: Role[] }, reach: Reach): Actor {
  const scope = scopeKindOf(user.roles);
  return {
    workspaceId: user.workspaceId,
    userId: user.id,
    roles: user.roles,
    permissions: permissionsOf(user.roles),
    scope,
    visibleUserIds:
      scope === 'all' ? [] : scope === 'team' ? [...new Set([user.id, ...reach.led_member_ids])] : [user.id],
    pairedCompanyIds: scope === 'all' ? [] : reach.paired_company_ids,
  };
}

export function can(actor: Actor, permission: Permission): boolean {
  return permission === 'self' || actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError(
      'forbidden',
      `Your role does not allow this (${permission}). Ask an admin for access.`,
    );
  }
}

/**
 * True when the actor sees records owned by `ownerId` (an unowned record is seen by all-scope
 * only). For a company, companyRowWithinScope() also counts the clients of their projects.
 */
export function seesOwner(actor: Actor, ownerId: string | null | undefined): boolean {
  if (actor.scope === 'all') return true;
  return ownerId != null && actor.visibleUserIds.includes(ownerId);
}
