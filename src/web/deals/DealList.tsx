import { Badge } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DEAL_KINDS, type Deal } from '../../contract/deals.ts';
import { formatDate, formatMoney } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { RecordList } from '../app/RecordList.tsx';

const KIND_COLOR = { open: 'blue', won: 'green', lost: 'red' } as const;

export function DealList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { options: people, nameOf } = usePeople();
  return (
    <RecordList<Deal>
      entity="deal"
      path="/deals"
      title={t('nav.dealList')}
      defaultSort={{ key: 'updatedAt', direction: 'desc' }}
      onRowClick={(deal) =>
        void navigate({ to: '/companies/$companyId', params: { companyId: deal.companyId } })
      }
      filters={[
        {
          key: 'stageKind',
          label: t('deal.stage'),
          options: (['open', 'won', 'lost'] as const).map((value) => ({
            value,
            label: t(`deal.kinds.${value}`),
          })),
        },
        { key: 'kind', label: t('deal.kind'), options: DEAL_KINDS.map((value) => ({ value, label: value })) },
        { key: 'ownerId', label: t('company.owner'), options: people },
      ]}
      columns={[
        { key: 'title', title: t('deal.title'), sortable: true },
        { key: 'companyName', title: t('deal.company') },
        {
          key: 'stageKind',
          title: t('deal.stage'),
          render: (d) => (
            <Badge color={KIND_COLOR[d.stageKind]} variant="light">
              {t(`deal.kinds.${d.stageKind}`)}
            </Badge>
          ),
        },
        {
          key: 'amountMinor',
          title: t('deal.amount'),
          sortable: true,
          render: (d) => formatMoney(d.amountMinor, d.currency),
        },
        {
          key: 'expectedCloseDate',
          title: t('deal.expectedClose'),
          sortable: true,
          render: (d) => formatDate(d.expectedCloseDate),
        },
        { key: 'nextStep', title: t('deal.nextStep') },
        { key: 'ownerId', title: t('company.owner'), render: (d) => nameOf(d.ownerId) },
        {
          key: 'updatedAt',
          title: t('company.updatedAt'),
          sortable: true,
          render: (d) => formatDate(d.updatedAt),
        },
      ]}
    />
  );
}
