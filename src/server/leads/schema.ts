import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type LeadOrigin = 'call_queue' | 'inbound' | 'client_request';
export type LeadStatus = 'new' | 'accepted' | 'converted' | 'rejected';

export const leads = pgTable(
  'leads',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id').notNull(),
    contactId: uuid('contact_id'),
    origin: text('origin').$type<LeadOrigin>().notNull(),
    leadSourceId: uuid('lead_source_id'),
    note: text('note').notNull().default(''),
    handedOverBy: uuid('handed_over_by'),
    assigneeId: uuid('assignee_id'),
    coveringForId: uuid('covering_for_id'),
    status: text('status').$type<LeadStatus>().notNull().default('new'),
    dealId: uuid('deal_id'),
    rejectReason: text('reject_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
