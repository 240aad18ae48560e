import { z } from 'zod';

/** Plans (issue 6): targets per period, holder and metric; read by KPIs for plan against fact. */

export const PLAN_PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export const PlanPeriodKind = z.enum(PLAN_PERIOD_KINDS);
export type PlanPeriodKind = z.infer<typeof PlanPeriodKind>;

export const PLAN_SCOPES = ['company', 'team', 'person'] as const;
export const PlanScope = z.enum(PLAN_SCOPES);
export type PlanScope = z.infer<typeof PlanScope>;

/** Money metrics are minor units in the plan's currency; the others are counts. */
export const MONEY_METRICS = ['revenue', 'new_sales', 'recurring', 'upsell'] as const;
export const COUNT_METRICS = ['deals_won', 'contracts', 'calls', 'qualified_leads', 'meetings'] as const;
export const PLAN_METRICS = [...MONEY_METRICS, ...COUNT_METRICS] as const;
export const PlanMetric = z.enum(PLAN_METRICS);
export type PlanMetric = z.infer<typeof PlanMetric>;

export const PLAN_SOURCES = ['manual', 'derived', 'split'] as const;
export const PlanSource = z.enum(PLAN_SOURCES);
export type PlanSource = z.infer<typeof PlanSource>;
