import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

/**
 * The next number of a document kind for a workspace and year, gap-free. The counter row is
 * incremented inside the caller's transaction: a concurrent issuer (in this process or another)
 * waits on the row lock until this transaction ends, and a rolled-back issue gives its number
 * back. Numbers therefore come out 1, 2, 3, … with no gaps and no repeats.
 */
export async function nextDocumentNumber(
  tx: DbOrTx,
  workspaceId: string,
  kind: 'invoice' | 'act',
  year: number,
): Promise<number> {
  const result = await tx.execute<{ last_number: number }>(sql`
    insert into document_counters (workspace_id, kind, year, last_number)
    values (${workspaceId}, ${kind}, ${year}, 1)
    on conflict (workspace_id, kind, year)
    do update set last_number = document_counters.last_number + 1
    returning last_number`);
  return Number(result.rows[0]!.last_number);
}

/** "2026-0007", with the workspace's prefix before it. */
export function formatDocumentNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}${year}-${String(sequence).padStart(4, '0')}`;
}
