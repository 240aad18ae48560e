import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import { AppError } from './http/errors.ts';
import { type RegisteredRoute, registerGuard } from './http/guard.ts';
import { registerProblemHandler, sendProblem } from './http/problem.ts';
import { responseSerializer } from './http/serializer.ts';
import { rooms } from './rooms.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: Database;
    config: Config;
    /** Every route registered, with its declared access (for the guard test and the docs). */
    registeredRoutes: RegisteredRoute[];
  }
}

export const API_PREFIX = '/api/v1';

/** Builds the whole application without listening, so tests can drive it through inject(). */
export async function buildApp(options: {
  database: Database;
  config: Config;
  logger?: boolean;
}): Promise<FastifyInstance> {
  const { database, config } = options;
  const app = Fastify({
    logger:
      options.logger === false || config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  // In tests every response is also written through zod and compared (src/server/http/serializer.ts).
  app.setSerializerCompiler(responseSerializer({ verify: config.NODE_ENV === 'test' }));
  app.decorate('db', database.db);
  app.decorate('database', database);
  app.decorate('config', config);

  registerProblemHandler(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version: '1',
        description:
          'CRM and account management for B2B service companies. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // After the cookie plugin, so its onRequest hook has parsed cookies before ours reads them.
  app.decorate('registeredRoutes', registerGuard(app));

  app.get('/api/health', { config: { access: 'public' }, schema: { hide: true } }, async () => {
    await database.db.execute(sql`select 1`);
    return { status: 'ok', database: database.kind, version: '0.1.0' };
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  for (const room of rooms) await app.register(room, { prefix: API_PREFIX });

  await registerWebApp(app, config);
  return app;
}

/** Serves the built React app with a fallback to index.html for client-side routes. */
async function registerWebApp(app: FastifyInstance, config: Config): Promise<void> {
  const webRoot = resolve(config.WEB_DIST_DIR);
  const hasWeb = existsSync(resolve(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (!hasWeb || request.url.startsWith('/api') || request.method !== 'GET') {
      return sendProblem(
        reply,
        request,
        new AppError('not_found', `No route ${request.method} ${request.url}`),
      );
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
