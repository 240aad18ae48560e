import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ActivityPage } from '../../contract/activities.ts';
import { get, post, query } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';

const TYPE_COLOR = { call: 'blue', email: 'cyan', meeting: 'grape', note: 'gray' } as const;

/** The company's timeline, with a call, meeting or note logged right above it. */
export function Timeline({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { nameOf } = usePeople();
  const activities = useQuery({
    queryKey: ['activities', { companyId }],
    queryFn: () => get<z.infer<typeof ActivityPage>>(`/activities${query({ companyId, limit: 100 })}`),
  });
  const form = useForm({
    initialValues: { type: 'call', subject: '', outcome: '', body: '', minutes: '' as number | string },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await post('/activities', {
        companyId,
        type: values.type,
        direction: values.type === 'call' || values.type === 'email' ? 'outbound' : null,
        subject: values.subject,
        outcome: values.outcome || null,
        body: values.body,
        durationSeconds: values.minutes === '' ? null : Number(values.minutes) * 60,
      });
      form.reset();
      void client.invalidateQueries({ queryKey: ['activities'] });
    } catch (error) {
      notifyError(error);
    }
  });

  return (
    <Stack>
      <Card withBorder component="form" onSubmit={submit} aria-label={t('activity.log')}>
        <Stack gap="xs">
          <SegmentedControl
            aria-label={t('activity.log')}
            data={(['call', 'meeting', 'note', 'email'] as const).map((value) => ({
              value,
              label: t(`activity.types.${value}`),
            }))}
            {...form.getInputProps('type')}
          />
          {form.values.type !== 'note' && (
            <Group grow>
              <TextInput label={t('activity.subject')} {...form.getInputProps('subject')} />
              {form.values.type === 'call' && (
                <TextInput label={t('activity.outcome')} {...form.getInputProps('outcome')} />
              )}
              {form.values.type !== 'email' && (
                <NumberInput label={t('activity.duration')} min={0} {...form.getInputProps('minutes')} />
              )}
            </Group>
          )}
          <Textarea label={t('activity.body')} autosize minRows={2} {...form.getInputProps('body')} />
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>
              {t('activity.log')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Stack gap="xs" data-testid="timeline">
        {activities.data?.items.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
        {activities.data?.items.map((activity) => (
          <Card key={activity.id} withBorder padding="sm">
            <Group gap="xs">
              <Badge color={TYPE_COLOR[activity.type]} variant="light">
                {t(`activity.types.${activity.type}`)}
              </Badge>
              <Text size="sm" fw={500}>
                {[activity.subject, activity.outcome].filter(Boolean).join(' — ')}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(activity.occurredAt)} · {nameOf(activity.authorId)}
              </Text>
            </Group>
            {activity.body && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {activity.body}
              </Text>
            )}
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}
