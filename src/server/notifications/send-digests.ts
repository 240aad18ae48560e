import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { companies } from '../companies/schema.ts';
import type { Database } from '../db/client.ts';
import { loadSmtp, sendMail } from '../mail/mailer.ts';
import { localDate } from '../tasks/group-tasks-by-due.ts';
import { tasks } from '../tasks/schema.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';
import { digestMail } from './digest-mail.ts';
import { emailDigests, notifications } from './schema.ts';

/** From this hour of the workspace's day the digest goes out. */
export const DIGEST_HOUR = 8;
const MAX_NOTIFICATIONS = 20;
const MAX_TASKS = 30;

export interface DigestOutcome {
  sent: number;
  skipped: number;
  failed: number;
}

function localHour(now: Date, timeZone: string): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now),
  );
}

/**
 * Sends each person who asked for it their daily digest once a day, from 08:00 in the workspace's
 * time zone, through the workspace's mail server. A person's day is claimed with a row in
 * email_digests before anything is sent, so several Tandem processes never send it twice; a day
 * with nothing to say is recorded and sends nothing.
 */
export async function sendDailyDigests(
  database: Pick<Database, 'db'>,
  options: { now?: Date; appUrl?: string | null } = {},
): Promise<DigestOutcome> {
  const { db } = database;
  const now = options.now ?? new Date();
  const outcome: DigestOutcome = { sent: 0, skipped: 0, failed: 0 };
  const all = await db
    .select({ id: workspaces.id, name: workspaces.name, timeZone: workspaces.timeZone })
    .from(workspaces);
  for (const workspace of all) {
    if (localHour(now, workspace.timeZone) < DIGEST_HOUR) continue;
    const smtp = await loadSmtp(db, workspace.id);
    if (!smtp) continue;
    const day = localDate(now, workspace.timeZone);
    const people = await db
      .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
      .from(users)
      .where(
        and(
          eq(users.workspaceId, workspace.id),
          eq(users.active, true),
          eq(users.emailDigest, true),
          sql`not exists (select 1 from email_digests d
                where d.workspace_id = ${users.workspaceId} and d.user_id = ${users.id} and d.day = ${day})`,
        ),
      );
    for (const person of people) {
      const claimed = await db
        .insert(emailDigests)
        .values({ workspaceId: workspace.id, userId: person.id, day })
        .onConflictDoNothing()
        .returning({ userId: emailDigests.userId });
      if (claimed.length === 0) continue;
      const mine = and(eq(notifications.workspaceId, workspace.id), eq(notifications.userId, person.id));
      const unread = await db
        .select({ notification: notifications, actorName: users.name })
        .from(notifications)
        .leftJoin(
          users,
          and(eq(users.workspaceId, notifications.workspaceId), eq(users.id, notifications.actorUserId)),
        )
        .where(and(mine, isNull(notifications.readAt)))
        .orderBy(desc(notifications.createdAt))
        .limit(MAX_NOTIFICATIONS);
      const [{ total } = { total: 0 }] = await db
        .select({ total: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(mine, isNull(notifications.readAt)));
      const due = await db
        .select({ title: tasks.title, dueAt: tasks.dueAt, companyName: companies.name })
        .from(tasks)
        .leftJoin(
          companies,
          and(eq(companies.workspaceId, tasks.workspaceId), eq(companies.id, tasks.companyId)),
        )
        .where(
          and(
            eq(tasks.workspaceId, workspace.id),
            eq(tasks.assigneeId, person.id),
            eq(tasks.status, 'open'),
            sql`${tasks.dueAt} < ((${day}::date + 1)::timestamp at time zone ${workspace.timeZone})`,
          ),
        )
        .orderBy(tasks.dueAt)
        .limit(MAX_TASKS);
      const mail = digestMail({
        locale: person.locale,
        name: person.name,
        workspaceName: workspace.name,
        timeZone: workspace.timeZone,
        appUrl: options.appUrl ?? null,
        notifications: unread.map(({ notification, actorName }) => ({
          kind: notification.kind,
          params: notification.params,
          actorName,
        })),
        unreadTotal: Number(total),
        tasks: due.map((task) => ({
          title: task.title,
          dueAt: task.dueAt!,
          companyName: task.companyName,
          overdue: task.dueAt!.getTime() < now.getTime(),
        })),
      });
      const record = (skipped: string) =>
        db
          .update(emailDigests)
          .set({ skipped })
          .where(
            and(
              eq(emailDigests.workspaceId, workspace.id),
              eq(emailDigests.userId, person.id),
              eq(emailDigests.day, day),
            ),
          );
      if (!mail) {
        await record('nothing to say');
        outcome.skipped++;
        continue;
      }
      try {
        await sendMail({ smtp }, { to: person.email, subject: mail.subject, text: mail.text });
        outcome.sent++;
      } catch (error) {
        await record(`mail server: ${(error as Error).message}`.slice(0, 500));
        outcome.failed++;
      }
    }
  }
  return outcome;
}
