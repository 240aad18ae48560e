import { bigint, char, date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * KPI rollups (migration 0012), kept by statement-level triggers on activities and revenue
 * facts. Read-only for the application: nothing writes to them but the triggers.
 */
export const kpiUserDays = pgTable(
  'kpi_user_days',
  {
    workspaceId: uuid('workspace_id').notNull(),
    day: date('day').notNull(),
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.userId, t.type] })],
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
