import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';
import { sendDailyDigests } from './send-digests.ts';

let ctx: TestContext;
let smtp: SMTPServer;
const received: { to: string[]; raw: string }[] = [];
let head: Client;
let am: TestUser;
let amClient: Client;
let quiet: TestUser;

/** 09:00 in Moscow on 1 December 2026; 06:00 is before the digest hour. */
const NINE_IN_MOSCOW = new Date('2026-12-01T06:00:00Z');
const SIX_IN_MOSCOW = new Date('2026-12-01T03:00:00Z');

beforeAll(async () => {
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
  const port = (smtp.server.address() as { port: number }).port;

  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database, { locale: 'en' });
  const admin = await signIn(ctx.app, ws.admin);
  await admin.put('/api/v1/settings/money', {
    smtp: { host: '127.0.0.1', port, secure: false, user: '', from: 'tandem@agency.test' },
  });
  head = await signIn(
    ctx.app,
    await seedUser(ctx.database, ws.workspaceId, ['head'], { name: 'Helen Head' }),
  );
  am = await seedUser(ctx.database, ws.workspaceId, ['am'], { name: 'Andy AM' });
  amClient = await signIn(ctx.app, am);
  quiet = await seedUser(ctx.database, ws.workspaceId, ['am'], { name: 'No Digest' });
  await amClient.patch('/api/v1/me', { locale: 'en' });
  await amClient.put('/api/v1/me/notification-settings', { emailDigest: true });
  const company = (await head.post('/api/v1/companies', { name: 'Globex', ownerId: am.id })).json();
  await head.post('/api/v1/tasks', {
    title: 'Call Globex about the renewal',
    assigneeId: am.id,
    companyId: company.id,
    dueAt: '2026-12-01T08:00:00Z',
  });
  await head.post('/api/v1/tasks', {
    title: 'Not yours',
    assigneeId: quiet.id,
    dueAt: '2026-12-01T08:00:00Z',
  });
});
afterAll(async () => {
  await ctx.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('daily digest', () => {
  it('waits for the morning in the workspace’s time zone', async () => {
    expect(await sendDailyDigests(ctx.database, { now: SIX_IN_MOSCOW })).toEqual({
      sent: 0,
      skipped: 0,
      failed: 0,
    });
    expect(received).toHaveLength(0);
  });

  it('mails those who asked for it their notifications and the day’s tasks, once a day', async () => {
    const outcome = await sendDailyDigests(ctx.database, {
      now: NINE_IN_MOSCOW,
      appUrl: 'https://crm.agency.test',
    });
    expect(outcome).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([am.email]);
    const mail = received[0]!.raw.replace(/=\r?\n/g, '');
    expect(mail).toContain('Subject: Tandem, Test workspace: your day');
    expect(mail).toContain('Helen Head gave you a task: Call Globex about the renewal');
    expect(mail).toContain('11:00: Call Globex about the renewal =E2=80=94 Globex');
    expect(mail).toContain('Open Tandem: https://crm.agency.test');
    expect(mail).not.toContain('Not yours');

    // Later the same day, and from a second process at the same moment: nothing more.
    const again = await Promise.all([
      sendDailyDigests(ctx.database, { now: new Date(NINE_IN_MOSCOW.getTime() + 3_600_000) }),
      sendDailyDigests(ctx.database, { now: new Date(NINE_IN_MOSCOW.getTime() + 3_600_000) }),
    ]);
    expect(again).toEqual([
      { sent: 0, skipped: 0, failed: 0 },
      { sent: 0, skipped: 0, failed: 0 },
    ]);
    expect(received).toHaveLength(1);
  });

  it('sends nothing on a day with nothing to say', async () => {
    await amClient.post('/api/v1/notifications/read-all');
    const tasks = (await amClient.get('/api/v1/tasks/mine')).json();
    for (const task of [...tasks.overdue, ...tasks.today, ...tasks.upcoming])
      await amClient.patch(`/api/v1/tasks/${task.id}`, { version: task.version, status: 'done' });
    const nextDay = new Date(NINE_IN_MOSCOW.getTime() + 86_400_000);
    expect(await sendDailyDigests(ctx.database, { now: nextDay })).toEqual({
      sent: 0,
      skipped: 1,
      failed: 0,
    });
    expect(received).toHaveLength(1);
  });
});
