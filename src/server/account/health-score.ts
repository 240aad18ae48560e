/**
 * A client's health, 0–100, with the reasons that lowered it (DOMAIN.md §2.8): contact cadence
 * missed, overdue tasks, unpaid invoices, negative feedback, time since the last purchase.
 * Pure: the signals are gathered elsewhere.
 */
export interface HealthSignals {
  /** Days past the next contact date (0 = within cadence). */
  cadenceOverdueDays: number;
  overdueTasks: number;
  /** Overdue unpaid invoices; null when the workspace has no invoices yet (signal skipped). */
  unpaidInvoices: number | null;
  /** Open negative complaints, claims or reviews, and how many of them are critical. */
  negativeFeedback: number;
  criticalFeedback: number;
  /** Days since the last won deal (or since becoming a client); null if unknown. */
  daysSinceLastPurchase: number | null;
  /** A client with no purchase for this many days is churned. */
  churnAfterDays: number;
}

export type HealthReasonCode =
  | 'cadence_missed'
  | 'overdue_tasks'
  | 'unpaid_invoices'
  | 'negative_feedback'
  | 'critical_feedback'
  | 'no_recent_purchase'
  | 'churned';

export interface HealthReason {
  code: HealthReasonCode;
  /** Points taken off the score. */
  points: number;
  /** The figure behind it: days, a count. */
  value: number;
}

export type HealthLevel = 'good' | 'watch' | 'at_risk';

export function healthScore(signals: HealthSignals): {
  score: number;
  level: HealthLevel;
  reasons: HealthReason[];
} {
  const reasons: HealthReason[] = [];
  const take = (code: HealthReasonCode, points: number, value: number) => {
    if (points > 0) reasons.push({ code, points, value });
  };
  if (signals.cadenceOverdueDays > 0)
    take('cadence_missed', Math.min(30, 10 + 2 * signals.cadenceOverdueDays), signals.cadenceOverdueDays);
  take('overdue_tasks', Math.min(20, 5 * signals.overdueTasks), signals.overdueTasks);
  if (signals.unpaidInvoices !== null)
    take('unpaid_invoices', Math.min(25, 10 * signals.unpaidInvoices), signals.unpaidInvoices);
  const plainNegative = signals.negativeFeedback - signals.criticalFeedback;
  take('negative_feedback', Math.min(20, 10 * plainNegative), plainNegative);
  take('critical_feedback', Math.min(30, 20 * signals.criticalFeedback), signals.criticalFeedback);
  const days = signals.daysSinceLastPurchase;
  if (days !== null) {
    if (days > signals.churnAfterDays) take('churned', 30, days);
    else if (days > Math.floor(signals.churnAfterDays * 0.75)) take('no_recent_purchase', 15, days);
  }
  reasons.sort((a, b) => b.points - a.points);
  const score = Math.max(0, 100 - reasons.reduce((sum, r) => sum + r.points, 0));
  const level: HealthLevel = score >= 70 ? 'good' : score >= 40 ? 'watch' : 'at_risk';
  return { score, level, reasons };
}

/** Churned for tier-3 KPIs: no purchase within N days of the last (DOMAIN.md §2.8, seed 004). */
export function isChurned(daysSinceLastPurchase: number | null, churnAfterDays: number): boolean {
  return daysSinceLastPurchase !== null && daysSinceLastPurchase > churnAfterDays;
}
