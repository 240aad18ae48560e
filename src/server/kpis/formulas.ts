/**
 * KPI formulas (DOMAIN.md §1, §4): pure functions, no database and no clock — `now` and the
 * workspace's time zone come in as arguments. SQL gathers the facts (kpis/facts.ts); these turn
 * them into the figures people are judged by. Ratios are basis points (10000 = 100 %).
 */

export type PeriodKind = 'month' | 'quarter';

export interface Period {
  kind: PeriodKind;
  /** First and last day, both included, as calendar dates in the workspace's time zone. */
  from: string;
  to: string;
  /** "2026-03" or "2026-Q1". */
  label: string;
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function dateIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const pick = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${pick('year')}-${pick('month')}-${pick('day')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The month or quarter that contains a calendar date. */
export function periodContaining(kind: PeriodKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'month') {
    return {
      kind,
      from: `${year}-${pad(month)}-01`,
      to: `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`,
      label: `${year}-${pad(month)}`,
    };
  }
  const quarter = Math.floor((month - 1) / 3) + 1;
  const first = (quarter - 1) * 3 + 1;
  const last = first + 2;
  return {
    kind,
    from: `${year}-${pad(first)}-01`,
    to: `${year}-${pad(last)}-${pad(lastDayOfMonth(year, last))}`,
    label: `${year}-Q${quarter}`,
  };
}

/** The current month or quarter at `now` in the workspace's time zone. */
export function currentPeriod(kind: PeriodKind, now: Date, timeZone: string): Period {
  return periodContaining(kind, dateIn(now, timeZone));
}

/** The period `steps` before (negative) or after (positive) the given one. */
export function shiftPeriod(period: Period, steps: number): Period {
  const months = period.kind === 'month' ? steps : steps * 3;
  const year = Number(period.from.slice(0, 4));
  const month = Number(period.from.slice(5, 7)) - 1 + months;
  const shiftedYear = year + Math.floor(month / 12);
  const shiftedMonth = (((month % 12) + 12) % 12) + 1;
  return periodContaining(period.kind, `${shiftedYear}-${pad(shiftedMonth)}-01`);
}

/** The last `count` periods ending with the given one, oldest first. */
export function trailingPeriods(period: Period, count: number): Period[] {
  return Array.from({ length: count }, (_, i) => shiftPeriod(period, i - count + 1));
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Monday to Friday between two dates, both included: five per whole week, then the days left
 * over by weekday (a dashboard asks this for every person, so no walk day by day).
 */
export function workingDays(from: string, to: string): number {
  const total = daysBetween(from, to) + 1;
  if (total <= 0) return 0;
  const first = new Date(`${from}T00:00:00Z`).getUTCDay();
  let count = Math.floor(total / 7) * 5;
  for (let i = 0; i < total % 7; i++) {
    const weekday = (first + i) % 7;
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/**
 * The days of a period that have happened by `today`: a running period counts to today, a past
 * one whole, a future one not at all (null).
 */
export function elapsedPart(period: Period, today: string): { from: string; to: string } | null {
  if (today < period.from) return null;
  return { from: period.from, to: today < period.to ? today : period.to };
}

/** part / whole in basis points, rounded; null when there is nothing to divide by. */
export function ratioBp(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part * 10000) / whole);
}

/** Tier 1: calls per working day elapsed in the period (one decimal). */
export function callsPerDay(calls: number, period: Period, today: string): number {
  const elapsed = elapsedPart(period, today);
  const days = elapsed ? workingDays(elapsed.from, elapsed.to) : 0;
  if (days === 0) return 0;
  return Math.round((calls / days) * 10) / 10;
}

/** Tier 1: conversion of calls into qualified leads. */
export function callConversionBp(calls: number, qualified: number): number | null {
  return ratioBp(qualified, calls);
}

/** Tier 2: won deals over deals closed (won + lost) in the period. */
export function winRateBp(won: number, lost: number): number | null {
  return ratioBp(won, won + lost);
}

/** Tier 2: average days from a deal's creation to its win, one decimal; null without wins. */
export function averageCycleDays(totalDays: number, wonDeals: number): number | null {
  if (wonDeals === 0) return null;
  return Math.round((totalDays / wonDeals) * 10) / 10;
}

/**
 * Tier 3: net revenue retention of a period against its base period (the one before it):
 *
 *   NRR = (recurring + upsell revenue in the period from clients who paid in the base period)
 *         / (all revenue in the base period from those same clients)
 *
 * New sales are left out of the numerator (they are tier 2's), and clients who first paid in the
 * period are left out entirely, so only the base cohort's money counts. 10000 bp = the cohort
 * brought as much as before; above it, they grew. Null when the cohort paid nothing in the base.
 */
export function netRevenueRetentionBp(cohort: {
  baseRevenue: number;
  retainedRevenue: number;
}): number | null {
  return ratioBp(cohort.retainedRevenue, cohort.baseRevenue);
}

export interface ClientPurchases {
  /** The last purchase before the period began, if any. */
  lastBefore: string | null;
  /** The last purchase up to the end of the period (or today, if sooner). */
  lastBy: string | null;
}

export type RetentionState = 'retained' | 'churned' | 'new' | 'lapsed' | 'none';

/**
 * Tier 3 retention (DOMAIN.md §2.8): a client is churned when no new purchase comes within
 * `churnDays` of the last one. A client counts for a period when they were live at its start
 * (last purchase no more than churnDays before the first day). Live at start and still live at
 * the end (`asOf`: the period's last day, or today if sooner) → retained; live at start and not
 * at the end → churned in this period. First purchase inside the period → new; lapsed earlier →
 * lapsed (counted in an earlier period); never bought → none.
 */
export function retentionState(
  client: ClientPurchases,
  periodFrom: string,
  asOf: string,
  churnDays: number,
): RetentionState {
  const liveAtStart = client.lastBefore !== null && daysBetween(client.lastBefore, periodFrom) <= churnDays;
  if (!liveAtStart) {
    if (client.lastBy !== null && client.lastBy >= periodFrom) return 'new';
    return client.lastBefore === null ? 'none' : 'lapsed';
  }
  const last = client.lastBy ?? client.lastBefore!;
  return daysBetween(last, asOf) <= churnDays ? 'retained' : 'churned';
}

/** The day a client with that last purchase counts as churned. */
export function churnDate(lastPurchase: string, churnDays: number): string {
  return addDays(lastPurchase, churnDays + 1);
}

/**
 * The facts behind cadence compliance, per client: the longest stretch without a contact (call,
 * e-mail or meeting) inside the period, from its first day to `asOf` (its last day, or today if
 * sooner). The account-work room's own cadence figures (per-client cadence, next contact dates)
 * can supply the same shape later.
 */
export interface ClientCadenceFacts {
  companyId: string;
  /** Longest gap in days between consecutive contacts, period edges included. */
  longestGapDays: number;
  /** The client's cadence; the workspace default when the client has none. */
  cadenceDays: number;
}

/** Tier 3: the share of clients whose longest gap between contacts stayed within their cadence. */
export function cadenceCompliance(clients: readonly ClientCadenceFacts[]): {
  clients: number;
  compliant: number;
  complianceBp: number | null;
} {
  const compliant = clients.filter((client) => client.longestGapDays <= client.cadenceDays).length;
  return { clients: clients.length, compliant, complianceBp: ratioBp(compliant, clients.length) };
}

/** PM: share of work with a due date finished by it. */
export function onTimeBp(onTime: number, finished: number): number | null {
  return ratioBp(onTime, finished);
}

/** Plan against fact: attainment in basis points; null without a target. */
export function attainmentBp(fact: number, target: number): number | null {
  return ratioBp(fact, target);
}

/** Growth of a figure over an earlier one, in basis points (+2500 = 25 % more); null from zero. */
export function growthBp(current: number, earlier: number): number | null {
  if (earlier <= 0) return null;
  return Math.round(((current - earlier) * 10000) / earlier);
}

/**
 * Uneven load among peers: the coefficient of variation (population standard deviation over the
 * mean) of their loads, 3 decimals; null for fewer than two people or a zero mean.
 */
export function coefficientOfVariation(loads: readonly number[]): number | null {
  if (loads.length < 2) return null;
  const mean = loads.reduce((sum, load) => sum + load, 0) / loads.length;
  if (mean === 0) return null;
  const variance = loads.reduce((sum, load) => sum + (load - mean) ** 2, 0) / loads.length;
  return Math.round((Math.sqrt(variance) / mean) * 1000) / 1000;
}

/** Span of control (seed 001): a lead with more than 7 direct reports is overloaded. */
export const MAX_DIRECT_REPORTS = 7;
/** Peers' load is uneven above this coefficient of variation. */
export const UNEVEN_LOAD_CV = 0.3;
/** Workspace defaults, overridable in settings (`kpis.churnDays`, `kpis.cadenceDays`). */
export const DEFAULT_CHURN_DAYS = 180;
export const DEFAULT_CADENCE_DAYS = 4;
