import { describe, expect, it } from 'vitest';
import { MULTI_COLUMN_TARGETS } from '../../contract/imports.ts';
import {
  mappingProblems,
  normaliseDomain,
  normaliseEmail,
  normaliseRow,
  normaliseSize,
  normaliseTaxId,
  planColumns,
} from './normalise-row.ts';

const headers = ['Название', 'ИНН', 'Сайт', 'Телефон', 'Email', 'Контакт', 'Теги', 'Размер'];
const plan = planColumns(headers, {
  Название: 'name',
  ИНН: 'taxId',
  Сайт: 'domain',
  Телефон: 'phone',
  Email: 'email',
  Контакт: 'contactName',
  Теги: 'tags',
  Размер: 'size',
});

describe('normalising one value', () => {
  it('takes a tax id of 10 or 12 digits, without spaces or dashes', () => {
    expect(normaliseTaxId('7707083893')).toBe('7707083893');
    expect(normaliseTaxId(' 7707-083-893 ')).toBe('7707083893');
    expect(normaliseTaxId('500100732259')).toBe('500100732259');
    expect(normaliseTaxId('123')).toBeNull();
    expect(normaliseTaxId('77070838931')).toBeNull();
    expect(normaliseTaxId('770708389A')).toBeNull();
  });

  it('takes the domain out of a URL', () => {
    expect(normaliseDomain('https://www.Example.com/about?x=1')).toBe('example.com');
    expect(normaliseDomain('romashka.ru')).toBe('romashka.ru');
    expect(normaliseDomain('http://кто.рф:8080/')).toBe('кто.рф');
    expect(normaliseDomain('not a domain')).toBeNull();
    expect(normaliseDomain('localhost')).toBeNull();
  });

  it('checks the shape of an e-mail and lower-cases it', () => {
    expect(normaliseEmail(' Ivan@Romashka.RU ')).toBe('ivan@romashka.ru');
    expect(normaliseEmail('mailto:a@b.co')).toBe('a@b.co');
    expect(normaliseEmail('ivan@')).toBeNull();
    expect(normaliseEmail('ivan romashka.ru')).toBeNull();
  });

  it('reads sizes in both languages', () => {
    expect(normaliseSize('Малый')).toBe('small');
    expect(normaliseSize('enterprise')).toBe('enterprise');
    expect(normaliseSize('huge')).toBeNull();
  });
});

describe('normalising a row', () => {
  it('gives the values as they will be saved', () => {
    const row = normaliseRow(
      [
        'ООО "Ромашка"',
        '7707 083 893',
        'https://www.romashka.ru/',
        '8 (916) 123-45-67; +7 495 123 45 67',
        'Info@Romashka.ru, sales@romashka.ru',
        'Иван Петров',
        'vip, опт; vip',
        'средний',
      ],
      plan,
      'call_list',
    );
    expect(row.errors).toEqual([]);
    expect(row.values).toMatchObject({
      name: 'ООО "Ромашка"',
      taxId: '7707083893',
      domain: 'romashka.ru',
      phones: ['+79161234567', '+74951234567'],
      emails: ['info@romashka.ru', 'sales@romashka.ru'],
      contactName: 'Иван Петров',
      tags: ['vip', 'опт'],
      size: 'medium',
    });
  });

  it('names the column and the value that is wrong', () => {
    const row = normaliseRow(
      ['Вектор', '123', 'no domain', '12', 'ivan@', '', '', 'huge'],
      plan,
      'companies',
    );
    expect(row.errors).toEqual([
      { field: 'ИНН', message: expect.stringMatching(/"123" is not a tax id: an INN has 10 digits/) },
      { field: 'Сайт', message: expect.stringMatching(/"no domain" is not a web address/) },
      { field: 'Телефон', message: '"12" is not a phone number we can read.' },
      { field: 'Email', message: '"ivan@" is not an e-mail address.' },
      { field: 'Размер', message: expect.stringMatching(/"huge" is not a size/) },
    ]);
  });

  it('requires what each kind of import needs', () => {
    expect(normaliseRow(['', '7707083893'], plan, 'companies').errors).toEqual([
      { field: 'Название', message: 'A company needs a name.' },
    ]);
    expect(normaliseRow(['Вектор'], plan, 'call_list').errors).toEqual([
      { field: 'Телефон', message: 'A call list row needs a phone number.' },
    ]);
    expect(normaliseRow(['Вектор', '', '', '', 'a@b.co'], plan, 'contacts').errors).toEqual([
      { field: 'Контакт', message: 'A contact needs a name.' },
    ]);
  });

  it('passes over a blank row without an error', () => {
    expect(normaliseRow(['', '  ', ''], plan, 'call_list')).toMatchObject({ empty: true, errors: [] });
  });

  it('ignores columns that are not mapped', () => {
    const partial = planColumns(['Name', 'Notes'], { Name: 'name' });
    expect(normaliseRow(['Acme', 'call after 5'], partial, 'companies').values.name).toBe('Acme');
  });
});

describe('checking a mapping', () => {
  it('refuses unknown columns, a field mapped twice, and missing required fields', () => {
    expect(
      mappingProblems(
        ['A', 'B', 'C'],
        { A: 'name', B: 'name', X: 'email' },
        'call_list',
        MULTI_COLUMN_TARGETS,
      ),
    ).toEqual([
      { field: 'mapping.B', message: '"A" is already mapped to name; a field takes one column.' },
      { field: 'mapping.X', message: 'The file has no such column.' },
      { field: 'mapping', message: expect.stringMatching(/phone/) },
    ]);
    expect(mappingProblems(['A', 'B'], { A: 'phone', B: 'phone' }, 'contacts', MULTI_COLUMN_TARGETS)).toEqual(
      [{ field: 'mapping', message: expect.stringMatching(/contactName/) }],
    );
  });
});
