import { describe, expect, it } from 'vitest';
import { parseStatementDate, readBankStatement, StatementFormatError } from './bank-statement.ts';

const options = {
  defaultCurrency: 'RUB',
  knownCurrency: (code: string) => ['RUB', 'USD', 'EUR'].includes(code),
};

describe('readBankStatement', () => {
  it('reads English columns with commas', () => {
    const lines = readBankStatement(
      'date,amount,currency,reference,payer,payer_tax_id,purpose\n2026-03-05,1234.56,RUB,TX-1,Acme,7707083893,Invoice 2026-0001\n',
      options,
    );
    expect(lines).toEqual([
      {
        line: 2,
        bankReference: 'TX-1',
        receivedOn: '2026-03-05',
        amountMinor: 123456,
        currency: 'RUB',
        payerName: 'Acme',
        payerTaxId: '7707083893',
        purpose: 'Invoice 2026-0001',
        errors: [],
      },
    ]);
  });

  it('reads Russian columns with semicolons, decimal commas and a BOM; the currency defaults', () => {
    const lines = readBankStatement(
      '\uFEFFДата;Сумма;Номер документа;Плательщик;ИНН плательщика;Назначение платежа\n05.03.2026;"1 000,50";571;ООО Ромашка;7707083893;Оплата по счёту 2026-0002\n',
      options,
    );
    expect(lines[0]).toMatchObject({
      receivedOn: '2026-03-05',
      amountMinor: 100050,
      currency: 'RUB',
      bankReference: '571',
      payerName: 'ООО Ромашка',
      errors: [],
    });
  });

  it('reports bad lines by field and keeps reading', () => {
    const lines = readBankStatement(
      'date,amount,currency,reference\n2026-02-30,10,RUB,A\n2026-03-01,-5,RUB,B\n2026-03-01,1.234,RUB,C\n2026-03-01,10,XYZ,D\n2026-03-01,10,RUB,\n2026-03-01,10,USD,F\n',
      options,
    );
    expect(lines.map((line) => line.errors.map((e) => e.field))).toEqual([
      ['date'],
      ['amount'],
      ['amount'],
      ['currency'],
      ['reference'],
      [],
    ]);
    expect(lines[5]).toMatchObject({ amountMinor: 1000, currency: 'USD', line: 7 });
  });

  it('refuses a file without the needed columns', () => {
    expect(() => readBankStatement('foo,bar\n1,2\n', options)).toThrow(StatementFormatError);
    expect(() => readBankStatement('', options)).toThrow(StatementFormatError);
  });

  it('parses only real dates', () => {
    expect(parseStatementDate('2028-02-29')).toBe('2028-02-29');
    expect(parseStatementDate('29.02.2027')).toBeNull();
    expect(parseStatementDate('yesterday')).toBeNull();
  });
});
