import { describe, expect, it } from 'vitest';
import {
  completeMapping,
  fileFormatOf,
  fileProblem,
  formatBytes,
  mappingProblems,
  newIdempotencyKey,
  previewTally,
  rowsPerSecond,
} from './import-file.ts';

describe('the chosen file', () => {
  it('knows CSV and XLSX by name and says what is wrong with anything else', () => {
    expect(fileFormatOf('Leads.CSV')).toBe('csv');
    expect(fileFormatOf('list.xlsx')).toBe('xlsx');
    expect(fileFormatOf('list.pdf')).toBeNull();
    expect(fileProblem({ name: 'list.xls', size: 10 })).toBe('oldExcel');
    expect(fileProblem({ name: 'list.docx', size: 10 })).toBe('notCsvOrXlsx');
    expect(fileProblem({ name: 'list.csv', size: 0 })).toBe('empty');
    expect(fileProblem({ name: 'list.csv', size: 1 })).toBeNull();
  });

  it('makes a fresh UUID v4 for each choice, also without crypto.randomUUID', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(key);
    expect(newIdempotencyKey((bytes) => bytes.fill(255))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('writes sizes people read', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(100 * 1024 * 1024, 'ru')).toBe('100 МБ');
  });
});

describe('the mapping', () => {
  const headers = ['Компания', 'ИНН', 'Телефон', 'Моб.', 'Сайт', 'Домен'];

  it('fills every header, skipping those without a suggestion', () => {
    expect(completeMapping(headers, { Компания: 'name', ИНН: 'taxId' })).toEqual({
      Компания: 'name',
      ИНН: 'taxId',
      Телефон: null,
      'Моб.': null,
      Сайт: null,
      Домен: null,
    });
  });

  it('needs a name column, a phone for a call list, and one column per single field', () => {
    expect(mappingProblems(headers, { ИНН: 'taxId' }, 'companies')).toEqual([
      { header: null, problem: 'nameMissing' },
    ]);
    expect(mappingProblems(headers, { Компания: 'name' }, 'contacts')).toEqual([
      { header: null, problem: 'contactNameMissing' },
    ]);
    expect(mappingProblems(headers, { Компания: 'name' }, 'call_list')).toEqual([
      { header: null, problem: 'phoneMissing' },
    ]);
    expect(
      mappingProblems(
        headers,
        { Компания: 'name', Телефон: 'phone', 'Моб.': 'phone', Сайт: 'domain', Домен: 'domain' },
        'call_list',
      ),
    ).toEqual([{ header: 'Домен', problem: 'usedTwice', other: 'Сайт', target: 'domain' }]);
  });
});

describe('the run', () => {
  it('measures rows per second to now while running, to the end after', () => {
    const run = {
      committedRows: 10_000,
      startedAt: '2026-11-30T10:00:00.000Z',
      finishedAt: null,
      updatedAt: '2026-11-30T10:00:04.000Z',
      status: 'running' as const,
    };
    expect(rowsPerSecond(run, new Date('2026-11-30T10:00:05.000Z'))).toBe(2000);
    expect(
      rowsPerSecond(
        { ...run, status: 'completed', finishedAt: '2026-11-30T10:00:02.000Z' },
        new Date('2026-11-30T11:00:00.000Z'),
      ),
    ).toBe(5000);
    expect(rowsPerSecond({ ...run, startedAt: null }, new Date())).toBeNull();
  });

  it('tallies what the preview rows would do', () => {
    expect(
      previewTally([
        { action: 'create', errors: [] },
        { action: 'merge', errors: [] },
        { action: 'merge', errors: [] },
        { action: null, errors: [{ field: 'ИНН', message: 'bad' }] },
      ]),
    ).toEqual({ create: 1, merge: 2, skip: 0, errors: 1 });
  });
});
