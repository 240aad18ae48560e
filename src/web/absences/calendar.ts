import type { Absence } from '../../contract/sales-flow.ts';

/**
 * The month grid of the absence calendar as plain functions of `YYYY-MM` and `YYYY-MM-DD` strings:
 * no time zone can shift a day.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** The days (`YYYY-MM-DD`) of the month that `month` (`YYYY-MM`) names. */
export function daysOfMonth(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, index) => `${month}-${pad(index + 1)}`);
}

/** The month `by` months away from `month`. */
export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, m - 1 + by, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}

/** Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export type RowSegment = { kind: 'empty'; day: string } | { kind: 'absence'; absence: Absence; span: number };

/**
 * One person's row: each day either empty or part of an absence, an absence drawn once across its
 * days within the month. Where two absences overlap, the earlier one is drawn and the later one
 * continues after it.
 */
export function rowSegments(days: string[], absences: Absence[]): RowSegment[] {
  const sorted = [...absences].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const segments: RowSegment[] = [];
  let index = 0;
  while (index < days.length) {
    const day = days[index]!;
    const absence = sorted.find((a) => a.startsOn <= day && a.endsOn >= day);
    if (!absence) {
      segments.push({ kind: 'empty', day });
      index += 1;
      continue;
    }
    let span = 1;
    while (index + span < days.length && days[index + span]! <= absence.endsOn) span += 1;
    segments.push({ kind: 'absence', absence, span });
    index += span;
  }
  return segments;
}

/** Whether an absence includes the day. */
export const isCurrent = (absence: Pick<Absence, 'startsOn' | 'endsOn'>, day: string) =>
  absence.startsOn <= day && absence.endsOn >= day;
