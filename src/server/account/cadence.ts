import { localDate } from '../tasks/group-tasks-by-due.ts';

/**
 * Contact cadence (DOMAIN.md §2.6, seed 002: "we get in touch every 3–4 days"). Pure rules: no
 * database, no clock. Dates are calendar days (YYYY-MM-DD) in the workspace's time zone.
 */

const DAY_MS = 86_400_000;

function toUtcMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function addDays(day: string, days: number): string {
  return new Date(toUtcMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/**
 * The next contact date: the day of the last contact in the workspace's time zone plus the
 * cadence; a client never contacted counts from the day it became a client. The migration's
 * tandem_follow_contact() trigger applies the same rule when an activity is logged.
 */
export function nextContactDate(input: {
  lastContactAt: Date | null;
  clientSince: Date;
  cadenceDays: number;
  timeZone: string;
}): string {
  const from = input.lastContactAt ?? input.clientSince;
  return addDays(localDate(from, input.timeZone), input.cadenceDays);
}

/** How far past its next contact date a client is today (0 when not yet due). */
export function cadenceOverdueDays(nextContactOn: string, today: string): number {
  return Math.max(0, daysBetween(nextContactOn, today));
}

/**
 * A client was kept within cadence over [from, to] when it never went past its next contact
 * date: every contact came at most `cadenceDays` after the one before, and on `to` the last one
 * is at most `cadenceDays` old — the same test the cadence robot makes each day. The day the
 * client arrived (`since`) counts as a contact, so a new client gives its manager one cadence.
 * `contactDays` may include days before `from` (the contact the period starts from).
 */
export function contactedWithinCadence(input: {
  contactDays: readonly string[];
  cadenceDays: number;
  from: string;
  to: string;
  since?: string | null;
}): boolean {
  const { cadenceDays, to } = input;
  const from = input.since && daysBetween(input.from, input.since) > 0 ? input.since : input.from;
  if (daysBetween(from, to) < 0) return true;
  const all = input.since ? [...input.contactDays, input.since] : input.contactDays;
  const days = [...new Set(all)].filter((d) => daysBetween(d, to) >= 0).sort();
  let previous: string | null = null;
  for (const day of days) {
    if (daysBetween(from, day) >= 0) {
      // A contact inside the period: the one before it must not be more than a cadence earlier.
      if (previous === null ? day !== from : daysBetween(previous, day) > cadenceDays) return false;
    }
    previous = day;
  }
  return previous !== null && daysBetween(previous, to) <= cadenceDays;
}

/** Share of clients kept within cadence, in basis points (10 000 = all). */
export function complianceBasisPoints(compliant: number, clients: number): number {
  if (clients === 0) return 10_000;
  return Math.round((compliant / clients) * 10_000);
}
