import { Card, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CallStatsRow } from '../../contract/sales-flow.ts';
import { get, query } from '../api/client.ts';
import { formatBasisPoints, todayIn } from '../app/format.ts';
import { type Me, useMe } from '../auth/me.ts';

type Stats = { from: string; to: string; workingDays: number; items: z.infer<typeof CallStatsRow>[] };

/** My figures from /call-queue/stats for a period (days in the workspace's time zone). */
export function useMyCallStats(from: string, to: string) {
  const me = useMe().data as Me;
  const stats = useQuery({
    queryKey: ['call-queue', 'stats', from, to],
    queryFn: () => get<Stats>(`/call-queue/stats${query({ from, to })}`),
  });
  const mine = stats.data?.items.find((row) => row.userId === me.id);
  return { calls: mine?.calls ?? 0, qualified: mine?.qualified ?? 0, row: mine, loaded: !!stats.data };
}

/** Tier-1 KPIs for the person (DOMAIN.md §1): calls today, conversion today and this month. */
export function CallStats() {
  const { t, i18n } = useTranslation();
  const me = useMe().data as Me;
  const today = todayIn(me.workspace.timeZone);
  const monthStart = `${today.slice(0, 8)}01`;
  const day = useMyCallStats(today, today);
  const month = useMyCallStats(monthStart, today);
  const figures = [
    { key: 'callsToday', value: String(day.calls) },
    { key: 'qualifiedToday', value: String(day.qualified) },
    { key: 'conversionToday', value: formatBasisPoints(day.row?.conversionBp ?? 0) },
    {
      key: 'callsPerDayMonth',
      value: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(
        month.row?.callsPerDay ?? 0,
      ),
    },
    { key: 'conversionMonth', value: formatBasisPoints(month.row?.conversionBp ?? 0) },
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="call-stats">
      {figures.map((figure) => (
        <Card key={figure.key} withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {t(`queue.stats.${figure.key}`)}
          </Text>
          <Text fw={700} size="xl" data-testid={`stat-${figure.key}`}>
            {figure.value}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
