import { bigint, date, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type ContractStatus = 'draft' | 'active' | 'ended' | 'cancelled';
export type PaymentMethod = 'bank_transfer' | 'card' | 'cash';

export const contracts = pgTable(
  'contracts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    companyId: uuid('company_id').notNull(),
    dealId: uuid('deal_id'),
    number: text('number').notNull(),
    title: text('title').notNull().default(''),
    signedOn: date('signed_on', { mode: 'string' }),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    terms: text('terms').notNull().default(''),
    status: text('status').$type<ContractStatus>().notNull().default('active'),
    currency: text('currency').notNull(),
    monthlyFeeMinor: bigint('monthly_fee_minor', { mode: 'number' }),
    monthlyServiceId: uuid('monthly_service_id'),
    vatRateBp: integer('vat_rate_bp'),
    paymentMethods: text('payment_methods')
      .array()
      .$type<PaymentMethod[]>()
      .notNull()
      .default(['bank_transfer']),
    paymentTermsDays: integer('payment_terms_days').notNull().default(5),
    billingEmail: text('billing_email'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
