import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { assignAutomatically } from '../assignments/assign.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { openProject } from '../projects/projects.ts';
import { insertTask } from '../tasks/insert-task.ts';
import { type TaskOrigin, tasks } from '../tasks/schema.ts';
import { users } from '../users/schema.ts';
import { loadSalesFlowSettings } from '../workspaces/sales-flow-settings.ts';
import type { deals } from './schema.ts';

type DealRow = typeof deals.$inferSelect;

/**
 * What follows from a deal being saved, in the same transaction: a reminder before a tender's
 * deadline, a task for the BizDev manager who runs a booked demo, and, when a company's first
 * deal is won, the company becomes a client with an AM, a project with a PM + AM pair and a
 * kick-off task (DOMAIN.md §2.4).
 */
export async function followDealChange(
  tx: DbOrTx,
  actor: Actor,
  change: {
    before: DealRow | null;
    after: DealRow;
    stageKind: 'open' | 'won' | 'lost';
    stageChanged?: boolean;
  },
): Promise<void> {
  const { before, after, stageKind } = change;
  const settings = await loadSalesFlowSettings(tx, actor.workspaceId);

  const tenderChanged = before?.tenderDeadline !== after.tenderDeadline || before?.ownerId !== after.ownerId;
  if (tenderChanged || change.stageChanged) {
    const dueAt =
      stageKind === 'open' && after.tenderDeadline
        ? sql`(((${after.tenderDeadline}::date - ${settings.tenderReminderDays}::int) + time '09:00') at time zone ${settings.timeZone}::text)`
        : null;
    await replaceRuleTask(
      tx,
      actor,
      after,
      'tender_deadline',
      dueAt && {
        title: `Tender deadline ${after.tenderDeadline}: submit the bid for «${after.title}»`,
        assigneeId: after.ownerId,
        dueAt,
      },
    );
  }

  const demoChanged =
    before?.demoAt?.getTime() !== after.demoAt?.getTime() || before?.bizdevId !== after.bizdevId;
  if (demoChanged || change.stageChanged) {
    const booked = stageKind === 'open' && after.demoAt && after.bizdevId;
    await replaceRuleTask(
      tx,
      actor,
      after,
      'demo',
      booked
        ? {
            title: `Demo for «${after.title}»`,
            assigneeId: after.bizdevId,
            dueAt: after.demoAt,
          }
        : null,
    );
  }

  if (change.stageChanged && stageKind === 'won') await onDealWon(tx, actor, after);
}

/**
 * A rule keeps at most one open task of its kind per deal: replaced when the date or person
 * changes, cancelled when no longer needed.
 */
async function replaceRuleTask(
  tx: DbOrTx,
  actor: Actor,
  deal: DealRow,
  origin: TaskOrigin,
  wanted: { title: string; assigneeId: string | null; dueAt: Date | ReturnType<typeof sql> | null } | null,
): Promise<void> {
  await tx
    .update(tasks)
    .set({ status: 'cancelled', updatedAt: sql`now()`, version: sql`${tasks.version} + 1` })
    .where(
      and(
        eq(tasks.workspaceId, actor.workspaceId),
        eq(tasks.dealId, deal.id),
        eq(tasks.origin, origin),
        eq(tasks.status, 'open'),
      ),
    );
  if (!wanted?.assigneeId || !wanted.dueAt) return;
  const [due] = (await tx.execute<{ at: Date | string }>(sql`select (${wanted.dueAt})::timestamptz as at`))
    .rows;
  await insertTask(tx, {
    workspaceId: actor.workspaceId,
    title: wanted.title,
    dueAt: new Date(due!.at),
    assigneeId: wanted.assigneeId,
    creatorId: actor.userId,
    companyId: deal.companyId,
    dealId: deal.id,
    priority: 'high',
    origin,
  });
}

async function onDealWon(tx: DbOrTx, actor: Actor, deal: DealRow): Promise<void> {
  const [company] = await tx
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, deal.companyId)))
    .for('update');
  if (!company) return;
  const firstWin = company.status !== 'client';
  await tx
    .update(companies)
    .set({
      status: 'client',
      monthlyPaymentMinor: sql`${companies.monthlyPaymentMinor} + ${deal.monthlyAmountMinor}`,
      updatedAt: sql`now()`,
      version: sql`${companies.version} + 1`,
    })
    .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, company.id)));
  if (!firstWin) return;

  const settings = await loadSalesFlowSettings(tx, actor.workspaceId);
  let amId: string | null = null;
  let amNote = '';
  const [owner] = company.ownerId
    ? await tx
        .select({ roles: users.roles, active: users.active, name: users.name })
        .from(users)
        .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, company.ownerId)))
    : [];
  if (owner?.active && owner.roles.includes('am')) {
    // An account manager who brought the client in keeps it.
    amId = company.ownerId;
    amNote = `${owner.name} owns the company and is an account manager: the client stays with them.`;
  } else if (settings.autoAssignOnWon) {
    const { suggestion } = await assignAutomatically(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      kind: 'client',
      recordId: company.id,
    });
    amId = suggestion.chosen?.userId ?? null;
    amNote = suggestion.explanation;
  }
  const project = await openProject(tx, {
    workspaceId: actor.workspaceId,
    name: `${company.name}: ${deal.title}`,
    companyId: company.id,
    dealId: deal.id,
    amId,
  });
  let pmNote = '';
  if (settings.autoAssignOnWon) {
    const { suggestion } = await assignAutomatically(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      kind: 'project',
      recordId: project.id,
    });
    pmNote = suggestion.explanation;
  }
  const kickoffFor = amId ?? deal.ownerId ?? actor.userId;
  await insertTask(tx, {
    workspaceId: actor.workspaceId,
    title: `Kick-off with ${company.name}: introduce the PM + AM pair and agree the onboarding plan`,
    description: [`Won: «${deal.title}».`, amNote && `AM: ${amNote}`, pmNote && `PM: ${pmNote}`]
      .filter(Boolean)
      .join('\n'),
    dueAt: new Date(Date.now() + 2 * 24 * 3600 * 1000),
    assigneeId: kickoffFor,
    creatorId: actor.userId,
    companyId: company.id,
    dealId: deal.id,
    priority: 'high',
    origin: 'kickoff',
  });
  if (!amId) {
    // Nobody could take the client: whoever hands out work decides, seeing why.
    const [decider] = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.workspaceId, actor.workspaceId),
          eq(users.active, true),
          sql`${users.roles} && array['head', 'admin']::text[]`,
        ),
      )
      .orderBy(sql`'head' = any(${users.roles}) desc`, users.name)
      .limit(1);
    await insertTask(tx, {
      workspaceId: actor.workspaceId,
      title: `Choose an account manager for ${company.name}`,
      description: amNote || 'Automatic assignment is off for this workspace.',
      dueAt: new Date(),
      assigneeId: decider?.id ?? actor.userId,
      creatorId: actor.userId,
      companyId: company.id,
      priority: 'urgent',
      origin: 'assignment',
    });
  }
  await recordAudit(tx, {
    ...auditFor(actor, 'company', company.id),
    action: 'update',
    before: { status: company.status, ownerId: company.ownerId },
    after: { status: 'client', ownerId: amId ?? company.ownerId, projectId: project.id, wonDealId: deal.id },
  });
}
