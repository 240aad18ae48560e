import { bigint, date, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PaymentMethod } from '../contracts/schema.ts';

export type StoredInvoiceStatus = 'draft' | 'sent' | 'partially_paid' | 'paid' | 'cancelled';
export type InvoiceOrigin = 'manual' | 'recurring';
export type DocumentLanguage = 'ru' | 'en';

export const invoices = pgTable(
  'invoices',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id').notNull(),
    contractId: uuid('contract_id'),
    dealId: uuid('deal_id'),
    budgetBlockId: uuid('budget_block_id'),
    origin: text('origin').$type<InvoiceOrigin>().notNull().default('manual'),
    periodMonth: date('period_month', { mode: 'string' }),
    number: text('number'),
    numberYear: integer('number_year'),
    numberSeq: integer('number_seq'),
    status: text('status').$type<StoredInvoiceStatus>().notNull().default('draft'),
    currency: text('currency').notNull(),
    issueDate: date('issue_date', { mode: 'string' }),
    dueDate: date('due_date', { mode: 'string' }),
    paymentMethods: text('payment_methods')
      .array()
      .$type<PaymentMethod[]>()
      .notNull()
      .default(['bank_transfer']),
    language: text('language').$type<DocumentLanguage>().notNull().default('ru'),
    notes: text('notes').notNull().default(''),
    netMinor: bigint('net_minor', { mode: 'number' }).notNull().default(0),
    vatMinor: bigint('vat_minor', { mode: 'number' }).notNull().default(0),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull().default(0),
    paidMinor: bigint('paid_minor', { mode: 'number' }).notNull().default(0),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    invoiceId: uuid('invoice_id').notNull(),
    position: integer('position').notNull(),
    serviceId: uuid('service_id'),
    description: text('description').notNull(),
    unit: text('unit').notNull().default(''),
    quantityMilli: bigint('quantity_milli', { mode: 'number' }).notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    vatRateBp: integer('vat_rate_bp'),
    netMinor: bigint('net_minor', { mode: 'number' }).notNull(),
    vatMinor: bigint('vat_minor', { mode: 'number' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Gap-free document numbers: the last number given per workspace, kind and year. */
export const documentCounters = pgTable(
  'document_counters',
  {
    workspaceId: uuid('workspace_id').notNull(),
    kind: text('kind').$type<'invoice' | 'act'>().notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.year] })],
);

/** One reminder per overdue invoice: the task made for the AM and the e-mail sent, if any. */
export const invoiceReminders = pgTable(
  'invoice_reminders',
  {
    workspaceId: uuid('workspace_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    taskId: uuid('task_id'),
    emailedTo: text('emailed_to'),
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
    emailError: text('email_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.invoiceId] })],
);
