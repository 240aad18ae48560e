import { Alert, Button, Card, Code, CopyButton, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CalendarFeed, CalendarFeedStatus, NotificationSettings } from '../../contract/notifications.ts';
import { api, del, get, post } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';

/** A person's own settings: the daily digest and their private calendar address. */
export function MySettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [address, setAddress] = useState<string | null>(null);
  const settings = useQuery({
    queryKey: ['me', 'notification-settings'],
    queryFn: () => get<z.infer<typeof NotificationSettings>>('/me/notification-settings'),
  });
  const feed = useQuery({
    queryKey: ['me', 'calendar-feed'],
    queryFn: () => get<z.infer<typeof CalendarFeedStatus>>('/me/calendar-feed'),
  });
  const setDigest = async (emailDigest: boolean) => {
    try {
      client.setQueryData(
        ['me', 'notification-settings'],
        await api('PUT', '/me/notification-settings', { emailDigest }),
      );
    } catch (error) {
      notifyError(error);
    }
  };
  const makeFeed = async () => {
    try {
      setAddress((await post<z.infer<typeof CalendarFeed>>('/me/calendar-feed')).url);
      void feed.refetch();
    } catch (error) {
      notifyError(error);
    }
  };
  const revokeFeed = async () => {
    try {
      await del('/me/calendar-feed');
      setAddress(null);
      void feed.refetch();
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack maw={720}>
      <Title order={2}>{t('me.title')}</Title>
      <Card withBorder>
        <Switch
          label={t('me.digest')}
          description={t('me.digestHint')}
          checked={settings.data?.emailDigest ?? false}
          disabled={!settings.data}
          onChange={(event) => void setDigest(event.currentTarget.checked)}
        />
      </Card>
      <Card withBorder>
        <Stack gap="xs">
          <Text fw={600}>{t('me.calendar')}</Text>
          <Text size="sm" c="dimmed">
            {t('me.calendarHint')}
          </Text>
          {address && (
            <Alert color="yellow" title={t('me.calendarOnce')}>
              <Group wrap="nowrap" align="center">
                <Code style={{ wordBreak: 'break-all' }} data-testid="calendar-address">
                  {address}
                </Code>
                <CopyButton value={address}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? t('me.copied') : t('me.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          )}
          <Text size="sm">
            {feed.data?.active
              ? t('me.calendarActive', { when: formatDateTime(feed.data.createdAt) })
              : t('me.calendarNone')}
          </Text>
          <Group>
            <Button onClick={() => void makeFeed()}>
              {feed.data?.active ? t('me.calendarRemake') : t('me.calendarMake')}
            </Button>
            {feed.data?.active && (
              <Button color="red" variant="light" onClick={() => void revokeFeed()}>
                {t('me.calendarRevoke')}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
