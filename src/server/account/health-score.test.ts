import { describe, expect, it } from 'vitest';
import { type HealthSignals, healthScore, isChurned } from './health-score.ts';

const healthy: HealthSignals = {
  cadenceOverdueDays: 0,
  overdueTasks: 0,
  unpaidInvoices: 0,
  negativeFeedback: 0,
  criticalFeedback: 0,
  daysSinceLastPurchase: 20,
  churnAfterDays: 180,
};

describe('client health', () => {
  it('is 100 with no reasons when nothing is wrong', () => {
    expect(healthScore(healthy)).toEqual({ score: 100, level: 'good', reasons: [] });
  });

  it('takes points off per signal and names each, largest first', () => {
    const result = healthScore({
      ...healthy,
      cadenceOverdueDays: 3,
      overdueTasks: 2,
      unpaidInvoices: 1,
      negativeFeedback: 1,
    });
    expect(result.reasons).toEqual([
      { code: 'cadence_missed', points: 16, value: 3 },
      { code: 'overdue_tasks', points: 10, value: 2 },
      { code: 'unpaid_invoices', points: 10, value: 1 },
      { code: 'negative_feedback', points: 10, value: 1 },
    ]);
    expect(result.score).toBe(54);
    expect(result.level).toBe('watch');
  });

  it('caps each signal and never goes below zero', () => {
    const result = healthScore({
      cadenceOverdueDays: 40,
      overdueTasks: 30,
      unpaidInvoices: 9,
      negativeFeedback: 5,
      criticalFeedback: 3,
      daysSinceLastPurchase: 400,
      churnAfterDays: 180,
    });
    expect(result.reasons.map((r) => [r.code, r.points])).toEqual([
      ['cadence_missed', 30],
      ['critical_feedback', 30],
      ['churned', 30],
      ['unpaid_invoices', 25],
      ['overdue_tasks', 20],
      ['negative_feedback', 20],
    ]);
    expect(result.score).toBe(0);
    expect(result.level).toBe('at_risk');
  });

  it('skips the invoice signal when there are no invoices in the workspace', () => {
    expect(healthScore({ ...healthy, unpaidInvoices: null }).score).toBe(100);
  });

  it('warns in the last quarter before churn and marks churn after N days', () => {
    expect(healthScore({ ...healthy, daysSinceLastPurchase: 135 }).reasons).toEqual([]);
    expect(healthScore({ ...healthy, daysSinceLastPurchase: 136 }).reasons).toEqual([
      { code: 'no_recent_purchase', points: 15, value: 136 },
    ]);
    expect(healthScore({ ...healthy, daysSinceLastPurchase: 181 }).reasons[0]?.code).toBe('churned');
    expect(isChurned(180, 180)).toBe(false);
    expect(isChurned(181, 180)).toBe(true);
    expect(isChurned(null, 180)).toBe(false);
  });
});
