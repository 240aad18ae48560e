import { and, eq, or } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { companyWithinScope, ownedWithinScope } from '../access/scope.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { type DealRow, selectDeals } from './deal-dto.ts';
import { deals } from './schema.ts';

/**
 * A deal is visible when its owner or the BizDev manager who runs its demo is within the actor's
 * scope, or its company is.
 */
export function dealWithinScope(actor: Actor) {
  if (actor.scope === 'all') return undefined;
  return or(
    ownedWithinScope(actor, deals.ownerId, deals.bizdevId),
    companyWithinScope(actor, deals.companyId),
  );
}

export async function findVisibleDeal(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<DealRow> {
  const query = selectDeals(db).where(
    and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, id), dealWithinScope(actor)),
  );
  const [row] = options.forUpdate ? await query.for('update', { of: deals }) : await query;
  if (!row) throw notFound('Deal');
  return row;
}
