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
let anna: Client;
let oleg: Client;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  admin = await signIn(ctx.app, ws.admin);
  anna = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  oleg = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));

  const mine = (await anna.post('/api/v1/companies', { name: 'Северные продажи' })).json();
  await anna.post('/api/v1/contacts', { name: 'Иван Северов', companyId: mine.id });
  await anna.post('/api/v1/deals', { title: 'Северный сайт', companyId: mine.id });
  const theirs = (await oleg.post('/api/v1/companies', { name: 'Северный ветер' })).json();
  await oleg.post('/api/v1/contacts', { name: 'Пётр Северянин', companyId: theirs.id });
  await oleg.post('/api/v1/deals', { title: 'Северная реклама', companyId: theirs.id });
  await admin.post('/api/v1/knowledge/articles', {
    kind: 'instruction',
    title: 'Работа с северными клиентами',
    body: 'Северные клиенты любят подробные отчёты.',
    status: 'published',
  });
});
afterAll(() => ctx.close());

describe('the header search', () => {
  it('finds companies, contacts, deals and articles, each group within the asker’s visibility', async () => {
    const response = await anna.get(`/api/v1/search?q=${encodeURIComponent('северн')}`);
    expect(response.statusCode).toBe(200);
    const found = response.json();
    expect(found.companies.map((c: { name: string }) => c.name)).toEqual(['Северные продажи']);
    expect(found.deals.map((d: { title: string }) => d.title)).toEqual(['Северный сайт']);
    expect(found.articles.map((a: { title: string }) => a.title)).toEqual(['Работа с северными клиентами']);
    expect(found.articles[0].snippet).toContain('<mark>');
    const contacts = (await anna.get(`/api/v1/search?q=${encodeURIComponent('северов')}`)).json().contacts;
    expect(contacts.map((c: { name: string }) => c.name)).toEqual(['Иван Северов']);
  });

  it('does not show an AM another AM’s client, contact or deal; the admin sees both', async () => {
    const found = (await anna.get(`/api/v1/search?q=${encodeURIComponent('ветер')}`)).json();
    expect(found).toEqual({ companies: [], contacts: [], deals: [], articles: [] });
    const theirs = (await anna.get(`/api/v1/search?q=${encodeURIComponent('Северянин')}`)).json();
    expect(theirs.contacts).toEqual([]);
    const all = (await admin.get(`/api/v1/search?q=${encodeURIComponent('северн')}`)).json();
    expect(all.companies.map((c: { name: string }) => c.name).sort()).toEqual([
      'Северные продажи',
      'Северный ветер',
    ]);
    expect(all.deals).toHaveLength(2);
  });

  it('needs something to search for and a signed-in person', async () => {
    expect((await anna.get('/api/v1/search?q=')).statusCode).toBe(400);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/search?q=x' });
    expect(anonymous.statusCode).toBe(401);
  });
});
