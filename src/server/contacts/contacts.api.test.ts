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
let companyId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  am = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  otherAm = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  companyId = (await am.post('/api/v1/companies', { name: 'Рога и копыта' })).json().id;
});
afterAll(() => ctx.close());

describe('contacts', () => {
  it('normalises phones to E.164 and e-mails to lower case, and marks decision makers', async () => {
    const response = await am.post('/api/v1/contacts', {
      name: 'Анна Смирнова',
      position: 'Финансовый директор',
      companyId,
      emails: ['Anna@Roga.RU', 'anna@roga.ru'],
      phones: ['8 (916) 123-45-67', '+7 916 123 45 67'],
      decisionRole: 'decision_maker',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      emails: ['anna@roga.ru'],
      phones: ['+79161234567'],
      isDecisionMaker: true,
      decisionRole: 'decision_maker',
    });
  });

  it('names the phone it cannot read and saves nothing', async () => {
    const response = await am.post('/api/v1/contacts', {
      name: 'Bad phone',
      phones: ['+79161234567', 'call me'],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { field: 'phones.1', message: expect.stringContaining('call me') },
    ]);
    expect((await am.get('/api/v1/contacts?q=phone')).json().items).toEqual([]);
  });

  it('finds contacts by company, decision makers, phone in any spelling, e-mail and words', async () => {
    await am.post('/api/v1/contacts', {
      name: 'Пётр Иванов',
      position: 'Бухгалтер',
      companyId,
      decisionRole: 'accountant',
    });
    const ofCompany = (await am.get(`/api/v1/contacts?companyId=${companyId}`)).json().items;
    expect(ofCompany.map((c: { name: string }) => c.name)).toEqual(['Анна Смирнова', 'Пётр Иванов']);
    const deciders = (await am.get(`/api/v1/contacts?companyId=${companyId}&isDecisionMaker=true`)).json()
      .items;
    expect(deciders.map((c: { name: string }) => c.name)).toEqual(['Анна Смирнова']);
    const byPhone = (await am.get(`/api/v1/contacts?phone=${encodeURIComponent('8 916 123-45-67')}`)).json()
      .items;
    expect(byPhone).toHaveLength(1);
    expect((await am.get('/api/v1/contacts?email=ANNA@roga.ru')).json().items).toHaveLength(1);
    const byWord = (await am.get(`/api/v1/contacts?q=${encodeURIComponent('бухгалтера')}`)).json().items;
    expect(byWord.map((c: { name: string }) => c.name)).toEqual(['Пётр Иванов']);
  });

  it('finds a contact by its new phone and e-mail after a change, and no longer by the old ones', async () => {
    const created = (
      await am.post('/api/v1/contacts', {
        name: 'Changing',
        phones: ['+7 903 111-22-33'],
        emails: ['old@x.example'],
      })
    ).json();
    const find = async (filter: string) =>
      (await am.get(`/api/v1/contacts?${filter}`)).json().items.map((c: { id: string }) => c.id);
    expect(await find('phone=%2B79031112233')).toEqual([created.id]);
    await am.patch(`/api/v1/contacts/${created.id}`, {
      version: created.version,
      phones: ['+7 903 444-55-66', '+7 903 111-22-33'],
      emails: ['new@x.example'],
    });
    expect(await find('phone=%2B79034445566')).toEqual([created.id]);
    expect(await find('phone=%2B79031112233')).toEqual([created.id]);
    expect(await find('email=new@x.example')).toEqual([created.id]);
    expect(await find('email=old@x.example')).toEqual([]);
  });

  it('shows contacts of one AM’s company to nobody else in their tier; others get 404', async () => {
    const contact = (await am.get(`/api/v1/contacts?companyId=${companyId}`)).json().items[0];
    expect((await otherAm.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(404);
    expect((await otherAm.get('/api/v1/contacts')).json().items).toEqual([]);
    const refused = await otherAm.post('/api/v1/contacts', { name: 'Sneaky', companyId });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('companyId');
  });

  it('refuses a stale version and keeps history', async () => {
    const contact = (await am.post('/api/v1/contacts', { name: 'History', companyId })).json();
    expect(
      (await am.patch(`/api/v1/contacts/${contact.id}`, { version: 1, position: 'CEO' })).statusCode,
    ).toBe(200);
    expect(
      (await am.patch(`/api/v1/contacts/${contact.id}`, { version: 1, position: 'CTO' })).statusCode,
    ).toBe(409);
    const history = (await am.get(`/api/v1/contacts/${contact.id}/history`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
  });
});
