import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  Board,
  BoardQuery,
  CreateDealBody,
  Deal,
  DealPage,
  ListDealsQuery,
  MoveDealBody,
  StageChange,
  UpdateDealBody,
} from '../../contract/deals.ts';
import { registerHistoryRoute } from '../audit/history-route.ts';
import { toDeal } from './deal-dto.ts';
import { findVisibleDeal } from './find-deal.ts';
import { listDeals, loadBoard } from './list-deals.ts';
import { createDeal, setDealArchived, updateDeal } from './save-deal.ts';
import { dealStageHistory } from './schema.ts';

const tags = ['deals'];
const params = z.object({ id: Id });

export const dealsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/deals',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'List deals: filters, full-text q, sort (createdAt, updatedAt, amountMinor, expectedCloseDate, title; - for descending)',
        querystring: ListDealsQuery,
        response: { 200: DealPage },
      },
    },
    async (request) => listDeals(db, request.actor, request.query),
  );

  app.get(
    '/deals/board',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'A kanban board of a pipeline: stages with counts, totals per currency and deals',
        querystring: BoardQuery,
        response: { 200: Board },
      },
    },
    async (request) => loadBoard(db, request.actor, request.query),
  );

  app.post(
    '/deals',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Create a deal (default pipeline, first open stage unless given)',
        body: CreateDealBody,
        response: { 201: Deal },
      },
    },
    async (request, reply) => reply.status(201).send(await createDeal(db, request.actor, request.body)),
  );

  app.get(
    '/deals/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Get a deal', params, response: { 200: Deal } },
    },
    async (request) => toDeal(await findVisibleDeal(db, request.actor, request.params.id)),
  );

  app.patch(
    '/deals/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change a deal; a new stageId moves it (422 names fields the stage still needs)',
        params,
        body: UpdateDealBody,
        response: { 200: Deal },
      },
    },
    async (request) => updateDeal(db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/deals/:id/move',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Move a deal to a stage, filling the fields the stage requires in the same call',
        params,
        body: MoveDealBody,
        response: { 200: Deal },
      },
    },
    async (request) => updateDeal(db, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/deals/:id',
    {
      config: { access: 'crm:delete' },
      schema: { tags, summary: 'Archive a deal', params, response: { 200: Deal } },
    },
    async (request) => setDealArchived(db, request.actor, request.params.id, true),
  );

  app.post(
    '/deals/:id/restore',
    {
      config: { access: 'crm:delete' },
      schema: { tags, summary: 'Restore an archived deal', params, response: { 200: Deal } },
    },
    async (request) => setDealArchived(db, request.actor, request.params.id, false),
  );

  app.get(
    '/deals/:id/stage-history',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Every stage the deal entered, oldest first',
        params,
        response: { 200: z.object({ items: z.array(StageChange) }) },
      },
    },
    async (request) => {
      const { actor } = request;
      await findVisibleDeal(db, actor, request.params.id);
      const rows = await db
        .select()
        .from(dealStageHistory)
        .where(
          and(
            eq(dealStageHistory.workspaceId, actor.workspaceId),
            eq(dealStageHistory.dealId, request.params.id),
          ),
        )
        .orderBy(asc(dealStageHistory.changedAt), asc(dealStageHistory.id));
      return {
        items: rows.map((row) => ({
          id: row.id,
          fromStageId: row.fromStageId,
          toStageId: row.toStageId,
          changedAt: row.changedAt.toISOString(),
          changedBy: row.changedBy,
        })),
      };
    },
  );

  registerHistoryRoute(app, {
    path: '/deals/:id/history',
    entityType: 'deal',
    tags,
    findVisible: findVisibleDeal,
  });
};
