import { and, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
} from '../../../test/harness.ts';
import { contacts } from '../contacts/schema.ts';
import { tasks } from '../tasks/schema.ts';
import {
  issueRecurringInvoices,
  MONEY_ROBOTS_LOCK,
  remindOverdueInvoices,
  runMoneyRobots,
} from './money-robots.ts';

interface ReceivedMail {
  to: string[];
  raw: string;
}

let ctx: TestContext;
let finance: Client;
let workspaceId: string;
let amId: string;
let companyId: string;
let contractId: string;
let smtp: SMTPServer;
let smtpPort: number;
const received: ReceivedMail[] = [];

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'ru' });
  workspaceId = ws.workspaceId;
  const admin = await signIn(ctx.app, ws.admin);
  finance = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['finance']));
  const am = await seedUser(ctx.database, workspaceId, ['am'], { name: 'Анна' });
  amId = am.id;
  companyId = (await admin.post('/api/v1/companies', { name: 'Ромашка', ownerId: amId })).json().id;
  await ctx.database.db.insert(contacts).values({
    workspaceId,
    companyId,
    name: 'Бухгалтерия Ромашки',
    emails: ['buh@romashka.test'],
    decisionRole: 'accountant',
  });
  const contract = await finance.post('/api/v1/contracts', {
    companyId,
    number: 'А-1',
    startsOn: '2026-01-01',
    monthlyFeeMinor: 5_000_000,
    paymentTermsDays: 5,
  });
  expect(contract.statusCode).toBe(201);
  contractId = contract.json().id;

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await ctx.close();
});

async function recurringInvoices() {
  const page = (await finance.get(`/api/v1/invoices?contractId=${contractId}&limit=500`)).json();
  return page.items as {
    id: string;
    origin: string;
    periodMonth: string;
    status: string;
    number: string;
    totalMinor: number;
    dueDate: string;
  }[];
}

describe('recurring invoices robot', () => {
  it('issues this month’s invoice of a recurring contract once, however often it runs', async () => {
    const march = new Date('2026-03-15T09:00:00Z');
    expect(await issueRecurringInvoices(ctx.database.db, march)).toEqual({ issued: 1, skipped: 0 });
    expect(await issueRecurringInvoices(ctx.database.db, march)).toEqual({ issued: 0, skipped: 0 });
    const invoices = await recurringInvoices();
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({
      origin: 'recurring',
      periodMonth: '2026-03-01',
      status: 'overdue', // issued 2026-03-15, due 2026-03-20: long past today
      number: '2026-0001',
      dueDate: '2026-03-20',
    });
    const full = (await finance.get(`/api/v1/invoices/${invoices[0]!.id}`)).json();
    expect(full.lines[0].description).toContain('за март 2026');
    expect(full.lines[0].unitPriceMinor).toBe(5_000_000);
    expect(full.totalMinor).toBe(5_000_000 + 1_100_000); // VAT 22 % by default
  });

  it('issues one invoice even when two passes run at the same moment', async () => {
    const april = new Date('2026-04-02T09:00:00Z');
    const results = await Promise.all([
      issueRecurringInvoices(ctx.database.db, april),
      issueRecurringInvoices(ctx.database.db, april),
    ]);
    expect(results.reduce((sum, r) => sum + r.issued, 0)).toBe(1);
    const invoices = await recurringInvoices();
    expect(invoices.filter((i) => i.periodMonth === '2026-04-01')).toHaveLength(1);
    expect(invoices.map((i) => i.number).sort()).toEqual(['2026-0001', '2026-0002']);
  });

  it('leaves contracts that have not started, have ended or are not active', async () => {
    await finance.post('/api/v1/contracts', {
      companyId,
      number: 'А-2',
      startsOn: '2026-06-01',
      monthlyFeeMinor: 100,
    });
    await finance.post('/api/v1/contracts', {
      companyId,
      number: 'А-3',
      startsOn: '2026-01-01',
      endsOn: '2026-02-28',
      monthlyFeeMinor: 100,
    });
    await finance.post('/api/v1/contracts', {
      companyId,
      number: 'А-4',
      startsOn: '2026-01-01',
      status: 'draft',
      monthlyFeeMinor: 100,
    });
    expect(await issueRecurringInvoices(ctx.database.db, new Date('2026-04-20T09:00:00Z'))).toEqual({
      issued: 0,
      skipped: 0,
    });
  });
});

describe('overdue reminders robot', () => {
  it('makes one task for the AM and sends one e-mail per overdue invoice, never twice', async () => {
    const settings = await finance.put('/api/v1/settings/money', {
      overdueEmails: true,
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: '', from: 'billing@tandem.test' },
      bank: { recipient: 'ООО «Тандем»' },
    });
    expect(settings.statusCode).toBe(200);
    expect(settings.json().smtp).toMatchObject({ host: '127.0.0.1', passwordSet: false });

    const now = new Date('2026-04-25T09:00:00Z');
    const first = await remindOverdueInvoices(ctx.database.db, now);
    expect(first).toEqual({ reminded: 2, emailed: 2, emailFailed: 0 });
    const second = await remindOverdueInvoices(ctx.database.db, now);
    expect(second).toEqual({ reminded: 0, emailed: 0, emailFailed: 0 });
    const third = await Promise.all([
      remindOverdueInvoices(ctx.database.db, new Date('2026-05-01T09:00:00Z')),
      remindOverdueInvoices(ctx.database.db, new Date('2026-05-01T09:00:00Z')),
    ]);
    expect(third.reduce((sum, r) => sum + r.reminded, 0)).toBe(0);

    const made = await ctx.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.origin, 'invoice_overdue')));
    expect(made).toHaveLength(2);
    expect(made.every((task) => task.assigneeId === amId && task.companyId === companyId)).toBe(true);
    expect(made.map((task) => task.title).sort()).toEqual([
      'Напомнить Ромашка об оплате счёта № 2026-0001',
      'Напомнить Ромашка об оплате счёта № 2026-0002',
    ]);

    expect(received).toHaveLength(2);
    expect(received.every((mail) => mail.to.join() === 'buh@romashka.test')).toBe(true);
    const raws = received.map((mail) => mail.raw).join('\n');
    expect(raws).toContain('billing@tandem.test');
    expect(raws).toContain('application/pdf');
    expect(raws).toContain('schet-2026-0001.pdf');
    expect(raws).toContain('schet-2026-0002.pdf');
  });

  it('never shows the SMTP password', async () => {
    await finance.put('/api/v1/settings/money', { smtp: { user: 'billing', password: 's3cret-smtp' } });
    expect((await finance.get('/api/v1/settings/money')).json().smtp).toMatchObject({
      user: 'billing',
      passwordSet: true,
    });
    const anyone = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['sales']));
    const workspace = await anyone.get('/api/v1/workspace');
    expect(workspace.statusCode).toBe(200);
    expect(workspace.body).not.toContain('s3cret-smtp');
    expect(workspace.json().settings.money.smtp.passwordSet).toBe(true);
    const audit = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where before::text like '%s3cret%' or after::text like '%s3cret%'`,
    );
    expect(Number(audit.rows[0]!.n)).toBe(0);
    await finance.put('/api/v1/settings/money', { smtp: { user: '', password: null } });
    expect((await finance.get('/api/v1/settings/money')).json().smtp.passwordSet).toBe(false);
  });

  it('records a failed e-mail on the reminder and does not retry it', async () => {
    const draft = (
      await finance.post('/api/v1/invoices', {
        companyId,
        lines: [{ description: 'Аудит', quantity: '1', unitPriceMinor: 100000 }],
      })
    ).json();
    await finance.post(`/api/v1/invoices/${draft.id}/issue`, {
      version: 1,
      issueDate: '2026-04-01',
      dueDate: '2026-04-05',
    });
    await finance.put('/api/v1/settings/money', { smtp: { port: 1 } });
    const result = await remindOverdueInvoices(ctx.database.db, new Date('2026-04-25T09:00:00Z'));
    expect(result).toEqual({ reminded: 1, emailed: 0, emailFailed: 1 });
    const row = await ctx.database.db.execute<{ email_error: string | null }>(
      sql`select email_error from invoice_reminders where invoice_id = ${draft.id}`,
    );
    expect(row.rows[0]!.email_error).toBeTruthy();
    expect(await remindOverdueInvoices(ctx.database.db, new Date('2026-04-26T09:00:00Z'))).toEqual({
      reminded: 0,
      emailed: 0,
      emailFailed: 0,
    });
  });
});

describe('paying an overdue invoice', () => {
  it('completes its reminder task', async () => {
    const [invoice] = (await recurringInvoices()).filter((i) => i.periodMonth === '2026-03-01');
    const paid = await finance.post('/api/v1/payments', {
      companyId,
      receivedOn: '2026-04-26',
      amountMinor: invoice!.totalMinor,
      currency: 'RUB',
      allocations: [{ invoiceId: invoice!.id, amountMinor: invoice!.totalMinor }],
    });
    expect(paid.statusCode).toBe(201);
    const reminded = await ctx.database.db.execute<{ status: string }>(
      sql`select t.status from invoice_reminders r join tasks t on t.workspace_id = r.workspace_id and t.id = r.task_id
          where r.invoice_id = ${invoice!.id}`,
    );
    expect(reminded.rows.map((r) => r.status)).toEqual(['done']);
  });
});

describe('runMoneyRobots', () => {
  it('runs both passes when it gets the lock', async () => {
    const result = await runMoneyRobots(ctx.database, new Date('2026-04-25T09:00:00Z'));
    expect(result).toEqual({
      recurring: { issued: 0, skipped: 0 },
      reminders: { reminded: 0, emailed: 0, emailFailed: 0 },
    });
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'does nothing while another process holds the advisory lock',
    async () => {
      await ctx.database.withSession(async (query) => {
        await query('select pg_advisory_lock($1)', [MONEY_ROBOTS_LOCK]);
        try {
          expect(await runMoneyRobots(ctx.database, new Date('2026-05-02T09:00:00Z'))).toBeNull();
        } finally {
          await query('select pg_advisory_unlock($1)', [MONEY_ROBOTS_LOCK]);
        }
      });
    },
  );
});
