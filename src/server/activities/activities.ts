import { and, eq, gte, lte, or, sql } from 'drizzle-orm';
import type {
  Activity,
  CreateActivityBody,
  ListActivitiesQuery,
  UpdateActivityBody,
} from '../../contract/activities.ts';
import { type Actor, can } from '../access/actor.ts';
import { companyWithinScope, ownedWithinScope } from '../access/scope.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { findVisibleContact } from '../contacts/contact-visibility.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { findVisibleDeal } from '../deals/find-deal.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { findMentions } from '../notifications/mentions.ts';
import { notify } from '../notifications/notify.ts';
import { users } from '../users/schema.ts';
import { activities } from './schema.ts';

type Row = typeof activities.$inferSelect;

export function toActivity(row: Row): Activity {
  return {
    id: row.id,
    type: row.type,
    direction: row.direction,
    subject: row.subject,
    body: row.body,
    outcome: row.outcome,
    durationSeconds: row.durationSeconds,
    occurredAt: row.occurredAt.toISOString(),
    companyId: row.companyId,
    contactId: row.contactId,
    dealId: row.dealId,
    authorId: row.authorId,
    participantContactIds: row.participantContactIds,
    participantUserIds: row.participantUserIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** An activity is visible to whoever sees its author's records or its company. */
function activityWithinScope(actor: Actor) {
  if (actor.scope === 'all') return undefined;
  return or(ownedWithinScope(actor, activities.authorId), companyWithinScope(actor, activities.companyId));
}

async function findVisibleActivity(db: DbOrTx, actor: Actor, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(activities)
    .where(
      and(eq(activities.workspaceId, actor.workspaceId), eq(activities.id, id), activityWithinScope(actor)),
    );
  if (!row) throw notFound('Activity');
  return row;
}

const linkError = (field: string) =>
  new AppError('unprocessable', `No such ${field.replace('Id', '')} in this workspace.`, {
    fields: [{ field, message: 'Not found, or not one you can see.' }],
  });

/**
 * The record an activity belongs to. A contact or deal brings its company with it, so a call
 * logged on a deal shows on the company's timeline too.
 */
async function resolveLinks(
  tx: DbOrTx,
  actor: Actor,
  input: { companyId?: string | null; contactId?: string | null; dealId?: string | null },
): Promise<{ companyId: string | null; contactId: string | null; dealId: string | null }> {
  let companyId = input.companyId ?? null;
  if (input.dealId) {
    const deal = await findVisibleDeal(tx, actor, input.dealId).catch(() => {
      throw linkError('dealId');
    });
    if (companyId && companyId !== deal.deal.companyId) throw linkError('companyId');
    companyId = deal.deal.companyId;
  }
  if (input.contactId) {
    const contact = await findVisibleContact(tx, actor, input.contactId).catch(() => {
      throw linkError('contactId');
    });
    if (companyId && contact.companyId && companyId !== contact.companyId) throw linkError('contactId');
    companyId = companyId ?? contact.companyId;
  }
  if (companyId && !input.dealId && !input.contactId) {
    await findVisibleCompany(tx, actor, companyId).catch(() => {
      throw linkError('companyId');
    });
  }
  return { companyId, contactId: input.contactId ?? null, dealId: input.dealId ?? null };
}

/** Colleagues named with @handle in a note hear of it, with a link to where it was written. */
async function notifyMentioned(tx: DbOrTx, actor: Actor, activity: Activity): Promise<void> {
  const text = `${activity.subject} ${activity.body}`;
  if (!text.includes('@')) return;
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.active, true)));
  await notify(tx, {
    workspaceId: actor.workspaceId,
    userIds: findMentions(text, people),
    kind: 'mention',
    params: { activityType: activity.type, excerpt: text.trim().slice(0, 160) },
    link: activity.companyId
      ? `/companies/${activity.companyId}`
      : activity.dealId
        ? `/deals?deal=${activity.dealId}`
        : null,
    actorUserId: actor.userId,
  });
}

export async function logActivity(db: Db, actor: Actor, input: CreateActivityBody): Promise<Activity> {
  return db.transaction(async (tx) => {
    const links = await resolveLinks(tx, actor, input);
    const [row] = await tx
      .insert(activities)
      .values({
        ...input,
        ...links,
        subject: input.subject ?? '',
        body: input.body ?? '',
        occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
        authorId: actor.userId,
        workspaceId: actor.workspaceId,
      })
      .returning();
    const activity = toActivity(row!);
    await recordAudit(tx, { ...auditFor(actor, 'activity', activity.id), action: 'create', after: activity });
    await notifyMentioned(tx, actor, activity);
    return activity;
  });
}

/** Only the author changes or deletes an activity, or someone allowed to delete records. */
function requireAuthorOrDeleter(actor: Actor, row: Row): void {
  if (row.authorId !== actor.userId && !can(actor, 'crm:delete')) {
    throw new AppError('forbidden', 'Only the author can change this activity.');
  }
}

export async function updateActivity(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateActivityBody,
): Promise<Activity> {
  const { version, occurredAt, ...changes } = input;
  return db.transaction(async (tx) => {
    const current = await findVisibleActivity(tx, actor, id);
    requireAuthorOrDeleter(actor, current);
    if (current.version !== version) throw versionConflict('This activity', current.version);
    const [row] = await tx
      .update(activities)
      .set({
        ...changes,
        ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
        updatedAt: sql`now()`,
        version: current.version + 1,
      })
      .where(and(eq(activities.workspaceId, actor.workspaceId), eq(activities.id, id)))
      .returning();
    const activity = toActivity(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'activity', id),
      action: 'update',
      before: toActivity(current),
      after: activity,
    });
    return activity;
  });
}

export async function deleteActivity(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await findVisibleActivity(tx, actor, id);
    requireAuthorOrDeleter(actor, current);
    await tx
      .delete(activities)
      .where(and(eq(activities.workspaceId, actor.workspaceId), eq(activities.id, id)));
    await recordAudit(tx, {
      ...auditFor(actor, 'activity', id),
      action: 'delete',
      before: toActivity(current),
    });
  });
}

const SORTABLE = {
  occurredAt: { column: activities.occurredAt },
  createdAt: { column: activities.createdAt },
};

/** The timeline: a company's, contact's or deal's activities, newest first. */
export async function listActivities(db: DbOrTx, actor: Actor, query: ListActivitiesQuery) {
  const sort = parseSort(query.sort, SORTABLE, '-occurredAt');
  const rows = await db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, actor.workspaceId),
        activityWithinScope(actor),
        query.companyId ? eq(activities.companyId, query.companyId) : undefined,
        query.contactId ? eq(activities.contactId, query.contactId) : undefined,
        query.dealId ? eq(activities.dealId, query.dealId) : undefined,
        query.authorId ? eq(activities.authorId, query.authorId) : undefined,
        query.type ? eq(activities.type, query.type) : undefined,
        query.from ? gte(activities.occurredAt, new Date(query.from)) : undefined,
        query.to ? lte(activities.occurredAt, new Date(query.to)) : undefined,
        afterCursor(sort, activities.id, query.cursor),
      ),
    )
    .orderBy(...orderBy(sort, activities.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, sort, (row) => row[sort.key as keyof typeof SORTABLE], toActivity);
}

export { findVisibleActivity };
