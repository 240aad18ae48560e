import { sql } from 'drizzle-orm';
import type { NotificationKind } from '../../contract/notifications.ts';
import type { DbOrTx } from '../db/client.ts';

export interface NewNotification {
  workspaceId: string;
  userIds: readonly (string | null | undefined)[];
  kind: NotificationKind;
  params: Record<string, string | number | null>;
  link?: string | null;
  /** Who caused it; they are not told of their own doing. */
  actorUserId?: string | null;
}

/**
 * Tells people something happened that concerns them, in the caller's transaction: it appears in
 * their notification centre (and their daily digest) if and only if the change commits.
 */
export async function notify(tx: DbOrTx, notification: NewNotification): Promise<void> {
  const recipients = [...new Set(notification.userIds)].filter(
    (id): id is string => typeof id === 'string' && id !== notification.actorUserId,
  );
  if (recipients.length === 0) return;
  await tx.execute(sql`
    insert into notifications (workspace_id, user_id, kind, params, link, actor_user_id)
    select ${notification.workspaceId}, recipient, ${notification.kind}, ${JSON.stringify(notification.params)}::jsonb,
           ${notification.link ?? null}, ${notification.actorUserId ?? null}
    from unnest(${`{${recipients.join(',')}}`}::uuid[]) as recipient`);
}
