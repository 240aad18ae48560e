import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/client.ts';
import i18n from '../i18n/index.ts';

/**
 * Tells the person what went wrong. A stale edit (409 version_conflict) says someone else changed
 * the record and offers to reload it.
 */
export function notifyError(error: unknown, reload?: () => void): void {
  if (error instanceof ApiError && error.code === 'version_conflict') {
    const id = notifications.show({
      color: 'orange',
      title: i18n.t('conflict.title'),
      autoClose: false,
      message: (
        <>
          <Text size="sm">{i18n.t('conflict.message')}</Text>
          {reload && (
            <Button
              size="xs"
              mt="xs"
              onClick={() => {
                notifications.hide(id);
                reload();
              }}
            >
              {i18n.t('app.reload')}
            </Button>
          )}
        </>
      ),
    });
    return;
  }
  notifications.show({
    color: 'red',
    title: i18n.t('app.error'),
    message: error instanceof Error ? error.message : String(error),
  });
}

export function notifySaved(): void {
  notifications.show({ color: 'green', message: i18n.t('app.saved'), autoClose: 2000 });
}
