import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type ActivityType = 'call' | 'email' | 'meeting' | 'note';
export type ActivityDirection = 'inbound' | 'outbound';

export const activities = pgTable(
  'activities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    type: text('type').$type<ActivityType>().notNull(),
    direction: text('direction').$type<ActivityDirection>(),
    subject: text('subject').notNull().default(''),
    body: text('body').notNull().default(''),
    outcome: text('outcome'),
    durationSeconds: integer('duration_seconds'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    companyId: uuid('company_id'),
    contactId: uuid('contact_id'),
    dealId: uuid('deal_id'),
    authorId: uuid('author_id'),
    participantContactIds: uuid('participant_contact_ids').array().notNull().default([]),
    participantUserIds: uuid('participant_user_ids').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
