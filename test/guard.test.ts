import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../src/server/access/roles.ts';
import { anonymous, startTestApp, type TestContext } from './harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

describe('every route is guarded', () => {
  it('declares a known access rule on every /api route', () => {
    const apiRoutes = ctx.app.registeredRoutes.filter((route) => route.url.startsWith('/api'));
    expect(apiRoutes.length).toBeGreaterThan(10);
    const allowed = new Set<string>([...PERMISSIONS, 'public']);
    const unguarded = apiRoutes.filter((route) => !route.access || !allowed.has(route.access));
    expect(unguarded).toEqual([]);
  });

  it('answers 401 to every non-public route without a session', async () => {
    const guarded = ctx.app.registeredRoutes.filter(
      (route) => route.url.startsWith('/api/v1') && route.access !== 'public' && route.method !== 'HEAD',
    );
    const client = anonymous(ctx.app);
    for (const route of guarded) {
      const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const response = await client.request(
        route.method as 'GET',
        url,
        route.method === 'GET' ? undefined : {},
      );
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });
});
