import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { can } from '../access/actor.ts';
import type { Permission } from '../access/roles.ts';
import { authenticate } from '../auth/authenticate.ts';
import { AppError } from './errors.ts';

/** What a route must declare in `config.permission`: a permission, or 'public' for sign-in and health. */
export type RouteAccess = Permission | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set for every route that is not public; reading it on a public route is a bug. */
    actor: Actor;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/**
 * Every route declares its access. Routes under /api without it are refused at start-up, and the
 * list of all registered routes is kept so a test can walk it (see guard.test.ts).
 */
export function registerGuard(app: FastifyInstance): RegisteredRoute[] {
  const registered: RegisteredRoute[] = [];
  app.decorateRequest('actor', null as unknown as Actor);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registered.push({ method, url: route.url, access });
    if (route.url.startsWith('/api') && !access) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access (config.access)`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const actor = await authenticate(app, request);
    if (!actor)
      throw new AppError(
        'unauthenticated',
        'Sign in first, or send an API token as "Authorization: Bearer …".',
      );
    if (!can(actor, access)) {
      throw new AppError('forbidden', `Your role does not allow this (${access}). Ask an admin for access.`);
    }
    request.actor = actor;
  });

  return registered;
}
