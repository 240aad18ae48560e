import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TASK_ORIGINS } from '../../contract/tasks.ts';

export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TaskStatus = 'open' | 'done' | 'cancelled';
export type TaskOrigin = (typeof TASK_ORIGINS)[number];

export const tasks = pgTable(
  'tasks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    dueAt: timestamp('due_at', { withTimezone: true }),
    assigneeId: uuid('assignee_id'),
    creatorId: uuid('creator_id'),
    companyId: uuid('company_id'),
    contactId: uuid('contact_id'),
    dealId: uuid('deal_id'),
    priority: text('priority').$type<TaskPriority>().notNull().default('normal'),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    origin: text('origin').$type<TaskOrigin>().notNull().default('manual'),
    coveringForId: uuid('covering_for_id'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
