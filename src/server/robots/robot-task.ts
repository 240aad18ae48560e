import { and, eq } from 'drizzle-orm';
import type { RuleKey } from '../../contract/robots.ts';
import type { DbOrTx } from '../db/client.ts';
import { insertTask, type NewTask } from '../tasks/insert-task.ts';
import { isRuleEnabled } from './rules.ts';
import { robotActions } from './schema.ts';

/**
 * A rule that acts as a record is saved (meeting decisions, critical feedback): logs the cause
 * once and creates its task, in the caller's transaction. Returns the task's id, or null when the
 * rule is off or the cause was already acted on.
 */
export async function createRobotTask(
  tx: DbOrTx,
  input: { ruleKey: RuleKey; causeKey: string; reason: string; task: NewTask },
): Promise<string | null> {
  const { workspaceId } = input.task;
  if (!(await isRuleEnabled(tx, workspaceId, input.ruleKey))) return null;
  const [logged] = await tx
    .insert(robotActions)
    .values({
      workspaceId,
      ruleKey: input.ruleKey,
      causeKey: input.causeKey,
      action: 'task_created',
      userId: input.task.assigneeId,
      companyId: input.task.companyId ?? null,
      dealId: input.task.dealId ?? null,
      reason: input.reason,
      details: { title: input.task.title },
    })
    .onConflictDoNothing()
    .returning({ id: robotActions.id });
  if (!logged) return null;
  const task = await insertTask(tx, input.task);
  await tx
    .update(robotActions)
    .set({ taskId: task.id, userId: task.assigneeId })
    .where(and(eq(robotActions.workspaceId, workspaceId), eq(robotActions.id, logged.id)));
  return task.id;
}
