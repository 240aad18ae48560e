import ExcelJS from 'exceljs';
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
let head: Client;
let am: Client;
let otherAm: Client;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await seedWorkspace(ctx.database);
  head = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['head']));
  am = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  otherAm = await signIn(ctx.app, await seedUser(ctx.database, ws.workspaceId, ['am']));
  for (const [name, industry] of [
    ['Сбер Тех', 'Финтех'],
    ['Альфа Пэй', 'Финтех'],
    ['Магнит Ритейл', 'Ритейл'],
  ]) {
    await am.post('/api/v1/companies', { name, industry, status: 'client', tags: ['ключевой'] });
  }
});
afterAll(() => ctx.close());

describe('saved views', () => {
  it('keeps personal views private and shared views visible to all', async () => {
    const personal = (
      await am.post('/api/v1/saved-views', {
        entity: 'company',
        name: 'My fintech',
        filters: { industry: 'Финтех' },
      })
    ).json();
    const shared = (
      await am.post('/api/v1/saved-views', {
        entity: 'company',
        name: 'Key clients',
        filters: { tags: ['ключевой'] },
        shared: true,
      })
    ).json();
    const theirs = (await otherAm.get('/api/v1/saved-views?entity=company'))
      .json()
      .items.map((v: { id: string }) => v.id);
    expect(theirs).toEqual([shared.id]);
    expect(
      (await otherAm.patch(`/api/v1/saved-views/${personal.id}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (await otherAm.patch(`/api/v1/saved-views/${shared.id}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(403);
  });

  it('exports the segment as CSV with the view’s columns, for what the viewer may see', async () => {
    const view = (
      await head.post('/api/v1/saved-views', {
        entity: 'company',
        name: 'Fintech clients',
        filters: { industry: 'Финтех', status: 'client' },
        columns: ['name', 'industry', 'tags'],
        sort: 'name',
      })
    ).json();
    const response = await head.get(`/api/v1/saved-views/${view.id}/export?format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body).toBe(
      '\uFEFFname,industry,tags\nАльфа Пэй,Финтех,ключевой\nСбер Тех,Финтех,ключевой\n',
    );
    expect((await am.get(`/api/v1/saved-views/${view.id}/export`)).statusCode).toBe(404);
  });

  it('exports XLSX that a spreadsheet opens', async () => {
    const view = (
      await head.post('/api/v1/saved-views', {
        entity: 'company',
        name: 'All',
        columns: ['name'],
        sort: 'name',
      })
    ).json();
    const response = await head.get(`/api/v1/saved-views/${view.id}/export?format=xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('name');
    expect(sheet.rowCount).toBe(4);
  });
});
