import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { RobotAction, RobotRule, RuleKey } from '../../contract/robots.ts';
import type { Actor } from '../access/actor.ts';
import { auditFor, recordAudit } from '../audit/record-audit.ts';
import { companies } from '../companies/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, notFound } from '../http/errors.ts';
import { users } from '../users/schema.ts';
import { ROBOT_RULES } from './rules.ts';
import { robotActions, robotRules, robotRuns } from './schema.ts';

/** Every rule with this workspace's switch and parameters over its defaults. */
export async function listRules(db: DbOrTx, workspaceId: string): Promise<{ items: RobotRule[] }> {
  const stored = await db.select().from(robotRules).where(eq(robotRules.workspaceId, workspaceId));
  return {
    items: ROBOT_RULES.map((rule) => {
      const row = stored.find((r) => r.ruleKey === rule.key);
      const params = Object.fromEntries(
        Object.entries(rule.defaults).map(([name, value]) => [name, row?.params[name] ?? value]),
      );
      return {
        key: rule.key,
        runs: rule.runs,
        enabled: row?.enabled ?? true,
        params,
        defaults: rule.defaults,
        updatedAt: row?.updatedAt.toISOString() ?? null,
      };
    }),
  };
}

/** Switches a rule on or off, or changes its parameters (each within its bounds). */
export async function updateRule(
  db: Db,
  actor: Actor,
  key: string,
  input: { enabled?: boolean; params?: Record<string, number> },
): Promise<RobotRule> {
  const rule = ROBOT_RULES.find((r) => r.key === key);
  if (!rule) throw notFound('Robot rule');
  const fields: { field: string; message: string }[] = [];
  for (const [name, value] of Object.entries(input.params ?? {})) {
    const bounds = rule.bounds[name];
    if (!bounds) fields.push({ field: `params.${name}`, message: 'This rule has no such parameter.' });
    else if (value < bounds[0] || value > bounds[1])
      fields.push({ field: `params.${name}`, message: `Must be between ${bounds[0]} and ${bounds[1]}.` });
  }
  if (fields.length > 0) throw new AppError('unprocessable', fields[0]!.message, { fields });
  return db.transaction(async (tx) => {
    const before = (await listRules(tx, actor.workspaceId)).items.find((r) => r.key === key)!;
    const params = { ...before.params, ...input.params };
    const enabled = input.enabled ?? before.enabled;
    await tx
      .insert(robotRules)
      .values({ workspaceId: actor.workspaceId, ruleKey: key, enabled, params, updatedBy: actor.userId })
      .onConflictDoUpdate({
        target: [robotRules.workspaceId, robotRules.ruleKey],
        set: { enabled, params, updatedBy: actor.userId, updatedAt: sql`now()` },
      });
    const after = (await listRules(tx, actor.workspaceId)).items.find((r) => r.key === key)!;
    await recordAudit(tx, {
      ...auditFor(actor, 'workspace', actor.workspaceId),
      action: 'update',
      before: { robotRule: before },
      after: { robotRule: after },
    });
    return after;
  });
}

export async function listRuns(db: DbOrTx, workspaceId: string, limit = 20) {
  const rows = await db
    .select()
    .from(robotRuns)
    .where(eq(robotRuns.workspaceId, workspaceId))
    .orderBy(desc(robotRuns.startedAt))
    .limit(limit);
  return {
    items: rows.map((row) => ({
      id: row.id,
      trigger: row.trigger,
      startedAt: row.startedAt.toISOString(),
      finishedAt: row.finishedAt.toISOString(),
      actions: row.actions,
      byRule: row.byRule,
    })),
  };
}

/** The log of what robots did: what, for whom, why; newest first, with filters. */
export async function listActions(
  db: DbOrTx,
  workspaceId: string,
  query: {
    ruleKey?: RuleKey;
    companyId?: string;
    userId?: string;
    runId?: string;
    before?: string;
    limit: number;
  },
): Promise<{ items: RobotAction[]; nextBefore: string | null }> {
  const rows = await db
    .select({
      action: robotActions,
      userName: users.name,
      companyName: companies.name,
    })
    .from(robotActions)
    .leftJoin(users, and(eq(users.workspaceId, robotActions.workspaceId), eq(users.id, robotActions.userId)))
    .leftJoin(
      companies,
      and(eq(companies.workspaceId, robotActions.workspaceId), eq(companies.id, robotActions.companyId)),
    )
    .where(
      and(
        eq(robotActions.workspaceId, workspaceId),
        query.ruleKey ? eq(robotActions.ruleKey, query.ruleKey) : undefined,
        query.companyId ? eq(robotActions.companyId, query.companyId) : undefined,
        query.userId ? eq(robotActions.userId, query.userId) : undefined,
        query.runId ? eq(robotActions.runId, query.runId) : undefined,
        query.before ? lt(robotActions.createdAt, new Date(query.before)) : undefined,
      ),
    )
    .orderBy(desc(robotActions.createdAt), desc(robotActions.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(({ action, userName, companyName }) => ({
      id: action.id,
      runId: action.runId,
      ruleKey: action.ruleKey as RuleKey,
      causeKey: action.causeKey,
      action: action.action,
      userId: action.userId,
      userName,
      companyId: action.companyId,
      companyName,
      dealId: action.dealId,
      taskId: action.taskId,
      reason: action.reason,
      createdAt: action.createdAt.toISOString(),
    })),
    nextBefore: rows.length > query.limit ? page.at(-1)!.action.createdAt.toISOString() : null,
  };
}
