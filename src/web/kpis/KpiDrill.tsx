import { Anchor, Card, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { KpiDrill as Drill, DrillRecord } from '../../contract/kpis.ts';
import { get, query } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatMoney } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import type { DrillSearch } from './KpiDashboard.tsx';

const METRIC_LABEL: Record<string, string> = {
  calls: 'kpis.figures.calls',
  meetings: 'kpis.figures.meetings',
  qualified: 'kpis.figures.qualified',
  deals_won: 'kpis.figures.dealsWon',
  deals_lost: 'kpis.figures.dealsLost',
  revenue: 'kpis.figures.revenue',
  new_sales: 'kpis.figures.newSales',
  recurring: 'kpis.figures.recurring',
  upsell: 'kpis.figures.upsell',
  retained: 'kpis.figures.retained',
  churned: 'kpis.figures.churned',
  cadence_missed: 'kpis.figures.cadenceMissed',
  tasks_finished: 'kpis.figures.onTime',
  tasks_late: 'kpis.figures.tasksLate',
  overdue_tasks: 'kpis.figures.overdue',
};

/** The records behind a dashboard number: exactly those the figure counted. */
export function KpiDrill() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/kpis/drill' }) as DrillSearch;
  const drill = useQuery({
    queryKey: ['kpis', 'drill', search],
    queryFn: () => get<Drill>(`/kpis/drill${query({ ...search })}`),
  });
  const { nameOf } = usePeople();
  const data = drill.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          {t(METRIC_LABEL[search.metric] ?? 'kpis.drill.title')}
          {data ? ` · ${data.period.label}` : ''}
        </Title>
        <Anchor
          component={Link}
          to={search.userId ? '/kpis' : '/'}
          search={(search.userId ? { userId: search.userId } : {}) as never}
        >
          {t('kpis.drill.back')}
        </Anchor>
      </Group>
      {data && (
        <Text c="dimmed" data-testid="drill-total">
          {t('kpis.drill.total', { count: data.total })}
          {data.items.length < data.total ? ` (${t('kpis.drill.shown', { count: data.items.length })})` : ''}
        </Text>
      )}
      <Card withBorder>
        <ScrollArea type="auto" offsetScrollbars>
          <Table striped data-testid="drill-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('kpis.drill.date')}</Table.Th>
                <Table.Th>{t('kpis.drill.record')}</Table.Th>
                <Table.Th>{t('kpis.drill.company')}</Table.Th>
                <Table.Th ta="right">{t('kpis.drill.amount')}</Table.Th>
                <Table.Th>{t('kpis.drill.who')}</Table.Th>
                <Table.Th>{t('kpis.drill.detail')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(data?.items ?? []).map((item) => (
                <Table.Tr key={`${item.kind}-${item.id}`}>
                  <Table.Td>{item.date}</Table.Td>
                  <Table.Td>
                    <RecordLink item={item} />
                  </Table.Td>
                  <Table.Td>
                    {item.companyId && (
                      <CompanyLink companyId={item.companyId} size="sm">
                        {item.companyName}
                      </CompanyLink>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {item.amountMinor !== null ? formatMoney(item.amountMinor, item.currency ?? 'RUB') : ''}
                  </Table.Td>
                  <Table.Td>{nameOf(item.userId)}</Table.Td>
                  <Table.Td c="dimmed">{item.detail}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Card>
    </Stack>
  );
}

function RecordLink({ item }: { item: DrillRecord }) {
  switch (item.kind) {
    case 'deal':
      return (
        <Anchor component={Link} to="/deals" search={{ deal: item.id } as never} size="sm">
          {item.title}
        </Anchor>
      );
    case 'company':
      return (
        <CompanyLink companyId={item.id} size="sm">
          {item.title}
        </CompanyLink>
      );
    default:
      return <Text size="sm">{item.title}</Text>;
  }
}
