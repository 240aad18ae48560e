import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Mirrors src/server/db/migrations/0008_account_work.sql. */

export const robotRules = pgTable(
  'robot_rules',
  {
    workspaceId: uuid('workspace_id').notNull(),
    ruleKey: text('rule_key').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    params: jsonb('params').$type<Record<string, number>>().notNull().default({}),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.ruleKey] })],
);

export const robotRuns = pgTable(
  'robot_runs',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    trigger: text('trigger').$type<'schedule' | 'manual'>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    actions: integer('actions').notNull().default(0),
    byRule: jsonb('by_rule').$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const robotActions = pgTable(
  'robot_actions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    runId: uuid('run_id'),
    ruleKey: text('rule_key').notNull(),
    causeKey: text('cause_key').notNull(),
    action: text('action').$type<'task_created' | 'flag_set'>().notNull(),
    userId: uuid('user_id'),
    companyId: uuid('company_id'),
    dealId: uuid('deal_id'),
    taskId: uuid('task_id'),
    reason: text('reason').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
