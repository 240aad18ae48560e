import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  seedWorkspace,
  signIn,
  startTestApp,
  TEST_PASSWORD,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';

let ctx: TestContext;
let admin: TestUser;

beforeAll(async () => {
  ctx = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
  admin = (await seedWorkspace(ctx.database)).admin;
});
afterAll(() => ctx.close());

describe('auth', () => {
  it('signs in with an httpOnly session cookie and answers /me', async () => {
    const response = await anonymous(ctx.app).post('/api/v1/auth/login', {
      email: admin.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'tandem_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(response.json()).toMatchObject({ email: admin.email, roles: ['admin'], scope: 'all' });
    expect(response.json()).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password and unauthenticated calls with problem+json', async () => {
    const wrong = await anonymous(ctx.app).post('/api/v1/auth/login', {
      email: admin.email,
      password: 'nope',
    });
    expect(wrong.statusCode).toBe(401);
    const me = await anonymous(ctx.app).get('/api/v1/me');
    expect(me.statusCode).toBe(401);
    expect(me.headers['content-type']).toContain('application/problem+json');
  });

  it('rate-limits repeated sign-in attempts for one e-mail', async () => {
    const client = anonymous(ctx.app);
    const email = 'someone@example.test';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await client.post('/api/v1/auth/login', { email, password: 'x' })).statusCode);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('signs out: the cookie no longer works', async () => {
    const client = await signIn(ctx.app, admin);
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('issues an API token once, accepts it as a bearer, and refuses it after revoking', async () => {
    const client = await signIn(ctx.app, admin);
    const created = await client.post('/api/v1/api-tokens', { name: 'import script' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^tdm_/);
    const listed = (await client.get('/api/v1/api-tokens')).json();
    expect(listed.items[0]).not.toHaveProperty('token');
    const viaToken = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.statusCode).toBe(200);
    expect((await client.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    const revoked = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(401);
  });

  it('keeps the language per user', async () => {
    const client = await signIn(ctx.app, admin);
    expect((await client.patch('/api/v1/me', { locale: 'ru' })).json().locale).toBe('ru');
    expect((await client.get('/api/v1/me')).json().locale).toBe('ru');
  });

  it('answers health and the OpenAPI document without sign-in', async () => {
    const health = await anonymous(ctx.app).get('/api/health');
    expect(health.json()).toMatchObject({ status: 'ok', database: ctx.database.kind });
    const openapi = (await anonymous(ctx.app).get('/api/openapi.json')).json();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toContain('/api/v1/companies');
  });
});
