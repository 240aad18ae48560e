import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { ROBOT_RULES } from './rules.ts';

/** An arbitrary constant: the advisory lock that lets one process at a time run a robot pass. */
export const ROBOT_PASS_LOCK = 7_204_118;

export interface RobotPassResult {
  /** False when another process (or this one) was running a pass: it does the work. */
  ran: boolean;
  runId: string | null;
  /** Actions per rule across all workspaces. */
  byRule: Record<string, number>;
  /** Milliseconds each rule took. */
  msByRule: Record<string, number>;
  durationMs: number;
}

// PGlite is one session for the whole process, where advisory locks are re-entrant: passes within
// one process are kept apart here as well.
const running = new WeakSet<Database>();

/**
 * One robot pass over every workspace: each rule with a pass runs in its own transaction, then a
 * run row per workspace records what it did. With several processes on one PostgreSQL exactly one
 * runs at a time (pg_try_advisory_lock); the others return at once with `ran: false`. The unique
 * cause key in robot_actions makes a pass that finds nothing new a no-op even without the lock.
 */
export async function runRobotPass(
  database: Database,
  options: { trigger: 'schedule' | 'manual' },
): Promise<RobotPassResult> {
  const started = Date.now();
  if (running.has(database)) return { ran: false, runId: null, byRule: {}, msByRule: {}, durationMs: 0 };
  running.add(database);
  try {
    return await database.withSession(async (query) => {
      const [lock] = await query('SELECT pg_try_advisory_lock($1) AS locked', [ROBOT_PASS_LOCK]);
      if (!lock?.locked)
        return { ran: false, runId: null, byRule: {}, msByRule: {}, durationMs: Date.now() - started };
      try {
        const runId = randomUUID();
        const startedAt = new Date();
        const byRule: Record<string, number> = {};
        const msByRule: Record<string, number> = {};
        const perWorkspace = new Map<string, Record<string, number>>();
        for (const rule of ROBOT_RULES) {
          if (!rule.pass) continue;
          const ruleStarted = Date.now();
          const counts = await database.db.transaction((tx) => rule.pass!(tx, { runId }));
          msByRule[rule.key] = Date.now() - ruleStarted;
          let total = 0;
          for (const [workspaceId, n] of counts) {
            total += n;
            perWorkspace.set(workspaceId, { ...perWorkspace.get(workspaceId), [rule.key]: n });
          }
          byRule[rule.key] = total;
        }
        // One run row per workspace, with what each rule did there.
        const runs = JSON.stringify(
          [...perWorkspace].map(([workspaceId, counts]) => ({
            workspace_id: workspaceId,
            actions: Object.values(counts).reduce((sum, n) => sum + n, 0),
            by_rule: counts,
          })),
        );
        await database.db.execute(sql`
          insert into robot_runs (workspace_id, id, trigger, started_at, finished_at, actions, by_rule)
          select w.id, ${runId}::uuid, ${options.trigger}, ${startedAt.toISOString()}::timestamptz, now(),
            coalesce(r.actions, 0), coalesce(r.by_rule, '{}'::jsonb)
          from workspaces w
          left join jsonb_to_recordset(${runs}::jsonb) as r(workspace_id uuid, actions int, by_rule jsonb)
            on r.workspace_id = w.id`);
        return { ran: true, runId, byRule, msByRule, durationMs: Date.now() - started };
      } finally {
        await query('SELECT pg_advisory_unlock($1)', [ROBOT_PASS_LOCK]);
      }
    });
  } finally {
    running.delete(database);
  }
}
