import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { teamMembers, teams } from '../teams/schema.ts';
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

export async function loadActor(
  db: DbOrTx,
  user: { workspaceId: string; id: string; roles: Role[] },
): Promise<Actor> {
  if (scopeKindOf(user.roles) !== 'team') return actorOf(user, []);
  const led = db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, user.workspaceId), eq(teams.leadUserId, user.id)));
  const members = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, user.workspaceId), inArray(teamMembers.teamId, led)));
  return actorOf(
    user,
    members.map((member) => member.userId),
  );
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
