import { z } from 'zod';
import { Id, IsoDate } from './common.ts';
import { PlanMetric, PlanScope } from './plans.ts';

/** KPIs (issue 6, docs/kpis.md): figures per person, team and company, with plan against fact. */

export const KPI_PERIOD_KINDS = ['month', 'quarter'] as const;
export const KpiPeriodKind = z.enum(KPI_PERIOD_KINDS);

export const KpiPeriod = z.object({
  kind: KpiPeriodKind,
  from: IsoDate,
  to: IsoDate,
  label: z.string(),
});

export const KpiQuery = z.object({
  period: KpiPeriodKind.default('month'),
  /** Any day of the period; today when left out. */
  on: IsoDate.optional(),
  userId: Id.optional(),
  teamId: Id.optional(),
});

const count = z.number();
const ratio = z.number().nullable();

/** Sums first (so teams and the company add up), then the ratios taken from them. */
export const KpiFigures = z.object({
  calls: count,
  callsPerDay: count,
  qualified: count,
  conversionBp: ratio,
  meetings: count,
  emails: count,
  dealsWon: count,
  dealsWonAmountMinor: count,
  dealsLost: count,
  cycleDaysTotal: count,
  winRateBp: ratio,
  cycleDays: ratio,
  revenueMinor: count,
  newSalesMinor: count,
  recurringMinor: count,
  upsellMinor: count,
  baseRevenueMinor: count,
  retainedRevenueMinor: count,
  nrrBp: ratio,
  clientsAtStart: count,
  retained: count,
  churned: count,
  retentionBp: ratio,
  cadenceClients: count,
  cadenceCompliant: count,
  cadenceBp: ratio,
  tasksFinished: count,
  tasksOnTime: count,
  projectsFinished: count,
  projectsOnTime: count,
  onTimeBp: ratio,
  overdueTasks: count,
});
export type KpiFigures = z.infer<typeof KpiFigures>;

export const KpiPlanLine = z.object({
  planId: Id,
  scope: PlanScope,
  teamId: Id.nullable(),
  userId: Id.nullable(),
  metric: PlanMetric,
  target: z.number(),
  currency: z.string().nullable(),
  fact: z.number(),
  attainmentBp: ratio,
});

export const KpiPerson = z.object({
  userId: Id,
  name: z.string(),
  tier: z.number().nullable(),
  gradeId: Id.nullable(),
  roles: z.array(z.string()),
  figures: KpiFigures,
});

export const KpiTeam = z.object({
  teamId: Id,
  name: z.string(),
  leadUserId: Id.nullable(),
  memberIds: z.array(Id),
  figures: KpiFigures,
});

export const KpiDashboard = z.object({
  period: KpiPeriod,
  basePeriod: KpiPeriod,
  today: IsoDate,
  currency: z.string(),
  churnDays: z.number(),
  cadenceDays: z.number(),
  subject: z.object({
    kind: z.enum(['person', 'team', 'company']),
    id: Id.nullable(),
    name: z.string(),
  }),
  totals: KpiFigures,
  people: z.array(KpiPerson),
  teams: z.array(KpiTeam),
  plans: z.array(KpiPlanLine),
  revenueBySource: z.array(
    z.object({
      leadSourceId: Id.nullable(),
      name: z.string().nullable(),
      amountMinor: z.number(),
      payments: z.number(),
    }),
  ),
});
export type KpiDashboard = z.infer<typeof KpiDashboard>;

export const KpiTrendQuery = KpiQuery.extend({
  count: z.coerce.number().int().min(2).max(24).default(6),
});

export const KpiTrendPoint = z.object({
  label: z.string(),
  from: IsoDate,
  to: IsoDate,
  revenueMinor: z.number(),
  newSalesMinor: z.number(),
  recurringMinor: z.number(),
  upsellMinor: z.number(),
  calls: z.number(),
  meetings: z.number(),
  qualified: z.number(),
  dealsWon: z.number(),
  dealsWonAmountMinor: z.number(),
});
export const KpiTrend = z.object({ grain: KpiPeriodKind, points: z.array(KpiTrendPoint) });
export type KpiTrend = z.infer<typeof KpiTrend>;

/** What a number on a dashboard can open. */
export const DRILL_METRICS = [
  'calls',
  'meetings',
  'qualified',
  'deals_won',
  'deals_lost',
  'revenue',
  'new_sales',
  'recurring',
  'upsell',
  'retained',
  'churned',
  'cadence_missed',
  'tasks_finished',
  'tasks_late',
  'overdue_tasks',
] as const;
export const DrillMetric = z.enum(DRILL_METRICS);
export type DrillMetric = z.infer<typeof DrillMetric>;

export const KpiDrillQuery = KpiQuery.extend({
  metric: DrillMetric,
  /** Revenue of one lead source ("none" for money with no source). */
  leadSourceId: z.union([Id, z.literal('none')]).optional(),
});

export const DrillRecord = z.object({
  kind: z.enum(['activity', 'lead', 'deal', 'revenue_fact', 'company', 'task']),
  id: Id,
  title: z.string(),
  companyId: Id.nullable(),
  companyName: z.string().nullable(),
  /** The day that put it in the period (occurred, closed, received, last purchase, due). */
  date: z.string().nullable(),
  amountMinor: z.number().nullable(),
  currency: z.string().nullable(),
  userId: Id.nullable(),
  detail: z.string().nullable(),
});
export type DrillRecord = z.infer<typeof DrillRecord>;
export const KpiDrill = z.object({
  metric: DrillMetric,
  period: KpiPeriod,
  total: z.number(),
  items: z.array(DrillRecord),
});
export type KpiDrill = z.infer<typeof KpiDrill>;

export const OrgDiagnostics = z.object({
  overloadedLeads: z.array(
    z.object({ userId: Id, name: z.string(), directReports: z.number(), teamIds: z.array(Id) }),
  ),
  unevenLoad: z.array(
    z.object({
      tier: z.number().nullable(),
      gradeId: Id.nullable(),
      gradeName: z.string().nullable(),
      coefficientOfVariation: z.number(),
      people: z.array(z.object({ userId: Id, name: z.string(), load: z.number() })),
    }),
  ),
  overCap: z.array(z.object({ userId: Id, name: z.string(), clients: z.number(), cap: z.number() })),
  unowned: z.array(
    z.object({
      companyId: Id,
      name: z.string(),
      reason: z.enum(['no_owner', 'inactive_owner']),
      ownerId: Id.nullable(),
      ownerName: z.string().nullable(),
    }),
  ),
  threshold: z.number(),
  maxDirectReports: z.number(),
});
export type OrgDiagnostics = z.infer<typeof OrgDiagnostics>;
