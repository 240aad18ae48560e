import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CreatePipelineBody,
  CreateStageBody,
  Pipeline,
  Stage,
  StageOrderBody,
  UpdatePipelineBody,
  UpdateStageBody,
} from '../../contract/settings.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { deals } from '../deals/schema.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { loadPipeline, loadPipelines, toStage } from './load-pipelines.ts';
import { pipelines, stages } from './schema.ts';

const tags = ['settings'];
const pipelineParams = z.object({ id: Id });
const stageParams = z.object({ id: Id, stageId: Id });

/** Exactly one default pipeline per workspace: making one default clears the others. */
async function clearOtherDefaults(tx: DbOrTx, workspaceId: string, keepId: string): Promise<void> {
  await tx
    .update(pipelines)
    .set({ isDefault: false })
    .where(and(eq(pipelines.workspaceId, workspaceId), sql`${pipelines.id} <> ${keepId}`));
}

async function findStage(tx: DbOrTx, workspaceId: string, pipelineId: string, stageId: string) {
  const [row] = await tx
    .select()
    .from(stages)
    .where(
      and(eq(stages.workspaceId, workspaceId), eq(stages.pipelineId, pipelineId), eq(stages.id, stageId)),
    );
  if (!row) throw notFound('Stage');
  return row;
}

export const pipelinesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/pipelines',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'Pipelines with their stages in order',
        querystring: z.object({ archived: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(Pipeline) }) },
      },
    },
    async (request) => ({
      items: await loadPipelines(db, request.actor.workspaceId, {
        includeArchived: request.query.archived === 'true',
      }),
    }),
  );

  app.get(
    '/pipelines/:id',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'A pipeline with its stages',
        params: pipelineParams,
        response: { 200: Pipeline },
      },
    },
    async (request) => loadPipeline(db, request.actor.workspaceId, request.params.id),
  );

  app.post(
    '/pipelines',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Create a pipeline', body: CreatePipelineBody, response: { 201: Pipeline } },
    },
    async (request, reply) => {
      const { actor } = request;
      const pipeline = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(pipelines)
          .values({ ...request.body, workspaceId: actor.workspaceId })
          .returning();
        if (row!.isDefault) await clearOtherDefaults(tx, actor.workspaceId, row!.id);
        const created = await loadPipeline(tx, actor.workspaceId, row!.id);
        await recordAudit(tx, { ...auditFor(actor, 'pipeline', row!.id), action: 'create', after: created });
        return created;
      });
      return reply.status(201).send(pipeline);
    },
  );

  app.patch(
    '/pipelines/:id',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Rename, reorder or make default',
        params: pipelineParams,
        body: UpdatePipelineBody,
        response: { 200: Pipeline },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      return db.transaction(async (tx) => {
        const before = await loadPipeline(tx, actor.workspaceId, request.params.id);
        if (before.version !== version) throw versionConflict('This pipeline', before.version);
        if (changes.isDefault === false && before.isDefault) {
          throw new AppError('unprocessable', 'Make another pipeline the default instead.', {
            fields: [{ field: 'isDefault', message: 'One pipeline must stay the default.' }],
          });
        }
        await tx
          .update(pipelines)
          .set({ ...changes, version: sql`${pipelines.version} + 1` })
          .where(and(eq(pipelines.workspaceId, actor.workspaceId), eq(pipelines.id, before.id)));
        if (changes.isDefault) await clearOtherDefaults(tx, actor.workspaceId, before.id);
        const after = await loadPipeline(tx, actor.workspaceId, before.id);
        await recordAudit(tx, { ...auditFor(actor, 'pipeline', before.id), action: 'update', before, after });
        return after;
      });
    },
  );

  app.delete(
    '/pipelines/:id',
    {
      config: { access: 'settings:manage' },
      schema: { tags, summary: 'Archive a pipeline', params: pipelineParams, response: { 200: Pipeline } },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const before = await loadPipeline(tx, actor.workspaceId, request.params.id);
        if (before.isDefault) {
          throw new AppError(
            'conflict',
            'The default pipeline cannot be archived; make another one the default first.',
          );
        }
        await tx
          .update(pipelines)
          .set({ archivedAt: sql`now()`, version: sql`${pipelines.version} + 1` })
          .where(and(eq(pipelines.workspaceId, actor.workspaceId), eq(pipelines.id, before.id)));
        const after = await loadPipeline(tx, actor.workspaceId, before.id);
        await recordAudit(tx, {
          ...auditFor(actor, 'pipeline', before.id),
          action: 'archive',
          before,
          after,
        });
        return after;
      });
    },
  );

  app.post(
    '/pipelines/:id/stages',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Add a stage at the end',
        params: pipelineParams,
        body: CreateStageBody,
        response: { 201: Stage },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      const stage = await db.transaction(async (tx) => {
        const pipeline = await loadPipeline(tx, actor.workspaceId, request.params.id);
        const position = Math.max(-1, ...pipeline.stages.map((s) => s.position)) + 1;
        const [row] = await tx
          .insert(stages)
          .values({ ...request.body, workspaceId: actor.workspaceId, pipelineId: pipeline.id, position })
          .returning();
        const after = toStage(row!);
        await recordAudit(tx, { ...auditFor(actor, 'stage', after.id), action: 'create', after });
        return after;
      });
      return reply.status(201).send(stage);
    },
  );

  app.patch(
    '/pipelines/:id/stages/:stageId',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Change a stage: name, kind, probability, required fields',
        params: stageParams,
        body: UpdateStageBody,
        response: { 200: Stage },
      },
    },
    async (request) => {
      const { actor } = request;
      const { version, ...changes } = request.body;
      return db.transaction(async (tx) => {
        const current = await findStage(tx, actor.workspaceId, request.params.id, request.params.stageId);
        if (current.version !== version) throw versionConflict('This stage', current.version);
        const [row] = await tx
          .update(stages)
          .set({ ...changes, version: sql`${stages.version} + 1` })
          .where(and(eq(stages.workspaceId, actor.workspaceId), eq(stages.id, current.id)))
          .returning();
        const after = toStage(row!);
        await recordAudit(tx, {
          ...auditFor(actor, 'stage', current.id),
          action: 'update',
          before: toStage(current),
          after,
        });
        return after;
      });
    },
  );

  app.delete(
    '/pipelines/:id/stages/:stageId',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Archive a stage that holds no open deals',
        params: stageParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      await db.transaction(async (tx) => {
        const current = await findStage(tx, actor.workspaceId, request.params.id, request.params.stageId);
        const [holding] = await tx
          .select({ id: deals.id })
          .from(deals)
          .where(
            and(
              eq(deals.workspaceId, actor.workspaceId),
              eq(deals.stageId, current.id),
              sql`${deals.archivedAt} is null`,
            ),
          )
          .limit(1);
        if (holding)
          throw new AppError('conflict', 'Deals are in this stage. Move them to another stage first.');
        await tx
          .update(stages)
          .set({ archivedAt: sql`now()`, version: sql`${stages.version} + 1` })
          .where(and(eq(stages.workspaceId, actor.workspaceId), eq(stages.id, current.id)));
        await recordAudit(tx, {
          ...auditFor(actor, 'stage', current.id),
          action: 'archive',
          before: toStage(current),
        });
      });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/pipelines/:id/stage-order',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags,
        summary: 'Reorder the stages: send every active stage id in the new order',
        params: pipelineParams,
        body: StageOrderBody,
        response: { 200: Pipeline },
      },
    },
    async (request) => {
      const { actor } = request;
      return db.transaction(async (tx) => {
        const before = await loadPipeline(tx, actor.workspaceId, request.params.id);
        const current = new Set(before.stages.map((s) => s.id));
        const sent = request.body.stageIds;
        if (
          sent.length !== current.size ||
          new Set(sent).size !== sent.length ||
          !sent.every((id) => current.has(id))
        ) {
          throw new AppError('unprocessable', 'Send each active stage of this pipeline exactly once.', {
            fields: [{ field: 'stageIds', message: 'Must list every active stage of the pipeline once.' }],
          });
        }
        for (const [position, stageId] of sent.entries()) {
          await tx
            .update(stages)
            .set({ position, version: sql`${stages.version} + 1` })
            .where(and(eq(stages.workspaceId, actor.workspaceId), eq(stages.id, stageId)));
        }
        const after = await loadPipeline(tx, actor.workspaceId, before.id);
        await recordAudit(tx, { ...auditFor(actor, 'pipeline', before.id), action: 'update', before, after });
        return after;
      });
    },
  );
};
