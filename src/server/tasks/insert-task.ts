import { resolveCover } from '../absences/cover.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { notify } from '../notifications/notify.ts';
import { workspaceToday } from '../workspaces/today.ts';
import { type TaskOrigin, type TaskPriority, tasks } from './schema.ts';
import { toTask } from './task-dto.ts';

export interface NewTask {
  workspaceId: string;
  title: string;
  description?: string;
  dueAt?: Date | null;
  assigneeId: string | null;
  creatorId: string | null;
  companyId?: string | null;
  contactId?: string | null;
  dealId?: string | null;
  priority?: TaskPriority;
  origin?: TaskOrigin;
}

/**
 * The one way a task comes into being, by a person or a rule. A task for someone who is away goes
 * to whoever covers for them (their pair partner on the client's project, else their team lead),
 * marked as covering, and goes back when they return (absences/cover.ts). Its assignee is notified,
 * and its creation is audited (by its creator, or nobody for a rule), which sends `task.created`
 * to the webhooks that listen. Robot passes make tasks by the thousand in SQL, log them in
 * robot_actions and send the same `task.created` there (robots/rules.ts).
 */
export async function insertTask(tx: DbOrTx, task: NewTask) {
  let assigneeId = task.assigneeId;
  let coveringForId: string | null = null;
  if (assigneeId) {
    const cover = await resolveCover(tx, {
      workspaceId: task.workspaceId,
      userId: assigneeId,
      today: await workspaceToday(tx, task.workspaceId),
      companyId: task.companyId,
    });
    if (cover.away && cover.coverUserId) {
      coveringForId = assigneeId;
      assigneeId = cover.coverUserId;
    }
  }
  const [row] = await tx
    .insert(tasks)
    .values({ ...task, assigneeId, coveringForId })
    .returning();
  // The person it is for hears of it, unless they made it themselves.
  await notify(tx, {
    workspaceId: task.workspaceId,
    userIds: [assigneeId],
    kind: !task.origin || task.origin === 'manual' ? 'task_assigned' : 'robot_task',
    params: { title: task.title, dueAt: task.dueAt?.toISOString() ?? null, origin: task.origin ?? 'manual' },
    link: task.companyId ? `/companies/${task.companyId}` : '/tasks',
    actorUserId: task.creatorId,
  });
  await recordAudit(tx, {
    workspaceId: task.workspaceId,
    actorUserId: task.creatorId,
    action: 'create',
    entityType: 'task',
    entityId: row!.id,
    after: toTask(row!),
  });
  return row!;
}
