import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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
import { loadActor } from '../access/actor.ts';
import type { ImportRunner } from './import-runner.ts';
import { runImport } from './run-import.ts';
import { startImport } from './start-import.ts';

/**
 * Imports end to end through HTTP on a real database, with real CSV and XLSX files: upload,
 * preview, run in batches of three rows, de-duplication, errors, resume, call lists, access.
 */
let ctx: TestContext;
let workspaceId: string;
let adminUser: TestUser;
let admin: Client;

const BATCH = 3;

beforeAll(async () => {
  ctx = await startTestApp({ IMPORT_BATCH_ROWS: String(BATCH) });
  const ws = await seedWorkspace(ctx.database, { name: 'Importers' });
  workspaceId = ws.workspaceId;
  adminUser = ws.admin;
  admin = await signIn(ctx.app, ws.admin);
});
afterAll(() => ctx.close());

const csvOf = (rows: string[][], delimiter = ';') =>
  `\uFEFF${rows.map((row) => row.map((cell) => (/[;,"\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(delimiter)).join('\r\n')}\r\n`;

async function upload(
  client: Client,
  body: string | Buffer,
  options: { kind?: string; fileName?: string; sourceKey?: string; key?: string; type?: string } = {},
) {
  const query = new URLSearchParams({
    kind: options.kind ?? 'companies',
    fileName: options.fileName ?? 'list.csv',
    ...(options.sourceKey ? { sourceKey: options.sourceKey } : {}),
  });
  return client.send('POST', `/api/v1/imports?${query}`, body, {
    'content-type': options.type ?? 'text/csv',
    ...(options.key ? { 'idempotency-key': options.key } : {}),
  });
}

async function settled(client: Client, id: string) {
  for (let i = 0; i < 300; i++) {
    const current = (await client.get(`/api/v1/imports/${id}`)).json();
    if (current.status !== 'running') return current;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} still running`);
}

/** Uploads, starts with the suggested mapping (or the one given) and waits for the end. */
async function importFile(
  client: Client,
  body: string | Buffer,
  options: Parameters<typeof upload>[2] & { dedupe?: string; mapping?: object; start?: object } = {},
) {
  const uploaded = await upload(client, body, options);
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const started = await client.post(`/api/v1/imports/${uploaded.json().id}/start`, {
    mapping: options.mapping ?? uploaded.json().suggestedMapping,
    dedupe: options.dedupe ?? 'merge',
    ...options.start,
  });
  expect(started.statusCode, started.body).toBe(202);
  return settled(client, uploaded.json().id);
}

async function count(table: 'companies' | 'contacts' | 'call_queue_items' | 'imports', where = sql`true`) {
  const result = await ctx.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${workspaceId} and ${where}`,
  );
  return Number(result.rows[0]!.n);
}

describe('upload', () => {
  it('takes a CSV as the request body and answers headers, format and a guessed mapping', async () => {
    const response = await upload(
      admin,
      csvOf([
        [
          'Название',
          'ИНН',
          'Сайт',
          'Телефон',
          'E-mail',
          'Контакт',
          'Должность',
          'Регион',
          'Отрасль',
          'Теги',
          'Заметки',
        ],
        [
          'ООО "Ромашка"',
          '7707083893',
          'romashka.ru',
          '8 916 123-45-67',
          'a@romashka.ru',
          'Анна',
          'CEO',
          'Москва',
          'IT',
          'vip',
          '',
        ],
      ]),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      kind: 'companies',
      status: 'uploaded',
      fileFormat: 'csv',
      delimiter: ';',
      headers: [
        'Название',
        'ИНН',
        'Сайт',
        'Телефон',
        'E-mail',
        'Контакт',
        'Должность',
        'Регион',
        'Отрасль',
        'Теги',
        'Заметки',
      ],
      mappingSource: 'guessed',
      suggestedMapping: {
        Название: 'name',
        ИНН: 'taxId',
        Сайт: 'domain',
        Телефон: 'phone',
        'E-mail': 'email',
        Контакт: 'contactName',
        Должность: 'position',
        Регион: 'region',
        Отрасль: 'industry',
        Теги: 'tags',
        Заметки: null,
      },
      sample: [
        [
          'ООО "Ромашка"',
          '7707083893',
          'romashka.ru',
          '8 916 123-45-67',
          'a@romashka.ru',
          'Анна',
          'CEO',
          'Москва',
          'IT',
          'vip',
          '',
        ],
      ],
    });
  });

  it('answers the same import for a repeated Idempotency-Key and creates nothing', async () => {
    const body = csvOf([['Company'], ['Idempotent Ltd']]);
    const first = await upload(admin, body, { key: 'upload-42' });
    const before = await count('imports');
    const second = await upload(admin, body, { key: 'upload-42' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect(await count('imports')).toBe(before);
    const other = await upload(admin, csvOf([['Company'], ['Another file']]), { key: 'upload-42' });
    expect(other.statusCode).toBe(409);
  });

  it('refuses an empty body, a damaged workbook and an unknown kind', async () => {
    expect((await upload(admin, '')).statusCode).toBe(400);
    const damaged = await upload(admin, Buffer.from('PK\u0003\u0004 not really a zip'), {
      fileName: 'list.xlsx',
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(damaged.statusCode).toBe(422);
    expect(damaged.json().detail).toMatch(/XLSX file cannot be read/);
    expect((await upload(admin, 'a\n1\n', { kind: 'deals' })).statusCode).toBe(400);
  });

  it('remembers the mapping of a source and suggests it for its next file', async () => {
    const body = csvOf([
      ['Org', 'Mobile', 'Remarks'],
      ['Remembered LLC', '+7 916 555-00-01', 'x'],
    ]);
    const done = await importFile(admin, body, {
      sourceKey: 'vendor-a',
      mapping: { Org: 'name', Mobile: 'phone', Remarks: null },
    });
    expect(done.status).toBe('completed');
    const next = await upload(
      admin,
      csvOf([
        ['Org', 'Mobile', 'ИНН'],
        ['Next', '+7 916 555-00-02', ''],
      ]),
      {
        sourceKey: 'vendor-a',
      },
    );
    expect(next.json()).toMatchObject({
      mappingSource: 'remembered',
      suggestedMapping: { Org: 'name', Mobile: 'phone', ИНН: 'taxId' },
    });
  });
});

describe('preview, de-duplication and errors', () => {
  let existing: { tax: string; domain: string; phone: string; email: string };

  beforeAll(async () => {
    const tax = (await admin.post('/api/v1/companies', { name: 'By tax', taxId: '5001007322' })).json();
    const domain = (
      await admin.post('/api/v1/companies', { name: 'By domain', domain: 'bydomain.ru' })
    ).json();
    const phone = (await admin.post('/api/v1/companies', { name: 'By phone' })).json();
    await admin.post('/api/v1/contacts', {
      name: 'Phone person',
      companyId: phone.id,
      phones: ['+7 495 000-00-01'],
    });
    const email = (await admin.post('/api/v1/companies', { name: 'By email' })).json();
    await admin.post('/api/v1/contacts', {
      name: 'Mail person',
      companyId: email.id,
      emails: ['boss@byemail.ru'],
    });
    existing = { tax: tax.id, domain: domain.id, phone: phone.id, email: email.id };
  });

  const header = ['Компания', 'ИНН', 'Сайт', 'Телефон', 'Email', 'Отрасль'];
  const file = csvOf([
    header,
    ['Tax twin', '5001007322', '', '', '', 'Retail'],
    ['Domain twin', '', 'https://www.bydomain.ru/contacts', '', '', 'IT'],
    ['Phone twin', '', '', '8 (495) 000-00-01', '', ''],
    ['Email twin', '', '', '', 'BOSS@byemail.ru', ''],
    ['Brand new', '7736207543', 'brandnew.ru', '', '', ''],
    ['Brand new again', '7736207543', '', '', '', 'Logistics'],
    ['Bad row', '123', 'not a site', '', 'nobody@', ''],
  ]);

  it('previews the first rows with matches and actions, and changes nothing', async () => {
    const uploaded = (await upload(admin, file)).json();
    const before = [await count('companies'), await count('contacts')];
    const response = await admin.post(`/api/v1/imports/${uploaded.id}/preview`, {
      mapping: uploaded.suggestedMapping,
      dedupe: 'merge',
    });
    expect(response.statusCode).toBe(200);
    const rows = response.json().rows;
    expect(rows.map((r: { row: number; action: string | null }) => [r.row, r.action])).toEqual([
      [2, 'merge'],
      [3, 'merge'],
      [4, 'merge'],
      [5, 'merge'],
      [6, 'create'],
      [7, 'merge'],
      [8, null],
    ]);
    expect(rows.slice(0, 4).map((r: { company: { match: object } }) => r.company.match)).toEqual([
      { id: existing.tax, name: 'By tax', by: 'taxId', row: null },
      { id: existing.domain, name: 'By domain', by: 'domain', row: null },
      { id: existing.phone, name: 'By phone', by: 'phone', row: null },
      { id: existing.email, name: 'By email', by: 'email', row: null },
    ]);
    expect(rows[5].company.match).toEqual({ id: null, name: 'Brand new', by: 'taxId', row: 6 });
    expect(rows[1].values.domain).toBe('bydomain.ru');
    expect(rows[2].values.phones).toEqual(['+74950000001']);
    expect(rows[6].errors.map((e: { field: string }) => e.field)).toEqual(['ИНН', 'Сайт', 'Email']);
    expect([await count('companies'), await count('contacts')]).toEqual(before);
    expect((await admin.get(`/api/v1/imports/${uploaded.id}`)).json().status).toBe('uploaded');
  });

  it('merges into existing records by each key and within the file, and reports bad rows', async () => {
    const before = await count('companies');
    const done = await importFile(admin, file, { dedupe: 'merge' });
    expect(done).toMatchObject({
      status: 'completed',
      committedRows: 7,
      totalRows: 7,
      progress: 1,
      counts: { created: 1, merged: 5, skipped: 0, errors: 1 },
    });
    expect(await count('companies')).toBe(before + 1);
    const tax = (await admin.get(`/api/v1/companies/${existing.tax}`)).json();
    expect(tax).toMatchObject({ industry: 'Retail', version: 2 });
    const created = (await admin.get('/api/v1/companies?taxId=7736207543')).json().items;
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: 'Brand new', domain: 'brandnew.ru', industry: 'Logistics' });

    const report = await admin.get(`/api/v1/imports/${done.id}/errors.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('row,field,message,Компания,ИНН,Сайт,Телефон,Email,Отрасль');
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',').slice(0, 2).join(','))
        .sort(),
    ).toEqual(['8,Email', '8,ИНН', '8,Сайт']);
    expect(lines[1]).toContain('Bad row,123,not a site,,nobody@,');
  });

  it('skips matched records with skip, changing nothing', async () => {
    const [companiesBefore, taxBefore] = [
      await count('companies'),
      (await admin.get(`/api/v1/companies/${existing.domain}`)).json(),
    ];
    const done = await importFile(
      admin,
      csvOf([
        header,
        ['Skip me', '', 'bydomain.ru', '', '', 'Changed?'],
        ['Skip new', '7725181240', '', '', '', ''],
      ]),
      { dedupe: 'skip' },
    );
    expect(done.counts).toEqual({ created: 1, merged: 0, skipped: 1, errors: 0 });
    expect(await count('companies')).toBe(companiesBefore + 1);
    expect((await admin.get(`/api/v1/companies/${existing.domain}`)).json()).toEqual(taxBefore);
  });

  it('creates even matched companies with create, but refuses a taken tax id', async () => {
    const before = await count('companies');
    const done = await importFile(
      admin,
      csvOf([
        header,
        ['Second domain twin', '', 'bydomain.ru', '', '', ''],
        ['Tax taken', '5001007322', '', '', '', ''],
      ]),
      { dedupe: 'create' },
    );
    expect(done.counts).toEqual({ created: 1, merged: 0, skipped: 0, errors: 1 });
    expect(await count('companies')).toBe(before + 1);
    const report = (await admin.get(`/api/v1/imports/${done.id}/errors.csv`)).body;
    expect(report).toMatch(/3,ИНН,"The tax id 5001007322 already belongs to an existing company/);
  });

  it('imports contacts with their companies, matching people by e-mail and phone', async () => {
    const done = await importFile(
      admin,
      csvOf([
        ['Name', 'Company', 'Email', 'Phone', 'Position'],
        ['Mail person', 'By email', 'boss@byemail.ru', '', 'Director'],
        ['Nina New', 'Newco Contacts', 'nina@newco.ru', '+7 916 777-00-01', ''],
        ['Oleg New', 'Newco Contacts', '', '+7 916 777-00-02', ''],
        ['', 'No name', 'x@y.ru', '', ''],
      ]),
      { kind: 'contacts' },
    );
    expect(done.counts).toEqual({ created: 2, merged: 1, skipped: 0, errors: 1 });
    const newco = (await admin.get('/api/v1/companies?q=Newco')).json().items;
    expect(newco.map((c: { name: string }) => c.name)).toEqual(['Newco Contacts']);
    const people = (await admin.get(`/api/v1/contacts?companyId=${newco[0].id}`)).json().items;
    expect(people.map((p: { name: string }) => p.name).sort()).toEqual(['Nina New', 'Oleg New']);
    const boss = (await admin.get('/api/v1/contacts?email=boss@byemail.ru')).json().items;
    expect(boss).toHaveLength(1);
    expect(boss[0].position).toBe('Director');
  });

  it('reads an XLSX file', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Компании');
    sheet.addRow(['Название', 'ИНН', 'Телефон']);
    sheet.addRow(['Xlsx One', 7802348846, '+7 812 000-00-01']);
    sheet.addRow(['Xlsx Two', '7704340310', 78120000002]);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const done = await importFile(admin, body, {
      fileName: 'companies.xlsx',
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(done).toMatchObject({
      fileFormat: 'xlsx',
      status: 'completed',
      counts: { created: 2, errors: 0 },
    });
    expect((await admin.get('/api/v1/companies?taxId=7802348846')).json().items[0].name).toBe('Xlsx One');
  });

  it('fails an import whose file breaks off, keeping the batches before it', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => `Broken ${i};77100000${String(10 + i)}`);
    const body = `Название;ИНН\r\n${rows.join('\r\n')}\r\n"Unclosed;1\r\nAfter;2\r\n`;
    const done = await importFile(admin, body);
    expect(done.status).toBe('failed');
    expect(done.failure).toMatch(/The CSV file cannot be read at line \d+: a quoted value is never closed/);
    expect(done.committedRows).toBe(7);
    expect(done.counts.created).toBe(7);
    expect(done.resumable).toBe(true);
  });

  it('records one audit entry per import, not one per row', async () => {
    const done = await importFile(
      admin,
      csvOf([['Название'], ['Audit one'], ['Audit two'], ['Audit three'], ['Audit four']]),
    );
    const entries = await ctx.database.db.execute<{ action: string; after: { created: number } }>(
      sql`select action, after from audit_log where workspace_id = ${workspaceId} and entity_id = ${done.id}`,
    );
    expect(entries.rows).toEqual([{ action: 'import', after: expect.objectContaining({ created: 4 }) }]);
    const perCompany = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log a join companies c on c.id = a.entity_id
          where c.workspace_id = ${workspaceId} and c.name like 'Audit %'`,
    );
    expect(Number(perCompany.rows[0]!.n)).toBe(0);
  });

  it('refuses a mapping that does not fit, naming the problem', async () => {
    const uploaded = (
      await upload(
        admin,
        csvOf([
          ['A', 'B'],
          ['x', 'y'],
        ]),
      )
    ).json();
    const response = await admin.post(`/api/v1/imports/${uploaded.id}/start`, {
      mapping: { A: 'taxId', C: 'name' },
      dedupe: 'merge',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'mapping.C', message: 'The file has no such column.' },
      { field: 'mapping', message: expect.stringMatching(/company name/) },
    ]);
    expect((await admin.get(`/api/v1/imports/${uploaded.id}`)).json().status).toBe('uploaded');
  });
});

describe('call lists', () => {
  let sdrA: TestUser;
  let sdrB: TestUser;

  beforeAll(async () => {
    sdrA = await seedUser(ctx.database, workspaceId, ['sdr'], { tier: 1 });
    sdrB = await seedUser(ctx.database, workspaceId, ['sdr'], { tier: 1 });
    await ctx.database.db.execute(sql`update users set region = 'Москва' where id = ${sdrA.id}`);
    await ctx.database.db.execute(sql`update users set region = 'Санкт-Петербург' where id = ${sdrB.id}`);
  });

  const listFile = (rows: [string, string, string][]) => csvOf([['Компания', 'Телефон', 'Регион'], ...rows]);

  async function queueOf(callListId: string) {
    const result = await ctx.database.db.execute<{
      name: string;
      assignee_id: string;
      owner_id: string;
      position: number;
    }>(
      sql`select c.name, q.assignee_id, c.owner_id, q.position::int as position from call_queue_items q
          join companies c on c.workspace_id = q.workspace_id and c.id = q.company_id
          where q.workspace_id = ${workspaceId} and q.call_list_id = ${callListId} order by q.position`,
    );
    return result.rows;
  }

  it('queues every row round robin; new companies belong to their caller, who sees them', async () => {
    const source = (await admin.get('/api/v1/lead-sources')).json().items[0];
    const existing = (await admin.post('/api/v1/companies', { name: 'Already here' })).json();
    await admin.post('/api/v1/contacts', {
      name: 'Main',
      companyId: existing.id,
      phones: ['+7 495 111-11-11'],
    });
    const done = await importFile(
      admin,
      listFile([
        ['Call One', '+7 916 100-00-01', 'Москва'],
        ['Call Two', '+7 916 100-00-02', 'Москва'],
        ['Already here (by phone)', '+7 495 111-11-11', ''],
        ['Call Three', '+7 916 100-00-03', ''],
        ['Call One again', '+7 916 100-00-01', 'Москва'],
        ['No phone', '', ''],
      ]),
      {
        kind: 'call_list',
        dedupe: 'skip',
        start: {
          callList: {
            name: 'March cold calls',
            callerIds: [sdrA.id, sdrB.id],
            distribution: 'round_robin',
            leadSourceId: source.id,
          },
        },
      },
    );
    expect(done).toMatchObject({ status: 'completed', counts: { created: 3, skipped: 2, errors: 1 } });
    const queue = await queueOf(done.callListId);
    expect(queue.map((q) => [q.name, q.assignee_id])).toEqual([
      ['Call One', sdrA.id],
      ['Call Two', sdrB.id],
      ['Already here', sdrA.id],
      ['Call Three', sdrB.id],
    ]);
    expect(queue.map((q) => q.position)).toEqual([1, 2, 3, 4]);
    expect(queue.find((q) => q.name === 'Call Two')!.owner_id).toBe(sdrB.id);
    expect(queue.find((q) => q.name === 'Already here')!.owner_id).toBe(adminUser.id);

    const sdr = await signIn(ctx.app, sdrB);
    const seen = (await sdr.get('/api/v1/companies?q=Call'))
      .json()
      .items.map((c: { name: string }) => c.name);
    expect(seen.sort()).toEqual(['Call Three', 'Call Two']);
    const company = (await sdr.get('/api/v1/companies?q=Call%20Two')).json().items[0];
    expect(company).toMatchObject({ status: 'prospect', leadSourceId: source.id });
  });

  it('deals by region to the caller of that region, the others round robin', async () => {
    const done = await importFile(
      admin,
      listFile([
        ['Region One', '+7 916 200-00-01', 'Санкт-Петербург'],
        ['Region Two', '+7 916 200-00-02', 'Москва'],
        ['Region Three', '+7 916 200-00-03', 'санкт-петербург'],
        ['Region Four', '+7 916 200-00-04', 'Казань'],
        ['Region Five', '+7 916 200-00-05', 'Казань'],
      ]),
      {
        kind: 'call_list',
        start: { callList: { name: 'By region', callerIds: [sdrA.id, sdrB.id], distribution: 'region' } },
      },
    );
    const queue = await queueOf(done.callListId);
    expect(queue.map((q) => [q.name, q.assignee_id])).toEqual([
      ['Region One', sdrB.id],
      ['Region Two', sdrA.id],
      ['Region Three', sdrB.id],
      ['Region Four', sdrA.id],
      ['Region Five', sdrA.id],
    ]);
  });

  it('needs the list and active callers', async () => {
    const uploaded = (
      await upload(admin, listFile([['X', '+7 916 300-00-01', '']]), { kind: 'call_list' })
    ).json();
    const noList = await admin.post(`/api/v1/imports/${uploaded.id}/start`, {
      mapping: uploaded.suggestedMapping,
      dedupe: 'merge',
    });
    expect(noList.statusCode).toBe(400);
    expect(noList.json().errors[0].field).toBe('callList');
    const stranger = await admin.post(`/api/v1/imports/${uploaded.id}/start`, {
      mapping: uploaded.suggestedMapping,
      dedupe: 'merge',
      callList: { name: 'L', callerIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().errors[0].field).toBe('callList.callerIds.0');
  });
});

describe('resume', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`continues a ${format} import that died after a batch from its committed rows, without duplicates`, async () => {
      const rows = Array.from({ length: 8 }, (_, i) => [
        `Resume ${format} ${i}`,
        `+7 916 4${format === 'csv' ? 0 : 1}0-00-${String(10 + i)}`,
      ]);
      let body: string | Buffer = csvOf([['Компания', 'Телефон'], ...rows]);
      if (format === 'xlsx') {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('A');
        sheet.addRow(['Компания', 'Телефон']);
        for (const row of rows) sheet.addRow(row);
        body = Buffer.from(await workbook.xlsx.writeBuffer());
      }
      const uploaded = (
        await upload(admin, body, {
          kind: 'call_list',
          fileName: `resume.${format}`,
          type: format === 'csv' ? 'text/csv' : 'application/octet-stream',
        })
      ).json();

      // Start as the API does, but the process "dies" after one batch: the import stays running.
      const actor = await loadActor(ctx.database, { workspaceId, id: adminUser.id, roles: ['admin'] });
      const noRunner = { launch: () => undefined, isRunning: () => false } as unknown as ImportRunner;
      await startImport(ctx.database.db, noRunner, actor, uploaded.id, {
        mapping: uploaded.suggestedMapping,
        dedupe: 'merge',
        callList: { name: `Resume ${format}`, callerIds: [adminUser.id], distribution: 'round_robin' },
      });
      const stopped = await runImport(
        ctx.database,
        { workspaceId, importId: uploaded.id },
        { uploadDir: ctx.app.config.UPLOAD_DIR, batchRows: BATCH, stopAfterBatches: 1 },
      );
      expect(stopped).toMatchObject({ status: 'running', committedRows: BATCH });
      await ctx.database.db.execute(
        sql`update imports set updated_at = now() - interval '10 minutes' where id = ${uploaded.id}`,
      );
      const seen = (await admin.get(`/api/v1/imports/${uploaded.id}`)).json();
      expect(seen).toMatchObject({ status: 'interrupted', resumable: true, committedRows: BATCH });

      const resumed = await admin.post(`/api/v1/imports/${uploaded.id}/resume`);
      expect(resumed.statusCode, resumed.body).toBe(202);
      const done = await settled(admin, uploaded.id);
      expect(done).toMatchObject({
        status: 'completed',
        committedRows: 8,
        counts: { created: 8, errors: 0 },
      });
      expect(await count('companies', sql`name like ${`Resume ${format} %`}`)).toBe(8);
      expect(await count('call_queue_items', sql`call_list_id = ${done.callListId}`)).toBe(8);
      expect((await admin.post(`/api/v1/imports/${uploaded.id}/resume`)).statusCode).toBe(409);
    });
  }

  it('writes batches two at a time (PostgreSQL) with the same result as one after another', async () => {
    // Rows that repeat companies, phones and e-mails of rows one, two and five batches back, and
    // merges that fill a domain and add a phone to a record an earlier batch created.
    const rows: string[][] = [['Компания', 'ИНН', 'Сайт', 'Телефон', 'Email', 'Контакт', 'Отрасль']];
    const phone = (n: number) => `+7 916 300-00-${String(n).padStart(2, '0')}`;
    for (let i = 0; i < 40; i++) {
      const back = [1, 3, 5, 15][(i >> 2) % 4]!;
      const source = i - back;
      if (i % 4 !== 3 || source < 0)
        rows.push([
          `Co ${i}`,
          String(7_700_000_100 + i),
          i % 3 ? `site-${i}.ru` : '',
          phone(i),
          '',
          `P ${i}`,
          '',
        ]);
      else if (i % 8 === 7) rows.push([`Repeat ${i}`, '', `site-${source}.ru`, phone(50 + i), '', '', 'IT']);
      else
        rows.push([
          `Repeat ${i}`,
          String(7_700_000_100 + source),
          '',
          phone(source),
          `c${i}@x.ru`,
          `P ${source}`,
          '',
        ]);
    }
    const results = [];
    for (const batchesInFlight of [1, 2]) {
      const ws = await seedWorkspace(ctx.database, { name: `In flight ${batchesInFlight}` });
      const client = await signIn(ctx.app, ws.admin);
      const uploaded = (await upload(client, csvOf(rows), { kind: 'call_list' })).json();
      const actor = await loadActor(ctx.database, {
        workspaceId: ws.workspaceId,
        id: ws.admin.id,
        roles: ['admin'],
      });
      const noRunner = { launch: () => undefined, isRunning: () => false } as unknown as ImportRunner;
      await startImport(ctx.database.db, noRunner, actor, uploaded.id, {
        mapping: uploaded.suggestedMapping,
        dedupe: 'merge',
        callList: { name: 'L', callerIds: [ws.admin.id], distribution: 'round_robin' },
      });
      const done = await runImport(
        ctx.database,
        { workspaceId: ws.workspaceId, importId: uploaded.id },
        { uploadDir: ctx.app.config.UPLOAD_DIR, batchRows: BATCH, batchesInFlight },
      );
      expect(done.status).toBe('completed');
      const data = await ctx.database.db.execute(sql`
        select (select json_agg(json_build_object('name', name, 'taxId', tax_id, 'domain', domain, 'industry', industry) order by name)
                  from companies where workspace_id = ${ws.workspaceId}) as companies,
               (select json_agg(json_build_object('name', c.name, 'phones', c.phones, 'emails', c.emails, 'company', co.name) order by c.name, c.phones)
                  from contacts c join companies co on co.workspace_id = c.workspace_id and co.id = c.company_id
                  where c.workspace_id = ${ws.workspaceId}) as contacts,
               (select json_agg(json_build_object('company', co.name, 'position', q.position) order by q.position)
                  from call_queue_items q join companies co on co.workspace_id = q.workspace_id and co.id = q.company_id
                  where q.workspace_id = ${ws.workspaceId}) as queue,
               (select json_agg(json_build_object('key', k.key, 'contact', c.name) order by k.key, c.name)
                  from contact_keys k join contacts c on c.workspace_id = k.workspace_id and c.id = k.contact_id
                  where k.workspace_id = ${ws.workspaceId}) as keys`);
      results.push({
        counts: { created: done.createdCount, merged: done.mergedCount, errors: done.errorCount },
        ...data.rows[0],
      });
    }
    expect(results[0]!.counts.merged).toBeGreaterThan(5);
    expect(results[1]).toEqual(results[0]);
  });

  it('runs two imports of one workspace at once without duplicates', async () => {
    const ws = await seedWorkspace(ctx.database, { name: 'Two at once' });
    const client = await signIn(ctx.app, ws.admin);
    const rows = [['Компания', 'ИНН', 'Телефон']];
    for (let i = 0; i < 12; i++)
      rows.push([`Same ${i}`, String(7_700_000_300 + i), `+7 916 500-00-${String(i).padStart(2, '0')}`]);
    const actor = await loadActor(ctx.database, {
      workspaceId: ws.workspaceId,
      id: ws.admin.id,
      roles: ['admin'],
    });
    const noRunner = { launch: () => undefined, isRunning: () => false } as unknown as ImportRunner;
    const ids: string[] = [];
    for (const name of ['first.csv', 'second.csv']) {
      const uploaded = (await upload(client, csvOf(rows), { fileName: name })).json();
      await startImport(ctx.database.db, noRunner, actor, uploaded.id, {
        mapping: uploaded.suggestedMapping,
        dedupe: 'merge',
      });
      ids.push(uploaded.id);
    }
    const done = await Promise.all(
      ids.map((importId) =>
        runImport(
          ctx.database,
          { workspaceId: ws.workspaceId, importId },
          { uploadDir: ctx.app.config.UPLOAD_DIR, batchRows: BATCH },
        ),
      ),
    );
    expect(done.map((d) => d.status)).toEqual(['completed', 'completed']);
    expect(done.map((d) => d.createdCount + d.mergedCount)).toEqual([12, 12]);
    expect(done[0]!.createdCount + done[1]!.createdCount).toBe(12);
    // PostgreSQL: the run holds the workspace's import lock, so one import wrote everything first.
    if (ctx.database.kind === 'postgresql') expect(done.map((d) => d.createdCount).sort()).toEqual([0, 12]);
    const [companies] = (
      await ctx.database.db.execute(
        sql`select count(*)::int as n from companies where workspace_id = ${ws.workspaceId}`,
      )
    ).rows as { n: number }[];
    expect(companies!.n).toBe(12);
  });

  it('starts an import once', async () => {
    const uploaded = (await upload(admin, csvOf([['Название'], ['Once']]))).json();
    const body = { mapping: uploaded.suggestedMapping, dedupe: 'merge' };
    expect((await admin.post(`/api/v1/imports/${uploaded.id}/start`, body)).statusCode).toBe(202);
    expect((await admin.post(`/api/v1/imports/${uploaded.id}/start`, body)).statusCode).toBe(409);
    await settled(admin, uploaded.id);
  });
});

describe('access', () => {
  it('hides another workspace’s imports (404) and refuses people without crm:import (403)', async () => {
    const mine = (await upload(admin, csvOf([['Название'], ['Private']]))).json();
    const other = await seedWorkspace(ctx.database, { name: 'Other' });
    const stranger = await signIn(ctx.app, other.admin);
    expect((await stranger.get(`/api/v1/imports/${mine.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/imports/${mine.id}/errors.csv`)).statusCode).toBe(404);
    expect(
      (await stranger.post(`/api/v1/imports/${mine.id}/preview`, { mapping: {}, dedupe: 'merge' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await stranger.post(`/api/v1/imports/${mine.id}/start`, { mapping: { Название: 'name' } })).statusCode,
    ).toBe(404);
    expect((await stranger.post(`/api/v1/imports/${mine.id}/resume`)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/imports')).json().items).toEqual([]);

    const sales = await signIn(ctx.app, await seedUser(ctx.database, workspaceId, ['sales']));
    expect((await upload(sales, csvOf([['Название'], ['Nope']]))).statusCode).toBe(403);
    expect((await sales.get('/api/v1/imports')).statusCode).toBe(403);
    expect((await sales.get(`/api/v1/imports/${mine.id}`)).statusCode).toBe(403);
  });

  it('lists one’s own imports to an SDR and all of them to an admin, newest first', async () => {
    const sdrUser = await seedUser(ctx.database, workspaceId, ['sdr']);
    const sdr = await signIn(ctx.app, sdrUser);
    const own = (await upload(sdr, csvOf([['Название'], ['SDR file']]), { fileName: 'sdr.csv' })).json();
    const list = (await sdr.get('/api/v1/imports')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([own.id]);
    const all = (await admin.get('/api/v1/imports?limit=2')).json();
    expect(all.items[0].id).toBe(own.id);
    expect(all.nextCursor).not.toBeNull();
    const next = (await admin.get(`/api/v1/imports?limit=2&cursor=${all.nextCursor}`)).json();
    expect(next.items).toHaveLength(2);
    expect(next.items[0].id).not.toBe(all.items[1].id);
  });
});
