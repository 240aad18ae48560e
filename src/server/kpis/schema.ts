import { bigint, char, date, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * KPI rollups (migration 0012), kept by statement-level triggers on activities and revenue
 * facts. Read-only for the application: nothing writes to them but the triggers.
 */
export const kpiUserMonths = pgTable(
  'kpi_user_months',
  {
    workspaceId: uuid('workspace_id').notNull(),
    month: date('month').notNull(),
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.month, t.userId, t.type] })],
);

export const kpiCompanyDays = pgTable(
  'kpi_company_days',
  {
    workspaceId: uuid('workspace_id').notNull(),
    companyId: uuid('company_id').notNull(),
    day: date('day').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.companyId, t.day] })],
);

export const kpiRevenueMonths = pgTable('kpi_revenue_months', {
  workspaceId: uuid('workspace_id').notNull(),
  month: date('month').notNull(),
  companyId: uuid('company_id').notNull(),
  kind: text('kind').notNull(),
  dealOwnerId: uuid('deal_owner_id'),
  accountManagerId: uuid('account_manager_id'),
  leadSourceId: uuid('lead_source_id'),
  currency: char('currency', { length: 3 }).notNull(),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull().default(0),
  n: integer('n').notNull().default(0),
  firstOn: date('first_on').notNull(),
  lastOn: date('last_on').notNull(),
});

export const kpiCompanyMonths = pgTable(
  'kpi_company_months',
  {
    workspaceId: uuid('workspace_id').notNull(),
    companyId: uuid('company_id').notNull(),
    month: date('month').notNull(),
    firstDay: date('first_day').notNull(),
    lastDay: date('last_day').notNull(),
    longestGap: integer('longest_gap').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.companyId, t.month] })],
);

export const kpiRevenuePeopleMonths = pgTable('kpi_revenue_people_months', {
  workspaceId: uuid('workspace_id').notNull(),
  month: date('month').notNull(),
  kind: text('kind').notNull(),
  dealOwnerId: uuid('deal_owner_id'),
  accountManagerId: uuid('account_manager_id'),
  leadSourceId: uuid('lead_source_id'),
  currency: char('currency', { length: 3 }).notNull(),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull().default(0),
  n: integer('n').notNull().default(0),
});

export const kpiClientMonths = pgTable(
  'kpi_client_months',
  {
    workspaceId: uuid('workspace_id').notNull(),
    companyId: uuid('company_id').notNull(),
    month: date('month').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull().default(0),
    keptMinor: bigint('kept_minor', { mode: 'number' }).notNull().default(0),
    lastOn: date('last_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.companyId, t.month] })],
);

/**
 * Periods whose per-owner NRR, churn and cadence facts are kept (migration 0014): filled when a
 * dashboard first asks for one (for its as_of day and the workspace's churn and cadence days),
 * then re-counted by triggers for the owners each change touches.
 */
export const kpiOwnerPeriods = pgTable(
  'kpi_owner_periods',
  {
    workspaceId: uuid('workspace_id').notNull(),
    periodKind: text('period_kind').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    baseStart: date('base_start').notNull(),
    baseEnd: date('base_end').notNull(),
    asOf: date('as_of').notNull(),
    churnDays: integer('churn_days').notNull(),
    cadenceDays: integer('cadence_days').notNull(),
    windowStart: date('window_start').notNull(),
    filledAt: timestamp('filled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      columns: [t.workspaceId, t.periodKind, t.periodStart, t.asOf, t.churnDays, t.cadenceDays],
    }),
  ],
);

export const kpiOwnerPeriodFacts = pgTable(
  'kpi_owner_period_facts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    periodKind: text('period_kind').notNull(),
    periodStart: date('period_start').notNull(),
    asOf: date('as_of').notNull(),
    churnDays: integer('churn_days').notNull(),
    cadenceDays: integer('cadence_days').notNull(),
    ownerId: uuid('owner_id').notNull(),
    baseMinor: bigint('base_minor', { mode: 'number' }).notNull().default(0),
    keptMinor: bigint('kept_minor', { mode: 'number' }).notNull().default(0),
    clientsAtStart: integer('clients_at_start').notNull().default(0),
    retained: integer('retained').notNull().default(0),
    churned: integer('churned').notNull().default(0),
    cadenceClients: integer('cadence_clients').notNull().default(0),
    cadenceCompliant: integer('cadence_compliant').notNull().default(0),
  },
  (t) => [
    primaryKey({
      columns: [t.workspaceId, t.periodKind, t.periodStart, t.asOf, t.churnDays, t.cadenceDays, t.ownerId],
    }),
  ],
);

/** Revenue per month, kind, person credited and lead source (migration 0014). */
export const kpiRevenueCreditMonths = pgTable('kpi_revenue_credit_months', {
  workspaceId: uuid('workspace_id').notNull(),
  month: date('month').notNull(),
  kind: text('kind').notNull(),
  userId: uuid('user_id'),
  leadSourceId: uuid('lead_source_id'),
  currency: char('currency', { length: 3 }).notNull(),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull().default(0),
  n: integer('n').notNull().default(0),
});
