import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Notification, NotificationPage } from '../../contract/notifications.ts';
import { get, post } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { notificationText } from './notification-text.ts';

type Page = z.infer<typeof NotificationPage>;

/**
 * The bell in the header: the unread count (checked every half minute), and on click the latest
 * notifications, each leading to its record and marked read on the way.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const count = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => get<{ unread: number }>('/notifications/unread-count'),
    refetchInterval: 30_000,
  });
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => get<Page>('/notifications?limit=30'),
    enabled: opened,
  });
  const unread = count.data?.unread ?? 0;
  const refresh = (answer?: { unread: number }) => {
    if (answer) client.setQueryData(['notifications', 'unread'], answer);
    void client.invalidateQueries({ queryKey: ['notifications'] });
  };

  const open = async (item: z.infer<typeof Notification>) => {
    setOpened(false);
    try {
      refresh(item.readAt ? undefined : await post<{ unread: number }>(`/notifications/${item.id}/read`));
      if (item.link) await navigate({ to: item.link });
    } catch (error) {
      notifyError(error);
    }
  };
  const readAll = async () => {
    try {
      refresh(await post<{ unread: number }>('/notifications/read-all'));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Popover width={380} position="bottom-end" shadow="md" opened={opened} onChange={setOpened}>
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={16}
          disabled={unread === 0}
          offset={4}
          color="red"
        >
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t('notifications.open', { count: unread })}
            title={t('notifications.title')}
            onClick={() => setOpened((value) => !value)}
            data-testid="notification-bell"
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py="xs">
          <Text fw={600}>{t('notifications.title')}</Text>
          <Button size="compact-xs" variant="subtle" disabled={unread === 0} onClick={() => void readAll()}>
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <ScrollArea.Autosize mah={420}>
          {list.data && list.data.items.length === 0 && (
            <Text size="sm" c="dimmed" px="sm" pb="sm">
              {t('notifications.empty')}
            </Text>
          )}
          <Stack gap={0}>
            {list.data?.items.map((item) => (
              <UnstyledButton
                key={item.id}
                onClick={() => void open(item)}
                px="sm"
                py="xs"
                style={{
                  borderTop: '1px solid var(--mantine-color-default-border)',
                  background: item.readAt ? undefined : 'var(--mantine-color-blue-light)',
                }}
              >
                <Text size="sm" fw={item.readAt ? 400 : 600}>
                  {notificationText(t, item)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(item.createdAt)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
