import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TaskPage } from '../../contract/tasks.ts';
import { get, post, query } from '../api/client.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';

export function CompanyTasks({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { nameOf } = usePeople();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState<string | null>(null);
  const tasks = useQuery({
    queryKey: ['tasks', { companyId }],
    queryFn: () => get<z.infer<typeof TaskPage>>(`/tasks${query({ companyId, status: 'open', limit: 100 })}`),
  });
  const add = async () => {
    try {
      await post('/tasks', { title, companyId, dueAt: due ? new Date(due).toISOString() : null });
      setTitle('');
      setDue(null);
      void client.invalidateQueries({ queryKey: ['tasks'] });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack>
      <Group align="flex-end">
        <TextInput
          label={t('task.new')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <DatesLocale>
          <DateTimePicker label={t('task.due')} value={due} onChange={setDue} clearable w={220} />
        </DatesLocale>
        <Button onClick={() => void add()} disabled={!title.trim()}>
          {t('app.create')}
        </Button>
      </Group>
      {tasks.data?.items.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
      {tasks.data?.items.map((task) => (
        <Group key={task.id} justify="space-between">
          <Text>{task.title}</Text>
          <Group gap="xs">
            <Badge variant="light">{t(`task.priorities.${task.priority}`)}</Badge>
            <Text size="sm" c="dimmed">
              {formatDateTime(task.dueAt)} · {nameOf(task.assigneeId)}
            </Text>
          </Group>
        </Group>
      ))}
    </Stack>
  );
}
