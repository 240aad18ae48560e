import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { DealPage } from '../../contract/deals.ts';
import { get, query } from '../api/client.ts';
import { formatDate, formatMoney } from '../app/format.ts';

const DealForm = lazy(() => import('../deals/DealForm.tsx').then((m) => ({ default: m.DealForm })));

const KIND_COLOR = { open: 'blue', won: 'green', lost: 'red' } as const;

export function CompanyDeals({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const deals = useQuery({
    queryKey: ['deals', { companyId }],
    queryFn: () => get<z.infer<typeof DealPage>>(`/deals${query({ companyId, limit: 100 })}`),
  });
  if (!deals.data?.items.length) return <Text c="dimmed">{t('app.nothing')}</Text>;
  return (
    <>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('deal.title')}</Table.Th>
            <Table.Th>{t('deal.stage')}</Table.Th>
            <Table.Th ta="right">{t('deal.amount')}</Table.Th>
            <Table.Th>{t('deal.expectedClose')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deals.data.items.map((deal) => (
            <Table.Tr key={deal.id}>
              <Table.Td>
                <Anchor component="button" type="button" size="sm" onClick={() => setOpen(deal.id)}>
                  {deal.title}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge color={KIND_COLOR[deal.stageKind]} variant="light">
                  {t(`deal.kinds.${deal.stageKind}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{formatMoney(deal.amountMinor, deal.currency)}</Table.Td>
              <Table.Td>{formatDate(deal.expectedCloseDate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open && (
        <Suspense>
          <DealForm dealId={open} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </>
  );
}
