import { z } from 'zod';
import { Currency, Id, IsoDate, MinorUnits, Version } from './common.ts';
import { PlanMetric } from './plans.ts';

/**
 * Motivation (issue 6): schemes are data — rules, attainment coefficients and caps, valid for a
 * range of months and assigned to people or roles — and payout statements computed from them.
 * Rates are basis points (100 bp = 1 %), money is integer minor units in the scheme's currency.
 */

export const RevenueKindSchema = z.enum(['new_sale', 'recurring', 'upsell']);
/** Who a revenue fact pays: the deal's owner, the client's AM, or the owner when there is a deal else the AM. */
export const CreditTo = z.enum(['deal_owner', 'account_manager', 'deal_owner_else_am']);
export type CreditTo = z.infer<typeof CreditTo>;
export const EventKind = z.enum(['deal_won', 'qualified_lead']);
export type EventKind = z.infer<typeof EventKind>;

const RuleId = z.string().trim().min(1).max(40);
const RateBp = z.number().int().min(0).max(100_00);

export const BaseSalaryRule = z.object({
  id: RuleId,
  type: z.literal('base_salary'),
  amountMinor: MinorUnits,
});
export const PercentRule = z.object({
  id: RuleId,
  type: z.literal('percent_of_revenue'),
  revenueKind: RevenueKindSchema,
  rateBp: RateBp,
  creditTo: CreditTo.optional(),
  capMinor: MinorUnits.nullable().optional(),
});
export const FixedPerEventRule = z.object({
  id: RuleId,
  type: z.literal('fixed_per_event'),
  event: EventKind,
  amountMinor: MinorUnits,
  capMinor: MinorUnits.nullable().optional(),
});
export const SchemeRule = z.discriminatedUnion('type', [BaseSalaryRule, PercentRule, FixedPerEventRule]);
export type SchemeRule = z.infer<typeof SchemeRule>;

/** From this attainment (bp of plan) up, the bonus part is multiplied by the coefficient. */
export const CoefficientTier = z.object({
  fromBp: z.number().int().min(0).max(1000_00),
  coefficientBp: z.number().int().min(0).max(1000_00),
});
export type CoefficientTier = z.infer<typeof CoefficientTier>;

export const SchemeBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    currency: Currency.default('RUB'),
    validFrom: IsoDate,
    validTo: IsoDate.nullable().default(null),
    rules: z.array(SchemeRule).max(50),
    coefficients: z.array(CoefficientTier).max(20).default([]),
    /** The plan metric whose attainment picks the coefficient (the person's monthly plan). */
    planMetric: PlanMetric.nullable().default(null),
    bonusCapMinor: MinorUnits.nullable().default(null),
    assignedUserIds: z.array(Id).max(1000).default([]),
    assignedRoles: z.array(z.string().max(40)).max(20).default([]),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.rules.forEach((rule, index) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'rule ids must be unique' });
      seen.add(rule.id);
    });
    if (body.validTo && body.validTo < body.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not be before validFrom' });
    if (body.validFrom.slice(8) !== '01')
      ctx.addIssue({
        code: 'custom',
        path: ['validFrom'],
        message: 'a scheme starts on the first day of a month',
      });
  });
export type SchemeBody = z.infer<typeof SchemeBody>;

export const SchemePatch = z.object({
  version: Version,
  name: z.string().trim().min(1).max(200).optional(),
  validTo: IsoDate.nullable().optional(),
  assignedUserIds: z.array(Id).max(1000).optional(),
  assignedRoles: z.array(z.string().max(40)).max(20).optional(),
});

export const NewSchemeVersionBody = z.object({
  version: Version,
  validFrom: IsoDate.refine((d) => d.slice(8) === '01', 'a version starts on the first day of a month'),
  rules: z.array(SchemeRule).max(50).optional(),
  coefficients: z.array(CoefficientTier).max(20).optional(),
  planMetric: PlanMetric.nullable().optional(),
  bonusCapMinor: MinorUnits.nullable().optional(),
});

export const Scheme = z.object({
  id: Id,
  familyId: Id,
  name: z.string(),
  currency: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  rules: z.array(SchemeRule),
  coefficients: z.array(CoefficientTier),
  planMetric: PlanMetric.nullable(),
  bonusCapMinor: z.number().nullable(),
  assignedUserIds: z.array(Id),
  assignedRoles: z.array(z.string()),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Scheme = z.infer<typeof Scheme>;

export const PAYOUT_STATUSES = ['draft', 'approved', 'locked'] as const;
export const PayoutStatus = z.enum(PAYOUT_STATUSES);
export type PayoutStatus = z.infer<typeof PayoutStatus>;

export const LINE_KINDS = [
  'base_salary',
  'commission',
  'event_bonus',
  'rule_cap',
  'coefficient',
  'bonus_cap',
  'clawback',
  'correction',
] as const;
export const LineKind = z.enum(LINE_KINDS);
export type LineKind = z.infer<typeof LineKind>;

export const PayoutLine = z.object({
  /** statementId:lineNo */
  id: z.string(),
  lineNo: z.number(),
  kind: LineKind,
  ruleId: z.string().nullable(),
  revenueFactId: Id.nullable(),
  paymentId: Id.nullable(),
  invoiceId: Id.nullable(),
  dealId: Id.nullable(),
  companyId: Id.nullable(),
  leadId: Id.nullable(),
  revenueKind: RevenueKindSchema.nullable(),
  occurredOn: z.string().nullable(),
  baseMinor: z.number().nullable(),
  rateBp: z.number().nullable(),
  amountMinor: z.number(),
  /** For corrections: the month the item belonged to. */
  correctionOf: z.string().nullable(),
  note: z.string(),
});
export type PayoutLine = z.infer<typeof PayoutLine>;

export const PayoutTotals = z.object({
  baseSalaryMinor: z.number(),
  bonusBeforeMinor: z.number(),
  coefficientBp: z.number(),
  bonusAfterMinor: z.number(),
  clawbackMinor: z.number(),
  correctionMinor: z.number(),
  totalBeforeMinor: z.number(),
  totalMinor: z.number(),
});
export type PayoutTotals = z.infer<typeof PayoutTotals>;

export const StatementSummary = z.object({
  id: Id,
  userId: Id,
  userName: z.string(),
  period: z.string(),
  schemeId: Id.nullable(),
  schemeName: z.string().nullable(),
  currency: z.string(),
  status: PayoutStatus,
  attainmentBp: z.number().nullable(),
  planTarget: z.number().nullable(),
  planActual: z.number().nullable(),
  totals: PayoutTotals,
  computedAt: z.string(),
  approvedAt: z.string().nullable(),
  lockedAt: z.string().nullable(),
  version: z.number(),
});
export type StatementSummary = z.infer<typeof StatementSummary>;

export const Statement = StatementSummary.extend({
  lines: z.array(PayoutLine),
  skipped: z.array(z.object({ revenueFactId: Id, currency: z.string(), amountMinor: z.number() })),
});
export type Statement = z.infer<typeof Statement>;

/** A month as YYYY-MM. */
export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

export const PayoutListQuery = z.object({ period: Period, userId: Id.optional() });
export const PayoutList = z.object({
  period: z.string(),
  items: z.array(StatementSummary),
  /** People with a scheme in this month who have no statement yet. */
  notComputed: z.array(z.object({ userId: Id, userName: z.string(), schemeId: Id })),
});
export const ComputeBody = z.object({ period: Period, userIds: z.array(Id).max(5000).optional() });
export const ComputeResult = z.object({
  period: z.string(),
  computed: z.number(),
  skippedFrozen: z.number(),
  statementIds: z.array(Id),
});
export const StatementAction = z.object({ version: Version });
