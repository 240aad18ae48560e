import { and, asc, desc, eq, gte, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Deal, ListDealsQuery } from '../../contract/deals.ts';
import type { Actor } from '../access/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { matchesSearch, withSearchPlan } from '../http/search.ts';
import { loadDefaultPipeline, loadPipeline } from '../pipelines/load-pipelines.ts';
import { stages } from '../pipelines/schema.ts';
import { selectDeals, toDeal } from './deal-dto.ts';
import { dealWithinScope } from './find-deal.ts';
import { deals } from './schema.ts';

const SORTABLE = {
  createdAt: { column: deals.createdAt },
  updatedAt: { column: deals.updatedAt },
  amountMinor: { column: deals.amountMinor },
  expectedCloseDate: { column: deals.expectedCloseDate, nullable: true },
  title: { column: deals.title },
};

/** The filter part of a deal list, shared by the list, the board and exports. */
export function dealFilter(actor: Actor, query: Omit<ListDealsQuery, 'limit' | 'cursor' | 'sort'>) {
  return and(
    eq(deals.workspaceId, actor.workspaceId),
    dealWithinScope(actor),
    query.archived ? isNotNull(deals.archivedAt) : isNull(deals.archivedAt),
    query.pipelineId ? eq(deals.pipelineId, query.pipelineId) : undefined,
    query.stageId ? eq(deals.stageId, query.stageId) : undefined,
    query.stageKind ? eq(stages.kind, query.stageKind) : undefined,
    query.ownerId ? eq(deals.ownerId, query.ownerId) : undefined,
    query.companyId ? eq(deals.companyId, query.companyId) : undefined,
    query.kind ? eq(deals.kind, query.kind) : undefined,
    query.leadSourceId ? eq(deals.leadSourceId, query.leadSourceId) : undefined,
    query.amountMin !== undefined ? gte(deals.amountMinor, query.amountMin) : undefined,
    query.amountMax !== undefined ? lte(deals.amountMinor, query.amountMax) : undefined,
    query.closeFrom ? gte(deals.expectedCloseDate, query.closeFrom) : undefined,
    query.closeTo ? lte(deals.expectedCloseDate, query.closeTo) : undefined,
    matchesSearch(sql`${deals}.search`, query.q),
  );
}

export async function listDeals(
  db: DbOrTx,
  actor: Actor,
  query: ListDealsQuery,
): Promise<{ items: Deal[]; nextCursor: string | null }> {
  const sort = parseSort(query.sort, SORTABLE, '-updatedAt');
  const rows = await withSearchPlan(db, query.q, (tx) =>
    selectDeals(tx)
      .where(and(dealFilter(actor, query), afterCursor(sort, deals.id, query.cursor)))
      .orderBy(...orderBy(sort, deals.id))
      .limit(query.limit + 1),
  );
  return toPage(
    rows.map((row) => ({ ...row, id: row.deal.id })),
    query.limit,
    sort,
    (row) => row.deal[sort.key as keyof typeof SORTABLE],
    toDeal,
  );
}

/** A kanban board: each stage with its count, totals per currency and its most recently touched deals. */
export async function loadBoard(
  db: DbOrTx,
  actor: Actor,
  query: { pipelineId?: string; ownerId?: string; q?: string; perStage: number },
) {
  const pipeline = query.pipelineId
    ? await loadPipeline(db, actor.workspaceId, query.pipelineId)
    : await loadDefaultPipeline(db, actor.workspaceId);
  const filter = dealFilter(actor, { pipelineId: pipeline.id, ownerId: query.ownerId, q: query.q });
  const totals = await db
    .select({
      stageId: deals.stageId,
      currency: deals.currency,
      count: sql<number>`count(*)::int`,
      amountMinor: sql<string>`sum(${deals.amountMinor})`,
    })
    .from(deals)
    .innerJoin(stages, and(eq(stages.workspaceId, deals.workspaceId), eq(stages.id, deals.stageId)))
    .where(filter)
    .groupBy(deals.stageId, deals.currency)
    .orderBy(asc(deals.currency));
  const columns = await Promise.all(
    pipeline.stages.map(async (stage) => {
      const rows = await selectDeals(db)
        .where(and(filter, eq(deals.stageId, stage.id)))
        .orderBy(desc(deals.updatedAt), desc(deals.id))
        .limit(query.perStage);
      const stageTotals = totals.filter((t) => t.stageId === stage.id);
      return {
        stageId: stage.id,
        name: stage.name,
        kind: stage.kind,
        probabilityBp: stage.probabilityBp,
        requiredFields: stage.requiredFields,
        count: stageTotals.reduce((sum, t) => sum + t.count, 0),
        totals: stageTotals.map((t) => ({ currency: t.currency, amountMinor: Number(t.amountMinor) })),
        deals: rows.map(toDeal),
      };
    }),
  );
  return { pipelineId: pipeline.id, columns };
}
