import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type {
  CreateTouchpointBody,
  JourneyMap,
  JourneyStage,
  SlotAssignment,
  Touchpoint,
  UpdateTouchpointBody,
} from '../../contract/journey.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { assertReferencesExist } from '../db/references.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { articleLinks, articles } from '../knowledge/schema.ts';
import { users } from '../users/schema.ts';
import { journeyStages, journeyTouchpoints, type Slot } from './schema.ts';
import { DIGITAL_AGENCY_JOURNEY } from './template.ts';

type StageRow = typeof journeyStages.$inferSelect;
type TouchpointRow = typeof journeyTouchpoints.$inferSelect;
export type LinkedArticle = { id: string; title: string; kind: string };

export function slotOf(row: TouchpointRow, slot: Slot): SlotAssignment {
  const role = row[`${slot}Role`];
  return { role, userId: role === 'person' ? row[`${slot}UserId`] : null };
}

export function toTouchpoint(row: TouchpointRow, linked: LinkedArticle[] = []): Touchpoint {
  return {
    id: row.id,
    stageId: row.stageId,
    position: row.position,
    name: row.name,
    description: row.description,
    expectedDays: row.expectedDays,
    responsible: slotOf(row, 'responsible'),
    communicator: slotOf(row, 'communicator'),
    support: slotOf(row, 'support'),
    articles: linked,
    version: row.version,
  };
}

/** Published articles linked to each of the given targets. */
export async function linkedArticles(
  db: DbOrTx,
  workspaceId: string,
  targetType: 'touchpoint' | 'stage' | 'call_list',
  targetIds: string[],
): Promise<Map<string, LinkedArticle[]>> {
  const byTarget = new Map<string, LinkedArticle[]>();
  if (targetIds.length === 0) return byTarget;
  const rows = await db
    .select({ targetId: articleLinks.targetId, id: articles.id, title: articles.title, kind: articles.kind })
    .from(articleLinks)
    .innerJoin(
      articles,
      and(eq(articles.workspaceId, articleLinks.workspaceId), eq(articles.id, articleLinks.articleId)),
    )
    .where(
      and(
        eq(articleLinks.workspaceId, workspaceId),
        eq(articleLinks.targetType, targetType),
        inArray(articleLinks.targetId, targetIds),
        eq(articles.status, 'published'),
      ),
    )
    .orderBy(asc(articles.title));
  for (const row of rows) {
    const list = byTarget.get(row.targetId) ?? [];
    list.push({ id: row.id, title: row.title, kind: row.kind });
    byTarget.set(row.targetId, list);
  }
  return byTarget;
}

export interface LoadedMap {
  stages: (StageRow & { touchpoints: TouchpointRow[] })[];
}

/** The workspace's stages in order, each with its touchpoints in order. */
export async function loadMapRows(db: DbOrTx, workspaceId: string): Promise<LoadedMap> {
  const stageRows = await db
    .select()
    .from(journeyStages)
    .where(eq(journeyStages.workspaceId, workspaceId))
    .orderBy(asc(journeyStages.position), asc(journeyStages.createdAt));
  const touchpointRows = await db
    .select()
    .from(journeyTouchpoints)
    .where(eq(journeyTouchpoints.workspaceId, workspaceId))
    .orderBy(asc(journeyTouchpoints.position), asc(journeyTouchpoints.createdAt));
  return {
    stages: stageRows.map((stage) => ({
      ...stage,
      touchpoints: touchpointRows.filter((touchpoint) => touchpoint.stageId === stage.id),
    })),
  };
}

export async function loadJourneyMap(db: DbOrTx, workspaceId: string): Promise<JourneyMap> {
  const map = await loadMapRows(db, workspaceId);
  const ids = map.stages.flatMap((stage) => stage.touchpoints.map((touchpoint) => touchpoint.id));
  const linked = await linkedArticles(db, workspaceId, 'touchpoint', ids);
  return {
    stages: map.stages.map(
      (stage): JourneyStage => ({
        id: stage.id,
        position: stage.position,
        name: stage.name,
        description: stage.description,
        version: stage.version,
        touchpoints: stage.touchpoints.map((touchpoint) =>
          toTouchpoint(touchpoint, linked.get(touchpoint.id) ?? []),
        ),
      }),
    ),
  };
}

async function findStage(tx: DbOrTx, workspaceId: string, id: string, forUpdate = false) {
  const query = tx
    .select()
    .from(journeyStages)
    .where(and(eq(journeyStages.workspaceId, workspaceId), eq(journeyStages.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Journey stage');
  return row;
}

async function findTouchpoint(tx: DbOrTx, workspaceId: string, id: string, forUpdate = false) {
  const query = tx
    .select()
    .from(journeyTouchpoints)
    .where(and(eq(journeyTouchpoints.workspaceId, workspaceId), eq(journeyTouchpoints.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Touchpoint');
  return row;
}

/** Moves the row with `id` to `position` among `ids` (in their current order) and renumbers all. */
function placed(ids: string[], id: string, position: number | undefined): string[] {
  const rest = ids.filter((other) => other !== id);
  const at = position === undefined ? rest.length : Math.min(position, rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

async function renumberStages(tx: DbOrTx, workspaceId: string, ids: string[]) {
  for (const [position, id] of ids.entries()) {
    await tx
      .update(journeyStages)
      .set({ position })
      .where(and(eq(journeyStages.workspaceId, workspaceId), eq(journeyStages.id, id)));
  }
}

async function renumberTouchpoints(tx: DbOrTx, workspaceId: string, ids: string[]) {
  for (const [position, id] of ids.entries()) {
    await tx
      .update(journeyTouchpoints)
      .set({ position })
      .where(and(eq(journeyTouchpoints.workspaceId, workspaceId), eq(journeyTouchpoints.id, id)));
  }
}

async function stageIds(tx: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: journeyStages.id })
    .from(journeyStages)
    .where(eq(journeyStages.workspaceId, workspaceId))
    .orderBy(asc(journeyStages.position), asc(journeyStages.createdAt));
  return rows.map((row) => row.id);
}

async function touchpointIds(tx: DbOrTx, workspaceId: string, stageId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: journeyTouchpoints.id })
    .from(journeyTouchpoints)
    .where(and(eq(journeyTouchpoints.workspaceId, workspaceId), eq(journeyTouchpoints.stageId, stageId)))
    .orderBy(asc(journeyTouchpoints.position), asc(journeyTouchpoints.createdAt));
  return rows.map((row) => row.id);
}

/** Serialises map edits of one workspace, so concurrent reorders cannot interleave. */
async function lockMap(tx: DbOrTx, workspaceId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`journey:${workspaceId}`}))`);
}

export async function createStage(
  db: Db,
  actor: Actor,
  input: { name: string; description?: string; position?: number },
): Promise<JourneyMap> {
  await db.transaction(async (tx) => {
    await lockMap(tx, actor.workspaceId);
    const [row] = await tx
      .insert(journeyStages)
      .values({ workspaceId: actor.workspaceId, name: input.name, description: input.description ?? '' })
      .returning();
    await renumberStages(
      tx,
      actor.workspaceId,
      placed(await stageIds(tx, actor.workspaceId), row!.id, input.position),
    );
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'create',
      entityType: 'journey_stage',
      entityId: row!.id,
      after: row,
    });
  });
  return loadJourneyMap(db, actor.workspaceId);
}

export async function updateStage(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; name?: string; description?: string },
): Promise<JourneyMap> {
  await db.transaction(async (tx) => {
    const current = await findStage(tx, actor.workspaceId, id, true);
    if (current.version !== input.version) throw versionConflict('This stage', current.version);
    const { version: _version, ...changes } = input;
    const [row] = await tx
      .update(journeyStages)
      .set({ ...changes, updatedAt: sql`now()`, version: current.version + 1 })
      .where(and(eq(journeyStages.workspaceId, actor.workspaceId), eq(journeyStages.id, id)))
      .returning();
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'journey_stage',
      entityId: id,
      before: current,
      after: row,
    });
  });
  return loadJourneyMap(db, actor.workspaceId);
}

export async function deleteStage(db: Db, actor: Actor, id: string): Promise<JourneyMap> {
  await db.transaction(async (tx) => {
    await lockMap(tx, actor.workspaceId);
    const current = await findStage(tx, actor.workspaceId, id, true);
    await tx
      .delete(journeyStages)
      .where(and(eq(journeyStages.workspaceId, actor.workspaceId), eq(journeyStages.id, id)));
    await renumberStages(tx, actor.workspaceId, await stageIds(tx, actor.workspaceId));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'delete',
      entityType: 'journey_stage',
      entityId: id,
      before: current,
    });
  });
  return loadJourneyMap(db, actor.workspaceId);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && new Set(a).size === a.length && a.every((id) => b.includes(id));
}

const badOrder = (what: string) =>
  new AppError('unprocessable', `Send every ${what} exactly once, in the new order.`, {
    fields: [{ field: 'ids', message: `must list every ${what} exactly once` }],
  });

export async function reorderStages(db: Db, actor: Actor, ids: string[]): Promise<JourneyMap> {
  await db.transaction(async (tx) => {
    await lockMap(tx, actor.workspaceId);
    const before = await stageIds(tx, actor.workspaceId);
    if (!sameSet(ids, before)) throw badOrder('stage');
    await renumberStages(tx, actor.workspaceId, ids);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'journey_map',
      entityId: actor.workspaceId,
      before: { stageOrder: before },
      after: { stageOrder: ids },
    });
  });
  return loadJourneyMap(db, actor.workspaceId);
}

export async function reorderTouchpoints(
  db: Db,
  actor: Actor,
  stageId: string,
  ids: string[],
): Promise<JourneyMap> {
  await db.transaction(async (tx) => {
    await lockMap(tx, actor.workspaceId);
    await findStage(tx, actor.workspaceId, stageId);
    const before = await touchpointIds(tx, actor.workspaceId, stageId);
    if (!sameSet(ids, before)) throw badOrder('touchpoint of the stage');
    await renumberTouchpoints(tx, actor.workspaceId, ids);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'journey_stage',
      entityId: stageId,
      before: { touchpointOrder: before },
      after: { touchpointOrder: ids },
    });
  });
  return loadJourneyMap(db, actor.workspaceId);
}

function slotColumns(input: Partial<Record<Slot, SlotAssignment>>) {
  const columns: Partial<TouchpointRow> = {};
  for (const slot of ['responsible', 'communicator', 'support'] as const) {
    const value = input[slot];
    if (value === undefined) continue;
    columns[`${slot}Role`] = value.role;
    columns[`${slot}UserId`] = value.role === 'person' ? value.userId : null;
  }
  return columns;
}

async function checkPeople(tx: DbOrTx, workspaceId: string, input: Partial<Record<Slot, SlotAssignment>>) {
  await assertReferencesExist(
    tx,
    workspaceId,
    (['responsible', 'communicator', 'support'] as const).map((slot) => ({
      field: `${slot}.userId`,
      table: users,
      id: input[slot]?.role === 'person' ? input[slot]?.userId : undefined,
      what: 'user',
    })),
  );
}

export async function createTouchpoint(
  db: Db,
  actor: Actor,
  input: CreateTouchpointBody,
): Promise<Touchpoint> {
  return db.transaction(async (tx) => {
    await lockMap(tx, actor.workspaceId);
    await findStage(tx, actor.workspaceId, input.stageId).catch(() => {
      throw new AppError('unprocessable', 'No such stage in this workspace.', {
        fields: [{ field: 'stageId', message: 'No such stage.' }],
      });
    });
    await checkPeople(tx, actor.workspaceId, input);
    const [row] = await tx
      .insert(journeyTouchpoints)
      .values({
        workspaceId: actor.workspaceId,
        stageId: input.stageId,
        name: input.name,
        description: input.description ?? '',
        expectedDays: input.expectedDays ?? 1,
        ...slotColumns(input),
      })
      .returning();
    await renumberTouchpoints(
      tx,
      actor.workspaceId,
      placed(await touchpointIds(tx, actor.workspaceId, input.stageId), row!.id, input.position),
    );
    const fresh = await findTouchpoint(tx, actor.workspaceId, row!.id);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'create',
      entityType: 'journey_touchpoint',
      entityId: row!.id,
      after: toTouchpoint(fresh),
    });
    return toTouchpoint(fresh);
  });
}

export async function updateTouchpoint(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateTouchpointBody,
): Promise<Touchpoint> {
  return db.transaction(async (tx) => {
    await lockMap(tx, actor.workspaceId);
    const current = await findTouchpoint(tx, actor.workspaceId, id, true);
    if (current.version !== input.version) throw versionConflict('This touchpoint', current.version);
    if (input.stageId && input.stageId !== current.stageId) {
      await findStage(tx, actor.workspaceId, input.stageId).catch(() => {
        throw new AppError('unprocessable', 'No such stage in this workspace.', {
          fields: [{ field: 'stageId', message: 'No such stage.' }],
        });
      });
    }
    await checkPeople(tx, actor.workspaceId, input);
    const { version: _version, responsible, communicator, support, ...changes } = input;
    const [row] = await tx
      .update(journeyTouchpoints)
      .set({
        ...changes,
        ...slotColumns({ responsible, communicator, support }),
        updatedAt: sql`now()`,
        version: current.version + 1,
      })
      .where(and(eq(journeyTouchpoints.workspaceId, actor.workspaceId), eq(journeyTouchpoints.id, id)))
      .returning();
    if (input.stageId && input.stageId !== current.stageId) {
      await renumberTouchpoints(
        tx,
        actor.workspaceId,
        await touchpointIds(tx, actor.workspaceId, current.stageId),
      );
      await renumberTouchpoints(
        tx,
        actor.workspaceId,
        placed(await touchpointIds(tx, actor.workspaceId, input.stageId), id, undefined),
      );
    }
    const after = toTouchpoint(await findTouchpoint(tx, actor.workspaceId, row!.id));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'journey_touchpoint',
      entityId: id,
      before: toTouchpoint(current),
      after,
    });
    return after;
  });
}

export async function deleteTouchpoint(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockMap(tx, actor.workspaceId);
    const current = await findTouchpoint(tx, actor.workspaceId, id, true);
    await tx
      .delete(journeyTouchpoints)
      .where(and(eq(journeyTouchpoints.workspaceId, actor.workspaceId), eq(journeyTouchpoints.id, id)));
    await tx
      .delete(articleLinks)
      .where(
        and(
          eq(articleLinks.workspaceId, actor.workspaceId),
          eq(articleLinks.targetType, 'touchpoint'),
          eq(articleLinks.targetId, id),
        ),
      );
    await renumberTouchpoints(
      tx,
      actor.workspaceId,
      await touchpointIds(tx, actor.workspaceId, current.stageId),
    );
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'delete',
      entityType: 'journey_touchpoint',
      entityId: id,
      before: toTouchpoint(current),
    });
  });
}

/**
 * Writes the demo digital-agency map (7 stages, 40 touchpoints) in the given language. A workspace
 * that already has a map keeps it unless `replace` is set.
 */
export async function applyJourneyTemplate(
  tx: DbOrTx,
  actor: { workspaceId: string; userId: string | null },
  input: { locale: 'ru' | 'en'; replace?: boolean },
): Promise<{ stages: number; touchpoints: number }> {
  await lockMap(tx, actor.workspaceId);
  const existing = await stageIds(tx, actor.workspaceId);
  if (existing.length > 0) {
    if (!input.replace) {
      throw new AppError(
        'conflict',
        'This workspace already has a journey map. Send replace: true to replace it (clients’ progress on it is lost).',
      );
    }
    await tx.delete(journeyStages).where(eq(journeyStages.workspaceId, actor.workspaceId));
  }
  let touchpoints = 0;
  for (const [position, stage] of DIGITAL_AGENCY_JOURNEY.entries()) {
    const [row] = await tx
      .insert(journeyStages)
      .values({
        workspaceId: actor.workspaceId,
        position,
        name: stage.name[input.locale],
        description: stage.description[input.locale],
      })
      .returning({ id: journeyStages.id });
    await tx.insert(journeyTouchpoints).values(
      stage.touchpoints.map((touchpoint, index) => ({
        workspaceId: actor.workspaceId,
        stageId: row!.id,
        position: index,
        name: touchpoint.name[input.locale],
        description: touchpoint.description[input.locale],
        expectedDays: touchpoint.expectedDays,
        responsibleRole: touchpoint.roles[0],
        communicatorRole: touchpoint.roles[1],
        supportRole: touchpoint.roles[2],
      })),
    );
    touchpoints += stage.touchpoints.length;
  }
  const result = { stages: DIGITAL_AGENCY_JOURNEY.length, touchpoints };
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    actorUserId: actor.userId,
    action: 'create',
    entityType: 'journey_map',
    entityId: actor.workspaceId,
    after: { template: 'digital_agency', locale: input.locale, replaced: existing.length > 0, ...result },
  });
  return result;
}
