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
  if (running.has(database)) return { ran: false, runId: null, byRule: {}, durationMs: 0 };
  running.add(database);
  try {
    return await database.withSession(async (query) => {
      const [lock] = await query('SELECT pg_try_advisory_lock($1) AS locked', [ROBOT_PASS_LOCK]);
      if (!lock?.locked) return { ran: false, runId: null, byRule: {}, durationMs: Date.now() - started };
      try {
        const runId = randomUUID();
        const startedAt = new Date();
        const byRule: Record<string, number> = {};
        for (const rule of ROBOT_RULES) {
          if (!rule.pass) continue;
          byRule[rule.key] = await database.db.transaction((tx) => rule.pass!(tx, { runId }));
        }
        await database.db.execute(sql`
          insert into robot_runs (workspace_id, id, trigger, started_at, finished_at, actions, by_rule)
          select w.id, ${runId}::uuid, ${options.trigger}, ${startedAt.toISOString()}::timestamptz, now(),
            coalesce(sum(a.n), 0)::int,
            coalesce(jsonb_object_agg(a.rule_key, a.n) filter (where a.rule_key is not null), '{}'::jsonb)
          from workspaces w
          left join (
            select workspace_id, rule_key, count(*)::int as n from robot_actions
            where run_id = ${runId}::uuid group by workspace_id, rule_key
          ) a on a.workspace_id = w.id
          group by w.id`);
        return { ran: true, runId, byRule, durationMs: Date.now() - started };
      } finally {
        await query('SELECT pg_advisory_unlock($1)', [ROBOT_PASS_LOCK]);
      }
    });
  } finally {
    running.delete(database);
  }
}
