import {
  bigint,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export type DealKind = 'new' | 'upsell' | 'renewal';

export const deals = pgTable(
  'deals',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    companyId: uuid('company_id').notNull(),
    contactId: uuid('contact_id'),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull().default('RUB'),
    kind: text('kind').$type<DealKind>().notNull().default('new'),
    monthlyAmountMinor: bigint('monthly_amount_minor', { mode: 'number' }).notNull().default(0),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    ownerId: uuid('owner_id'),
    leadSourceId: uuid('lead_source_id'),
    lostReason: text('lost_reason'),
    nextStep: text('next_step'),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    stageEnteredAt: timestamp('stage_entered_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    bizdevId: uuid('bizdev_id'),
    demoAt: timestamp('demo_at', { withTimezone: true }),
    terms: text('terms'),
    tenderDeadline: date('tender_deadline', { mode: 'string' }),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const dealStageHistory = pgTable(
  'deal_stage_history',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    dealId: uuid('deal_id').notNull(),
    fromStageId: uuid('from_stage_id'),
    toStageId: uuid('to_stage_id').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid('changed_by'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
