import { and, eq, sql } from 'drizzle-orm';
import type { CreateDealBody, Deal, UpdateDealBody } from '../../contract/deals.ts';
import { type Actor, seesOwner } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { contacts } from '../contacts/schema.ts';
import { resolveCustomFields } from '../custom-fields/load-custom-field-rules.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { assertReferencesExist } from '../db/references.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { leadSources } from '../lead-sources/schema.ts';
import { loadDefaultPipeline, loadPipeline } from '../pipelines/load-pipelines.ts';
import { stages } from '../pipelines/schema.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';
import { toDeal } from './deal-dto.ts';
import { findVisibleDeal } from './find-deal.ts';
import { followDealChange } from './follow-deal-change.ts';
import { dealStageHistory, deals } from './schema.ts';
import { type DealFieldsForStage, missingStageFields } from './stage-requirements.ts';

type StageRow = typeof stages.$inferSelect;

async function loadStage(
  tx: DbOrTx,
  workspaceId: string,
  pipelineId: string,
  stageId: string,
): Promise<StageRow> {
  const [stage] = await tx
    .select()
    .from(stages)
    .where(
      and(eq(stages.workspaceId, workspaceId), eq(stages.id, stageId), sql`${stages.archivedAt} is null`),
    );
  if (!stage || stage.pipelineId !== pipelineId) {
    throw new AppError('unprocessable', 'This stage is not in the deal’s pipeline.', {
      fields: [{ field: 'stageId', message: 'Choose a stage of the deal’s pipeline.' }],
    });
  }
  return stage;
}

function refuseMissing(stage: StageRow, missing: string[]): void {
  if (missing.length === 0) return;
  throw new AppError(
    'stage_requirements_missing',
    `The stage "${stage.name}" needs: ${missing.join(', ')}. Fill them in and try again.`,
    {
      fields: missing.map((field) => ({ field, message: `Required to enter the stage "${stage.name}".` })),
      extra: { stageId: stage.id, missingFields: missing },
    },
  );
}

async function checkReferences(
  tx: DbOrTx,
  actor: Actor,
  companyId: string,
  input: {
    contactId?: string | null;
    ownerId?: string | null;
    leadSourceId?: string | null;
    bizdevId?: string | null;
  },
): Promise<void> {
  await assertReferencesExist(tx, actor.workspaceId, [
    { field: 'ownerId', table: users, id: input.ownerId, what: 'user' },
    { field: 'leadSourceId', table: leadSources, id: input.leadSourceId, what: 'lead source' },
    { field: 'bizdevId', table: users, id: input.bizdevId, what: 'user' },
  ]);
  if (input.contactId) {
    const [contact] = await tx
      .select({ companyId: contacts.companyId })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, input.contactId)));
    if (!contact || contact.companyId !== companyId) {
      throw new AppError('unprocessable', 'The contact must be one of the deal’s company.', {
        fields: [{ field: 'contactId', message: 'Choose a contact of this company.' }],
      });
    }
  }
  if (input.ownerId !== undefined && !seesOwner(actor, input.ownerId)) {
    throw new AppError('forbidden', 'You can only give deals to yourself or people in your team.', {
      fields: [{ field: 'ownerId', message: 'Outside your team.' }],
    });
  }
}

async function recordStageChange(tx: DbOrTx, actor: Actor, dealId: string, from: string | null, to: string) {
  await tx.insert(dealStageHistory).values({
    workspaceId: actor.workspaceId,
    dealId,
    fromStageId: from,
    toStageId: to,
    changedBy: actor.userId,
  });
}

const closedAtFor = (stage: StageRow) => (stage.kind === 'open' ? null : sql`now()`);

export async function createDeal(db: DbOrTx, actor: Actor, input: CreateDealBody): Promise<Deal> {
  return db.transaction(async (tx) => {
    const company = await findVisibleCompany(tx, actor, input.companyId);
    const pipeline = input.pipelineId
      ? await loadPipeline(tx, actor.workspaceId, input.pipelineId)
      : await loadDefaultPipeline(tx, actor.workspaceId);
    const stageId =
      input.stageId ?? pipeline.stages.find((s) => s.kind === 'open')?.id ?? pipeline.stages[0]?.id;
    if (!stageId)
      throw new AppError(
        'unprocessable',
        'The pipeline has no stages yet. An admin can add them in Settings.',
      );
    const stage = await loadStage(tx, actor.workspaceId, pipeline.id, stageId);
    const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
    await checkReferences(tx, actor, company.id, { ...input, ownerId });
    const customFields = await resolveCustomFields(tx, actor.workspaceId, 'deal', input.customFields);
    const [workspace] = await tx
      .select({ currency: workspaces.defaultCurrency })
      .from(workspaces)
      .where(eq(workspaces.id, actor.workspaceId));

    const values = {
      title: input.title,
      companyId: company.id,
      contactId: input.contactId ?? null,
      pipelineId: pipeline.id,
      stageId: stage.id,
      amountMinor: input.amountMinor ?? 0,
      currency: input.currency ?? workspace?.currency ?? 'RUB',
      kind: input.kind ?? 'new',
      monthlyAmountMinor: input.monthlyAmountMinor ?? 0,
      expectedCloseDate: input.expectedCloseDate ?? null,
      ownerId,
      leadSourceId: input.leadSourceId === undefined ? company.leadSourceId : input.leadSourceId,
      lostReason: input.lostReason ?? null,
      nextStep: input.nextStep ?? null,
      nextStepAt: input.nextStepAt ? new Date(input.nextStepAt) : null,
      bizdevId: input.bizdevId ?? null,
      demoAt: input.demoAt ? new Date(input.demoAt) : null,
      terms: input.terms ?? null,
      tenderDeadline: input.tenderDeadline ?? null,
      customFields,
    };
    refuseMissing(stage, missingStageFields(stage.requiredFields, values));
    const [row] = await tx
      .insert(deals)
      .values({ ...values, workspaceId: actor.workspaceId, closedAt: closedAtFor(stage) })
      .returning();
    await recordStageChange(tx, actor, row!.id, null, stage.id);
    const deal = toDeal({ deal: row!, companyName: company.name, stageKind: stage.kind });
    await recordAudit(tx, { ...auditFor(actor, 'deal', deal.id), action: 'create', after: deal });
    await followDealChange(tx, actor, { before: null, after: row!, stageKind: stage.kind });
    return deal;
  });
}

/**
 * Changes a deal, moving it to another stage when stageId differs. Entering a stage checks all
 * of its required fields; staying in a stage refuses only clearing a field the stage requires.
 */
export async function updateDeal(db: DbOrTx, actor: Actor, id: string, input: UpdateDealBody): Promise<Deal> {
  const { version, customFields: incomingCustomFields, demoAt: incomingDemoAt, ...changes } = input;
  return db.transaction(async (tx) => {
    const current = await findVisibleDeal(tx, actor, id, { forUpdate: true });
    const before = current.deal;
    if (before.version !== version) throw versionConflict('This deal', before.version);
    await checkReferences(tx, actor, before.companyId, changes);
    const customFields = await resolveCustomFields(
      tx,
      actor.workspaceId,
      'deal',
      incomingCustomFields,
      before.customFields,
    );

    const stageChanged = changes.stageId !== undefined && changes.stageId !== before.stageId;
    const stage = await loadStage(
      tx,
      actor.workspaceId,
      before.pipelineId,
      changes.stageId ?? before.stageId,
    );
    const nextStepAt =
      changes.nextStepAt === undefined
        ? before.nextStepAt
        : changes.nextStepAt
          ? new Date(changes.nextStepAt)
          : null;
    const demoAt =
      incomingDemoAt === undefined ? before.demoAt : incomingDemoAt ? new Date(incomingDemoAt) : null;
    const merged: DealFieldsForStage = { ...before, ...changes, nextStepAt, demoAt, customFields };
    const missing = missingStageFields(stage.requiredFields, merged);
    const touched = new Set([
      ...Object.keys(changes),
      ...Object.keys(incomingCustomFields ?? {}).map((k) => `customFields.${k}`),
    ]);
    refuseMissing(stage, stageChanged ? missing : missing.filter((field) => touched.has(field)));

    const [row] = await tx
      .update(deals)
      .set({
        ...changes,
        nextStepAt,
        demoAt,
        customFields,
        updatedAt: sql`now()`,
        version: before.version + 1,
        ...(stageChanged ? { stageEnteredAt: sql`now()`, closedAt: closedAtFor(stage) } : {}),
      })
      .where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, id)))
      .returning();
    if (stageChanged) await recordStageChange(tx, actor, id, before.stageId, stage.id);
    const deal = toDeal({ deal: row!, companyName: current.companyName, stageKind: stage.kind });
    await recordAudit(tx, {
      ...auditFor(actor, 'deal', id),
      action: stageChanged ? 'stage_change' : 'update',
      before: toDeal(current),
      after: deal,
    });
    await followDealChange(tx, actor, { before, after: row!, stageKind: stage.kind, stageChanged });
    return deal;
  });
}

export async function setDealArchived(db: Db, actor: Actor, id: string, archived: boolean): Promise<Deal> {
  return db.transaction(async (tx) => {
    const current = await findVisibleDeal(tx, actor, id, { forUpdate: true });
    const [row] = await tx
      .update(deals)
      .set({
        archivedAt: archived ? sql`now()` : null,
        updatedAt: sql`now()`,
        version: current.deal.version + 1,
      })
      .where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, id)))
      .returning();
    if (!row) throw notFound('Deal');
    const deal = toDeal({ ...current, deal: row });
    await recordAudit(tx, {
      ...auditFor(actor, 'deal', id),
      action: archived ? 'archive' : 'restore',
      before: toDeal(current),
      after: deal,
    });
    return deal;
  });
}
