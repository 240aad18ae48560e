import {
  bigint,
  char,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CoefficientTier, PayoutStatus, PayoutTotals, SchemeRule } from '../../contract/motivation.ts';
import type { PlanMetric } from '../../contract/plans.ts';

/** Versions of motivation schemes (migration 0011). */
export const motivationSchemes = pgTable(
  'motivation_schemes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    familyId: uuid('family_id').notNull(),
    name: text('name').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    rules: jsonb('rules').$type<SchemeRule[]>().notNull(),
    coefficients: jsonb('coefficients').$type<CoefficientTier[]>().notNull(),
    planMetric: text('plan_metric').$type<PlanMetric>(),
    bonusCapMinor: bigint('bonus_cap_minor', { mode: 'number' }),
    assignedUserIds: uuid('assigned_user_ids').array().notNull(),
    assignedRoles: text('assigned_roles').array().notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const payoutStatements = pgTable(
  'payout_statements',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    schemeId: uuid('scheme_id'),
    currency: char('currency', { length: 3 }).notNull(),
    status: text('status').$type<PayoutStatus>().notNull().default('draft'),
    attainmentBp: integer('attainment_bp'),
    planTarget: bigint('plan_target', { mode: 'number' }),
    planActual: bigint('plan_actual', { mode: 'number' }),
    totals: jsonb('totals').$type<PayoutTotals>().notNull(),
    linesRevision: integer('lines_revision').notNull().default(1),
    skipped: jsonb('skipped')
      .$type<{ revenueFactId: string; currency: string; amountMinor: number }[]>()
      .notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    lockedBy: uuid('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const payoutLines = pgTable(
  'payout_lines',
  {
    workspaceId: uuid('workspace_id').notNull(),
    statementId: uuid('statement_id').notNull(),
    revision: integer('revision').notNull(),
    lineNo: integer('line_no').notNull(),
    kind: text('kind').notNull(),
    ruleId: text('rule_id'),
    revenueFactId: uuid('revenue_fact_id'),
    paymentId: uuid('payment_id'),
    dealId: uuid('deal_id'),
    leadId: uuid('lead_id'),
    revenueKind: text('revenue_kind'),
    occurredOn: date('occurred_on', { mode: 'string' }),
    baseMinor: bigint('base_minor', { mode: 'number' }),
    rateBp: integer('rate_bp'),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    correctionOf: date('correction_of', { mode: 'string' }),
    note: text('note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.statementId, t.revision, t.lineNo] })],
);

export const revenueReversals = pgTable(
  'revenue_reversals',
  {
    workspaceId: uuid('workspace_id').notNull(),
    revenueFactId: uuid('revenue_fact_id').notNull(),
    allocationId: uuid('allocation_id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    companyId: uuid('company_id').notNull(),
    contractId: uuid('contract_id'),
    dealId: uuid('deal_id'),
    kind: text('kind').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    dealOwnerId: uuid('deal_owner_id'),
    accountManagerId: uuid('account_manager_id'),
    factCreatedAt: timestamp('fact_created_at', { withTimezone: true }).notNull(),
    reversedAt: timestamp('reversed_at', { withTimezone: true }).notNull().defaultNow(),
    reversedBy: uuid('reversed_by'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.revenueFactId] })],
);
