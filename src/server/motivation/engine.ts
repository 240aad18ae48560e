import type {
  CoefficientTier,
  CreditTo,
  EventKind,
  LineKind,
  PayoutTotals,
  SchemeRule,
} from '../../contract/motivation.ts';

/**
 * The motivation engine: pure functions from a scheme, the revenue facts and events of a month,
 * and the person's plan attainment to a payout statement. No database, no clock: the caller
 * passes the period and the workspace's time zone. All money is integer minor units and all
 * rates basis points; no floating point touches an amount.
 *
 * Order of computation (docs/plans-and-motivation.md):
 * 1. base salary lines;
 * 2. one commission line per revenue fact and percentage rule (rounded per line, half away from
 *    zero), one bonus line per event and fixed rule; a rule's cap cuts its sum (a `rule_cap` line);
 * 3. the bonus part (2.) is multiplied by the coefficient of the attainment tier (`coefficient`
 *    line, rounded once); then the scheme's bonus cap (`bonus_cap` line);
 * 4. clawbacks (negative facts: money taken back) and corrections (items of an earlier month
 *    whose statement was already approved or locked) at the rule's rate, not scaled, not capped.
 */

export type RevenueKind = 'new_sale' | 'recurring' | 'upsell';

export interface EngineScheme {
  id: string;
  currency: string;
  rules: SchemeRule[];
  coefficients: CoefficientTier[];
  bonusCapMinor: number | null;
}

export interface EngineFact {
  id: string;
  kind: RevenueKind;
  /** Positive: money received. Negative: money taken back (clawback). */
  amountMinor: number;
  currency: string;
  /** A local date (YYYY-MM-DD) or an instant (ISO with offset), read in the time zone. */
  at: string;
  dealOwnerId: string | null;
  accountManagerId: string | null;
  dealId?: string | null;
  paymentId?: string | null;
  invoiceId?: string | null;
  companyId?: string | null;
  /** Set when the fact belongs to an earlier, already frozen month (YYYY-MM): a correction line. */
  correctionOf?: string | null;
}

export interface EngineEvent {
  id: string;
  event: EventKind;
  userId: string;
  at: string;
  dealId?: string | null;
  leadId?: string | null;
  correctionOf?: string | null;
}

export interface EngineLine {
  kind: LineKind;
  ruleId: string | null;
  revenueFactId: string | null;
  paymentId: string | null;
  invoiceId: string | null;
  dealId: string | null;
  companyId: string | null;
  leadId: string | null;
  revenueKind: RevenueKind | null;
  occurredOn: string | null;
  baseMinor: number | null;
  rateBp: number | null;
  amountMinor: number;
  correctionOf: string | null;
  note: string;
}

export interface PayoutInput {
  userId: string;
  /** YYYY-MM */
  period: string;
  timeZone: string;
  scheme: EngineScheme;
  facts: EngineFact[];
  events?: EngineEvent[];
  /** Plan against fact for the scheme's plan metric; null when there is no plan. */
  attainment: { actual: number; target: number } | null;
}

export interface PayoutResult {
  lines: EngineLine[];
  totals: PayoutTotals;
  attainmentBp: number | null;
  /** Facts in another currency than the scheme's: not paid on this statement. */
  skipped: { revenueFactId: string; currency: string; amountMinor: number }[];
}

/** amount × rateBp / 10 000, rounded half away from zero; exact for any safe integer amount. */
export function applyBp(amountMinor: number, rateBp: number): number {
  const product = BigInt(amountMinor) * BigInt(rateBp);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  const quotient = abs / 10_000n;
  const rest = abs % 10_000n;
  const rounded = rest * 2n >= 10_000n ? quotient + 1n : quotient;
  return Number(rounded * sign);
}

/** The local date (YYYY-MM-DD) of a date or an instant in a time zone. */
export function localDate(at: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function inPeriod(at: string, period: string, timeZone: string): boolean {
  return localDate(at, timeZone).slice(0, 7) === period;
}

/** Attainment in basis points, rounded down (79.99 % stays below an 80 % threshold). */
export function attainmentBp(attainment: { actual: number; target: number } | null): number | null {
  if (!attainment || attainment.target <= 0) return null;
  return Number((BigInt(Math.max(0, attainment.actual)) * 10_000n) / BigInt(attainment.target));
}

/** The coefficient of the highest tier reached; 100 % with no plan or no tiers. */
export function coefficientFor(tiers: CoefficientTier[], bp: number | null): number {
  if (bp === null || tiers.length === 0) return 10_000;
  let best: CoefficientTier | null = null;
  for (const tier of tiers) if (tier.fromBp <= bp && (!best || tier.fromBp > best.fromBp)) best = tier;
  return best ? best.coefficientBp : 10_000;
}

const DEFAULT_CREDIT: Record<RevenueKind, CreditTo> = {
  new_sale: 'deal_owner',
  recurring: 'account_manager',
  upsell: 'deal_owner_else_am',
};

/** Whom a fact pays under a rule. */
export function creditedUser(fact: EngineFact, creditTo: CreditTo | undefined): string | null {
  const to = creditTo ?? DEFAULT_CREDIT[fact.kind];
  if (to === 'deal_owner') return fact.dealOwnerId;
  if (to === 'account_manager') return fact.accountManagerId;
  return fact.dealOwnerId ?? fact.accountManagerId;
}

function emptyLine(kind: LineKind, amountMinor: number, note: string): EngineLine {
  return {
    kind,
    ruleId: null,
    revenueFactId: null,
    paymentId: null,
    invoiceId: null,
    dealId: null,
    companyId: null,
    leadId: null,
    revenueKind: null,
    occurredOn: null,
    baseMinor: null,
    rateBp: null,
    amountMinor,
    correctionOf: null,
    note,
  };
}

function factLine(kind: LineKind, fact: EngineFact, ruleId: string, rateBp: number, day: string): EngineLine {
  return {
    ...emptyLine(kind, applyBp(fact.amountMinor, rateBp), ''),
    ruleId,
    revenueFactId: fact.id,
    paymentId: fact.paymentId ?? null,
    invoiceId: fact.invoiceId ?? null,
    dealId: fact.dealId ?? null,
    companyId: fact.companyId ?? null,
    revenueKind: fact.kind,
    occurredOn: day,
    baseMinor: fact.amountMinor,
    rateBp,
    correctionOf: fact.correctionOf ?? null,
  };
}

export function computePayoutStatement(input: PayoutInput): PayoutResult {
  const { scheme, period, timeZone, userId } = input;
  const lines: EngineLine[] = [];
  const skipped: PayoutResult['skipped'] = [];
  const bonusLines: EngineLine[] = [];
  const afterLines: EngineLine[] = [];

  for (const rule of scheme.rules) {
    if (rule.type === 'base_salary') {
      lines.push({ ...emptyLine('base_salary', rule.amountMinor, ''), ruleId: rule.id });
    }
  }

  const skippedIds = new Set<string>();
  for (const rule of scheme.rules) {
    if (rule.type === 'percent_of_revenue') {
      let ruleSum = 0;
      for (const fact of input.facts) {
        if (fact.kind !== rule.revenueKind || creditedUser(fact, rule.creditTo) !== userId) continue;
        const day = localDate(fact.at, timeZone);
        if (!fact.correctionOf && day.slice(0, 7) !== period) continue;
        if (fact.currency !== scheme.currency) {
          if (!skippedIds.has(fact.id)) {
            skipped.push({ revenueFactId: fact.id, currency: fact.currency, amountMinor: fact.amountMinor });
            skippedIds.add(fact.id);
          }
          continue;
        }
        if (fact.correctionOf) {
          afterLines.push(factLine('correction', fact, rule.id, rule.rateBp, day));
        } else if (fact.amountMinor < 0) {
          afterLines.push(factLine('clawback', fact, rule.id, rule.rateBp, day));
        } else {
          const line = factLine('commission', fact, rule.id, rule.rateBp, day);
          bonusLines.push(line);
          ruleSum += line.amountMinor;
        }
      }
      if (rule.capMinor != null && ruleSum > rule.capMinor) {
        bonusLines.push({ ...emptyLine('rule_cap', rule.capMinor - ruleSum, ''), ruleId: rule.id });
      }
    } else if (rule.type === 'fixed_per_event') {
      let ruleSum = 0;
      for (const event of input.events ?? []) {
        if (event.event !== rule.event || event.userId !== userId) continue;
        const day = localDate(event.at, timeZone);
        if (!event.correctionOf && day.slice(0, 7) !== period) continue;
        const line: EngineLine = {
          ...emptyLine(event.correctionOf ? 'correction' : 'event_bonus', rule.amountMinor, ''),
          ruleId: rule.id,
          dealId: event.dealId ?? null,
          leadId: event.leadId ?? null,
          occurredOn: day,
          correctionOf: event.correctionOf ?? null,
        };
        if (event.correctionOf) afterLines.push(line);
        else {
          bonusLines.push(line);
          ruleSum += line.amountMinor;
        }
      }
      if (rule.capMinor != null && ruleSum > rule.capMinor) {
        bonusLines.push({ ...emptyLine('rule_cap', rule.capMinor - ruleSum, ''), ruleId: rule.id });
      }
    }
  }
  lines.push(...bonusLines);

  const baseSalaryMinor = sum(lines.filter((l) => l.kind === 'base_salary'));
  const bonusBeforeMinor = sum(bonusLines);
  const bp = attainmentBp(input.attainment);
  const coefficientBp = coefficientFor(scheme.coefficients, bp);
  let bonusAfterMinor = applyBp(bonusBeforeMinor, coefficientBp);
  if (bonusAfterMinor !== bonusBeforeMinor) {
    lines.push({
      ...emptyLine('coefficient', bonusAfterMinor - bonusBeforeMinor, ''),
      rateBp: coefficientBp,
      baseMinor: bonusBeforeMinor,
    });
  }
  if (scheme.bonusCapMinor != null && bonusAfterMinor > scheme.bonusCapMinor) {
    lines.push(emptyLine('bonus_cap', scheme.bonusCapMinor - bonusAfterMinor, ''));
    bonusAfterMinor = scheme.bonusCapMinor;
  }
  lines.push(...afterLines);
  const clawbackMinor = sum(afterLines.filter((l) => l.kind === 'clawback'));
  const correctionMinor = sum(afterLines.filter((l) => l.kind === 'correction'));
  const totals: PayoutTotals = {
    baseSalaryMinor,
    bonusBeforeMinor,
    coefficientBp,
    bonusAfterMinor,
    clawbackMinor,
    correctionMinor,
    totalBeforeMinor: baseSalaryMinor + bonusBeforeMinor + clawbackMinor + correctionMinor,
    totalMinor: baseSalaryMinor + bonusAfterMinor + clawbackMinor + correctionMinor,
  };
  return { lines, totals, attainmentBp: bp, skipped };
}

function sum(lines: EngineLine[]): number {
  return lines.reduce((total, line) => total + line.amountMinor, 0);
}

/**
 * The actual of a money plan metric from the facts credited to the person in the period (net of
 * money taken back in it), with the same crediting as the default rules.
 */
export function moneyActual(
  metric: string,
  facts: EngineFact[],
  userId: string,
  period: string,
  timeZone: string,
  currency: string,
): number | null {
  const kinds: Record<string, RevenueKind[]> = {
    revenue: ['new_sale', 'recurring', 'upsell'],
    new_sales: ['new_sale'],
    recurring: ['recurring'],
    upsell: ['upsell'],
  };
  const wanted = kinds[metric];
  if (!wanted) return null;
  let total = 0;
  for (const fact of facts) {
    if (!wanted.includes(fact.kind) || fact.correctionOf || fact.currency !== currency) continue;
    if (creditedUser(fact, undefined) !== userId || !inPeriod(fact.at, period, timeZone)) continue;
    total += fact.amountMinor;
  }
  return total;
}
