import { and, eq, gte, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { CreateTaskBody, ListTasksQuery, Task, UpdateTaskBody } from '../../contract/tasks.ts';
import type { Actor } from '../access/actor.ts';
import { companyWithinScope, ownedWithinScope } from '../access/scope.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { findVisibleCompany } from '../companies/find-company.ts';
import { findVisibleContact } from '../contacts/contact-visibility.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { findVisibleDeal } from '../deals/find-deal.ts';
import { AppError, notFound, versionConflict } from '../http/errors.ts';
import { afterCursor, orderBy, parseSort, toPage } from '../http/keyset.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';
import { groupTasksByDue } from './group-tasks-by-due.ts';
import { insertTask } from './insert-task.ts';
import { tasks } from './schema.ts';
import { toTask } from './task-dto.ts';

type Row = typeof tasks.$inferSelect;

/** A task is visible to whoever sees its assignee's or creator's records, or its company. */
function taskWithinScope(actor: Actor) {
  if (actor.scope === 'all') return undefined;
  return or(
    ownedWithinScope(actor, tasks.assigneeId, tasks.creatorId),
    companyWithinScope(actor, tasks.companyId),
  );
}

export async function findVisibleTask(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<Row> {
  const query = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, actor.workspaceId), eq(tasks.id, id), taskWithinScope(actor)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Task');
  return row;
}

const invalid = (field: string, message: string) =>
  new AppError('unprocessable', message, { fields: [{ field, message }] });

async function checkLinks(
  tx: DbOrTx,
  actor: Actor,
  input: {
    assigneeId?: string | null;
    companyId?: string | null;
    contactId?: string | null;
    dealId?: string | null;
  },
): Promise<void> {
  if (input.assigneeId) {
    const [assignee] = await tx
      .select({ active: users.active })
      .from(users)
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, input.assigneeId)));
    if (!assignee?.active)
      throw invalid('assigneeId', 'Assign the task to an active person of this workspace.');
  }
  const visible = async (field: string, find: () => Promise<unknown>) =>
    find().catch(() => {
      throw invalid(field, 'Not found, or not one you can see.');
    });
  if (input.companyId) await visible('companyId', () => findVisibleCompany(tx, actor, input.companyId!));
  if (input.contactId) await visible('contactId', () => findVisibleContact(tx, actor, input.contactId!));
  if (input.dealId) await visible('dealId', () => findVisibleDeal(tx, actor, input.dealId!));
}

export async function createTask(db: Db, actor: Actor, input: CreateTaskBody): Promise<Task> {
  const assigneeId = input.assigneeId === undefined ? actor.userId : input.assigneeId;
  return db.transaction(async (tx) => {
    await checkLinks(tx, actor, { ...input, assigneeId });
    const row = await insertTask(tx, {
      ...input,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      assigneeId,
      creatorId: actor.userId,
      workspaceId: actor.workspaceId,
    });
    return toTask(row);
  });
}

export async function updateTask(db: Db, actor: Actor, id: string, input: UpdateTaskBody): Promise<Task> {
  const { version, dueAt, ...changes } = input;
  return db.transaction(async (tx) => {
    const current = await findVisibleTask(tx, actor, id, true);
    if (current.version !== version) throw versionConflict('This task', current.version);
    await checkLinks(tx, actor, changes);
    const statusChanged = changes.status !== undefined && changes.status !== current.status;
    const [row] = await tx
      .update(tasks)
      .set({
        ...changes,
        ...(dueAt !== undefined ? { dueAt: dueAt ? new Date(dueAt) : null } : {}),
        ...(statusChanged ? { completedAt: changes.status === 'done' ? sql`now()` : null } : {}),
        updatedAt: sql`now()`,
        version: current.version + 1,
      })
      .where(and(eq(tasks.workspaceId, actor.workspaceId), eq(tasks.id, id)))
      .returning();
    const task = toTask(row!);
    await recordAudit(tx, {
      ...auditFor(actor, 'task', id),
      action: 'update',
      before: toTask(current),
      after: task,
    });
    return task;
  });
}

export async function deleteTask(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await findVisibleTask(tx, actor, id, true);
    await tx.delete(tasks).where(and(eq(tasks.workspaceId, actor.workspaceId), eq(tasks.id, id)));
    await recordAudit(tx, { ...auditFor(actor, 'task', id), action: 'delete', before: toTask(current) });
  });
}

const SORTABLE = {
  dueAt: { column: tasks.dueAt, nullable: true },
  createdAt: { column: tasks.createdAt },
  updatedAt: { column: tasks.updatedAt },
};

export async function listTasks(db: DbOrTx, actor: Actor, query: ListTasksQuery, now: Date) {
  const sort = parseSort(query.sort, SORTABLE, 'dueAt');
  const rows = await db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, actor.workspaceId),
        taskWithinScope(actor),
        query.assigneeId ? eq(tasks.assigneeId, query.assigneeId) : undefined,
        query.status ? eq(tasks.status, query.status) : undefined,
        query.companyId ? eq(tasks.companyId, query.companyId) : undefined,
        query.contactId ? eq(tasks.contactId, query.contactId) : undefined,
        query.dealId ? eq(tasks.dealId, query.dealId) : undefined,
        query.dueBefore ? lte(tasks.dueAt, new Date(query.dueBefore)) : undefined,
        query.dueAfter ? gte(tasks.dueAt, new Date(query.dueAfter)) : undefined,
        query.overdue
          ? and(eq(tasks.status, 'open'), isNotNull(tasks.dueAt), lt(tasks.dueAt, now))
          : undefined,
        afterCursor(sort, tasks.id, query.cursor),
      ),
    )
    .orderBy(...orderBy(sort, tasks.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, sort, (row) => row[sort.key as keyof typeof SORTABLE], toTask);
}

/** The actor's open tasks grouped into overdue, today and upcoming in the workspace's time zone. */
export async function loadMyTasks(db: DbOrTx, actor: Actor, now: Date) {
  const [workspace] = await db
    .select({ timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  const timeZone = workspace?.timeZone ?? 'UTC';
  const rows = await db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, actor.workspaceId),
        eq(tasks.assigneeId, actor.userId),
        eq(tasks.status, 'open'),
      ),
    )
    .limit(1000);
  const groups = groupTasksByDue(rows, now, timeZone);
  return {
    timeZone,
    overdue: groups.overdue.map(toTask),
    today: groups.today.map(toTask),
    upcoming: groups.upcoming.map(toTask),
  };
}
