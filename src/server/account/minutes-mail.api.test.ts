import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, seedWorkspace, signIn, startTestApp, type TestContext } from '../../../test/harness.ts';

/**
 * Minutes by e-mail through the workspace's SMTP server: a minimal SMTP server in the test
 * receives what nodemailer sends. Nothing is mocked on Tandem's side.
 */
let ctx: TestContext;
let admin: Client;
let smtp: Server;
let port: number;
const received: string[] = [];

/** Just enough SMTP for one plain (no TLS, no auth) delivery per connection. */
function startSmtp(): Promise<number> {
  smtp = createServer((socket) => {
    let data = false;
    let message = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      const text = chunk.toString('utf8');
      if (data) {
        message += text;
        if (message.includes('\r\n.\r\n')) {
          data = false;
          received.push(message);
          socket.write('250 queued\r\n');
        }
        return;
      }
      for (const line of text.split('\r\n').filter(Boolean)) {
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
        else if (verb === 'DATA') {
          data = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.address() as { port: number }).port)),
  );
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  admin = await signIn(ctx.app, ws.admin);
  port = await startSmtp();
});
afterAll(async () => {
  await ctx.close();
  smtp.close();
});

describe('minutes by e-mail', () => {
  it('sends the minutes through the SMTP server set for the workspace, and never shows its password', async () => {
    // One mail server per workspace, set with the money settings.
    const mail = await admin.put('/api/v1/settings/money', {
      smtp: {
        host: '127.0.0.1',
        port,
        secure: false,
        user: 'robot',
        password: 's3cret',
        from: 'am@agency.test',
      },
    });
    expect(mail.statusCode).toBe(200);
    expect(mail.body).not.toContain('s3cret');
    const settings = await admin.get('/api/v1/settings/account');
    expect(settings.json()).toMatchObject({ smtpConfigured: true, fromAddress: 'am@agency.test' });
    expect((await admin.get('/api/v1/workspace')).body).not.toContain('s3cret');

    const companyId = (await admin.post('/api/v1/companies', { name: 'Initech', status: 'client' })).json()
      .id;
    const contactId = (
      await admin.post('/api/v1/contacts', { name: 'Bill', companyId, emails: ['bill@initech.test'] })
    ).json().id;
    const meeting = (
      await admin.post(`/api/v1/companies/${companyId}/meetings`, {
        title: 'TPS reports',
        heldAt: new Date().toISOString(),
        minutes: 'New cover sheets from Monday.',
        attendeeContactIds: [contactId],
      })
    ).json();

    const sent = await admin.post(`/api/v1/meetings/${meeting.id}/send-minutes`, {
      to: ['boss@initech.test'],
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({
      sent: true,
      mailto: null,
      recipients: ['bill@initech.test', 'boss@initech.test'],
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('TPS reports');
    expect(received[0]).toContain('minutes-');
    expect((await admin.get(`/api/v1/meetings/${meeting.id}`)).json().minutesSentAt).not.toBeNull();

    const bad = await admin.put('/api/v1/settings/money', { smtp: { port: 'twenty-five' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('smtp.port');
  });
});
