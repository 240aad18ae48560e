import { Badge, Button, Checkbox, Group, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_SOURCES, type Payment } from '../../contract/money.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDay, formatMoneyExact } from '../app/format.ts';
import { useKeysetList } from '../app/useKeysetList.ts';
import { can, type Me, useMe } from '../auth/me.ts';
import { CompanySelect } from '../money/CompanySelect.tsx';
import { AllocateModal } from './AllocateModal.tsx';
import { PaymentModal } from './PaymentModal.tsx';
import { StatementImport } from './StatementImport.tsx';

/** `/payments`: incoming payments, entering one by hand, allocating to invoices, bank statements. */
export function PaymentList() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const canWrite = can(me, 'money:write');
  return (
    <Stack>
      <Title order={2}>{t('payment.title')}</Title>
      <Tabs defaultValue="payments" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="payments">{t('payment.list')}</Tabs.Tab>
          {canWrite && <Tabs.Tab value="statement">{t('statement.tab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="payments" pt="md">
          <Payments canWrite={canWrite} />
        </Tabs.Panel>
        {canWrite && (
          <Tabs.Panel value="statement" pt="md">
            <StatementImport />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function Payments({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [unallocated, setUnallocated] = useState(false);
  const [entering, setEntering] = useState(false);
  const [allocating, setAllocating] = useState<Payment | null>(null);
  const list = useKeysetList<Payment>('/payments', {
    q,
    companyId,
    source,
    unallocated: unallocated || undefined,
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput
            aria-label={t('app.search')}
            placeholder={t('app.search')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={220}
          />
          <CompanySelect
            aria-label={t('invoice.client')}
            placeholder={t('invoice.client')}
            value={companyId}
            onChange={setCompanyId}
            w={220}
          />
          <Select
            aria-label={t('payment.source')}
            placeholder={t('payment.source')}
            clearable
            value={source}
            onChange={setSource}
            data={PAYMENT_SOURCES.map((value) => ({ value, label: t(`payment.sources.${value}`) }))}
            w={170}
          />
          <Checkbox
            label={t('payment.onlyUnallocated')}
            checked={unallocated}
            onChange={(event) => setUnallocated(event.currentTarget.checked)}
          />
        </Group>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEntering(true)}>
            {t('payment.enter')}
          </Button>
        )}
      </Group>
      <DataTable
        withTableBorder
        highlightOnHover
        minHeight={list.records.length === 0 ? 150 : undefined}
        noRecordsText={list.isLoading ? t('app.loading') : t('payment.none')}
        records={list.records}
        onRowClick={canWrite ? ({ record }) => setAllocating(record) : undefined}
        columns={[
          { accessor: 'receivedOn', title: t('payment.receivedOn'), render: (p) => formatDay(p.receivedOn) },
          {
            accessor: 'companyName',
            title: t('invoice.client'),
            render: (p) =>
              p.companyId ? (
                <CompanyLink companyId={p.companyId}>{p.companyName}</CompanyLink>
              ) : (
                <Text c="dimmed">{p.payerName || '—'}</Text>
              ),
          },
          { accessor: 'bankReference', title: t('payment.reference'), render: (p) => p.bankReference ?? '—' },
          { accessor: 'purpose', title: t('payment.purpose'), ellipsis: true, width: 260 },
          {
            accessor: 'amountMinor',
            title: t('payment.amount'),
            textAlign: 'right',
            render: (p) => formatMoneyExact(p.amountMinor, p.currency),
          },
          {
            accessor: 'allocations',
            title: t('payment.allocatedTo'),
            render: (p) =>
              p.allocations.length === 0 ? (
                '—'
              ) : (
                <Group gap={4}>
                  {p.allocations.map((a) => (
                    <Badge key={a.id} variant="light" size="sm">
                      № {a.invoiceNumber}
                    </Badge>
                  ))}
                </Group>
              ),
          },
          {
            accessor: 'unallocatedMinor',
            title: t('payment.unallocated'),
            textAlign: 'right',
            render: (p) =>
              p.unallocatedMinor > 0 ? (
                <Text c="orange" size="sm" data-testid="payment-unallocated">
                  {formatMoneyExact(p.unallocatedMinor, p.currency)}
                </Text>
              ) : (
                '—'
              ),
          },
          ...(canWrite
            ? [
                {
                  accessor: 'actions',
                  title: '',
                  render: (p: Payment) => (
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={(event) => {
                        event.stopPropagation();
                        setAllocating(p);
                      }}
                    >
                      {t('payment.allocate')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {list.hasNextPage && (
        <Group justify="flex-end">
          <Button
            variant="default"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('app.loadMore')}
          </Button>
        </Group>
      )}
      {entering && (
        <PaymentModal
          onClose={() => setEntering(false)}
          onCreated={(payment) => {
            setEntering(false);
            if (payment.unallocatedMinor > 0) setAllocating(payment);
          }}
        />
      )}
      {allocating && <AllocateModal payment={allocating} onClose={() => setAllocating(null)} />}
    </Stack>
  );
}
