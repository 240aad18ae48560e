import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, seedUser, seedWorkspace, type TestUser } from '../../test/harness.ts';
import type { Database } from '../server/db/client.ts';
import { applyMappingOverrides, importCommand } from './import-command.ts';

let database: Database;
let directory: string;
let workspaceId: string;
let admin: TestUser;
let caller: TestUser;
const lines: string[] = [];
const progress: string[] = [];
const io = {
  log: (line: string) => lines.push(line),
  progress: (line: string) => progress.push(line),
};
const config = () => ({ UPLOAD_DIR: join(directory, 'uploads'), IMPORT_MAX_MB: 10, IMPORT_BATCH_ROWS: 2 });

const CSV = [
  'Компания,ИНН,Сайт,Телефон,Email,Контакт,Регион',
  'Рога и копыта,7707083893,roga.ru,+7 495 123-45-67,info@roga.ru,Иван Петров,Москва',
  'Копыта и рога,,kopyta.ru,8 (812) 555-12-12,hello@kopyta.ru,Мария,Санкт-Петербург',
  ',1234,,,,Нет названия,',
  'Рога и копыта (дубль),7707083893,,+7 495 123-45-67,,Пётр,Москва',
  'Северный ветер,,sever.example,+7 900 000-00-01,,Олег,Москва',
].join('\n');

function writeCsv(name: string, text = CSV): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

async function companyCount(): Promise<number> {
  const { rows } = await database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from companies where workspace_id = ${workspaceId}`,
  );
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  database = await openTestDatabase();
  directory = mkdtempSync(join(tmpdir(), 'tandem-cli-import-'));
  ({ workspaceId, admin } = await seedWorkspace(database));
  caller = await seedUser(database, workspaceId, ['sdr'], { tier: 1 });
});
afterAll(async () => {
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('tandem import', () => {
  it('a dry run shows the mapping and the first rows and saves nothing', async () => {
    const file = writeCsv('dry.csv');
    const result = await importCommand(
      database,
      config(),
      file,
      { kind: 'companies', dryRun: true, workspaceId },
      io,
    );
    expect(result.status).toBe('uploaded');
    expect(lines).toContain(`  ${'ИНН'.padEnd(30)} → taxId`);
    expect(lines.some((line) => /row {4}4 .*error: ИНН: "1234" is not a tax id/.test(line))).toBe(true);
    expect(lines.some((line) => /row {4}5 .*merge \(matches Рога и копыта by taxId\)/.test(line))).toBe(true);
    expect(await companyCount()).toBe(0);
  });

  it('imports a call list in batches with progress, de-duplicates, deals it out and writes the error report', async () => {
    const file = writeCsv('calls.csv');
    const result = await importCommand(
      database,
      config(),
      file,
      {
        kind: 'call_list',
        listName: 'Cold calls, December',
        callers: caller.email.toUpperCase(),
        as: admin.email,
        workspaceId,
      },
      io,
    );
    expect(result).toMatchObject({ status: 'completed', committedRows: 5 });
    expect(result.counts).toEqual({ created: 3, merged: 1, skipped: 0, errors: 1 });
    expect(progress.some((line) => /rows\/s/.test(line))).toBe(true);
    expect(lines).toContain(`Row-by-row error report: ${file}.errors.csv`);
    const report = readFileSync(`${file}.errors.csv`, 'utf8');
    expect(report).toMatch(/^\uFEFFrow,field,message,Компания/);
    expect(report).toMatch(/4,ИНН,"""1234"" is not a tax id/);
    const { rows } = await database.db.execute<{ n: number; assignee: string }>(
      sql`select count(*)::int as n, min(assignee_id::text) as assignee from call_queue_items where workspace_id = ${workspaceId}`,
    );
    expect(rows[0]).toEqual({ n: 3, assignee: caller.id });
  });

  it('takes mapping overrides, and stops on Ctrl-C after a batch so that --resume finishes the rest', async () => {
    const file = writeCsv(
      'contacts.csv',
      ['Name,Mail,Note', 'Anna,anna@x.example,a', 'Boris,boris@x.example,b', 'Vera,vera@x.example,c'].join(
        '\n',
      ),
    );
    const controller = new AbortController();
    const stopped = await importCommand(
      database,
      config(),
      file,
      { kind: 'contacts', map: ['Name=contactName', 'Mail=email', 'Note=-'], workspaceId },
      { ...io, signal: controller.signal, progress: () => controller.abort() },
    );
    expect(stopped).toMatchObject({ status: 'interrupted', committedRows: 2, resumable: true });
    expect(lines.at(-1)).toBe(
      `Interrupted after 2 rows (all of them saved). Continue with: tandem import --resume ${stopped.id}`,
    );
    const resumed = await importCommand(
      database,
      config(),
      undefined,
      { resume: stopped.id, workspaceId },
      io,
    );
    expect(resumed).toMatchObject({ status: 'completed', committedRows: 3 });
    expect(resumed.counts.created).toBe(3);
  });

  it('refuses what it cannot do with a message that says what to do', async () => {
    const file = writeCsv('bad.csv');
    await expect(importCommand(database, config(), file, { workspaceId }, io)).rejects.toThrow(
      '--kind: choose companies, contacts or call_list.',
    );
    await expect(
      importCommand(
        database,
        config(),
        file,
        { kind: 'call_list', listName: 'X', callers: 'nobody@x.test', workspaceId },
        io,
      ),
    ).rejects.toThrow('--callers: no active person nobody@x.test in this workspace.');
    await expect(
      importCommand(
        database,
        config(),
        file,
        { kind: 'companies', as: caller.email, map: ['Нет=name'], workspaceId },
        io,
      ),
    ).rejects.toThrow(/--map "Нет=name": the file has no column "Нет"/);
    const pm = await seedUser(database, workspaceId, ['pm']);
    await expect(
      importCommand(database, config(), file, { kind: 'companies', as: pm.email, workspaceId }, io),
    ).rejects.toThrow(/may not import/);
  });
});

describe('applyMappingOverrides', () => {
  it('changes, removes and refuses unknown fields', () => {
    const headers = ['A', 'B=C'];
    expect(applyMappingOverrides(headers, { A: 'name', 'B=C': null }, ['B=C=domain', 'A=-'])).toEqual({
      A: null,
      'B=C': 'domain',
    });
    expect(() => applyMappingOverrides(headers, {}, ['A=colour'])).toThrow(/"colour" is not a field/);
    expect(() => applyMappingOverrides(headers, {}, ['A'])).toThrow(/write it as "Column header=field"/);
  });
});
