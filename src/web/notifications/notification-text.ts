import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Notification } from '../../contract/notifications.ts';
import { formatDateTime } from '../app/format.ts';

/** A notification in the reader's language, from its kind and what it names. */
export function notificationText(t: TFunction, item: z.infer<typeof Notification>): string {
  const actor = item.actor?.name ?? t('notifications.someone');
  const params = { ...item.params, actor };
  const due =
    typeof item.params.dueAt === 'string'
      ? ` (${t('notifications.due', { when: formatDateTime(item.params.dueAt) })})`
      : '';
  switch (item.kind) {
    case 'assignment':
      return t(`notifications.assignment_${String(item.params.subject ?? 'client')}`, params);
    case 'task_assigned':
    case 'robot_task':
      return t(`notifications.${item.kind}`, params) + due;
    default:
      return t(`notifications.${item.kind}`, params);
  }
}
