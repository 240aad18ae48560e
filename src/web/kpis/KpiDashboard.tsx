import { BarChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Progress,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDashboard as Dashboard, DrillMetric, KpiDrill, KpiTrend } from '../../contract/kpis.ts';
import { get, query } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatBasisPoints, formatDay, formatMoney } from '../app/format.ts';
import { can, hasRole, type Me, useMe } from '../auth/me.ts';

type PeriodKind = 'month' | 'quarter';

export interface DrillSearch {
  metric: DrillMetric;
  period: PeriodKind;
  on?: string;
  userId?: string;
  teamId?: string;
  leadSourceId?: string;
}

const dayBefore = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
};
const dayAfter = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
};

const bp = (value: number | null) => (value === null ? '—' : formatBasisPoints(value));

/**
 * One KPI dashboard (docs/kpis.md): the figures of a person, a team or the company for a month or
 * quarter, against plan, with trends; every number opens the records behind it. Which tiers show
 * follows the roles of whoever the figures are about.
 */
export function KpiDashboard({ userId, teamId }: { userId?: string; teamId?: string }) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [on, setOn] = useState<string | undefined>(undefined);
  const params = { period, on, userId, teamId };
  const dashboard = useQuery({
    queryKey: ['kpis', params],
    queryFn: () => get<Dashboard>(`/kpis${query(params)}`),
  });
  const trend = useQuery({
    queryKey: ['kpis', 'trend', params],
    queryFn: () => get<KpiTrend>(`/kpis/trend${query({ ...params, count: period === 'month' ? 6 : 4 })}`),
  });
  const data = dashboard.data;
  if (!data) return <Text c="dimmed">{t('app.loading')}</Text>;

  const leader = data.subject.kind !== 'person';
  const roles = leader ? [] : (data.people[0]?.roles ?? me.roles);
  const show = {
    tier1: leader || roles.includes('sdr'),
    tier2: leader || roles.some((role) => role === 'sales' || role === 'bizdev'),
    tier3: leader || roles.includes('am'),
    pm: leader || roles.includes('pm'),
  };
  if (!Object.values(show).some(Boolean))
    Object.assign(show, { tier1: true, tier2: true, tier3: true, pm: true });
  const drill = (metric: DrillMetric, extra: Partial<DrillSearch> = {}): DrillSearch => ({
    metric,
    period,
    on: data.period.from,
    ...(userId ? { userId } : {}),
    ...(teamId ? { teamId } : {}),
    ...extra,
  });
  const figures = data.totals;
  const money = (minor: number) => formatMoney(minor, data.currency);
  const forSubject = (line: Dashboard['plans'][number]) =>
    data.subject.kind === 'company'
      ? line.scope === 'company'
      : data.subject.kind === 'team'
        ? line.scope === 'team' && line.teamId === data.subject.id
        : line.scope === 'person' && line.userId === data.subject.id;
  const plan = (metric: string, isMoney = false) => {
    const line = data.plans.find((p) => p.metric === metric && forSubject(p));
    if (!line) return undefined;
    return {
      text: t('kpis.ofPlan', { target: isMoney ? money(line.target) : line.target }),
      bp: line.attainmentBp,
    };
  };

  return (
    <Stack data-testid="kpi-dashboard">
      <Group justify="space-between">
        <Title order={3}>
          {t('kpis.title')} ·{' '}
          {data.subject.kind === 'company'
            ? t('kpis.company')
            : data.subject.kind === 'team'
              ? data.subject.name || t('kpis.team')
              : data.subject.name || t('kpis.mine')}
        </Title>
        <Group gap="xs">
          <Button
            variant="subtle"
            size="xs"
            aria-label={t('kpis.previous')}
            onClick={() => setOn(dayBefore(data.period.from))}
          >
            <IconChevronLeft size={16} />
          </Button>
          <Text fw={600} data-testid="kpi-period">
            {data.period.label}
          </Text>
          <Button
            variant="subtle"
            size="xs"
            aria-label={t('kpis.next')}
            onClick={() => setOn(dayAfter(data.period.to))}
          >
            <IconChevronRight size={16} />
          </Button>
          <SegmentedControl
            size="xs"
            value={period}
            onChange={(value) => setPeriod(value as PeriodKind)}
            data={[
              { value: 'month', label: t('kpis.month') },
              { value: 'quarter', label: t('kpis.quarter') },
            ]}
          />
          {can(me, 'crm:export') && (
            <Button
              component="a"
              size="xs"
              variant="light"
              leftSection={<IconDownload size={14} />}
              href={`/api/v1/kpis/file${query({ on: data.period.from, userId, teamId })}`}
              download
            >
              {t('kpis.download')}
            </Button>
          )}
        </Group>
      </Group>

      {show.tier1 && (
        <Section title={t('kpis.tier1')}>
          <Stat
            label={t('kpis.figures.calls')}
            value={figures.calls}
            to={drill('calls')}
            plan={plan('calls')}
          />
          <Stat label={t('kpis.figures.callsPerDay')} value={figures.callsPerDay} />
          <Stat
            label={t('kpis.figures.qualified')}
            value={figures.qualified}
            to={drill('qualified')}
            plan={plan('qualified_leads')}
          />
          <Stat label={t('kpis.figures.conversion')} value={bp(figures.conversionBp)} />
        </Section>
      )}
      {show.tier2 && (
        <Section title={t('kpis.tier2')}>
          <Stat
            label={t('kpis.figures.dealsWon')}
            value={figures.dealsWon}
            to={drill('deals_won')}
            plan={plan('deals_won')}
          />
          <Stat
            label={t('kpis.figures.dealsWonAmount')}
            value={money(figures.dealsWonAmountMinor)}
            to={drill('deals_won')}
          />
          <Stat
            label={t('kpis.figures.newSales')}
            value={money(figures.newSalesMinor)}
            to={drill('new_sales')}
            plan={plan('new_sales', true)}
          />
          <Stat label={t('kpis.figures.winRate')} value={bp(figures.winRateBp)} to={drill('deals_lost')} />
          <Stat label={t('kpis.figures.cycle')} value={figures.cycleDays ?? '—'} />
        </Section>
      )}
      {show.tier3 && (
        <Section title={t('kpis.tier3')}>
          <Stat
            label={t('kpis.figures.upsell')}
            value={money(figures.upsellMinor)}
            to={drill('upsell')}
            plan={plan('upsell', true)}
          />
          <Stat
            label={t('kpis.figures.revenue')}
            value={money(figures.revenueMinor)}
            to={drill('revenue')}
            plan={plan('revenue', true)}
          />
          <Stat label={t('kpis.figures.nrr')} value={bp(figures.nrrBp)} to={drill('recurring')} />
          <Stat label={t('kpis.figures.retained')} value={figures.retained} to={drill('retained')} />
          <Stat label={t('kpis.figures.churned')} value={figures.churned} to={drill('churned')} />
          <Stat
            label={t('kpis.figures.cadence')}
            value={bp(figures.cadenceBp)}
            to={drill('cadence_missed')}
          />
        </Section>
      )}
      {show.pm && (
        <Section title={t('kpis.pmTier')}>
          <Stat label={t('kpis.figures.onTime')} value={bp(figures.onTimeBp)} to={drill('tasks_finished')} />
          <Stat
            label={t('kpis.figures.tasksLate')}
            value={figures.tasksFinished - figures.tasksOnTime}
            to={drill('tasks_late')}
          />
          <Stat label={t('kpis.figures.overdue')} value={figures.overdueTasks} to={drill('overdue_tasks')} />
        </Section>
      )}

      {!leader && roles.includes('am') && <ClientsAtRisk search={drill('cadence_missed') as never} />}

      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder data-testid="kpi-revenue-chart">
            <Text fw={600} mb="xs">
              {t('kpis.revenueTrend')}
            </Text>
            <BarChart
              h={220}
              type="stacked"
              data={(trend.data?.points ?? []).map((point) => ({
                label: point.label,
                newSales: point.newSalesMinor / 100,
                recurring: point.recurringMinor / 100,
                upsell: point.upsellMinor / 100,
              }))}
              dataKey="label"
              series={[
                { name: 'newSales', label: t('kpis.figures.newSales'), color: 'indigo.6' },
                { name: 'recurring', label: t('kpis.figures.recurring'), color: 'teal.6' },
                { name: 'upsell', label: t('kpis.figures.upsell'), color: 'orange.6' },
              ]}
              withLegend
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder data-testid="kpi-activity-chart">
            <Text fw={600} mb="xs">
              {t('kpis.activityTrend')}
            </Text>
            <LineChart
              h={220}
              data={(trend.data?.points ?? []).map((point) => ({
                label: point.label,
                calls: point.calls,
                qualified: point.qualified,
                won: point.dealsWon,
              }))}
              dataKey="label"
              series={[
                { name: 'calls', label: t('kpis.figures.calls'), color: 'blue.6' },
                { name: 'qualified', label: t('kpis.figures.qualified'), color: 'grape.6' },
                { name: 'won', label: t('kpis.figures.dealsWon'), color: 'green.6' },
              ]}
              withLegend
            />
          </Card>
        </Grid.Col>
      </Grid>

      {data.plans.length > 0 && <Plans data={data} />}
      {leader && <People data={data} drill={drill} />}
      {leader && data.revenueBySource.length > 0 && (
        <Card withBorder data-testid="kpi-by-source">
          <Text fw={600} mb="xs">
            {t('kpis.bySource')}
          </Text>
          <Table>
            <Table.Tbody>
              {data.revenueBySource.map((row) => (
                <Table.Tr key={row.leadSourceId ?? 'none'}>
                  <Table.Td>{row.name ?? t('kpis.noSource')}</Table.Td>
                  <Table.Td ta="right">
                    <Anchor
                      component={Link}
                      to="/kpis/drill"
                      search={drill('revenue', { leadSourceId: row.leadSourceId ?? 'none' }) as never}
                    >
                      {money(row.amountMinor)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td w="40%">
                    <Progress
                      value={figures.revenueMinor ? (row.amountMinor * 100) / figures.revenueMinor : 0}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        {title}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>{children}</SimpleGrid>
    </Card>
  );
}

function Stat({
  label,
  value,
  to,
  plan,
}: {
  label: string;
  value: string | number;
  to?: DrillSearch;
  plan?: { text: string; bp: number | null };
}) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {to ? (
        <Anchor
          component={Link}
          to="/kpis/drill"
          search={to as never}
          fw={700}
          size="xl"
          data-testid={`kpi-${to.metric}`}
        >
          {value}
        </Anchor>
      ) : (
        <Text fw={700} size="xl">
          {value}
        </Text>
      )}
      {plan && (
        <>
          <Text size="xs" c="dimmed">
            {plan.text}
          </Text>
          <Progress size="sm" value={Math.min(100, (plan.bp ?? 0) / 100)} />
        </>
      )}
    </Stack>
  );
}

function Plans({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const names = new Map(data.people.map((person) => [person.userId, person.name]));
  const teams = new Map(data.teams.map((team) => [team.teamId, team.name]));
  const isMoney = (metric: string) => ['revenue', 'new_sales', 'recurring', 'upsell'].includes(metric);
  const show = (metric: string, value: number) =>
    isMoney(metric) ? formatMoney(value, data.currency) : value;
  return (
    <Card withBorder data-testid="kpi-plans">
      <Text fw={600} mb="xs">
        {t('kpis.plans')}
      </Text>
      <Table>
        <Table.Tbody>
          {data.plans.map((line) => (
            <Table.Tr key={line.planId}>
              <Table.Td>
                {line.scope === 'company'
                  ? t('kpis.company')
                  : line.scope === 'team'
                    ? teams.get(line.teamId ?? '')
                    : names.get(line.userId ?? '')}
              </Table.Td>
              <Table.Td>{t(`kpis.metrics.${line.metric}`)}</Table.Td>
              <Table.Td ta="right">
                {show(line.metric, line.fact)} / {show(line.metric, line.target)}
              </Table.Td>
              <Table.Td w="30%">
                <Group gap="xs" wrap="nowrap">
                  <Progress
                    flex={1}
                    value={Math.min(100, (line.attainmentBp ?? 0) / 100)}
                    color={(line.attainmentBp ?? 0) >= 10000 ? 'green' : 'blue'}
                  />
                  <Text size="xs">{bp(line.attainmentBp)}</Text>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function People({
  data,
  drill,
}: {
  data: Dashboard;
  drill: (metric: DrillMetric, extra?: Partial<DrillSearch>) => DrillSearch;
}) {
  const { t } = useTranslation();
  const money = (minor: number) => formatMoney(minor, data.currency);
  const link = (userId: string, metric: DrillMetric, value: string | number) => (
    <Anchor
      component={Link}
      to="/kpis/drill"
      search={{ ...drill(metric), userId, teamId: undefined } as never}
      size="sm"
    >
      {value}
    </Anchor>
  );
  return (
    <Card withBorder data-testid="kpi-people">
      <Text fw={600} mb="xs">
        {t('kpis.people')}
      </Text>
      <ScrollArea type="auto" offsetScrollbars>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('kpis.person')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.calls')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.conversion')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.dealsWon')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.winRate')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.revenue')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.upsell')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.nrr')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.churned')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.cadence')}</Table.Th>
              <Table.Th ta="right">{t('kpis.figures.onTime')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.people.map(({ userId, name, figures }) => (
              <Table.Tr key={userId}>
                <Table.Td>
                  <Anchor component={Link} to="/kpis" search={{ userId } as never} size="sm">
                    {name}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{link(userId, 'calls', figures.calls)}</Table.Td>
                <Table.Td ta="right">{bp(figures.conversionBp)}</Table.Td>
                <Table.Td ta="right">{link(userId, 'deals_won', figures.dealsWon)}</Table.Td>
                <Table.Td ta="right">{bp(figures.winRateBp)}</Table.Td>
                <Table.Td ta="right">{link(userId, 'revenue', money(figures.revenueMinor))}</Table.Td>
                <Table.Td ta="right">{link(userId, 'upsell', money(figures.upsellMinor))}</Table.Td>
                <Table.Td ta="right">{bp(figures.nrrBp)}</Table.Td>
                <Table.Td ta="right">{link(userId, 'churned', figures.churned)}</Table.Td>
                <Table.Td ta="right">{bp(figures.cadenceBp)}</Table.Td>
                <Table.Td ta="right">{bp(figures.onTimeBp)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Card>
  );
}

/** An AM's clients whose contacts fell behind the cadence in the period. */
function ClientsAtRisk({ search }: { search: DrillSearch }) {
  const { t } = useTranslation();
  const risk = useQuery({
    queryKey: ['kpis', 'drill', search],
    queryFn: () => get<KpiDrill>(`/kpis/drill${query({ ...search })}`),
  });
  const items = risk.data?.items ?? [];
  return (
    <Card withBorder data-testid="kpi-at-risk">
      <Text fw={600} mb="xs">
        {t('kpis.atRisk')}
      </Text>
      {items.length === 0 ? (
        <Text c="dimmed">{t('kpis.nothing')}</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {items.slice(0, 10).map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <CompanyLink companyId={item.id} size="sm">
                    {item.title}
                  </CompanyLink>
                </Table.Td>
                <Table.Td c="dimmed">{formatDay(item.date)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Whether a person's home shows the company/team view rather than their own. */
export const leadsOthers = (me: Me) => hasRole(me, 'admin', 'head', 'team_lead', 'finance');
