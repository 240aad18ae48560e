import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../src/server/access/roles.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { connectPostgres, type Database, wrapPglite } from '../src/server/db/client.ts';
import { createUser } from '../src/server/users/create-user.ts';
import { createWorkspace } from '../src/server/workspaces/create-workspace.ts';
import { adminQuery } from './global-setup.ts';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through vitest (test/global-setup.ts sets it)`);
  return value;
}

/**
 * Integration tests run against a real database: a clone of the migrated template, one per test
 * file — PGlite by default, PostgreSQL when DATABASE_URL is set. Nothing is mocked.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = requiredEnv('TANDEM_TEST_PG_TEMPLATE');
    const name = `${template}_${randomBytes(4).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const testUrl = new URL(url);
    testUrl.pathname = `/${name}`;
    const database = connectPostgres(testUrl.toString(), { max: 10 });
    const close = database.close;
    database.close = async () => {
      await close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
    return database;
  }
  const dump = new Blob([readFileSync(requiredEnv('TANDEM_TEST_PGLITE_DUMP'))]);
  return wrapPglite(await PGlite.create({ loadDataDir: dump }));
}

export const TEST_PASSWORD = 'correct horse battery';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await openTestDatabase();
  // TEST_LOG_LEVEL=error shows the server's own log while debugging a test.
  const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  // Uploaded files go to a directory of this test file's own, never to ./data.
  const UPLOAD_DIR = mkdtempSync(join(tmpdir(), 'tandem-test-uploads-'));
  const config = loadConfig({ LOG_LEVEL, NODE_ENV: 'test', WEB_DIST_DIR: '.tmp/no-web', UPLOAD_DIR, ...env });
  const app = await buildApp({ database, config });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
      rmSync(UPLOAD_DIR, { recursive: true, force: true });
    },
  };
}

let emailCounter = 0;
export function uniqueEmail(prefix = 'user'): string {
  emailCounter += 1;
  return `${prefix}.${emailCounter}.${randomBytes(3).toString('hex')}@example.test`;
}

export interface TestUser {
  id: string;
  email: string;
  workspaceId: string;
}

/** A workspace with its defaults and an admin who can sign in with TEST_PASSWORD. */
export async function seedWorkspace(
  database: Database,
  options: { name?: string; locale?: 'ru' | 'en' } = {},
): Promise<{ workspaceId: string; admin: TestUser }> {
  const email = uniqueEmail('admin');
  const { workspaceId, adminUserId } = await createWorkspace(database.db, {
    name: options.name ?? 'Test workspace',
    locale: options.locale ?? 'en',
    admin: { email, password: TEST_PASSWORD, name: 'Admin' },
  });
  return { workspaceId, admin: { id: adminUserId, email, workspaceId } };
}

export async function seedUser(
  database: Database,
  workspaceId: string,
  roles: Role[],
  extra: { name?: string; tier?: 1 | 2 | 3 } = {},
): Promise<TestUser> {
  const email = uniqueEmail(roles[0] ?? 'user');
  const user = await createUser(database.db, {
    workspaceId,
    email,
    name: extra.name ?? email.split('@')[0]!,
    password: TEST_PASSWORD,
    roles,
    tier: extra.tier,
  });
  return { id: user.id, email, workspaceId };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Client {
  request(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  /** A raw body (a file upload) with its own headers, such as content-type. */
  send(
    method: Method,
    url: string,
    payload: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

function clientWith(app: FastifyInstance, headers: Record<string, string>): Client {
  const request = (method: Method, url: string, body?: unknown) =>
    app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body),
    patch: (url, body) => request('PATCH', url, body),
    put: (url, body) => request('PUT', url, body),
    delete: (url) => request('DELETE', url),
    send: (method, url, payload, extra = {}) =>
      app.inject({ method, url, headers: { ...headers, ...extra }, payload }),
  };
}

export const anonymous = (app: FastifyInstance): Client => clientWith(app, {});

/** Signs in through the real login route and returns a client that sends the session cookie. */
export async function signIn(app: FastifyInstance, user: { email: string }): Promise<Client> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'tandem_session');
  if (!cookie) throw new Error('no session cookie');
  return clientWith(app, { cookie: `tandem_session=${cookie.value}` });
}
