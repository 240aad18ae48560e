import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Drawer,
  Group,
  MultiSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  type CreatedWebhook,
  WEBHOOK_EVENTS,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryPage,
} from '../../contract/webhooks.ts';
import { ApiError, del, get, patch, post } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';

type Hook = z.infer<typeof Webhook>;
type Delivery = z.infer<typeof WebhookDelivery>;
const STATUS_COLOR = { pending: 'yellow', succeeded: 'green', failed: 'red' } as const;

/** Settings → Webhooks (admins, heads): addresses that receive record events, and their delivery logs. */
export function Webhooks() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['deal.won']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<Hook | null>(null);
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => get<{ items: Hook[] }>('/webhooks') });
  const reload = () => void client.invalidateQueries({ queryKey: ['webhooks'] });

  const add = async () => {
    try {
      const created = await post<z.infer<typeof CreatedWebhook>>('/webhooks', { url, description, events });
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      setErrors({});
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0)
        setErrors(Object.fromEntries(error.fields.map((f) => [f.field.split('.')[0]!, f.message])));
      else notifyError(error);
    }
  };
  const run = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
      reload();
    } catch (error) {
      notifyError(error, reload);
    }
  };
  const test = (hook: Hook) =>
    run(async () => {
      const result = await post<Delivery>(`/webhooks/${hook.id}/test`);
      notifications.show(
        result.status === 'succeeded'
          ? { color: 'green', message: t('webhooks.testOk', { status: result.lastStatusCode }) }
          : { color: 'red', message: t('webhooks.testFailed', { error: result.lastError ?? '' }) },
      );
    });

  return (
    <Stack>
      <Text size="sm" c="dimmed" maw={820}>
        {t('webhooks.intro')}
      </Text>
      <Card withBorder maw={820}>
        <Stack gap="xs">
          <Group grow align="flex-start">
            <TextInput
              label={t('webhooks.url')}
              placeholder="https://example.com/hooks/tandem"
              value={url}
              error={errors.url}
              onChange={(e) => setUrl(e.currentTarget.value)}
            />
            <TextInput
              label={t('webhooks.description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          </Group>
          <MultiSelect
            label={t('webhooks.events')}
            data={[...WEBHOOK_EVENTS]}
            value={events}
            error={errors.events}
            onChange={setEvents}
            searchable
          />
          <Group>
            <Button disabled={!url.trim() || events.length === 0} onClick={() => void add()}>
              {t('webhooks.add')}
            </Button>
          </Group>
        </Stack>
      </Card>
      {secret && (
        <Alert
          color="yellow"
          title={t('webhooks.secretOnce')}
          maw={820}
          withCloseButton
          onClose={() => setSecret(null)}
        >
          <Code data-testid="webhook-secret">{secret}</Code>
        </Alert>
      )}
      {hooks.data?.items.length === 0 && <Text c="dimmed">{t('webhooks.none')}</Text>}
      {hooks.data?.items.map((hook) => (
        <Card key={hook.id} withBorder maw={820} data-testid="webhook">
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Code>{hook.url}</Code>
              {hook.description && <Text size="sm">{hook.description}</Text>}
              <Group gap={4}>
                {hook.events.map((event) => (
                  <Badge key={event} variant="light" size="sm">
                    {event}
                  </Badge>
                ))}
              </Group>
              <Text size="xs" c="dimmed">
                {t('webhooks.recent', hook.recent)}
              </Text>
            </Stack>
            <Switch
              label={t('webhooks.active')}
              checked={hook.active}
              onChange={(e) =>
                void run(() =>
                  patch(`/webhooks/${hook.id}`, { version: hook.version, active: e.currentTarget.checked }),
                )()
              }
            />
          </Group>
          <Group mt="sm" gap="xs">
            <Button size="xs" variant="light" onClick={() => void test(hook)()}>
              {t('webhooks.test')}
            </Button>
            <Button size="xs" variant="light" onClick={() => setLogOf(hook)}>
              {t('webhooks.log')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              onClick={() =>
                void run(async () =>
                  setSecret((await post<{ secret: string }>(`/webhooks/${hook.id}/rotate-secret`)).secret),
                )()
              }
            >
              {t('webhooks.rotate')}
            </Button>
            <Button
              size="xs"
              color="red"
              variant="subtle"
              onClick={() => {
                if (window.confirm(t('webhooks.deleteConfirm')))
                  void run(() => del(`/webhooks/${hook.id}`))();
              }}
            >
              {t('app.delete')}
            </Button>
          </Group>
        </Card>
      ))}
      <Drawer
        opened={logOf !== null}
        onClose={() => setLogOf(null)}
        position="right"
        size="xl"
        title={logOf?.url}
      >
        {logOf && <DeliveryLog hook={logOf} />}
      </Drawer>
    </Stack>
  );
}

function DeliveryLog({ hook }: { hook: Hook }) {
  const { t } = useTranslation();
  const log = useQuery({
    queryKey: ['webhooks', hook.id, 'deliveries'],
    queryFn: () => get<z.infer<typeof WebhookDeliveryPage>>(`/webhooks/${hook.id}/deliveries?limit=100`),
    refetchInterval: 5_000,
  });
  const retry = async (delivery: Delivery) => {
    try {
      await post(`/webhooks/${hook.id}/deliveries/${delivery.id}/retry`);
      void log.refetch();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped data-testid="delivery-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('webhooks.when')}</Table.Th>
            <Table.Th>{t('webhooks.event')}</Table.Th>
            <Table.Th>{t('webhooks.status')}</Table.Th>
            <Table.Th>{t('webhooks.attempts')}</Table.Th>
            <Table.Th>{t('webhooks.answer')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {log.data?.items.map((delivery) => (
            <Table.Tr key={delivery.id}>
              <Table.Td>{formatDateTime(delivery.createdAt)}</Table.Td>
              <Table.Td>
                <Code>{delivery.event}</Code>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[delivery.status]} variant="light">
                  {t(`webhooks.statuses.${delivery.status}`)}
                </Badge>
                {delivery.nextAttemptAt && (
                  <Text size="xs" c="dimmed">
                    {t('webhooks.next')}: {formatDateTime(delivery.nextAttemptAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{delivery.attempts}</Table.Td>
              <Table.Td>{delivery.lastStatusCode ?? delivery.lastError ?? '—'}</Table.Td>
              <Table.Td>
                {delivery.status !== 'succeeded' && (
                  <Button size="compact-xs" variant="light" onClick={() => void retry(delivery)}>
                    {t('webhooks.retry')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
