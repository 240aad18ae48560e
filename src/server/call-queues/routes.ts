import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CallList,
  CallOutcomeBody,
  CallOutcomeResult,
  CallStatsQuery,
  CallStatsRow,
  CreateCallListBody,
  QUEUE_ITEM_STATUSES,
  QueueItem,
  UpdateCallListBody,
} from '../../contract/sales-flow.ts';
import { type Actor, can } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError, invalidField, notFound, versionConflict } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { nextCall, recordCallOutcome } from './call-queue.ts';
import { distributeCalls } from './distribute.ts';
import { callLists, callQueueItems, type QueueItemStatus } from './schema.ts';
import { segmentCompanies } from './segment-companies.ts';
import { callStats } from './stats.ts';

const tags = ['call-queues'];
const params = z.object({ id: Id });
type ListRow = typeof callLists.$inferSelect;

/** Those who hand out work see every list; a caller sees the lists they call. */
function listWithinScope(actor: Actor) {
  if (can(actor, 'crm:assign')) return undefined;
  return sql`${actor.userId} = any(${callLists.callerIds})`;
}

const OPEN_STATUSES: readonly QueueItemStatus[] = ['pending', 'no_answer', 'callback'];

/** Called, qualified, not interested and left per caller: the list's callers first, in their order. */
export function callerProgress(
  callerIds: readonly string[],
  counts: readonly { assigneeId: string | null; status: QueueItemStatus; n: number; called: number }[],
): CallList['byCaller'] {
  const holders = [...new Set([...callerIds, ...counts.map((count) => count.assigneeId)])];
  return holders.map((callerId) => {
    const mine = counts.filter((count) => count.assigneeId === callerId);
    const sum = (pick: (count: (typeof mine)[number]) => number) =>
      mine.reduce((total, count) => total + pick(count), 0);
    return {
      callerId,
      total: sum((count) => count.n),
      called: sum((count) => count.called),
      qualified: sum((count) => (count.status === 'qualified' ? count.n : 0)),
      notInterested: sum((count) => (count.status === 'not_interested' ? count.n : 0)),
      left: sum((count) => (OPEN_STATUSES.includes(count.status) ? count.n : 0)),
    };
  });
}

async function toCallLists(
  db: DbOrTx,
  workspaceId: string,
  rows: ListRow[],
): Promise<z.infer<typeof CallList>[]> {
  if (rows.length === 0) return [];
  const counts = await db
    .select({
      listId: callQueueItems.callListId,
      assigneeId: callQueueItems.assigneeId,
      status: callQueueItems.status,
      n: sql<number>`count(*)::int`,
      called: sql<number>`(count(*) filter (where ${callQueueItems.attempts} > 0))::int`,
    })
    .from(callQueueItems)
    .where(
      and(
        eq(callQueueItems.workspaceId, workspaceId),
        inArray(
          callQueueItems.callListId,
          rows.map((row) => row.id),
        ),
      ),
    )
    .groupBy(callQueueItems.callListId, callQueueItems.assigneeId, callQueueItems.status);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    leadSourceId: row.leadSourceId,
    distribution: row.distribution,
    callerIds: row.callerIds,
    script: row.script,
    importId: row.importId,
    createdAt: row.createdAt.toISOString(),
    counts: Object.fromEntries(
      QUEUE_ITEM_STATUSES.map((status) => [
        status,
        counts
          .filter((count) => count.listId === row.id && count.status === status)
          .reduce((sum, count) => sum + count.n, 0),
      ]),
    ) as Record<(typeof QUEUE_ITEM_STATUSES)[number], number>,
    byCaller: callerProgress(
      row.callerIds,
      counts.filter((count) => count.listId === row.id),
    ),
    version: row.version,
  }));
}

async function loadCallers(db: DbOrTx, workspaceId: string, ids: string[]) {
  const callers = await db
    .select({ id: users.id, region: users.region, roles: users.roles, active: users.active })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
  const usable = callers.filter((caller) => caller.active);
  if (usable.length !== new Set(ids).size)
    throw invalidField('callerIds', 'Every caller must be an active person of this workspace.');
  // Keep the order the person chose: it is the round-robin order.
  return ids.map((id) => usable.find((caller) => caller.id === id)!);
}

export const callQueuesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/call-lists',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Call lists with their progress, in all and per caller',
        response: { 200: z.object({ items: z.array(CallList) }) },
      },
    },
    async (request) => {
      const { actor } = request;
      const rows = await db
        .select()
        .from(callLists)
        .where(
          and(
            eq(callLists.workspaceId, actor.workspaceId),
            isNull(callLists.archivedAt),
            listWithinScope(actor),
          ),
        )
        .orderBy(desc(callLists.createdAt))
        .limit(200);
      return { items: await toCallLists(db, actor.workspaceId, rows) };
    },
  );

  app.post(
    '/call-lists',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary:
          'Build a call queue from existing companies, dealt out among callers: give exactly one of companyIds, ' +
          'savedViewId (a saved view of companies) or filters (the companies list’s); a view or filters select ' +
          'the companies the caller building the list can see',
        body: CreateCallListBody,
        response: { 201: CallList },
      },
    },
    async (request, reply) => {
      const { actor, body } = request;
      const created = await db.transaction(async (tx) => {
        const callers = await loadCallers(tx, actor.workspaceId, body.callerIds);
        const rows = await segmentCompanies(tx, actor, body);
        const [list] = await tx
          .insert(callLists)
          .values({
            workspaceId: actor.workspaceId,
            name: body.name,
            distribution: body.distribution,
            callerIds: callers.map((caller) => caller.id),
            leadSourceId: body.leadSourceId ?? null,
            script: body.script ?? '',
            createdBy: actor.userId,
          })
          .returning();
        const assignees = distributeCalls(rows, callers, body.distribution);
        await tx.execute(sql`
          insert into call_queue_items (workspace_id, call_list_id, company_id, contact_id, assignee_id, position)
          select ${actor.workspaceId}, ${list!.id}, item.company_id,
                 (select c.id from contacts c
                   where c.workspace_id = ${actor.workspaceId} and c.company_id = item.company_id and c.archived_at is null
                   order by c.is_decision_maker desc, c.created_at limit 1),
                 item.assignee_id, item.position
          from unnest(${`{${rows.map((row) => row.id).join(',')}}`}::uuid[], ${`{${assignees.join(',')}}`}::uuid[])
               with ordinality as item(company_id, assignee_id, position)`);
        const [result] = await toCallLists(tx, actor.workspaceId, [list!]);
        await recordAudit(tx, {
          ...auditFor(actor, 'call_list', list!.id),
          action: 'create',
          after: { ...result, companies: rows.length },
        });
        return result!;
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/call-lists/:id',
    {
      config: { access: 'crm:import' },
      schema: {
        tags,
        summary: 'Rename a call list, change its script, archive it',
        params,
        body: UpdateCallListBody,
        response: { 200: CallList },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, archived, ...changes } = request.body;
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(callLists)
          .where(
            and(
              eq(callLists.workspaceId, actor.workspaceId),
              eq(callLists.id, request.params.id),
              listWithinScope(actor),
            ),
          );
        if (!current) throw notFound('Call list');
        if (current.version !== version) throw versionConflict('This call list', current.version);
        const [row] = await tx
          .update(callLists)
          .set({
            ...changes,
            ...(archived === undefined ? {} : { archivedAt: archived ? sql`now()` : null }),
            version: current.version + 1,
          })
          .where(and(eq(callLists.workspaceId, actor.workspaceId), eq(callLists.id, current.id)))
          .returning();
        const [after] = await toCallLists(tx, actor.workspaceId, [row!]);
        await recordAudit(tx, {
          ...auditFor(actor, 'call_list', current.id),
          action: 'update',
          before: current,
          after,
        });
        return after!;
      });
    },
  );

  app.get(
    '/call-queue/next',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'My next call: the company, its contacts and history, the script',
        response: { 200: z.object({ item: QueueItem.nullable() }) },
      },
    },
    async (request) => ({ item: await nextCall(db, request.actor) }),
  );

  app.post(
    '/call-queue/items/:id/outcome',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Record a call: no answer, call back at, not interested (why), qualified (hand-off note)',
        params,
        body: CallOutcomeBody,
        response: { 200: CallOutcomeResult },
      },
    },
    async (request) =>
      db.transaction((tx) => recordCallOutcome(tx, request.actor, request.params.id, request.body)),
  );

  app.get(
    '/call-queue/stats',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Calls per working day and conversion to qualified leads, per person',
        querystring: CallStatsQuery,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            workingDays: z.number().int(),
            items: z.array(CallStatsRow),
          }),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (to < from)
        throw new AppError('validation_failed', 'The period ends before it starts.', {
          fields: [{ field: 'to', message: 'must be on or after from' }],
        });
      return callStats(db, request.actor, from, to);
    },
  );
};
