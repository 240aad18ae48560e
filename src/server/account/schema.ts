import {
  bigint,
  date,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { RequestStatus } from './request-flow.ts';

/** Mirrors src/server/db/migrations/0008_account_work.sql. */

export const clientAccounts = pgTable(
  'client_accounts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    companyId: uuid('company_id').notNull(),
    cadenceDays: integer('cadence_days'),
    lastContactAt: timestamp('last_contact_at', { withTimezone: true }),
    nextContactOn: date('next_contact_on', { mode: 'string' }).notNull(),
    cadenceFlaggedOn: date('cadence_flagged_on', { mode: 'string' }),
    lastPurchaseAt: timestamp('last_purchase_at', { withTimezone: true }),
    churnRiskAt: timestamp('churn_risk_at', { withTimezone: true }),
    churnRiskReason: text('churn_risk_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.companyId] })],
);

export const meetings = pgTable(
  'meetings',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id').notNull(),
    title: text('title').notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    agenda: text('agenda').notNull().default(''),
    minutes: text('minutes').notNull().default(''),
    attendeeContactIds: uuid('attendee_contact_ids').array().notNull().default([]),
    attendeeUserIds: uuid('attendee_user_ids').array().notNull().default([]),
    activityId: uuid('activity_id'),
    authorId: uuid('author_id'),
    minutesSentAt: timestamp('minutes_sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    meetingId: uuid('meeting_id').notNull(),
    position: integer('position').notNull().default(0),
    text: text('text').notNull(),
    ownerId: uuid('owner_id'),
    dueOn: date('due_on', { mode: 'string' }),
    taskId: uuid('task_id'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const clientRequests = pgTable(
  'client_requests',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id').notNull(),
    title: text('title').notNull(),
    source: text('source')
      .$type<'text' | 'message' | 'attachment' | 'call' | 'email' | 'meeting'>()
      .notNull()
      .default('text'),
    originalText: text('original_text').notNull().default(''),
    attachmentName: text('attachment_name'),
    specification: text('specification').notNull().default(''),
    estimateHours: numeric('estimate_hours', { precision: 10, scale: 2, mode: 'number' }),
    estimateCostMinor: bigint('estimate_cost_minor', { mode: 'number' }),
    currency: text('currency').notNull().default('RUB'),
    status: text('status').$type<RequestStatus>().notNull().default('received'),
    rank: integer('rank').notNull().default(0),
    approvedByContactId: uuid('approved_by_contact_id'),
    approvedByName: text('approved_by_name'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvalRecordedBy: uuid('approval_recorded_by'),
    overrideReason: text('override_reason'),
    overriddenBy: uuid('overridden_by'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const growthDirections = pgTable(
  'growth_directions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id').notNull(),
    service: text('service').notNull(),
    description: text('description').notNull().default(''),
    potentialMinor: bigint('potential_minor', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull().default('RUB'),
    status: text('status')
      .$type<'idea' | 'proposed' | 'deal' | 'won' | 'rejected'>()
      .notNull()
      .default('idea'),
    dealId: uuid('deal_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const clientFeedback = pgTable(
  'client_feedback',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id').notNull(),
    projectId: uuid('project_id'),
    contactId: uuid('contact_id'),
    kind: text('kind').$type<'complaint' | 'claim' | 'review'>().notNull(),
    sentiment: text('sentiment').$type<'positive' | 'neutral' | 'negative'>().notNull().default('negative'),
    severity: text('severity').$type<'low' | 'medium' | 'high' | 'critical'>().notNull().default('medium'),
    body: text('body').notNull(),
    status: text('status').$type<'open' | 'resolved'>().notNull().default('open'),
    resolution: text('resolution'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
