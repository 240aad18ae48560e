import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';

/** Robots (DOMAIN.md §5): rules with parameters, passes and the log of what they did. */

export const RULE_KEYS = [
  'cadence_missed',
  'deal_without_next_step',
  'churn_risk',
  'tender_deadline',
  'meeting_decisions',
  'feedback_escalation',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

export const RobotRule = z.object({
  key: z.enum(RULE_KEYS),
  /** 'pass': runs on the schedule; 'on_save': acts when a record is saved. */
  runs: z.enum(['pass', 'on_save']),
  enabled: z.boolean(),
  params: z.record(z.string(), z.number().int()),
  defaults: z.record(z.string(), z.number().int()),
  updatedAt: IsoDateTime.nullable(),
});
export type RobotRule = z.infer<typeof RobotRule>;
export const RobotRuleList = z.object({ items: z.array(RobotRule) });

export const UpdateRobotRuleBody = z.object({
  enabled: z.boolean().optional(),
  params: z.record(z.string(), z.number().int()).optional(),
});

export const RobotRun = z.object({
  id: Id,
  trigger: z.enum(['schedule', 'manual']),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime,
  actions: z.number().int(),
  byRule: z.record(z.string(), z.number().int()),
});
export const RobotRunList = z.object({ items: z.array(RobotRun) });

export const RunRobotsResponse = z.object({
  /** False when another process was running a pass at that moment (it does the work). */
  ran: z.boolean(),
  run: RobotRun.nullable(),
});

export const RobotAction = z.object({
  id: Id,
  runId: Id.nullable(),
  ruleKey: z.enum(RULE_KEYS),
  causeKey: z.string(),
  action: z.enum(['task_created', 'flag_set']),
  userId: Id.nullable(),
  userName: z.string().nullable(),
  companyId: Id.nullable(),
  companyName: z.string().nullable(),
  dealId: Id.nullable(),
  taskId: Id.nullable(),
  reason: z.string(),
  createdAt: IsoDateTime,
});
export type RobotAction = z.infer<typeof RobotAction>;

export const ListRobotActionsQuery = z.object({
  ruleKey: z.enum(RULE_KEYS).optional(),
  companyId: Id.optional(),
  userId: Id.optional(),
  runId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** ISO time of the last item seen: older actions follow. */
  before: IsoDateTime.optional(),
});
export const RobotActionPage = z.object({ items: z.array(RobotAction), nextBefore: IsoDateTime.nullable() });
