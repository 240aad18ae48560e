import {
  boolean,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export type AssignmentSubjectKind = 'lead' | 'deal' | 'client' | 'project';

export const assignments = pgTable(
  'assignments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    subjectKind: text('subject_kind').$type<AssignmentSubjectKind>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    role: text('role').notNull(),
    suggestedUserId: uuid('suggested_user_id'),
    chosenUserId: uuid('chosen_user_id').notNull(),
    rule: text('rule').notNull(),
    overrideReason: text('override_reason'),
    automatic: boolean('automatic').notNull().default(false),
    candidates: jsonb('candidates').$type<unknown[]>().notNull().default([]),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Each person's running workload, kept by triggers (migration 0004); read, never written, by the app. */
export const workloads = pgTable(
  'workloads',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    clients: integer('clients').notNull().default(0),
    clientWeight: numeric('client_weight', { mode: 'number' }).notNull().default(0),
    pmProjects: integer('pm_projects').notNull().default(0),
    openDeals: integer('open_deals').notNull().default(0),
    openLeads: integer('open_leads').notNull().default(0),
    openTasks: integer('open_tasks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);
