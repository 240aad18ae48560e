import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type RobotAction, type RobotRule, type RobotRun, RULE_KEYS } from '../../contract/robots.ts';
import { get, patch, post, query } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';

type Run = z.infer<typeof RobotRun>;

/** The robots page (admins, heads): rules with their switches and parameters, passes, the log. */
export function RobotsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [ruleKey, setRuleKey] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const { options: people } = usePeople();
  const [running, setRunning] = useState(false);
  const rules = useQuery({
    queryKey: ['robots', 'rules'],
    queryFn: () => get<{ items: RobotRule[] }>('/robots/rules'),
  });
  const runs = useQuery({
    queryKey: ['robots', 'runs'],
    queryFn: () => get<{ items: Run[] }>('/robots/runs'),
  });
  const actions = useQuery({
    queryKey: ['robots', 'actions', ruleKey, userId],
    queryFn: () => get<{ items: RobotAction[] }>(`/robots/actions${query({ ruleKey, userId, limit: 100 })}`),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['robots'] });
  const runNow = async () => {
    setRunning(true);
    try {
      const result = await post<{ ran: boolean; run: Run | null }>('/robots/run');
      notifications.show({
        color: result.ran ? 'green' : 'yellow',
        message: result.ran ? t('robots.ran', { count: result.run?.actions ?? 0 }) : t('robots.busy'),
      });
      refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setRunning(false);
    }
  };
  const change = async (rule: RobotRule, body: Record<string, unknown>) => {
    try {
      await patch(`/robots/rules/${rule.key}`, body);
      refresh();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2}>{t('robots.title')}</Title>
          <Text c="dimmed" size="sm" maw={720}>
            {t('robots.hint')}
          </Text>
        </Stack>
        <Button leftSection={<IconPlayerPlay size={16} />} loading={running} onClick={() => void runNow()}>
          {t('robots.runNow')}
        </Button>
      </Group>
      <Card withBorder aria-label={t('robots.rules')}>
        <Title order={4} mb="sm">
          {t('robots.rules')}
        </Title>
        <Stack gap="sm">
          {rules.data?.items.map((rule) => (
            <Group key={rule.key} justify="space-between" wrap="nowrap" data-testid={`rule-${rule.key}`}>
              <Group gap="sm" wrap="nowrap">
                <Switch
                  checked={rule.enabled}
                  onChange={(e) => void change(rule, { enabled: e.currentTarget.checked })}
                  aria-label={t(`robots.names.${rule.key}`)}
                />
                <Stack gap={0}>
                  <Text fw={500}>{t(`robots.names.${rule.key}`)}</Text>
                  <Text size="xs" c="dimmed">
                    {rule.runs === 'pass' ? t('robots.runsOnSchedule') : t('robots.runsOnSave')}
                  </Text>
                </Stack>
              </Group>
              <Group gap="xs" wrap="nowrap">
                {Object.entries(rule.params).map(([name, value]) => (
                  <NumberInput
                    key={`${rule.key}-${name}-${value}`}
                    size="xs"
                    w={110}
                    label={t(`robots.params.${name}`)}
                    defaultValue={value}
                    onBlur={(e) => {
                      const next = Number(e.currentTarget.value);
                      if (Number.isInteger(next) && next !== value)
                        void change(rule, { params: { [name]: next } });
                    }}
                  />
                ))}
              </Group>
            </Group>
          ))}
        </Stack>
      </Card>
      <Card withBorder aria-label={t('robots.runs')}>
        <Title order={4} mb="sm">
          {t('robots.runs')}
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('robots.started')}</Table.Th>
              <Table.Th>{t('robots.startedBy')}</Table.Th>
              <Table.Th>{t('robots.actionsCount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data?.items.slice(0, 8).map((run) => (
              <Table.Tr key={run.id} data-testid="robot-run">
                <Table.Td>{formatDateTime(run.startedAt)}</Table.Td>
                <Table.Td>{t(`robots.trigger.${run.trigger}`)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm" fw={600}>
                      {run.actions}
                    </Text>
                    {Object.entries(run.byRule).map(([key, n]) => (
                      <Badge key={key} size="xs" variant="light" title={t(`robots.names.${key}`)}>
                        {key}: {n}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder aria-label={t('robots.log')}>
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t('robots.log')}</Title>
          <Group gap="xs">
            <Select
              aria-label={t('robots.forWhom')}
              placeholder={t('robots.forWhom')}
              clearable
              searchable
              w={200}
              data={people}
              value={userId}
              onChange={setUserId}
            />
            <Select
              aria-label={t('robots.rule')}
              placeholder={t('robots.allRules')}
              clearable
              w={360}
              data={RULE_KEYS.map((key) => ({ value: key, label: t(`robots.names.${key}`) }))}
              value={ruleKey}
              onChange={setRuleKey}
            />
          </Group>
        </Group>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('robots.when')}</Table.Th>
              <Table.Th>{t('robots.rule')}</Table.Th>
              <Table.Th>{t('account.client')}</Table.Th>
              <Table.Th>{t('robots.forWhom')}</Table.Th>
              <Table.Th>{t('robots.why')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {actions.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed">{t('app.nothing')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {actions.data?.items.map((action) => (
              <Table.Tr key={action.id}>
                <Table.Td>{formatDateTime(action.createdAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`robots.names.${action.ruleKey}`)}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`robots.what.${action.action}`)}
                  </Text>
                </Table.Td>
                <Table.Td>{action.companyName ?? '—'}</Table.Td>
                <Table.Td>{action.userName ?? '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{action.reason}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
