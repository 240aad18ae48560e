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

const LED_MEMBERS = { name: 'tandem_led_members', text: `select ${ledMemberIds('$1', '$2')} as ids` };

/** The actor for a person whose roles are known (at sign-in, in the CLI and in tests). */
export async function loadActor(
  database: Database,
  user: { workspaceId: string; id: string; roles: Role[] },
): Promise<Actor> {
  if (scopeKindOf(user.roles) !== 'team') return actorOf(user, []);
  const [row] = await database.run<{ ids: string[] }>(LED_MEMBERS, [user.workspaceId, user.id]);
  return actorOf(user, row?.ids ?? []);
}

/** The actor for a person, given the members of the teams they lead (used for team scope only). */
export function actorOf(
  user: { workspaceId: string; id: string; roles: Role[] },
  ledMemberIds: readonly string[],
): Actor {
  const scope = scopeKindOf(user.roles);
  return {
    workspaceId: user.workspaceId,
    userId: user.id,
    roles: user.roles,
    permissions: permissionsOf(user.roles),
    scope,
    visibleUserIds:
      scope === 'all' ? [] : scope === 'team' ? [...new Set([user.id, ...ledMemberIds])] : [user.id],
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

/** True when the actor sees records owned by `ownerId` (an unowned record is seen by all-scope only). */
export function seesOwner(actor: Actor, ownerId: string | null | undefined): boolean {
  if (actor.scope === 'all') return true;
  return ownerId != null && actor.visibleUserIds.includes(ownerId);
}
