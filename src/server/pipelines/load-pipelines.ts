import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Pipeline, Stage } from '../../contract/settings.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { pipelines, stages } from './schema.ts';

export const toStage = (row: typeof stages.$inferSelect): Stage => ({
  id: row.id,
  pipelineId: row.pipelineId,
  name: row.name,
  position: row.position,
  kind: row.kind,
  probabilityBp: row.probabilityBp,
  requiredFields: row.requiredFields,
  version: row.version,
});

/** Pipelines with their active stages in order; archived pipelines only when asked. */
export async function loadPipelines(
  db: DbOrTx,
  workspaceId: string,
  options: { includeArchived?: boolean; pipelineId?: string } = {},
): Promise<Pipeline[]> {
  const pipelineRows = await db
    .select()
    .from(pipelines)
    .where(
      and(
        eq(pipelines.workspaceId, workspaceId),
        options.includeArchived ? undefined : isNull(pipelines.archivedAt),
        options.pipelineId ? eq(pipelines.id, options.pipelineId) : undefined,
      ),
    )
    .orderBy(asc(pipelines.position), asc(pipelines.name));
  const stageRows = await db
    .select()
    .from(stages)
    .where(
      and(
        eq(stages.workspaceId, workspaceId),
        isNull(stages.archivedAt),
        options.pipelineId ? eq(stages.pipelineId, options.pipelineId) : undefined,
      ),
    )
    .orderBy(asc(stages.position));
  return pipelineRows.map((row) => ({
    id: row.id,
    name: row.name,
    position: row.position,
    isDefault: row.isDefault,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    version: row.version,
    stages: stageRows.filter((stage) => stage.pipelineId === row.id).map(toStage),
  }));
}

export async function loadPipeline(db: DbOrTx, workspaceId: string, pipelineId: string): Promise<Pipeline> {
  const [pipeline] = await loadPipelines(db, workspaceId, { pipelineId, includeArchived: true });
  if (!pipeline) throw notFound('Pipeline');
  return pipeline;
}

/** The workspace's default pipeline (or its first active one). */
export async function loadDefaultPipeline(db: DbOrTx, workspaceId: string): Promise<Pipeline> {
  const all = await loadPipelines(db, workspaceId);
  const pipeline = all.find((p) => p.isDefault) ?? all[0];
  if (!pipeline) throw notFound('Pipeline');
  return pipeline;
}
