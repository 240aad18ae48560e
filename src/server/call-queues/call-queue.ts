import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CallOutcomeBody, CallOutcomeResult, QueueItem } from '../../contract/sales-flow.ts';
import { type Actor, can } from '../access/actor.ts';
import { activities } from '../activities/schema.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { companies } from '../companies/schema.ts';
import { contacts } from '../contacts/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError, invalidField, notFound, versionConflict } from '../http/errors.ts';
import { handOverLead } from '../leads/leads.ts';
import { insertTask } from '../tasks/insert-task.ts';
import { users } from '../users/schema.ts';
import { loadSalesFlowSettings } from '../workspaces/sales-flow-settings.ts';
import { callLists, callQueueItems, type QueueItemStatus } from './schema.ts';

/** Statuses still waiting for a call. */
export const OPEN_QUEUE_STATUSES: QueueItemStatus[] = ['pending', 'no_answer', 'callback'];

type ItemRow = typeof callQueueItems.$inferSelect;

/**
 * The caller's next call: the earliest due among their open items (a callback or a retry whose
 * time has come, or a fresh row), in list order. Everything the caller needs is in one answer:
 * the company, its contacts, the last calls and notes, the list's script.
 */
export async function nextCall(db: DbOrTx, actor: Actor, now = new Date()): Promise<QueueItem | null> {
  const open = and(
    eq(callQueueItems.workspaceId, actor.workspaceId),
    eq(callQueueItems.assigneeId, actor.userId),
    inArray(callQueueItems.status, OPEN_QUEUE_STATUSES),
    // An archived list's calls leave the queue (and come back if it is restored).
    sql`not exists (select 1 from call_lists l where l.workspace_id = ${callQueueItems.workspaceId}
          and l.id = ${callQueueItems.callListId} and l.archived_at is not null)`,
  );
  const [item] = await db
    .select()
    .from(callQueueItems)
    .where(and(open, or(isNull(callQueueItems.nextCallAt), lte(callQueueItems.nextCallAt, now))))
    .orderBy(sql`${callQueueItems.nextCallAt} asc nulls first`, asc(callQueueItems.position))
    .limit(1);
  if (!item) return null;
  const [{ remaining } = { remaining: 0 }] = await db
    .select({ remaining: sql<number>`count(*)::int` })
    .from(callQueueItems)
    .where(open);
  return describeItem(db, actor.workspaceId, item, remaining);
}

export async function describeItem(
  db: DbOrTx,
  workspaceId: string,
  item: ItemRow,
  remaining: number,
): Promise<QueueItem> {
  const [list] = await db
    .select({ name: callLists.name, script: callLists.script })
    .from(callLists)
    .where(and(eq(callLists.workspaceId, workspaceId), eq(callLists.id, item.callListId)));
  const [company] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, item.companyId)));
  const people = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        eq(contacts.companyId, item.companyId),
        isNull(contacts.archivedAt),
      ),
    )
    .orderBy(desc(contacts.isDecisionMaker), asc(contacts.name))
    .limit(20);
  const history = await db
    .select({
      id: activities.id,
      type: activities.type,
      subject: activities.subject,
      outcome: activities.outcome,
      occurredAt: activities.occurredAt,
      authorName: users.name,
    })
    .from(activities)
    .leftJoin(users, and(eq(users.workspaceId, activities.workspaceId), eq(users.id, activities.authorId)))
    .where(and(eq(activities.workspaceId, workspaceId), eq(activities.companyId, item.companyId)))
    .orderBy(desc(activities.occurredAt))
    .limit(10);
  if (!company) throw notFound('Company');
  return {
    id: item.id,
    callListId: item.callListId,
    callListName: list?.name ?? '',
    script: list?.script ?? '',
    status: item.status,
    attempts: item.attempts,
    nextCallAt: item.nextCallAt?.toISOString() ?? null,
    lastCalledAt: item.lastCalledAt?.toISOString() ?? null,
    company: {
      id: company.id,
      name: company.name,
      legalName: company.legalName,
      taxId: company.taxId,
      domain: company.domain,
      industry: company.industry,
      region: company.region,
      status: company.status,
    },
    contacts: people.map((person) => ({
      id: person.id,
      name: person.name,
      position: person.position,
      phones: person.phones,
      emails: person.emails,
      isDecisionMaker: person.isDecisionMaker,
    })),
    contactId: item.contactId,
    history: history.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
    remaining,
    version: item.version,
  };
}

const OUTCOME_WORDS = {
  no_answer: 'No answer',
  callback: 'Call back',
  not_interested: 'Not interested',
  qualified: 'Qualified',
} as const;

/**
 * Records the outcome of a call: the call itself as an activity, then what the outcome means —
 * a retry later, a callback task, a closed row with its reason, or a lead handed to tier 2.
 */
export async function recordCallOutcome(
  tx: DbOrTx,
  actor: Actor,
  itemId: string,
  body: z.infer<typeof CallOutcomeBody>,
): Promise<z.infer<typeof CallOutcomeResult>> {
  const [item] = await tx
    .select()
    .from(callQueueItems)
    .where(and(eq(callQueueItems.workspaceId, actor.workspaceId), eq(callQueueItems.id, itemId)))
    .for('update');
  if (!item || (item.assigneeId !== actor.userId && !can(actor, 'crm:assign'))) throw notFound('Call');
  if (item.version !== body.version) throw versionConflict('This call', item.version);
  if (!OPEN_QUEUE_STATUSES.includes(item.status)) {
    throw new AppError('conflict', `This call is already closed (${item.status}).`);
  }
  const contactId = body.contactId === undefined ? item.contactId : body.contactId;
  if (contactId) {
    const [contact] = await tx
      .select({ companyId: contacts.companyId })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, contactId)));
    if (contact?.companyId !== item.companyId)
      throw invalidField('contactId', 'Choose a contact of this company.');
  }
  const settings = await loadSalesFlowSettings(tx, actor.workspaceId);
  const [list] = await tx
    .select({ name: callLists.name, leadSourceId: callLists.leadSourceId })
    .from(callLists)
    .where(and(eq(callLists.workspaceId, actor.workspaceId), eq(callLists.id, item.callListId)));

  const [activity] = await tx
    .insert(activities)
    .values({
      workspaceId: actor.workspaceId,
      type: 'call',
      direction: 'outbound',
      subject: `${list?.name ?? 'Call list'}: ${OUTCOME_WORDS[body.outcome]}`,
      body: [body.note, body.reason].filter(Boolean).join('\n'),
      outcome: body.outcome,
      durationSeconds: body.durationSeconds ?? null,
      companyId: item.companyId,
      contactId,
      authorId: actor.userId,
    })
    .returning({ id: activities.id });

  const attempts = item.attempts + 1;
  let status: QueueItemStatus = body.outcome;
  let nextCallAt: Date | null = null;
  let taskId: string | null = null;
  let leadId: string | null = null;
  let assignment: z.infer<typeof CallOutcomeResult>['assignment'] = null;

  if (body.outcome === 'no_answer') {
    if (attempts >= settings.callMaxAttempts) status = 'unreachable';
    else nextCallAt = new Date(Date.now() + settings.callRetryHours * 3600 * 1000);
  } else if (body.outcome === 'callback') {
    nextCallAt = new Date(body.callbackAt!);
    const [company] = await tx
      .select({ name: companies.name })
      .from(companies)
      .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, item.companyId)));
    const task = await insertTask(tx, {
      workspaceId: actor.workspaceId,
      title: `Call back ${company?.name ?? ''}`.trim(),
      description: body.note ?? '',
      dueAt: nextCallAt,
      assigneeId: actor.userId,
      creatorId: actor.userId,
      companyId: item.companyId,
      contactId,
      origin: 'callback',
    });
    taskId = task.id;
  } else if (body.outcome === 'qualified') {
    const handedOver = await handOverLead(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      companyId: item.companyId,
      contactId,
      origin: 'call_queue',
      leadSourceId: list?.leadSourceId ?? undefined,
      note: body.handoffNote!,
    });
    leadId = handedOver.lead.id;
    assignment = {
      assigneeId: handedOver.lead.assigneeId,
      explanation:
        handedOver.suggestion?.explanation ?? 'Waiting in the hand-off inbox for a team lead to assign.',
    };
  }

  const [updated] = await tx
    .update(callQueueItems)
    .set({
      status,
      attempts,
      nextCallAt,
      lastCalledAt: sql`now()`,
      reason: body.outcome === 'not_interested' ? (body.reason ?? null) : item.reason,
      leadId: leadId ?? item.leadId,
      contactId,
      updatedAt: sql`now()`,
      version: item.version + 1,
    })
    .where(and(eq(callQueueItems.workspaceId, actor.workspaceId), eq(callQueueItems.id, item.id)))
    .returning();
  await recordAudit(tx, {
    ...auditFor(actor, 'call_queue_item', item.id),
    action: 'update',
    before: { status: item.status, attempts: item.attempts },
    after: { status, attempts, outcome: body.outcome, leadId, taskId },
  });
  return {
    item: {
      id: updated!.id,
      status: updated!.status,
      nextCallAt: updated!.nextCallAt?.toISOString() ?? null,
    },
    activityId: activity!.id,
    taskId,
    leadId,
    assignment,
  };
}
