import { describe, expect, it } from 'vitest';
import {
  addDays,
  cadenceOverdueDays,
  complianceBasisPoints,
  contactedWithinCadence,
  daysBetween,
  nextContactDate,
} from './cadence.ts';

describe('next contact date', () => {
  it('is the day of the last contact plus the cadence', () => {
    expect(
      nextContactDate({
        lastContactAt: new Date('2026-03-10T12:00:00Z'),
        clientSince: new Date('2026-01-01T00:00:00Z'),
        cadenceDays: 4,
        timeZone: 'Europe/Moscow',
      }),
    ).toBe('2026-03-14');
  });

  it('counts the day in the workspace time zone, not in UTC', () => {
    // 22:30 UTC on 10 March is already 11 March in Moscow (UTC+3) and still 10 March in New York.
    const late = new Date('2026-03-10T22:30:00Z');
    const input = { lastContactAt: late, clientSince: late, cadenceDays: 4 };
    expect(nextContactDate({ ...input, timeZone: 'Europe/Moscow' })).toBe('2026-03-15');
    expect(nextContactDate({ ...input, timeZone: 'America/New_York' })).toBe('2026-03-14');
    expect(nextContactDate({ ...input, timeZone: 'UTC' })).toBe('2026-03-14');
  });

  it('crosses month and year ends and leap days', () => {
    const at = (iso: string) => ({
      lastContactAt: new Date(iso),
      clientSince: new Date(iso),
      cadenceDays: 4,
      timeZone: 'UTC',
    });
    expect(nextContactDate(at('2026-01-30T10:00:00Z'))).toBe('2026-02-03');
    expect(nextContactDate(at('2026-02-26T10:00:00Z'))).toBe('2026-03-02');
    expect(nextContactDate(at('2028-02-26T10:00:00Z'))).toBe('2028-03-01');
    expect(nextContactDate(at('2026-12-30T10:00:00Z'))).toBe('2027-01-03');
  });

  it('counts a client never contacted from the day it became a client', () => {
    expect(
      nextContactDate({
        lastContactAt: null,
        clientSince: new Date('2026-05-31T21:30:00Z'),
        cadenceDays: 3,
        timeZone: 'Europe/Moscow',
      }),
    ).toBe('2026-06-04');
  });

  it('is unaffected by daylight-saving changes', () => {
    // Europe/Berlin moves its clocks on 29 March 2026.
    expect(
      nextContactDate({
        lastContactAt: new Date('2026-03-28T23:30:00Z'),
        clientSince: new Date('2026-01-01T00:00:00Z'),
        cadenceDays: 1,
        timeZone: 'Europe/Berlin',
      }),
    ).toBe('2026-03-30');
  });
});

describe('day arithmetic', () => {
  it('adds and counts days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysBetween('2026-03-01', '2026-01-31')).toBe(-29);
  });

  it('says how far past its date a client is', () => {
    expect(cadenceOverdueDays('2026-03-10', '2026-03-09')).toBe(0);
    expect(cadenceOverdueDays('2026-03-10', '2026-03-10')).toBe(0);
    expect(cadenceOverdueDays('2026-02-27', '2026-03-02')).toBe(3);
  });
});

describe('compliance with the cadence over a period', () => {
  const base = { cadenceDays: 4, from: '2026-03-01', to: '2026-03-31' };

  it('holds when no day went longer than the cadence without a contact', () => {
    const contactDays = ['2026-02-27', '2026-03-03', '2026-03-07', '2026-03-11', '2026-03-15'];
    const more = ['2026-03-19', '2026-03-23', '2026-03-27', '2026-03-31'];
    expect(contactedWithinCadence({ ...base, contactDays: [...contactDays, ...more] })).toBe(true);
  });

  it('fails on one gap longer than the cadence', () => {
    const contactDays = ['2026-02-28', '2026-03-04', '2026-03-09', '2026-03-12'];
    expect(contactedWithinCadence({ ...base, to: '2026-03-14', contactDays })).toBe(false);
  });

  it('fails when the contact before the period is too old', () => {
    expect(
      contactedWithinCadence({ ...base, to: '2026-03-05', contactDays: ['2026-02-20', '2026-03-03'] }),
    ).toBe(false);
  });

  it('ignores contacts after the period and duplicates on one day', () => {
    expect(
      contactedWithinCadence({
        ...base,
        from: '2026-03-01',
        to: '2026-03-04',
        contactDays: ['2026-03-01', '2026-03-01', '2026-04-30'],
      }),
    ).toBe(true);
    expect(
      contactedWithinCadence({
        ...base,
        from: '2026-03-01',
        to: '2026-03-06',
        contactDays: ['2026-03-01', '2026-03-10'],
      }),
    ).toBe(false);
  });

  it('gives a client that arrived during the period one cadence to be contacted', () => {
    expect(contactedWithinCadence({ ...base, to: '2026-03-19', since: '2026-03-15', contactDays: [] })).toBe(
      true,
    );
    expect(contactedWithinCadence({ ...base, to: '2026-03-20', since: '2026-03-10', contactDays: [] })).toBe(
      false,
    );
  });

  it('turns counts into basis points', () => {
    expect(complianceBasisPoints(3, 4)).toBe(7500);
    expect(complianceBasisPoints(0, 0)).toBe(10_000);
  });
});
