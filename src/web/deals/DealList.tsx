import { Badge, Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../contract/deals.ts';
import { formatDate, formatMoney } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { useKeysetList } from '../app/useKeysetList.ts';

const KIND_COLOR = { open: 'blue', won: 'green', lost: 'red' } as const;

export function DealList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { options: people, nameOf } = usePeople();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [stageKind, setStageKind] = useState<string | null>('open');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [sort, setSort] = useState<DataTableSortStatus<Deal>>({
    columnAccessor: 'updatedAt',
    direction: 'desc',
  });
  const list = useKeysetList<Deal>('/deals', {
    q,
    stageKind,
    ownerId,
    sort: `${sort.direction === 'desc' ? '-' : ''}${String(sort.columnAccessor)}`,
  });
  return (
    <Stack>
      <Title order={2}>{t('nav.dealList')}</Title>
      <Group>
        <TextInput
          aria-label={t('app.search')}
          placeholder={t('app.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
        />
        <Select
          aria-label={t('deal.stage')}
          clearable
          value={stageKind}
          onChange={setStageKind}
          data={(['open', 'won', 'lost'] as const).map((value) => ({
            value,
            label: t(`deal.kinds.${value}`),
          }))}
        />
        <Select
          aria-label={t('company.owner')}
          placeholder={t('company.owner')}
          clearable
          searchable
          value={ownerId}
          onChange={setOwnerId}
          data={people}
        />
      </Group>
      <DataTable
        withTableBorder
        highlightOnHover
        minHeight={200}
        records={list.records}
        fetching={list.isFetching}
        sortStatus={sort}
        onSortStatusChange={setSort}
        noRecordsText={t('app.nothing')}
        onRowClick={({ record }) =>
          void navigate({ to: '/companies/$companyId', params: { companyId: record.companyId } })
        }
        columns={[
          { accessor: 'title', title: t('deal.title'), sortable: true },
          { accessor: 'companyName', title: t('deal.company') },
          {
            accessor: 'stageKind',
            title: t('deal.stage'),
            render: (d) => (
              <Badge color={KIND_COLOR[d.stageKind]} variant="light">
                {t(`deal.kinds.${d.stageKind}`)}
              </Badge>
            ),
          },
          {
            accessor: 'amountMinor',
            title: t('deal.amount'),
            sortable: true,
            textAlign: 'right',
            render: (d) => formatMoney(d.amountMinor, d.currency),
          },
          {
            accessor: 'expectedCloseDate',
            title: t('deal.expectedClose'),
            sortable: true,
            render: (d) => formatDate(d.expectedCloseDate),
          },
          { accessor: 'ownerId', title: t('company.owner'), render: (d) => nameOf(d.ownerId) },
          {
            accessor: 'updatedAt',
            title: t('company.updatedAt'),
            sortable: true,
            render: (d) => formatDate(d.updatedAt),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('app.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
