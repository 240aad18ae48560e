import { describe, expect, it } from 'vitest';
import { groupTasksByDue, localDate } from './group-tasks-by-due.ts';

const task = (name: string, dueAt: string | null) => ({ name, dueAt: dueAt ? new Date(dueAt) : null });
const names = (tasks: { name: string }[]) => tasks.map((t) => t.name);

describe('groupTasksByDue', () => {
  it('splits overdue, today and upcoming around now', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const groups = groupTasksByDue(
      [
        task('tomorrow', '2026-11-23T09:00:00Z'),
        task('no date', null),
        task('this evening', '2026-11-22T18:00:00Z'),
        task('this morning', '2026-11-22T08:00:00Z'),
        task('last week', '2026-11-15T08:00:00Z'),
      ],
      now,
      'UTC',
    );
    expect(names(groups.overdue)).toEqual(['last week', 'this morning']);
    expect(names(groups.today)).toEqual(['this evening']);
    expect(names(groups.upcoming)).toEqual(['tomorrow', 'no date']);
  });

  it('decides "today" in the workspace’s time zone, not UTC', () => {
    // 22:30 UTC on the 22nd is already 01:30 on the 23rd in Moscow (UTC+3).
    const now = new Date('2026-11-22T22:30:00Z');
    const dueAt = '2026-11-22T23:30:00Z'; // 02:30 on the 23rd in Moscow, still the 22nd in UTC
    expect(names(groupTasksByDue([task('call', dueAt)], now, 'Europe/Moscow').today)).toEqual(['call']);
    expect(names(groupTasksByDue([task('call', dueAt)], now, 'UTC').today)).toEqual(['call']);
    const nextMoscowDay = '2026-11-23T21:30:00Z'; // 00:30 on the 24th in Moscow
    expect(names(groupTasksByDue([task('call', nextMoscowDay)], now, 'Europe/Moscow').upcoming)).toEqual([
      'call',
    ]);
    expect(names(groupTasksByDue([task('call', nextMoscowDay)], now, 'America/New_York').today)).toEqual([]);
  });

  it('handles the last day of a month and of a year', () => {
    const now = new Date('2026-12-31T20:00:00Z'); // 23:00 on 31 December in Moscow
    const groups = groupTasksByDue(
      [task('before midnight', '2026-12-31T20:30:00Z'), task('new year', '2026-12-31T21:00:00Z')],
      now,
      'Europe/Moscow',
    );
    expect(names(groups.today)).toEqual(['before midnight']);
    expect(names(groups.upcoming)).toEqual(['new year']);
    expect(localDate(new Date('2027-02-28T21:00:00Z'), 'Europe/Moscow')).toBe('2027-03-01');
  });
});
