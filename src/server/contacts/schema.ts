import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type DecisionRole = 'decision_maker' | 'influencer' | 'user' | 'accountant';

export const contacts = pgTable(
  'contacts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id'),
    name: text('name').notNull(),
    position: text('position'),
    emails: text('emails').array().notNull().default([]),
    phones: text('phones').array().notNull().default([]),
    isDecisionMaker: boolean('is_decision_maker').notNull().default(false),
    decisionRole: text('decision_role').$type<DecisionRole>(),
    ownerId: uuid('owner_id'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * Every contact's phones and e-mails, one row per key (migration 0006): kept by triggers, read by
 * the import's de-duplication and the contact list's phone and e-mail filters. Never written here.
 */
export const contactKeys = pgTable(
  'contact_keys',
  {
    workspaceId: uuid('workspace_id').notNull(),
    kind: text('kind').$type<'phone' | 'email'>().notNull(),
    key: text('key').notNull(),
    contactId: uuid('contact_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.key, t.contactId] })],
);
