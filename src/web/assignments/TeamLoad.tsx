import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Badge,
  Card,
  Grid,
  Group,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Rectangle, type RectangleProps } from 'recharts';
import type { z } from 'zod';
import type { TeamLoadRow } from '../../contract/sales-flow.ts';
import { get } from '../api/client.ts';
import { formatDay } from '../app/format.ts';
import { capColor } from './cap-color.ts';

type Row = z.infer<typeof TeamLoadRow>;
const ROLES = ['am', 'sales', 'pm', 'bizdev'] as const;
type LoadRole = (typeof ROLES)[number];

/**
 * The team's load for one role (DOMAIN.md §3): each person's accounts against their cap — green
 * below 80 %, yellow up to the cap, red at or above it — or, for roles without a cap, their load.
 */
export function TeamLoad() {
  const { t } = useTranslation();
  const [role, setRole] = useState<LoadRole>('am');
  const load = useQuery({
    queryKey: ['team-load', role],
    queryFn: () => get<{ role: string; items: Row[] }>(`/team-load?role=${role}`),
  });
  const items = load.data?.items ?? [];
  const capped = items.some((row) => row.cap !== null);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.teamLoad')}</Title>
        <SegmentedControl
          aria-label={t('teamLoad.role')}
          value={role}
          onChange={(value) => setRole(value as LoadRole)}
          data={ROLES.map((value) => ({ value, label: t(`teamLoad.roles.${value}`) }))}
        />
      </Group>
      {load.data && items.length === 0 ? (
        <Text c="dimmed">{t('teamLoad.nobody')}</Text>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Card withBorder data-testid="team-load-chart">
              <Text fw={600} mb="xs">
                {capped ? t('teamLoad.chartAccounts') : t('teamLoad.chartLoad')}
              </Text>
              <LoadChart items={items} capped={capped} />
              {capped && (
                <Group gap="md" mt="xs">
                  <Legend color="green" label={t('teamLoad.legendBelow')} />
                  <Legend color="yellow" label={t('teamLoad.legendNear')} />
                  <Legend color="red" label={t('teamLoad.legendAt')} />
                  <Legend color="gray.4" label={t('teamLoad.cap')} />
                </Group>
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Card withBorder>
              <ScrollArea type="auto" offsetScrollbars>
                <LoadTable items={items} capped={capped} />
              </ScrollArea>
            </Card>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={4}>
      <Badge color={color} size="xs" circle>
        {' '}
      </Badge>
      <Text size="xs">{label}</Text>
    </Group>
  );
}

function LoadChart({ items, capped }: { items: Row[]; capped: boolean }) {
  const { t } = useTranslation();
  const data = items.map((row) => ({
    name: row.name,
    accounts: row.accounts,
    cap: row.cap ?? 0,
    load: row.load,
    barColor: `var(--mantine-color-${capColor(row.accounts, row.cap)}-6)`,
  }));
  // Each person's accounts bar takes the colour of their share of the cap.
  const colouredShape = (props: RectangleProps & { payload?: { barColor: string } }) => (
    <Rectangle {...props} fill={props.payload?.barColor ?? props.fill} />
  );
  return (
    <BarChart
      h={Math.max(180, items.length * (capped ? 44 : 32) + 40)}
      data={data}
      dataKey="name"
      orientation="vertical"
      yAxisProps={{ width: 120 }}
      withLegend={false}
      series={
        capped
          ? [
              { name: 'accounts', label: t('teamLoad.accounts'), color: 'green.6' },
              { name: 'cap', label: t('teamLoad.cap'), color: 'gray.4' },
            ]
          : [{ name: 'load', label: t('teamLoad.load'), color: 'indigo.6' }]
      }
      barProps={(series) => (series.name === 'accounts' ? { shape: colouredShape } : {})}
      aria-label={capped ? t('teamLoad.chartAccounts') : t('teamLoad.chartLoad')}
    />
  );
}

function LoadTable({ items, capped }: { items: Row[]; capped: boolean }) {
  const { t } = useTranslation();
  return (
    <Table miw={520} horizontalSpacing={8} fz="sm" data-testid="team-load-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('assign.person')}</Table.Th>
          <Table.Th>{t('assign.grade')}</Table.Th>
          {capped && <Table.Th ta="right">{t('teamLoad.accountsOfCap')}</Table.Th>}
          <Table.Th ta="right">{t('teamLoad.load')}</Table.Th>
          <Table.Th ta="right">{t('assign.openDeals')}</Table.Th>
          <Table.Th ta="right">{t('assign.openLeads')}</Table.Th>
          <Table.Th ta="right">{t('assign.openTasks')}</Table.Th>
          <Table.Th>{t('teamLoad.awayUntil')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((row) => (
          <Table.Tr key={row.userId}>
            <Table.Td>{row.name}</Table.Td>
            <Table.Td>{row.gradeName ?? '—'}</Table.Td>
            {capped && (
              <Table.Td ta="right">
                {row.cap === null ? (
                  row.accounts
                ) : (
                  <Badge color={capColor(row.accounts, row.cap)} variant="light">
                    {row.accounts}/{row.cap}
                  </Badge>
                )}
              </Table.Td>
            )}
            <Table.Td ta="right">{row.load}</Table.Td>
            <Table.Td ta="right">{row.openDeals}</Table.Td>
            <Table.Td ta="right">{row.openLeads}</Table.Td>
            <Table.Td ta="right">{row.openTasks}</Table.Td>
            <Table.Td>
              {row.awayUntil ? (
                <Text
                  span
                  size="sm"
                  c="orange.8"
                  fw={500}
                  style={{ whiteSpace: 'nowrap' }}
                  title={formatDay(row.awayUntil)}
                >
                  {formatDay(row.awayUntil, 'short')}
                </Text>
              ) : (
                '—'
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
