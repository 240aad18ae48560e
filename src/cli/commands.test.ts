import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, startTestApp, type TestContext } from '../../test/harness.ts';
import { CliError, exportCompaniesCommand, initCommand, userAddCommand } from './commands.ts';
import { DEMO_PASSWORD, loadDemo } from './demo.ts';

let ctx: TestContext;
const lines: string[] = [];
const log = (line: string) => lines.push(line);

beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

describe('tandem init', () => {
  it('creates a workspace whose admin can sign in, and refuses the same e-mail again', async () => {
    const options = {
      workspace: 'Acme Digital',
      email: 'owner@acme.test',
      password: 'long-enough',
      locale: 'en',
    };
    await initCommand(ctx.database, options, log);
    expect(lines.at(-1)).toMatch(/Created workspace "Acme Digital"/);
    const login = await anonymous(ctx.app).post('/api/v1/auth/login', {
      email: 'owner@acme.test',
      password: 'long-enough',
    });
    expect(login.json().workspace.name).toBe('Acme Digital');
    await expect(initCommand(ctx.database, options, log)).rejects.toThrow(/owner@acme\.test already exists/);
  });

  it('names the option that is wrong', async () => {
    await expect(
      initCommand(ctx.database, { workspace: 'X', email: 'x@x.test', password: 'short' }, log),
    ).rejects.toThrow(/--password: must be at least 8 characters/);
  });
});

describe('tandem demo, user add and export', () => {
  it('loads a demo whose printed logins sign in and see their data', async () => {
    const demo = await loadDemo(ctx.database.db, { locale: 'ru', seed: 7 });
    expect(demo.counts).toMatchObject({ companies: 300, contacts: 600, deals: 200, queued: 60, leads: 4 });
    expect(demo.counts.projects).toBeGreaterThan(10);
    expect(demo.counts).toMatchObject({ touchpoints: 40, articles: 3 });
    expect(demo.logins.length).toBeGreaterThanOrEqual(25);
    const am = demo.logins.find((l) => l.roles.includes('am'))!;
    const client = anonymous(ctx.app);
    const login = await client.post('/api/v1/auth/login', { email: am.email, password: DEMO_PASSWORD });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'tandem_session')!.value;
    const list = await ctx.app.inject({
      url: '/api/v1/companies?limit=5',
      headers: { cookie: `tandem_session=${cookie}` },
    });
    expect(list.json().items.length).toBeGreaterThan(0);

    // Money to show: paid, partly paid, overdue, open and draft invoices, acts and a budget.
    expect(demo.counts).toMatchObject({ contracts: 8, acts: 3 });
    const finance = demo.logins.find((l) => l.roles.includes('finance'))!;
    const financeLogin = await client.post('/api/v1/auth/login', {
      email: finance.email,
      password: DEMO_PASSWORD,
    });
    const financeCookie = financeLogin.cookies.find((c) => c.name === 'tandem_session')!.value;
    const invoices = await ctx.app.inject({
      url: '/api/v1/invoices?limit=500',
      headers: { cookie: `tandem_session=${financeCookie}` },
    });
    const statuses = new Set(invoices.json().items.map((i: { status: string }) => i.status));
    expect([...statuses].sort()).toEqual(['draft', 'overdue', 'paid', 'partially_paid', 'sent']);

    const second = await loadDemo(ctx.database.db, { locale: 'en', seed: 7 });
    expect(second.logins[0]!.email).toBe('admin+2@demo.tandem.local');

    await expect(
      userAddCommand(ctx.database, { email: 'new@x.test', name: 'New', roles: 'am' }, log),
    ).rejects.toThrow(/choose one with --workspace-id/);
    await userAddCommand(
      ctx.database,
      { email: 'new@x.test', name: 'New', roles: 'am,pm', workspaceId: demo.workspaceId },
      log,
    );
    expect(lines.at(-1)).toMatch(/Added New <new@x.test> as am, pm/);
    await expect(
      userAddCommand(
        ctx.database,
        { email: 'n2@x.test', name: 'N', roles: 'wizard', workspaceId: demo.workspaceId },
        log,
      ),
    ).rejects.toThrow(CliError);

    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const count = await exportCompaniesCommand(ctx.database, { workspaceId: demo.workspaceId }, out, log);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(count).toBe(300);
    expect(csv.startsWith('\uFEFFid,name,legal_name,tax_id')).toBe(true);
    expect(csv.trim().split('\n')).toHaveLength(301);
    // Two whole demo agencies (people, 300 companies, money, journeys) on PGlite on a shared machine.
  }, 180_000);
});
