import { and, asc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import {
  CalendarFeed,
  CalendarFeedStatus,
  ListNotificationsQuery,
  type Notification,
  NotificationPage,
  NotificationSettings,
  UnreadCount,
} from '../../contract/notifications.ts';
import type { Actor } from '../access/actor.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { companies } from '../companies/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import { notFound } from '../http/errors.ts';
import { newestFirst } from '../http/keyset.ts';
import { tasks } from '../tasks/schema.ts';
import { users } from '../users/schema.ts';
import { calendarOf } from './calendar.ts';
import { calendarFeeds, notifications } from './schema.ts';

const tags = ['notifications'];
type Row = typeof notifications.$inferSelect;

const toNotification = (row: Row, actorName: string | null): z.infer<typeof Notification> => ({
  id: row.id,
  kind: row.kind,
  params: row.params,
  link: row.link,
  actor: row.actorUserId && actorName ? { id: row.actorUserId, name: actorName } : null,
  readAt: row.readAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

const mine = (actor: Actor) =>
  and(eq(notifications.workspaceId, actor.workspaceId), eq(notifications.userId, actor.userId));

async function unreadCount(db: DbOrTx, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine(actor), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** How far back and ahead the calendar feed reaches. */
const FEED_PAST_DAYS = 30;
const FEED_AHEAD_DAYS = 365;

/**
 * The notification centre (each person their own), notification settings, and the private
 * calendar feed: `POST /me/calendar-feed` makes a secret address, `GET /calendar/<token>.ics`
 * serves the person's open tasks to a calendar app without a session, `DELETE` revokes it.
 */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  /** Where people open Tandem: PUBLIC_URL when set, else the address this request came to. */
  const publicOrigin = (request: { protocol: string; host: string }) =>
    app.config.PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;

  app.get(
    '/notifications',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'My notifications, newest first, with the unread count',
        querystring: ListNotificationsQuery,
        response: { 200: NotificationPage },
      },
    },
    async (request) => {
      const { actor, query } = request;
      const rows = await db
        .select({ notification: notifications, actorName: users.name })
        .from(notifications)
        .leftJoin(
          users,
          and(eq(users.workspaceId, notifications.workspaceId), eq(users.id, notifications.actorUserId)),
        )
        .where(
          and(
            mine(actor),
            query.unread ? isNull(notifications.readAt) : undefined,
            newestFirst.after(query.cursor, notifications.createdAt, notifications.id),
          ),
        )
        .orderBy(...newestFirst.orderBy(notifications.createdAt, notifications.id))
        .limit(query.limit + 1);
      const page = newestFirst.page(
        rows.map((row) => ({ ...row.notification, actorName: row.actorName })),
        query.limit,
        (row) => toNotification(row, row.actorName),
      );
      return { ...page, unread: await unreadCount(db, actor) };
    },
  );

  app.get(
    '/notifications/unread-count',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCount } },
    },
    async (request) => ({ unread: await unreadCount(db, request.actor) }),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: z.object({ id: Id }),
        response: { 200: UnreadCount },
      },
    },
    async (request) => {
      const { actor } = request;
      const updated = await db
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
        .where(and(mine(actor), eq(notifications.id, request.params.id)))
        .returning({ id: notifications.id });
      if (updated.length === 0) throw notFound('Notification');
      return { unread: await unreadCount(db, actor) };
    },
  );

  app.post(
    '/notifications/read-all',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'Mark all my notifications read', response: { 200: UnreadCount } },
    },
    async (request) => {
      await db
        .update(notifications)
        .set({ readAt: sql`now()` })
        .where(and(mine(request.actor), isNull(notifications.readAt)));
      return { unread: 0 };
    },
  );

  app.get(
    '/me/notification-settings',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'My notification settings', response: { 200: NotificationSettings } },
    },
    async (request) => {
      const [row] = await db
        .select({ emailDigest: users.emailDigest })
        .from(users)
        .where(and(eq(users.workspaceId, request.actor.workspaceId), eq(users.id, request.actor.userId)));
      return { emailDigest: row?.emailDigest ?? false };
    },
  );

  app.put(
    '/me/notification-settings',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Change my notification settings',
        body: NotificationSettings,
        response: { 200: NotificationSettings },
      },
    },
    async (request) => {
      await db
        .update(users)
        .set({ emailDigest: request.body.emailDigest })
        .where(and(eq(users.workspaceId, request.actor.workspaceId), eq(users.id, request.actor.userId)));
      return request.body;
    },
  );

  app.get(
    '/me/calendar-feed',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'Whether I have a calendar feed', response: { 200: CalendarFeedStatus } },
    },
    async (request) => {
      const [row] = await db
        .select()
        .from(calendarFeeds)
        .where(
          and(
            eq(calendarFeeds.workspaceId, request.actor.workspaceId),
            eq(calendarFeeds.userId, request.actor.userId),
          ),
        );
      return { active: Boolean(row), createdAt: row?.createdAt.toISOString() ?? null };
    },
  );

  app.post(
    '/me/calendar-feed',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Make my private calendar address (an earlier one stops working); shown only now',
        response: { 201: CalendarFeed },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      const token = newSecret('cal_');
      await db
        .insert(calendarFeeds)
        .values({ workspaceId: actor.workspaceId, userId: actor.userId, tokenHash: hashSecret(token) })
        .onConflictDoUpdate({
          target: [calendarFeeds.workspaceId, calendarFeeds.userId],
          set: { tokenHash: hashSecret(token), createdAt: sql`now()` },
        });
      const origin = publicOrigin(request);
      return reply.status(201).send({ url: `${origin}/api/v1/calendar/${token}.ics` });
    },
  );

  app.delete(
    '/me/calendar-feed',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'Revoke my calendar address', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await db
        .delete(calendarFeeds)
        .where(
          and(
            eq(calendarFeeds.workspaceId, request.actor.workspaceId),
            eq(calendarFeeds.userId, request.actor.userId),
          ),
        );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/calendar/:file',
    {
      // A calendar app sends no cookie: the secret in the address is the credential.
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A person’s open tasks as an iCalendar feed (the address is secret)',
        params: z.object({ file: z.string().max(200) }),
      },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      const [feed] = await db
        .select({ workspaceId: calendarFeeds.workspaceId, userId: calendarFeeds.userId, name: users.name })
        .from(calendarFeeds)
        .innerJoin(
          users,
          and(eq(users.workspaceId, calendarFeeds.workspaceId), eq(users.id, calendarFeeds.userId)),
        )
        .where(and(eq(calendarFeeds.tokenHash, hashSecret(token)), eq(users.active, true)));
      if (!feed) throw notFound('Calendar');
      const now = new Date();
      const rows = await db
        .select({ task: tasks, companyName: companies.name })
        .from(tasks)
        .leftJoin(
          companies,
          and(eq(companies.workspaceId, tasks.workspaceId), eq(companies.id, tasks.companyId)),
        )
        .where(
          and(
            eq(tasks.workspaceId, feed.workspaceId),
            eq(tasks.assigneeId, feed.userId),
            eq(tasks.status, 'open'),
            gte(tasks.dueAt, new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000)),
            lt(tasks.dueAt, new Date(now.getTime() + FEED_AHEAD_DAYS * 86_400_000)),
          ),
        )
        .orderBy(asc(tasks.dueAt))
        .limit(5000);
      const origin = publicOrigin(request);
      const body = calendarOf(
        `Tandem — ${feed.name}`,
        rows.map(({ task, companyName }) => ({
          id: task.id,
          title: companyName ? `${task.title} — ${companyName}` : task.title,
          start: task.dueAt!,
          minutes: 30,
          description: task.description ?? '',
          url: task.companyId ? `${origin}/companies/${task.companyId}` : `${origin}/tasks`,
        })),
        now,
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(body);
    },
  );
};
