import { and, asc, eq, sql } from 'drizzle-orm';
import type { GrowthDirection } from '../../contract/account.ts';
import type { Deal } from '../../contract/deals.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { createDeal } from '../deals/save-deal.ts';
import { AppError, versionConflict } from '../http/errors.ts';
import { findAccountCompany, findAccountRecord } from './account-access.ts';
import { loadAccountSettings } from './account-settings.ts';
import { growthDirections } from './schema.ts';

type Row = typeof growthDirections.$inferSelect;

export function toGrowthDirection(row: Row): GrowthDirection {
  return {
    id: row.id,
    companyId: row.companyId,
    service: row.service,
    description: row.description,
    potentialMinor: row.potentialMinor,
    currency: row.currency.trim(),
    status: row.status,
    dealId: row.dealId,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export async function listGrowth(
  db: DbOrTx,
  actor: Actor,
  companyId: string,
): Promise<{ items: GrowthDirection[] }> {
  const company = await findAccountCompany(db, actor, companyId);
  const rows = await db
    .select()
    .from(growthDirections)
    .where(
      and(eq(growthDirections.workspaceId, actor.workspaceId), eq(growthDirections.companyId, company.id)),
    )
    .orderBy(asc(growthDirections.createdAt), asc(growthDirections.id));
  return { items: rows.map(toGrowthDirection) };
}

export async function createGrowth(
  db: Db,
  actor: Actor,
  companyId: string,
  input: { service: string; description?: string; potentialMinor?: number; currency?: string },
): Promise<GrowthDirection> {
  return db.transaction(async (tx) => {
    const company = await findAccountCompany(tx, actor, companyId);
    const settings = await loadAccountSettings(tx, actor.workspaceId);
    const [row] = await tx
      .insert(growthDirections)
      .values({
        workspaceId: actor.workspaceId,
        companyId: company.id,
        service: input.service,
        description: input.description ?? '',
        potentialMinor: input.potentialMinor ?? 0,
        currency: input.currency ?? settings.currency,
        createdBy: actor.userId,
      })
      .returning();
    const direction = toGrowthDirection(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'growth_direction', direction.id),
      action: 'create',
      after: direction,
    });
    return direction;
  });
}

async function findGrowth(db: DbOrTx, actor: Actor, id: string) {
  return findAccountRecord(db, actor, 'Growth direction', async () => {
    const [row] = await db
      .select()
      .from(growthDirections)
      .where(and(eq(growthDirections.workspaceId, actor.workspaceId), eq(growthDirections.id, id)))
      .for('update');
    return row;
  });
}

export async function updateGrowth(
  db: Db,
  actor: Actor,
  id: string,
  input: {
    service?: string;
    description?: string;
    potentialMinor?: number;
    currency?: string;
    status?: 'idea' | 'proposed' | 'rejected';
    version: number;
  },
): Promise<GrowthDirection> {
  return db.transaction(async (tx) => {
    const { record } = await findGrowth(tx, actor, id);
    if (record.version !== input.version) throw versionConflict('This growth direction', record.version);
    if (input.status && (record.status === 'deal' || record.status === 'won')) {
      throw new AppError('conflict', 'This direction is already a deal; follow it on the deal.', {
        fields: [{ field: 'status', message: 'Already a deal.' }],
      });
    }
    const { version: _, ...changes } = input;
    const [row] = await tx
      .update(growthDirections)
      .set({ ...changes, updatedAt: sql`now()`, version: record.version + 1 })
      .where(and(eq(growthDirections.workspaceId, actor.workspaceId), eq(growthDirections.id, id)))
      .returning();
    const after = toGrowthDirection(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'growth_direction', id),
      action: 'update',
      before: toGrowthDirection(record),
      after,
    });
    return after;
  });
}

/** A growth direction becomes an upsell deal in the default pipeline, owned by the person. */
export async function makeUpsellDeal(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
): Promise<{ direction: GrowthDirection; deal: Deal }> {
  return db.transaction(async (tx) => {
    const { record, company } = await findGrowth(tx, actor, id);
    if (record.version !== version) throw versionConflict('This growth direction', record.version);
    if (record.dealId) {
      throw new AppError('conflict', 'This direction already has its deal.', {
        fields: [{ field: 'dealId', message: 'Already a deal.' }],
      });
    }
    // The deal belongs to a client the person works on (possibly covering): create it as them.
    const deal = await createDeal(
      tx,
      { ...actor, scope: 'all' },
      {
        companyId: company.id,
        title: `${record.service} — ${company.name}`,
        kind: 'upsell',
        amountMinor: record.potentialMinor,
        currency: record.currency.trim(),
        ownerId: actor.userId,
      },
    );
    const [row] = await tx
      .update(growthDirections)
      .set({ status: 'deal', dealId: deal.id, updatedAt: sql`now()`, version: record.version + 1 })
      .where(and(eq(growthDirections.workspaceId, actor.workspaceId), eq(growthDirections.id, id)))
      .returning();
    const direction = toGrowthDirection(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'growth_direction', id),
      action: 'update',
      before: toGrowthDirection(record),
      after: direction,
    });
    return { direction, deal };
  });
}
