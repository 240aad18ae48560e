import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, loadActor } from '../access/actor.ts';
import { users } from '../users/schema.ts';
import { apiTokens, sessions } from './schema.ts';
import { hashSecret } from './secrets.ts';

export const SESSION_COOKIE = 'tandem_session';
export const API_TOKEN_PREFIX = 'tdm_';

const userColumns = { workspaceId: users.workspaceId, id: users.id, roles: users.roles };

/** Resolves who is asking from the session cookie or a bearer API token; null when nobody valid. */
export async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<Actor | null> {
  const { db } = app;
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) {
    const tokenHash = hashSecret(bearer);
    const [row] = await db
      .select({ user: userColumns, tokenId: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, and(eq(users.workspaceId, apiTokens.workspaceId), eq(users.id, apiTokens.userId)))
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.active, true)))
      .limit(1);
    if (!row) return null;
    // Touch last_used_at at most once a minute, so a busy script does not write on every call.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiTokens.workspaceId, row.user.workspaceId),
          eq(apiTokens.id, row.tokenId),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`)),
        ),
      );
    return loadActor(db, row.user);
  }

  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const [row] = await db
    .select({ user: userColumns })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .where(
      and(
        eq(sessions.tokenHash, hashSecret(cookie)),
        gt(sessions.expiresAt, sql`now()`),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return row ? loadActor(db, row.user) : null;
}
