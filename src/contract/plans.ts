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

const PeriodStart = z.iso.date();
const Target = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Uuid = z.uuid();

export const Plan = z.object({
  id: Uuid,
  periodKind: PlanPeriodKind,
  periodStart: z.string(),
  scope: PlanScope,
  teamId: Uuid.nullable(),
  teamName: z.string().nullable(),
  userId: Uuid.nullable(),
  userName: z.string().nullable(),
  metric: PlanMetric,
  target: z.number(),
  currency: z.string().nullable(),
  source: PlanSource,
  formula: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
  parentPlanId: Uuid.nullable(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Plan = z.infer<typeof Plan>;

export const PlanListQuery = z.object({
  periodKind: PlanPeriodKind.default('month'),
  periodStart: PeriodStart,
  scope: PlanScope.optional(),
  teamId: Uuid.optional(),
  userId: Uuid.optional(),
  metric: PlanMetric.optional(),
});

/** Set a target (creates or replaces the one for the same period, holder and metric). */
export const SetPlanBody = z.object({
  periodKind: PlanPeriodKind,
  periodStart: PeriodStart,
  scope: PlanScope,
  teamId: Uuid.nullable().optional(),
  userId: Uuid.nullable().optional(),
  metric: PlanMetric,
  target: Target,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .optional(),
  reason: z.string().trim().max(1000).optional(),
});
export type SetPlanBody = z.infer<typeof SetPlanBody>;

export const ChangePlanBody = z.object({
  version: z.number().int().min(1),
  target: Target,
  reason: z.string().trim().max(1000).optional(),
});

/** Shares in basis points; when they add up to 100 % the parts add up to the parent exactly. */
export const SplitPlanBody = z.object({
  shares: z
    .array(
      z.object({
        teamId: Uuid.optional(),
        userId: Uuid.optional(),
        shareBp: z.number().int().min(0).max(10_000),
      }),
    )
    .min(1)
    .max(500),
});

export const DeriveBody = z.object({
  periodKind: PlanPeriodKind.default('month'),
  periodStart: PeriodStart,
  metric: z.enum(['contracts', 'deals_won']).default('contracts'),
  teamId: Uuid.optional(),
  userIds: z.array(Uuid).max(1000).optional(),
  /** History window for conversion. */
  months: z.number().int().min(1).max(36).default(6),
  /** Fewer qualified leads than this → the team's conversion (then the company's). */
  minLeads: z.number().int().min(1).max(1000).default(10),
});

export const DerivedRow = z.object({
  userId: Uuid,
  userName: z.string(),
  target: z.number(),
  current: z.number().nullable(),
  formula: z.record(z.string(), z.unknown()),
});
export const DerivePreview = z.object({ items: z.array(DerivedRow) });
