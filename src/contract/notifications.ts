import { z } from 'zod';
import { Id, IsoDateTime, pageOf } from './common.ts';

/** The in-app notification centre and each person's calendar feed (issue 7). */

export const NOTIFICATION_KINDS = [
  'task_assigned',
  'robot_task',
  'assignment',
  'mention',
  'approval',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  /** What the web app needs to word it in the reader's language: a task's title, a company's name… */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** Where it leads in the web app. */
  link: z.string().nullable(),
  actor: z.object({ id: Id, name: z.string() }).nullable(),
  readAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type Notification = z.infer<typeof Notification>;

export const NotificationPage = pageOf(Notification).extend({ unread: z.number().int() });
export const ListNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(500).optional(),
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
export const UnreadCount = z.object({ unread: z.number().int() });

export const NotificationSettings = z.object({
  /** A daily e-mail with unread notifications and the day's tasks (needs the workspace's SMTP). */
  emailDigest: z.boolean(),
});

export const CalendarFeed = z.object({
  /** The private address to subscribe to; shown once, when made. */
  url: z.string(),
});
export const CalendarFeedStatus = z.object({ active: z.boolean(), createdAt: IsoDateTime.nullable() });
