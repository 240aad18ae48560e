import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export type CompanyStatus = 'prospect' | 'client' | 'former_client';
export type CompanySize = 'micro' | 'small' | 'medium' | 'large' | 'enterprise';

/** The generated `search` tsvector column exists in SQL only; queries reach it through sql``. */
export const companies = pgTable(
  'companies',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    legalName: text('legal_name'),
    taxId: text('tax_id'),
    domain: text('domain'),
    industry: text('industry'),
    region: text('region'),
    size: text('size').$type<CompanySize>(),
    tags: text('tags').array().notNull().default([]),
    leadSourceId: uuid('lead_source_id'),
    status: text('status').$type<CompanyStatus>().notNull().default('prospect'),
    ownerId: uuid('owner_id'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    monthlyPaymentMinor: bigint('monthly_payment_minor', { mode: 'number' }).notNull().default(0),
    keyAccount: boolean('key_account').notNull().default(false),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
