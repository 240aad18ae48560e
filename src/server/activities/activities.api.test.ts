import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  seedUser,
  seedWorkspace,
  signIn,
  startTestApp,
  type TestContext,
} from '../../../test/harness.ts';

let ctx: TestContext;
let am: Client;
let otherAm: Client;
let head: Client;
let companyId: string;
let contactId: string;
let dealId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  am = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  otherAm = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  head = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['head']));
  companyId = (await am.post('/api/v1/companies', { name: 'Timeline Ltd' })).json().id;
  contactId = (await am.post('/api/v1/contacts', { name: 'Olga', companyId })).json().id;
  dealId = (await am.post('/api/v1/deals', { title: 'Audit', companyId })).json().id;
});
afterAll(() => ctx.close());

describe('activities', () => {
  it('puts a call logged on a deal and a note on a contact on the company’s timeline, newest first', async () => {
    const call = await am.post('/api/v1/activities', {
      type: 'call',
      direction: 'outbound',
      dealId,
      outcome: 'interested',
      durationSeconds: 240,
      occurredAt: '2026-11-20T10:00:00Z',
    });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({ companyId, dealId, type: 'call' });
    await am.post('/api/v1/activities', {
      type: 'note',
      contactId,
      body: 'Prefers e-mail',
      occurredAt: '2026-11-21T10:00:00Z',
    });
    await am.post('/api/v1/activities', {
      type: 'meeting',
      companyId,
      subject: 'Kick-off',
      occurredAt: '2026-11-19T10:00:00Z',
    });

    const timeline = (await am.get(`/api/v1/activities?companyId=${companyId}`)).json().items;
    expect(timeline.map((a: { type: string }) => a.type)).toEqual(['note', 'call', 'meeting']);
    expect((await am.get(`/api/v1/activities?dealId=${dealId}`)).json().items).toHaveLength(1);
    expect((await am.get(`/api/v1/activities?contactId=${contactId}&type=note`)).json().items).toHaveLength(
      1,
    );
  });

  it('needs something to link to and refuses records one cannot see', async () => {
    const unlinked = await am.post('/api/v1/activities', { type: 'note', body: 'floating' });
    expect(unlinked.statusCode).toBe(400);
    const hidden = await otherAm.post('/api/v1/activities', { type: 'call', companyId });
    expect(hidden.statusCode).toBe(422);
    expect(hidden.json().errors[0].field).toBe('companyId');
  });

  it('lets only the author (or a head) change or delete an activity', async () => {
    const note = (await am.post('/api/v1/activities', { type: 'note', companyId, body: 'mine' })).json();
    expect((await otherAm.patch(`/api/v1/activities/${note.id}`, { version: 1, body: 'x' })).statusCode).toBe(
      404,
    );
    const edited = await am.patch(`/api/v1/activities/${note.id}`, { version: 1, body: 'edited' });
    expect(edited.json()).toMatchObject({ body: 'edited', version: 2 });
    expect((await head.delete(`/api/v1/activities/${note.id}`)).statusCode).toBe(204);
    expect((await am.get(`/api/v1/activities/${note.id}`)).statusCode).toBe(404);
  });
});
