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

export type ReceivedMethod = 'bank_transfer' | 'card' | 'cash' | 'other';
export type PaymentSource = 'manual' | 'statement';

export const payments = pgTable(
  'payments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id'),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    allocatedMinor: bigint('allocated_minor', { mode: 'number' }).notNull().default(0),
    method: text('method').$type<ReceivedMethod>().notNull().default('bank_transfer'),
    source: text('source').$type<PaymentSource>().notNull().default('manual'),
    bankReference: text('bank_reference'),
    payerName: text('payer_name').notNull().default(''),
    payerTaxId: text('payer_tax_id'),
    purpose: text('purpose').notNull().default(''),
    statementImportId: uuid('statement_import_id'),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const paymentAllocations = pgTable(
  'payment_allocations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    paymentId: uuid('payment_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const statementImports = pgTable(
  'statement_imports',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull(),
    fileSha256: text('file_sha256').notNull(),
    linesTotal: integer('lines_total').notNull().default(0),
    linesCreated: integer('lines_created').notNull().default(0),
    linesDuplicate: integer('lines_duplicate').notNull().default(0),
    linesRejected: integer('lines_rejected').notNull().default(0),
    result: jsonb('result').$type<{ paymentIds?: string[] }>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
