import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

/**
 * Keeps a copy of the revenue fact of an allocation that is being taken back, with the moment, in
 * the same transaction. Motivation turns it into a clawback line in the month it happens.
 */
export async function recordRevenueReversal(
  tx: DbOrTx,
  workspaceId: string,
  allocationId: string,
  userId: string | null,
): Promise<void> {
  await tx.execute(sql`
    insert into revenue_reversals (workspace_id, revenue_fact_id, allocation_id, payment_id, invoice_id,
      company_id, contract_id, deal_id, kind, amount_minor, currency, received_on, deal_owner_id,
      account_manager_id, fact_created_at, reversed_by)
    select workspace_id, id, allocation_id, payment_id, invoice_id, company_id, contract_id, deal_id, kind,
      amount_minor, currency, received_on, deal_owner_id, account_manager_id, created_at, ${userId}
    from revenue_facts where workspace_id = ${workspaceId} and allocation_id = ${allocationId}
    on conflict do nothing`);
}
