import { bigint, char, date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

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
