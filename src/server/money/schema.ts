import { bigint, date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type RevenueKind = 'new_sale' | 'recurring' | 'upsell';

/** Each allocated amount, classified for KPIs and motivation, with whom it is credited to. */
export const revenueFacts = pgTable(
  'revenue_facts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    allocationId: uuid('allocation_id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    companyId: uuid('company_id').notNull(),
    contractId: uuid('contract_id'),
    dealId: uuid('deal_id'),
    kind: text('kind').$type<RevenueKind>().notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    dealOwnerId: uuid('deal_owner_id'),
    accountManagerId: uuid('account_manager_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
