import { describe, expect, it } from 'vitest';
import { applyRememberedMapping, guessMapping, guessTarget, normaliseHeader } from './guess-mapping.ts';

describe('guessing what a column means from its header', () => {
  it('reads Russian and English headers', () => {
    const cases: [string, string | null][] = [
      ['Название', 'name'],
      ['Наименование организации', 'name'],
      ['Company', 'name'],
      ['Company name', 'name'],
      ['ИНН', 'taxId'],
      ['ИНН организации', 'taxId'],
      ['INN', 'taxId'],
      ['Tax ID', 'taxId'],
      ['Сайт', 'domain'],
      ['Website', 'domain'],
      ['Domain', 'domain'],
      ['Телефон', 'phone'],
      ['Тел.', 'phone'],
      ['Phone number', 'phone'],
      ['Email', 'email'],
      ['E-mail', 'email'],
      ['Эл. почта', 'email'],
      ['Почта', 'email'],
      ['Контакт', 'contactName'],
      ['ФИО', 'contactName'],
      ['Контактное лицо', 'contactName'],
      ['Contact', 'contactName'],
      ['Должность', 'position'],
      ['Job title', 'position'],
      ['Регион', 'region'],
      ['Город', 'region'],
      ['Отрасль', 'industry'],
      ['Industry', 'industry'],
      ['Теги', 'tags'],
      ['Tags', 'tags'],
      ['Юр. лицо', 'legalName'],
      ['Размер', 'size'],
      ['Комментарий', null],
      ['', null],
    ];
    for (const [header, target] of cases)
      expect({ header, target: guessTarget(header, 'companies') }).toEqual({ header, target });
  });

  it('prefers the specific field when a header names a contact and a field', () => {
    expect(guessTarget('Contact email', 'companies')).toBe('email');
    expect(guessTarget('Телефон контакта', 'call_list')).toBe('phone');
    expect(guessTarget('Сайт компании', 'companies')).toBe('domain');
  });

  it('reads a bare "Name" as the person in a contacts file and the company elsewhere', () => {
    expect(guessTarget('Name', 'contacts')).toBe('contactName');
    expect(guessTarget('Name', 'companies')).toBe('name');
    expect(guessTarget('Имя', 'companies')).toBe('contactName');
  });

  it('normalises case, ё and punctuation', () => {
    expect(normaliseHeader('  E-MAIL: ')).toBe('e mail');
    expect(normaliseHeader('Телефон (моб.)')).toBe('телефон моб');
    expect(normaliseHeader('Всё')).toBe('все');
  });

  it('maps each single field once, and several columns to phones, e-mails and tags', () => {
    expect(
      guessMapping(['Название', 'Компания', 'Телефон', 'Телефон (2)', 'Примечание'], 'call_list'),
    ).toEqual({
      Название: 'name',
      Компания: null,
      Телефон: 'phone',
      'Телефон (2)': 'phone',
      Примечание: null,
    });
  });

  it('applies a remembered mapping to the headers it knows and guesses the new ones', () => {
    const remembered = { Organisation: 'name' as const, Mobile: null };
    expect(applyRememberedMapping(remembered, ['Organisation', 'Mobile', 'INN'], 'companies')).toEqual({
      Organisation: 'name',
      Mobile: null,
      INN: 'taxId',
    });
    expect(applyRememberedMapping(remembered, ['Something else'], 'companies')).toBeNull();
  });
});
