import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, pageOf, QueryBoolean, Version } from './common.ts';

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TASK_ORIGINS = [
  'manual',
  'callback',
  'tender_deadline',
  'kickoff',
  'assignment',
  'demo',
  'invoice_overdue',
  'journey',
  // Robots (src/server/robots/rules.ts) and account work.
  'cadence',
  'deal_next_step',
  'meeting_decision',
  'feedback_escalation',
] as const;

export const Task = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  dueAt: IsoDateTime.nullable(),
  assigneeId: Id.nullable(),
  creatorId: Id.nullable(),
  companyId: Id.nullable(),
  contactId: Id.nullable(),
  dealId: Id.nullable(),
  priority: z.enum(TASK_PRIORITIES),
  status: z.enum(TASK_STATUSES),
  completedAt: IsoDateTime.nullable(),
  /** What made the task: a person (manual) or a rule. */
  origin: z.enum(TASK_ORIGINS),
  /** Set while the task waits for someone who is away: whose it is. */
  coveringForId: Id.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Task = z.infer<typeof Task>;

export const CreateTaskBody = z.object({
  title: z.string().trim().min(1, 'is required').max(300),
  description: z.string().max(10_000).optional(),
  dueAt: IsoDateTime.nullable().optional(),
  assigneeId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  contactId: Id.nullable().optional(),
  dealId: Id.nullable().optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
});
export type CreateTaskBody = z.infer<typeof CreateTaskBody>;

export const UpdateTaskBody = CreateTaskBody.partial().extend({
  status: z.enum(TASK_STATUSES).optional(),
  version: Version,
});
export type UpdateTaskBody = z.infer<typeof UpdateTaskBody>;

export const ListTasksQuery = z.object({
  limit: PageQuery.limit,
  cursor: PageQuery.cursor,
  sort: PageQuery.sort,
  assigneeId: Id.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  companyId: Id.optional(),
  contactId: Id.optional(),
  dealId: Id.optional(),
  dueBefore: IsoDateTime.optional(),
  dueAfter: IsoDateTime.optional(),
  overdue: QueryBoolean.optional(),
});
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;
export const TaskPage = pageOf(Task);

export const MyTasks = z.object({
  timeZone: z.string(),
  overdue: z.array(Task),
  today: z.array(Task),
  upcoming: z.array(Task),
});
