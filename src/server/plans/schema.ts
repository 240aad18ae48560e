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
import type { PlanMetric, PlanPeriodKind, PlanScope, PlanSource } from '../../contract/plans.ts';

/** Targets per period, holder (company, team, person) and metric (migration 0010). */
export const plans = pgTable(
  'plans',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    periodKind: text('period_kind').$type<PlanPeriodKind>().notNull(),
    periodStart: date('period_start').notNull(),
    scope: text('scope').$type<PlanScope>().notNull(),
    teamId: uuid('team_id'),
    userId: uuid('user_id'),
    metric: text('metric').$type<PlanMetric>().notNull(),
    target: bigint('target', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }),
    source: text('source').$type<PlanSource>().notNull().default('manual'),
    formula: jsonb('formula').$type<Record<string, unknown>>(),
    reason: text('reason'),
    parentPlanId: uuid('parent_plan_id'),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
