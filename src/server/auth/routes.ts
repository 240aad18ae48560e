import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiToken,
  CreateApiTokenBody,
  CreatedApiToken,
  LoginBody,
  Me,
  UpdateMeBody,
} from '../../contract/auth.ts';
import { Id } from '../../contract/common.ts';
import { type Actor, loadActor } from '../access/actor.ts';
import type { Db } from '../db/client.ts';
import { AppError, notFound } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';
import { API_TOKEN_PREFIX, SESSION_COOKIE } from './authenticate.ts';
import { apiTokens, sessions } from './schema.ts';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.ts';

// Verifying against a real hash when the e-mail is unknown keeps both answers equally slow.
const dummyHash = hashPassword('no-such-user-password');

async function loadMe(db: Db, actor: Actor): Promise<z.infer<typeof Me>> {
  const [row] = await db
    .select({ user: users, workspace: workspaces })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, actor.userId)));
  if (!row) throw notFound('User');
  return {
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    roles: row.user.roles,
    locale: row.user.locale,
    tier: row.user.tier,
    gradeId: row.user.gradeId,
    permissions: [...actor.permissions].sort(),
    scope: actor.scope,
    workspace: {
      id: row.workspace.id,
      name: row.workspace.name,
      defaultCurrency: row.workspace.defaultCurrency,
      defaultLocale: row.workspace.defaultLocale,
      timeZone: row.workspace.timeZone,
    },
  };
}

function toApiToken(row: typeof apiTokens.$inferSelect): z.infer<typeof ApiToken> {
  return {
    id: row.id,
    name: row.name,
    tokenPrefix: row.tokenPrefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app;

  app.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: config.LOGIN_RATE_LIMIT_PER_MINUTE,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (request) =>
            `${request.ip}:${String((request.body as { email?: unknown })?.email).toLowerCase()}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: LoginBody,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const [user] = await db
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
        .limit(1);
      const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
      if (!user || !valid || !user.active) {
        throw new AppError('unauthenticated', 'The e-mail or password is wrong.', {
          fields: [{ field: 'password', message: 'The e-mail or password is wrong.' }],
        });
      }
      const secret = newSecret();
      const expiresAt = new Date(Date.now() + config.SESSION_TTL_HOURS * 3_600_000);
      await db
        .insert(sessions)
        .values({ tokenHash: hashSecret(secret), workspaceId: user.workspaceId, userId: user.id, expiresAt });
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.COOKIE_SECURE,
        expires: expiresAt,
      });
      return loadMe(db, await loadActor(app.database, user));
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(secret)));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'self' },
      schema: { tags: ['auth'], summary: 'The signed-in person', response: { 200: Me } },
    },
    async (request) => loadMe(db, request.actor),
  );

  app.patch(
    '/me',
    {
      config: { access: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'Change own name or language',
        body: UpdateMeBody,
        response: { 200: Me },
      },
    },
    async (request) => {
      const { actor } = request;
      if (Object.keys(request.body).length > 0) {
        await db
          .update(users)
          .set({ ...request.body, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
          .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, actor.userId)));
      }
      return loadMe(db, actor);
    },
  );

  app.get(
    '/api-tokens',
    {
      config: { access: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'My API tokens',
        response: { 200: z.object({ items: z.array(ApiToken) }) },
      },
    },
    async (request) => {
      const { actor } = request;
      const rows = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.workspaceId, actor.workspaceId), eq(apiTokens.userId, actor.userId)))
        .orderBy(desc(apiTokens.createdAt));
      return { items: rows.map(toApiToken) };
    },
  );

  app.post(
    '/api-tokens',
    {
      config: { access: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; the token is shown once',
        body: CreateApiTokenBody,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      const token = newSecret(API_TOKEN_PREFIX);
      const [row] = await db
        .insert(apiTokens)
        .values({
          workspaceId: actor.workspaceId,
          userId: actor.userId,
          name: request.body.name,
          tokenHash: hashSecret(token),
          tokenPrefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        })
        .returning();
      return reply.status(201).send({ ...toApiToken(row!), token });
    },
  );

  app.delete(
    '/api-tokens/:id',
    {
      config: { access: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: z.object({ id: Id }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      const revoked = await db
        .update(apiTokens)
        .set({ revokedAt: sql`now()` })
        .where(
          and(
            eq(apiTokens.workspaceId, actor.workspaceId),
            eq(apiTokens.userId, actor.userId),
            eq(apiTokens.id, request.params.id),
            isNull(apiTokens.revokedAt),
          ),
        )
        .returning({ id: apiTokens.id });
      if (revoked.length === 0) throw notFound('API token');
      return reply.status(204).send(null);
    },
  );
};
