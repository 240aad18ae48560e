import { Card, Grid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { DealPage } from '../../contract/deals.ts';
import { get, query } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDate, formatMoney } from '../app/format.ts';
import { type Me, useMe } from '../auth/me.ts';
import { TaskGroups } from '../tasks/TaskGroups.tsx';

/** Home until the role pages of later issues arrive: the person's tasks and open deals. */
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
