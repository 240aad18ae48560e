import { Alert, Badge, Button, Card, Group, Stack, Stepper, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowRight, IconCheck, IconCircle, IconClock } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientTouchpoint, FilledSlot, ClientJourney as Journey } from '../../contract/journey.ts';
import { get, post } from '../api/client.ts';
import { formatDate } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { ArticleLinks } from '../knowledge/LinkedInstructions.tsx';

const STATE_COLOR = { pending: 'gray', current: 'blue', done: 'green', overdue: 'red' } as const;
const SLOTS = ['responsible', 'communicator', 'support'] as const;

function Person({ slot, filled }: { slot: (typeof SLOTS)[number]; filled: FilledSlot }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c={slot === 'responsible' && !filled.userId && filled.role ? 'red' : undefined}>
      <Text span size="xs" c="dimmed">
        {t(`journey.slots.${slot}`)}:
      </Text>{' '}
      {filled.userName ?? t('journey.nobody')}
      {filled.role && filled.role !== 'person' ? (
        <Text span size="xs" c="dimmed">
          {' '}
          ({t(`journey.roles.${filled.role}`)})
        </Text>
      ) : null}
    </Text>
  );
}

/** The client's journey on its card: the stages as a stepper, the touchpoints of one stage as a timeline. */
export function ClientJourney({ companyId, isClient }: { companyId: string; isClient: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const journey = useQuery({
    queryKey: ['journey', 'company', companyId],
    queryFn: () => get<Journey>(`/companies/${companyId}/journey`),
  });
  const [picked, setPicked] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (!journey.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  const j = journey.data;
  if (j.stages.length === 0) return <Text c="dimmed">{t('journey.noMap')}</Text>;
  const all = j.stages.flatMap((stage) => stage.touchpoints);
  const current = all.find((tp) => tp.touchpointId === j.currentTouchpointId);
  const next = all.find((tp) => tp.touchpointId === j.nextTouchpointId);
  const currentStage = Math.max(
    0,
    j.stages.findIndex((stage) => stage.touchpoints.some((tp) => tp.touchpointId === j.currentTouchpointId)),
  );
  const shown = picked ?? currentStage;

  const act = async (action: 'enter' | 'done', touchpointId: string) => {
    setBusy(`${action}:${touchpointId}`);
    try {
      if (action === 'enter') {
        const result = await post<{ journey: Journey; tasks: unknown[] }>(
          `/companies/${companyId}/journey/enter`,
          {
            touchpointId,
          },
        );
        client.setQueryData(['journey', 'company', companyId], result.journey);
        notifications.show({
          color: 'green',
          message: t('journey.tasksCreated', { count: result.tasks.length }),
        });
        setPicked(null);
      } else {
        client.setQueryData(
          ['journey', 'company', companyId],
          await post<Journey>(`/companies/${companyId}/journey/done`, { touchpointId }),
        );
      }
      void client.invalidateQueries({ queryKey: ['/tasks'] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  const touchpointItem = (tp: ClientTouchpoint) => (
    <Timeline.Item
      key={tp.touchpointId}
      bullet={
        tp.state === 'done' ? (
          <IconCheck size={12} />
        ) : tp.state === 'overdue' ? (
          <IconAlertTriangle size={12} />
        ) : tp.state === 'current' ? (
          <IconClock size={12} />
        ) : (
          <IconCircle size={10} />
        )
      }
      color={STATE_COLOR[tp.state]}
      title={
        <Group gap="xs">
          <Text fw={tp.touchpointId === j.currentTouchpointId ? 700 : 500} size="sm">
            {tp.name}
          </Text>
          <Badge size="xs" color={STATE_COLOR[tp.state]} variant="light">
            {t(`journey.states.${tp.state}`)}
          </Badge>
          <Text size="xs" c="dimmed">
            {t('journey.days', { count: tp.expectedDays })}
          </Text>
        </Group>
      }
      data-testid={`touchpoint-${tp.touchpointId}`}
    >
      <Stack gap={2}>
        {tp.description && (
          <Text size="xs" c="dimmed">
            {tp.description}
          </Text>
        )}
        <Group gap="md">
          {SLOTS.map((slot) => (
            <Person key={slot} slot={slot} filled={tp[slot]} />
          ))}
        </Group>
        {tp.enteredAt && (
          <Text size="xs" c={tp.state === 'overdue' ? 'red' : 'dimmed'}>
            {t('journey.entered', { date: formatDate(tp.enteredAt) })}
            {tp.doneAt ? '' : `, ${t('journey.due', { date: formatDate(tp.dueAt) })}`}
          </Text>
        )}
        <ArticleLinks articles={tp.articles} />
        {isClient && (
          <Group gap="xs">
            {(tp.state === 'current' || tp.state === 'overdue') && (
              <Button
                size="compact-xs"
                variant="light"
                color="green"
                loading={busy === `done:${tp.touchpointId}`}
                onClick={() => act('done', tp.touchpointId)}
              >
                {t('journey.markDone')}
              </Button>
            )}
            {tp.touchpointId !== j.currentTouchpointId && (
              <Button
                size="compact-xs"
                variant="subtle"
                loading={busy === `enter:${tp.touchpointId}`}
                onClick={() => act('enter', tp.touchpointId)}
              >
                {t('journey.enter')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Timeline.Item>
  );

  return (
    <Stack data-testid="client-journey">
      {!isClient && <Alert color="gray">{t('journey.onlyClients')}</Alert>}
      <Card withBorder>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('journey.current')}
            </Text>
            <Title order={4} data-testid="current-touchpoint">
              {current ? current.name : t('journey.none')}
            </Title>
            {current && (
              <Group gap="md">
                {SLOTS.map((slot) => (
                  <Person key={slot} slot={slot} filled={current[slot]} />
                ))}
              </Group>
            )}
            <Group gap="xs">
              {j.overdue && (
                <Badge color="red" leftSection={<IconAlertTriangle size={12} />}>
                  {t('journey.overdue')}
                </Badge>
              )}
              {j.nobodyResponsible && <Badge color="orange">{t('journey.nobodyResponsible')}</Badge>}
            </Group>
            {current && <ArticleLinks articles={current.articles} />}
          </Stack>
          {isClient && next && (
            <Button
              rightSection={<IconArrowRight size={16} />}
              loading={busy === `enter:${next.touchpointId}`}
              onClick={() => act('enter', next.touchpointId)}
            >
              {t('journey.next', { name: next.name })}
            </Button>
          )}
        </Group>
      </Card>
      <Stepper active={currentStage} onStepClick={setPicked} size="xs" allowNextStepsSelect>
        {j.stages.map((stage, index) => {
          const done = stage.touchpoints.filter((tp) => tp.state === 'done').length;
          const late = stage.touchpoints.some((tp) => tp.state === 'overdue');
          return (
            <Stepper.Step
              key={stage.id}
              label={stage.name}
              description={`${done}/${stage.touchpoints.length}`}
              color={late ? 'red' : undefined}
              // A stage before the current one shows a tick only when all its touchpoints are done.
              completedIcon={done === stage.touchpoints.length ? undefined : index + 1}
            />
          );
        })}
      </Stepper>
      <Card withBorder>
        <Title order={5} mb="sm">
          {j.stages[shown]?.name}
        </Title>
        <Timeline bulletSize={20} lineWidth={2}>
          {j.stages[shown]?.touchpoints.map(touchpointItem)}
        </Timeline>
      </Card>
    </Stack>
  );
}
