import { bigint, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type CallDistribution = 'round_robin' | 'region';
export type QueueItemStatus =
  | 'pending'
  | 'no_answer'
  | 'callback'
  | 'not_interested'
  | 'qualified'
  | 'unreachable';

export const callLists = pgTable(
  'call_lists',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    leadSourceId: uuid('lead_source_id'),
    distribution: text('distribution').$type<CallDistribution>().notNull().default('round_robin'),
    callerIds: uuid('caller_ids').array().notNull().default([]),
    script: text('script').notNull().default(''),
    importId: uuid('import_id'),
    createdBy: uuid('created_by'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const callQueueItems = pgTable(
  'call_queue_items',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    callListId: uuid('call_list_id').notNull(),
    companyId: uuid('company_id').notNull(),
    contactId: uuid('contact_id'),
    assigneeId: uuid('assignee_id'),
    position: bigint('position', { mode: 'number' }).notNull(),
    status: text('status').$type<QueueItemStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextCallAt: timestamp('next_call_at', { withTimezone: true }),
    lastCalledAt: timestamp('last_called_at', { withTimezone: true }),
    reason: text('reason'),
    leadId: uuid('lead_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
