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
let admin: Client;
let am: Client;
let otherAm: Client;
let companyId: string;
let contactId: string;
let stages: { id: string; name: string; kind: string; requiredFields: string[] }[];
let pipelineId: string;

const stageNamed = (name: string) => stages.find((s) => s.name === name)!;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  admin = await signIn(ctx.app, ws.admin);
  am = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  otherAm = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  companyId = (await am.post('/api/v1/companies', { name: 'Acme' })).json().id;
  const pipelines = (await am.get('/api/v1/pipelines')).json().items;
  pipelineId = pipelines[0].id;
  stages = pipelines[0].stages;
  const { contacts } = await import('../contacts/schema.ts');
  const [row] = await ctx.database.db
    .insert(contacts)
    .values({ workspaceId: ws.workspaceId, companyId, name: 'Ivan Petrov' })
    .returning();
  contactId = row!.id;
});
afterAll(() => ctx.close());

describe('deals', () => {
  it('starts in the default pipeline’s first open stage, owned by its creator, in the workspace currency', async () => {
    const response = await am.post('/api/v1/deals', { title: 'Website redesign', companyId });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      pipelineId,
      stageId: stageNamed('Qualification').id,
      stageKind: 'open',
      currency: 'RUB',
      companyName: 'Acme',
      version: 1,
    });
  });

  it('refuses to enter a stage without its required fields, naming exactly those', async () => {
    const deal = (await am.post('/api/v1/deals', { title: 'SEO retainer', companyId })).json();
    const negotiation = stageNamed('Negotiation');
    const refused = await am.patch(`/api/v1/deals/${deal.id}`, { version: 1, stageId: negotiation.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('stage_requirements_missing');
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'amountMinor',
      'expectedCloseDate',
    ]);
    const unchanged = (await am.get(`/api/v1/deals/${deal.id}`)).json();
    expect(unchanged).toMatchObject({ stageId: deal.stageId, version: 1 });

    const moved = await am.post(`/api/v1/deals/${deal.id}/move`, {
      version: 1,
      stageId: negotiation.id,
      amountMinor: 450_000_00,
      expectedCloseDate: '2026-12-31',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ stageId: negotiation.id, amountMinor: 450_000_00, version: 2 });
  });

  it('keeps the stage history and sets closedAt on won, clears it on reopening', async () => {
    const deal = (
      await am.post('/api/v1/deals', { title: 'Support', companyId, amountMinor: 100_00 })
    ).json();
    const won = await am.patch(`/api/v1/deals/${deal.id}`, { version: 1, stageId: stageNamed('Won').id });
    expect(won.json().closedAt).not.toBeNull();
    expect(won.json().stageKind).toBe('won');
    const reopened = await am.patch(`/api/v1/deals/${deal.id}`, {
      version: 2,
      stageId: stageNamed('Proposal').id,
    });
    expect(reopened.json().closedAt).toBeNull();
    const history = (await am.get(`/api/v1/deals/${deal.id}/stage-history`)).json().items;
    expect(history.map((h: { toStageId: string }) => h.toStageId)).toEqual([
      stageNamed('Qualification').id,
      stageNamed('Won').id,
      stageNamed('Proposal').id,
    ]);
    const audit = (await am.get(`/api/v1/deals/${deal.id}/history`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'stage_change',
      'stage_change',
      'create',
    ]);
  });

  it('requires a lost reason to lose a deal', async () => {
    const deal = (await am.post('/api/v1/deals', { title: 'Lost one', companyId })).json();
    const refused = await am.patch(`/api/v1/deals/${deal.id}`, {
      version: 1,
      stageId: stageNamed('Lost').id,
    });
    expect(refused.json().errors).toEqual([{ field: 'lostReason', message: expect.any(String) }]);
    const lost = await am.patch(`/api/v1/deals/${deal.id}`, {
      version: 1,
      stageId: stageNamed('Lost').id,
      lostReason: 'Chose a cheaper agency',
    });
    expect(lost.json().stageKind).toBe('lost');
  });

  it('refuses a contact of another company and a stage of another pipeline', async () => {
    const other = (await am.post('/api/v1/companies', { name: 'Other' })).json();
    const badContact = await am.post('/api/v1/deals', { title: 'x', companyId: other.id, contactId });
    expect(badContact.statusCode).toBe(422);
    expect(badContact.json().errors[0].field).toBe('contactId');
    const pipeline = (await admin.post('/api/v1/pipelines', { name: 'Tenders' })).json();
    const stage = (await admin.post(`/api/v1/pipelines/${pipeline.id}/stages`, { name: 'Submitted' })).json();
    const deal = (await am.post('/api/v1/deals', { title: 'y', companyId, contactId })).json();
    const wrongStage = await am.patch(`/api/v1/deals/${deal.id}`, { version: 1, stageId: stage.id });
    expect(wrongStage.statusCode).toBe(422);
    expect(wrongStage.json().errors[0].field).toBe('stageId');
  });

  it('shows the board with counts and totals per currency', async () => {
    const board = (await am.get(`/api/v1/deals/board?pipelineId=${pipelineId}`)).json();
    expect(board.columns.map((c: { name: string }) => c.name)).toEqual(stages.map((s) => s.name));
    const negotiation = board.columns.find((c: { name: string }) => c.name === 'Negotiation');
    expect(negotiation.count).toBe(1);
    expect(negotiation.totals).toEqual([{ currency: 'RUB', amountMinor: 450_000_00 }]);
    expect(negotiation.deals[0].title).toBe('SEO retainer');
  });

  it('lists with filters, search and keyset pages; other AMs see nothing of it', async () => {
    const page = (await am.get('/api/v1/deals?stageKind=open&sort=title&limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const next = (
      await am.get(`/api/v1/deals?stageKind=open&sort=title&limit=2&cursor=${page.nextCursor}`)
    ).json();
    expect(next.items[0].title >= page.items[1].title).toBe(true);
    const found = (await am.get(`/api/v1/deals?q=${encodeURIComponent('redesign')}`)).json();
    expect(found.items.map((d: { title: string }) => d.title)).toEqual(['Website redesign']);
    expect((await otherAm.get('/api/v1/deals')).json().items).toEqual([]);
    expect((await otherAm.get(`/api/v1/deals/${found.items[0].id}`)).statusCode).toBe(404);
    expect((await otherAm.get(`/api/v1/deals/board?pipelineId=${pipelineId}`)).json().columns[0].count).toBe(
      0,
    );
  });

  it('refuses a stale version', async () => {
    const deal = (await am.post('/api/v1/deals', { title: 'Versioned', companyId })).json();
    await am.patch(`/api/v1/deals/${deal.id}`, { version: 1, nextStep: 'Call the CFO' });
    const stale = await am.patch(`/api/v1/deals/${deal.id}`, { version: 1, nextStep: 'Send the proposal' });
    expect(stale.statusCode).toBe(409);
  });

  it('validates deal custom fields against their definitions', async () => {
    const field = await admin.post('/api/v1/custom-fields', {
      entity: 'deal',
      key: 'budget_owner',
      label: 'Budget owner',
      type: 'select',
      options: ['CFO', 'CEO'],
    });
    expect(field.statusCode).toBe(201);
    const bad = await am.post('/api/v1/deals', {
      title: 'z',
      companyId,
      customFields: { budget_owner: 'Intern' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('customFields.budget_owner');
    const good = await am.post('/api/v1/deals', {
      title: 'z',
      companyId,
      customFields: { budget_owner: 'CFO' },
    });
    expect(good.json().customFields).toEqual({ budget_owner: 'CFO' });
  });
});

describe('pipeline settings', () => {
  it('refuses a required field that a deal does not have', async () => {
    const response = await admin.post(`/api/v1/pipelines/${pipelineId}/stages`, {
      name: 'Odd',
      requiredFields: ['favouriteColour'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toMatch(/^requiredFields/);
  });

  it('reorders stages only when every stage is sent once', async () => {
    const ids = stages.map((s) => s.id);
    const bad = await admin.put(`/api/v1/pipelines/${pipelineId}/stage-order`, { stageIds: ids.slice(1) });
    expect(bad.statusCode).toBe(422);
    const reversed = [...ids].reverse();
    const good = await admin.put(`/api/v1/pipelines/${pipelineId}/stage-order`, { stageIds: reversed });
    expect(good.json().stages.map((s: { id: string }) => s.id)).toEqual(reversed);
    await admin.put(`/api/v1/pipelines/${pipelineId}/stage-order`, { stageIds: ids });
  });

  it('does not let an AM change settings', async () => {
    expect((await am.post('/api/v1/pipelines', { name: 'Mine' })).statusCode).toBe(403);
    expect((await am.post('/api/v1/lead-sources', { name: 'Mine', kind: 'other' })).statusCode).toBe(403);
  });

  it('refuses to delete a lead source in use and suggests deactivating it', async () => {
    const source = (
      await admin.post('/api/v1/lead-sources', { name: 'Conference 2026', kind: 'personal_brand' })
    ).json();
    await am.post('/api/v1/companies', { name: 'From the conference', leadSourceId: source.id });
    const refused = await admin.delete(`/api/v1/lead-sources/${source.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/Deactivate/);
    const unused = (await admin.post('/api/v1/lead-sources', { name: 'Unused', kind: 'other' })).json();
    expect((await admin.delete(`/api/v1/lead-sources/${unused.id}`)).statusCode).toBe(204);
  });
});
