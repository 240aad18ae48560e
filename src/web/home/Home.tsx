import { Badge, Button, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconInbox, IconPhoneCall, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ClientAccount } from '../../contract/account.ts';
import type { DealPage } from '../../contract/deals.ts';
import { get, query } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDate, formatDay, formatMoney, todayIn } from '../app/format.ts';
import { hasRole, type Me, receivesLeads, useMe } from '../auth/me.ts';
import { useMyCallStats } from '../call-queue/CallStats.tsx';
import { useNextCall } from '../call-queue/next-call.ts';
import { KpiDashboard } from '../kpis/KpiDashboard.tsx';
import { useLeads } from '../leads/use-leads.ts';
import { TaskGroups } from '../tasks/TaskGroups.tsx';

/**
 * Home by role: tier 1 starts at their call queue, those who receive leads at their hand-off
 * inbox; then each person's KPI dashboard — their own figures (SDR, closer, AM, PM), the team's
 * for a team lead, the company's for head, admin and finance — and their tasks and open deals.
 */
export function Home() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const deals = useQuery({
    queryKey: ['deals', 'mine'],
    queryFn: () =>
      get<z.infer<typeof DealPage>>(
        `/deals${query({ ownerId: me.id, stageKind: 'open', sort: 'expectedCloseDate', limit: 20 })}`,
      ),
  });
  return (
    <Stack>
      <Title order={2}>{t('home.greeting', { name: me.name })}</Title>
      {hasRole(me, 'sdr') && <QueueCard />}
      {receivesLeads(me) && <InboxCard />}
      {hasRole(me, 'am') && <MyClientsCard />}
      <KpiDashboard />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <Title order={4} mb="sm">
              {t('home.myTasks')}
            </Title>
            <TaskGroups limit={5} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <Title order={4} mb="sm">
              {t('home.myDeals')}
            </Title>
            {deals.data?.items.length ? (
              <Table>
                <Table.Tbody>
                  {deals.data.items.map((deal) => (
                    <Table.Tr key={deal.id}>
                      <Table.Td>
                        <CompanyLink companyId={deal.companyId} size="sm">
                          {deal.title} · {deal.companyName}
                        </CompanyLink>
                      </Table.Td>
                      <Table.Td ta="right">{formatMoney(deal.amountMinor, deal.currency)}</Table.Td>
                      <Table.Td c="dimmed">{formatDate(deal.expectedCloseDate)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text c="dimmed">{t('app.nothing')}</Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Tier 1's way in: how many calls wait, the next company, today's figures, and the queue itself. */
function QueueCard() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const next = useNextCall();
  const today = todayIn(me.workspace.timeZone);
  const stats = useMyCallStats(today, today);
  const item = next.data?.item;
  return (
    <Card withBorder bg="indigo.0" data-testid="home-queue">
      <Group justify="space-between" wrap="wrap">
        <Stack gap={2}>
          <Title order={4}>{t('nav.queue')}</Title>
          <Text size="sm">
            {item
              ? t('home.queueNext', { count: item.remaining, company: item.company.name })
              : t('queue.emptyTitle')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('home.queueToday', { calls: stats.calls, qualified: stats.qualified })}
          </Text>
        </Stack>
        <Button component={Link} to="/queue" size="md" leftSection={<IconPhoneCall size={18} />}>
          {item ? t('home.startCalling') : t('home.openQueue')}
        </Button>
      </Group>
    </Card>
  );
}

/** Leads handed to me that wait for an answer. */
function InboxCard() {
  const { t } = useTranslation();
  const leads = useLeads('me');
  const waiting = (leads.data ?? []).filter((lead) => lead.status === 'new').length;
  if (!leads.data || leads.data.length === 0) return null;
  return (
    <Card withBorder data-testid="home-inbox">
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={4}>{t('nav.leads')}</Title>
          <Badge color={waiting > 0 ? 'orange' : 'gray'}>{t('home.newLeads', { count: waiting })}</Badge>
        </Group>
        <Button component={Link} to="/leads" variant="light" leftSection={<IconInbox size={18} />}>
          {t('home.openInbox')}
        </Button>
      </Group>
    </Card>
  );
}

/** An AM's way in: clients past their next contact date, the first few, and the full list. */
function MyClientsCard() {
  const { t } = useTranslation();
  const clients = useQuery({
    queryKey: ['my-clients', 'home'],
    queryFn: () => get<{ items: ClientAccount[] }>('/account/my-clients?limit=500'),
  });
  const overdue = (clients.data?.items ?? []).filter((c) => c.overdueDays > 0);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4}>{t('account.myClients')}</Title>
          {overdue.length > 0 && (
            <Badge color="red" variant="light">
              {t('home.overdueContacts', { count: overdue.length })}
            </Badge>
          )}
        </Group>
        <Button component={Link} to="/my-clients" variant="light" leftSection={<IconUsersGroup size={16} />}>
          {t('home.openMyClients')}
        </Button>
      </Group>
      {overdue.slice(0, 5).map((account) => (
        <Group key={account.companyId} gap="xs">
          <CompanyLink companyId={account.companyId} size="sm">
            {account.companyName}
          </CompanyLink>
          <Text size="sm" c="dimmed">
            {formatDay(account.nextContactOn)} · {t('account.overdueBy', { count: account.overdueDays })}
          </Text>
        </Group>
      ))}
      {clients.data && overdue.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('home.noOverdueContacts')}
        </Text>
      )}
    </Card>
  );
}
