import { Badge, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientAccount } from '../../contract/account.ts';
import { get, query } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDateTime, formatDay } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { type Me, useMe } from '../auth/me.ts';
import { HEALTH_COLOR } from './AccountSummary.tsx';

/** An AM's home for account work: their clients by next contact, overdue first, with health. */
export function MyClients() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const { optionsWithRole } = usePeople();
  const [ownerId, setOwnerId] = useState<string>(me.id);
  const clients = useQuery({
    queryKey: ['my-clients', ownerId],
    queryFn: () => get<{ items: ClientAccount[] }>(`/account/my-clients${query({ ownerId, limit: 500 })}`),
  });
  const managers = optionsWithRole('am');
  return (
    <Stack>
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2}>{t('account.myClients')}</Title>
          <Text c="dimmed" size="sm">
            {t('account.myClientsHint')}
          </Text>
        </Stack>
        {me.scope !== 'own' && (
          <Select
            aria-label={t('company.owner')}
            data={[{ value: me.id, label: me.name }, ...managers.filter((m) => m.value !== me.id)]}
            value={ownerId}
            onChange={(value) => setOwnerId(value ?? me.id)}
            searchable
          />
        )}
      </Group>
      <Card withBorder p={0}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('account.client')}</Table.Th>
              <Table.Th>{t('account.nextContact')}</Table.Th>
              <Table.Th>{t('account.lastContact')}</Table.Th>
              <Table.Th>{t('account.health')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed">{t('app.nothing')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {clients.data?.items.map((account) => (
              <Table.Tr key={account.companyId}>
                <Table.Td>
                  <CompanyLink companyId={account.companyId}>{account.companyName}</CompanyLink>
                  {account.churnRiskAt && (
                    <Badge ml="xs" size="xs" color="orange">
                      {t('account.churnRisk')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{formatDay(account.nextContactOn)}</Text>
                    {account.overdueDays > 0 && (
                      <Badge color="red" variant="light" size="sm">
                        {t('account.overdueBy', { count: account.overdueDays })}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {account.lastContactAt ? formatDateTime(account.lastContactAt) : t('account.never')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge
                    color={HEALTH_COLOR[account.health.level]}
                    title={account.health.reasons
                      .map((r) => t(`account.reasons.${r.code}`, { value: r.value }))
                      .join('\n')}
                  >
                    {account.health.score}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
