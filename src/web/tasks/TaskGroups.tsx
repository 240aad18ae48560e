import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { MyTasks, Task } from '../../contract/tasks.ts';
import { get, patch, post } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';

type TaskItem = z.infer<typeof Task>;
const PRIORITY_COLOR = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' } as const;

export function useMyTasks() {
  return useQuery({
    queryKey: ['tasks', 'mine'],
    queryFn: () => get<z.infer<typeof MyTasks>>('/tasks/mine'),
  });
}

function TaskRow({ task }: { task: TaskItem }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { nameOf } = usePeople();
  const refresh = () => client.invalidateQueries({ queryKey: ['tasks'] });
  const complete = useMutation({
    mutationFn: () => post(`/tasks/${task.id}/complete`, { version: task.version }),
    onSuccess: refresh,
    onError: (error) => notifyError(error, refresh),
  });
  const reschedule = useMutation({
    mutationFn: (days: number) => {
      const due = new Date();
      due.setDate(due.getDate() + days);
      due.setHours(10, 0, 0, 0);
      return patch(`/tasks/${task.id}`, { version: task.version, dueAt: due.toISOString() });
    },
    onSuccess: refresh,
    onError: (error) => notifyError(error, refresh),
  });

  return (
    <Card withBorder padding="sm" data-testid="task-row">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2}>
          <Text fw={500}>{task.title}</Text>
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              {formatDateTime(task.dueAt)}
            </Text>
            <Badge size="xs" color={PRIORITY_COLOR[task.priority]} variant="light">
              {t(`task.priorities.${task.priority}`)}
            </Badge>
            {task.origin !== 'manual' && (
              <Badge size="xs" color="gray" variant="outline">
                {t(`task.origins.${task.origin}`)}
              </Badge>
            )}
            {task.coveringForId && (
              <Badge size="xs" color="orange" variant="light" data-testid="covering-for">
                {t('task.coveringFor', { name: nameOf(task.coveringForId) })}
              </Badge>
            )}
            {task.companyId && (
              <CompanyLink companyId={task.companyId} size="xs" c="indigo">
                {t('deal.company')}
              </CompanyLink>
            )}
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Menu>
            <Menu.Target>
              <ActionIcon variant="subtle" aria-label={t('task.reschedule')}>
                <IconCalendarEvent size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => reschedule.mutate(1)}>{t('task.tomorrow')}</Menu.Item>
              <Menu.Item onClick={() => reschedule.mutate(7)}>{t('task.nextWeek')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button
            size="xs"
            variant="light"
            color="green"
            leftSection={<IconCheck size={14} />}
            loading={complete.isPending}
            onClick={() => complete.mutate()}
          >
            {t('task.complete')}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}

export function TaskGroups({ limit }: { limit?: number }) {
  const { t } = useTranslation();
  const mine = useMyTasks();
  if (!mine.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  const groups = [
    { key: 'overdue', color: 'red', items: mine.data.overdue },
    { key: 'today', color: 'indigo', items: mine.data.today },
    { key: 'upcoming', color: 'gray', items: mine.data.upcoming },
  ] as const;
  if (groups.every((group) => group.items.length === 0)) return <Text c="dimmed">{t('task.none')}</Text>;
  return (
    <Stack>
      {groups.map((group) => (
        <Stack key={group.key} gap="xs" data-testid={`tasks-${group.key}`}>
          <Group gap="xs">
            <Title order={5}>{t(`home.${group.key}`)}</Title>
            <Badge color={group.color}>{group.items.length}</Badge>
          </Group>
          {group.items.slice(0, limit).map((task) => (
            <TaskRow key={task.id} task={task} />
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
