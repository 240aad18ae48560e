import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  type FileRecord,
  inspectFile,
  readRecords,
  UnreadableFileError,
  uniqueHeaders,
} from './read-file.ts';
import { convertToUtf8IfNeeded } from './store-upload.ts';

const dir = mkdtempSync(join(tmpdir(), 'tandem-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer, ext = 'csv') => {
  const path = join(dir, `f${++n}.${ext}`);
  writeFileSync(path, content);
  return path;
};

async function all(records: AsyncGenerator<FileRecord>): Promise<FileRecord[]> {
  const out: FileRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

describe('CSV', () => {
  it('detects the delimiter outside quotes', () => {
    expect(detectDelimiter('Название;ИНН;"Сайт, домен"')).toBe(';');
    expect(detectDelimiter('name,tax id,"a;b"')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('one column')).toBe(',');
  });

  it('makes headers unique and names blank ones', () => {
    expect(uniqueHeaders(['Phone', '', 'Phone', ' Name '])).toEqual([
      'Phone',
      'Column 2',
      'Phone (2)',
      'Name',
    ]);
  });

  it('reads headers and rows with or without a BOM, with quoted line breaks', async () => {
    const content = 'Название;Телефон\r\n"ООО ""Ромашка""";"8 916\n123-45-67"\r\nВектор;+7 495 123 45 67\r\n';
    for (const prefix of ['', '\uFEFF']) {
      const path = file(prefix + content);
      const layout = await inspectFile(path, 'list.csv');
      expect(layout).toMatchObject({ format: 'csv', delimiter: ';', headers: ['Название', 'Телефон'] });
      const rows = await all(readRecords(path, layout, { committedRows: 0, committedBytes: 0 }));
      expect(rows.map((r) => [r.index, r.rowNumber, r.cells])).toEqual([
        [1, 2, ['ООО "Ромашка"', '8 916\n123-45-67']],
        [2, 3, ['Вектор', '+7 495 123 45 67']],
      ]);
      expect(rows.at(-1)!.endOffset).toBe(Buffer.byteLength(prefix + content));
    }
  });

  it('resumes at the byte where the committed rows end', async () => {
    const lines = [
      '\uFEFFname,phone',
      ...Array.from({ length: 10 }, (_, i) => `Компания ${i},+7916000000${i}`),
    ];
    const path = file(`${lines.join('\n')}\n`);
    const layout = await inspectFile(path, 'a.csv');
    const first = await all(readRecords(path, layout, { committedRows: 0, committedBytes: 0 }));
    const resumed = await all(
      readRecords(path, layout, { committedRows: 4, committedBytes: first[3]!.endOffset }),
    );
    expect(resumed.map((r) => r.cells[0])).toEqual(first.slice(4).map((r) => r.cells[0]));
    expect(resumed[0]).toMatchObject({ index: 5, rowNumber: 6 });
  });

  it('accepts bare quotes inside a value, and fails clearly on a quote left open', async () => {
    const bare = file('name,tax\nООО "Ромашка",7707083893\n');
    const layout = await inspectFile(bare, 'a.csv');
    expect((await all(readRecords(bare, layout, { committedRows: 0, committedBytes: 0 })))[0]!.cells[0]).toBe(
      'ООО "Ромашка"',
    );
    const broken = file('name,tax\nAcme,1\n"Vector,2\nRest,3\n');
    await expect(
      all(readRecords(broken, { format: 'csv', delimiter: ',' }, { committedRows: 0, committedBytes: 0 })),
    ).rejects.toThrow(/The CSV file cannot be read.*quoted value is never closed/);
  });

  it('converts a Windows-1251 file to UTF-8', async () => {
    const cp1251 = Buffer.from([
      0xcd, 0xe0, 0xe7, 0xe2, 0xe0, 0xed, 0xe8, 0xe5, 0x0a, 0xc2, 0xe5, 0xea, 0xf2, 0xee, 0xf0, 0x0a,
    ]);
    const path = file(cp1251);
    expect(await convertToUtf8IfNeeded(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('Название\nВектор\n');
    expect(await convertToUtf8IfNeeded(path)).toBe(false);
  });
});

describe('XLSX', () => {
  it('reads the first sheet: headers, text of every kind of cell, row numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['Название', 'ИНН', 'Телефон', 'Дата']);
    sheet.addRow(['Ромашка', 7707083893, '+7 916 123-45-67', new Date(Date.UTC(2026, 0, 15))]);
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: 'Век' }, { text: 'тор' }] }, '500100732259', 79161234567, null]);
    workbook.addWorksheet('Other').addRow(['ignored']);
    const path = join(dir, 'book.xlsx');
    await workbook.xlsx.writeFile(path);
    const layout = await inspectFile(path, 'book.xlsx');
    expect(layout).toMatchObject({
      format: 'xlsx',
      delimiter: null,
      headers: ['Название', 'ИНН', 'Телефон', 'Дата'],
    });
    const rows = await all(readRecords(path, layout, { committedRows: 0, committedBytes: 0 }));
    expect(rows.map((r) => [r.index, r.rowNumber, r.cells])).toEqual([
      [1, 2, ['Ромашка', '7707083893', '+7 916 123-45-67', '2026-01-15']],
      [2, 4, ['Вектор', '500100732259', '79161234567']],
    ]);
    const resumed = await all(readRecords(path, layout, { committedRows: 1, committedBytes: 0 }));
    expect(resumed.map((r) => r.rowNumber)).toEqual([4]);
  });

  it('refuses a damaged workbook and an old .xls', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('A').addRow(['a']);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    const damaged = file(good.subarray(0, 60), 'xlsx');
    await expect(inspectFile(damaged, 'x.xlsx')).rejects.toBeInstanceOf(UnreadableFileError);
    const xls = file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'xls');
    await expect(inspectFile(xls, 'old.xls')).rejects.toThrow(/old Excel .xls/);
    await expect(inspectFile(file('a,b\n'), 'x.xlsx')).rejects.toThrow(/not an Excel workbook/);
  });
});
