import { and, eq, sql } from 'drizzle-orm';
import { JOB_ROLES, type JobDescription, type JobRole, SLOT_ROLES } from '../../contract/journey.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { renderMarkdown } from '../knowledge/render-markdown.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';
import { generateJobDescription, type JobLocale } from './job-description.ts';
import { loadMapRows, slotOf } from './journey-map.ts';
import { jobDescriptions, type Slot } from './schema.ts';

const SLOTS: Slot[] = ['responsible', 'communicator', 'support'];

async function localeOf(db: DbOrTx, workspaceId: string, requested?: JobLocale): Promise<JobLocale> {
  if (requested) return requested;
  const [row] = await db
    .select({ locale: workspaces.defaultLocale })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.locale ?? 'ru';
}

async function generatedTexts(db: DbOrTx, workspaceId: string, locale: JobLocale) {
  const map = await loadMapRows(db, workspaceId);
  const forJobs = {
    stages: map.stages.map((stage) => ({
      name: stage.name,
      touchpoints: stage.touchpoints.map((row) => ({
        name: row.name,
        description: row.description,
        expectedDays: row.expectedDays,
        responsible: slotOf(row, 'responsible'),
        communicator: slotOf(row, 'communicator'),
        support: slotOf(row, 'support'),
      })),
    })),
  };
  return new Map(JOB_ROLES.map((role) => [role, generateJobDescription(role, forJobs, locale)]));
}

/** Each role's job description: the edited text where someone saved one, else generated from the map. */
export async function listJobDescriptions(
  db: DbOrTx,
  workspaceId: string,
  requested?: JobLocale,
): Promise<JobDescription[]> {
  const locale = await localeOf(db, workspaceId, requested);
  const generated = await generatedTexts(db, workspaceId, locale);
  const edited = await db.select().from(jobDescriptions).where(eq(jobDescriptions.workspaceId, workspaceId));
  return JOB_ROLES.map((role) => {
    const row = edited.find((e) => e.role === role);
    const body = row?.body ?? generated.get(role)!;
    return {
      role,
      body,
      html: renderMarkdown(body),
      generated: generated.get(role)!,
      edited: Boolean(row),
      updatedAt: row?.updatedAt.toISOString() ?? null,
      version: row?.version ?? 0,
    };
  });
}

export async function saveJobDescription(db: Db, actor: Actor, role: JobRole, body: string) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(jobDescriptions)
      .where(and(eq(jobDescriptions.workspaceId, actor.workspaceId), eq(jobDescriptions.role, role)));
    const [after] = await tx
      .insert(jobDescriptions)
      .values({ workspaceId: actor.workspaceId, role, body, updatedBy: actor.userId })
      .onConflictDoUpdate({
        target: [jobDescriptions.workspaceId, jobDescriptions.role],
        set: {
          body,
          updatedBy: actor.userId,
          updatedAt: sql`now()`,
          version: sql`${jobDescriptions.version} + 1`,
        },
      })
      .returning();
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: before ? 'update' : 'create',
      entityType: 'job_description',
      entityId: actor.workspaceId,
      before: before ?? null,
      after: after ?? null,
    });
  });
  return (await listJobDescriptions(db, actor.workspaceId)).find((item) => item.role === role)!;
}

/** "Regenerate": forget the edited text, so the description follows the map again. */
export async function resetJobDescription(db: Db, actor: Actor, role: JobRole, locale?: JobLocale) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .delete(jobDescriptions)
      .where(and(eq(jobDescriptions.workspaceId, actor.workspaceId), eq(jobDescriptions.role, role)))
      .returning();
    if (before) {
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: 'delete',
        entityType: 'job_description',
        entityId: actor.workspaceId,
        before,
      });
    }
  });
  return (await listJobDescriptions(db, actor.workspaceId, locale)).find((item) => item.role === role)!;
}

/** Touchpoints × roles: which of the three slots each role fills on each touchpoint. */
export async function loadMatrix(db: DbOrTx, workspaceId: string) {
  const map = await loadMapRows(db, workspaceId);
  const names = new Map(
    (
      await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(eq(users.workspaceId, workspaceId))
    ).map((row) => [row.id, row.name]),
  );
  const rows = map.stages.flatMap((stage) =>
    stage.touchpoints.map((row) => {
      const cells: Record<string, Slot[]> = {};
      const people: Record<Slot, string | null> = { responsible: null, communicator: null, support: null };
      for (const slot of SLOTS) {
        const filled = slotOf(row, slot);
        if (!filled.role) continue;
        cells[filled.role] = [...(cells[filled.role] ?? []), slot];
        if (filled.role === 'person' && filled.userId) people[slot] = names.get(filled.userId) ?? null;
      }
      return {
        stageId: stage.id,
        stageName: stage.name,
        touchpointId: row.id,
        touchpointName: row.name,
        cells,
        people,
      };
    }),
  );
  return { roles: [...SLOT_ROLES], rows };
}
