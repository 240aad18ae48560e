import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
} from '../../../test/harness.ts';
import { type Actor, loadActor } from '../access/actor.ts';
import { connectPostgres, type Database } from '../db/client.ts';
import { nextDocumentNumber } from '../money/document-numbers.ts';
import { issueInvoice } from './save-invoice.ts';

/**
 * Invoice numbers are gap-free per workspace and year and stay unique when several server
 * processes issue at the same moment. On PostgreSQL the test issues through two separate
 * connection pools (as two processes would); on PGlite, which has one connection, through
 * concurrent calls on it.
 */
const INVOICES = 40;

let ctx: TestContext;
let finance: Client;
let actor: Actor;
let companyId: string;
let second: Database | null = null;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  const admin = await signIn(ctx.app, ws.admin);
  const user = await seedUser(ctx.database, ws.workspaceId, ['finance']);
  finance = await signIn(ctx.app, user);
  actor = await loadActor(ctx.database, { workspaceId: ws.workspaceId, id: user.id, roles: ['finance'] });
  companyId = (await admin.post('/api/v1/companies', { name: 'Acme' })).json().id;
  if (ctx.database.kind === 'postgresql') {
    const pool = ctx.database.driver as pg.Pool;
    second = connectPostgres(pool.options.connectionString!, { max: 10 });
  }
});
afterAll(async () => {
  await second?.close();
  await ctx.close();
});

async function drafts(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await finance.post('/api/v1/invoices', {
      companyId,
      lines: [{ description: `Work ${i}`, quantity: '1', unitPriceMinor: 1000 + i }],
    });
    ids.push(response.json().id);
  }
  return ids;
}

describe('invoice numbering', () => {
  it('gives unique, gap-free numbers to invoices issued at the same moment from two pools', async () => {
    const ids = await drafts(INVOICES);
    const pools = [ctx.database.db, (second ?? ctx.database).db];
    const issued = await Promise.all(
      ids.map((id, i) => issueInvoice(pools[i % 2]!, actor, id, { version: 1, issueDate: '2031-05-01' })),
    );
    const numbers = issued.map((invoice) => invoice.number!).sort();
    expect(new Set(numbers).size).toBe(INVOICES);
    expect(numbers).toEqual(
      Array.from({ length: INVOICES }, (_, i) => `2031-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('gives a number back when the issuing transaction rolls back, and starts each year at 1', async () => {
    await expect(
      ctx.database.db.transaction(async (tx) => {
        await nextDocumentNumber(tx, actor.workspaceId, 'invoice', 2031);
        throw new Error('issue failed after taking a number');
      }),
    ).rejects.toThrow('issue failed');
    const [next] = await drafts(1);
    const invoice = await issueInvoice(ctx.database.db, actor, next!, {
      version: 1,
      issueDate: '2031-12-31',
    });
    expect(invoice.number).toBe(`2031-${String(INVOICES + 1).padStart(4, '0')}`);
    const [nextYear] = await drafts(1);
    const january = await issueInvoice(ctx.database.db, actor, nextYear!, {
      version: 1,
      issueDate: '2032-01-01',
    });
    expect(january.number).toBe('2032-0001');
  });

  it('keeps numbering per workspace', async () => {
    const other = await seedWorkspace(ctx.database, { name: 'Other' });
    const otherAdmin = await signIn(ctx.app, other.admin);
    const company = (await otherAdmin.post('/api/v1/companies', { name: 'Other client' })).json();
    const draft = (
      await otherAdmin.post('/api/v1/invoices', {
        companyId: company.id,
        lines: [{ description: 'x', quantity: '1', unitPriceMinor: 1 }],
      })
    ).json();
    const issued = await otherAdmin.post(`/api/v1/invoices/${draft.id}/issue`, {
      version: 1,
      issueDate: '2031-06-01',
    });
    expect(issued.json().number).toBe('2031-0001');
    const counters = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from document_counters where year = 2031`,
    );
    expect(Number(counters.rows[0]!.n)).toBe(2);
  });
});
