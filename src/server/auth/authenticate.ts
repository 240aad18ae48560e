import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, actorOf, type Reach, reachOf } from '../access/actor.ts';
import { ALL_SCOPE_ROLES, type Role, TEAM_SCOPE_ROLES } from '../access/roles.ts';
import { hashSecret } from './secrets.ts';

export const SESSION_COOKIE = 'tandem_session';
export const API_TOKEN_PREFIX = 'tdm_';

// The widest scope among a person's roles wins (roles.ts): all-scope roles look nothing up.
const rolesArray = (roles: readonly string[]) => `'{${roles.join(',')}}'::text[]`;
const REACH = reachOf('u.workspace_id', 'u.id', {
  all: `u.roles && ${rolesArray(ALL_SCOPE_ROLES)}`,
  team: `u.roles && ${rolesArray(TEAM_SCOPE_ROLES)}`,
});

/**
 * Who is asking, in one round trip: the person behind a live session or an unrevoked token, with
 * the members of the teams they lead (whose records a team lead sees) and the clients they see
 * through their projects. Every signed-in request runs one of these, so they are written as
 * named prepared statements — parsed and planned once per connection — rather than built per
 * request (docs/decisions/017).
 */
const BY_SESSION = {
  name: 'tandem_auth_session',
  text: `select u.workspace_id, u.id, u.roles, r.*
    from sessions s join users u on u.workspace_id = s.workspace_id and u.id = s.user_id
    cross join lateral (select ${REACH}) r
    where s.token_hash = $1 and s.expires_at > now() and u.active`,
};

// The token's last use is written at most once a minute, in the same statement, so a busy
// script neither writes on every call nor pays a second round trip.
const BY_TOKEN = {
  name: 'tandem_auth_token',
  text: `with found as (
      select t.workspace_id, t.id as token_id, t.last_used_at, u.id, u.roles, r.*
      from api_tokens t join users u on u.workspace_id = t.workspace_id and u.id = t.user_id
      cross join lateral (select ${REACH}) r
      where t.token_hash = $1 and t.revoked_at is null and u.active
      limit 1
    ), touched as (
      update api_tokens a set last_used_at = now() from found f
      where a.workspace_id = f.workspace_id and a.id = f.token_id
        and (f.last_used_at is null or f.last_used_at < now() - interval '1 minute')
    )
    select workspace_id, id, roles, led_member_ids, paired_company_ids from found`,
};

interface ActorRow extends Reach {
  workspace_id: string;
  id: string;
  roles: Role[];
}

/** Resolves who is asking from the session cookie or a bearer API token; null when nobody valid. */
export async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<Actor | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const cookie = bearer ? undefined : request.cookies[SESSION_COOKIE];
  if (!bearer && !cookie) return null;
  const [row] = await app.database.run<ActorRow>(bearer ? BY_TOKEN : BY_SESSION, [
    hashSecret((bearer ?? cookie)!),
  ]);
  if (!row) return null;
  return actorOf({ workspaceId: row.workspace_id, id: row.id, roles: row.roles }, row);
}
