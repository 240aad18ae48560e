import { Button, Checkbox, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INVOICE_STATUSES, type InvoiceSummary } from '../../contract/money.ts';
import { sumByCurrency } from '../../contract/money-math.ts';
import { DatesLocale } from '../app/DatesLocale.tsx';
import { formatDay, formatMoneyExact } from '../app/format.ts';
import { useKeysetList } from '../app/useKeysetList.ts';
import { can, type Me, useMe } from '../auth/me.ts';
import { CompanySelect } from '../money/CompanySelect.tsx';
import { InvoiceStatusBadge } from '../money/InvoiceStatusBadge.tsx';

/**
 * The invoices: filters (status, client, overdue, issue period, search), keyset "load more",
 * and totals per currency of what is shown (currencies never mix).
 */
export function InvoiceList() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState<string | null>(null);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [period, setPeriod] = useState<[string | null, string | null]>([null, null]);
  const list = useKeysetList<InvoiceSummary>('/invoices', {
    q,
    status,
    companyId,
    overdue: overdue || undefined,
    issuedFrom: period[0],
    issuedTo: period[1],
    sort: '-createdAt',
  });
  const live = list.records.filter((invoice) => invoice.status !== 'cancelled' && invoice.status !== 'draft');
  const totals = sumByCurrency(
    live,
    (invoice) => invoice.currency,
    (invoice) => invoice.totalMinor,
  );
  const open = sumByCurrency(
    live,
    (invoice) => invoice.currency,
    (invoice) => invoice.openMinor,
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('invoice.title')}</Title>
        {can(me, 'money:write') && (
          <Button component={Link} to="/invoices/new" leftSection={<IconPlus size={16} />}>
            {t('invoice.new')}
          </Button>
        )}
      </Group>
      <Group align="flex-end">
        <TextInput
          aria-label={t('app.search')}
          placeholder={t('invoice.searchHint')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={240}
        />
        <Select
          aria-label={t('invoice.statusLabel')}
          placeholder={t('invoice.statusLabel')}
          clearable
          value={status}
          onChange={setStatus}
          data={INVOICE_STATUSES.map((value) => ({ value, label: t(`invoice.status.${value}`) }))}
          w={180}
        />
        <CompanySelect
          aria-label={t('invoice.client')}
          placeholder={t('invoice.client')}
          value={companyId}
          onChange={setCompanyId}
          w={220}
        />
        <DatesLocale>
          <DatePickerInput
            type="range"
            aria-label={t('invoice.period')}
            placeholder={t('invoice.period')}
            clearable
            valueFormat="D MMM YYYY"
            value={period}
            onChange={(value) => setPeriod(value as [string | null, string | null])}
            w={240}
          />
        </DatesLocale>
        <Checkbox
          label={t('invoice.onlyOverdue')}
          checked={overdue}
          onChange={(event) => setOverdue(event.currentTarget.checked)}
        />
      </Group>
      <DataTable
        withTableBorder
        highlightOnHover
        minHeight={list.records.length === 0 ? 150 : undefined}
        noRecordsText={list.isLoading ? t('app.loading') : t('invoice.none')}
        records={list.records}
        onRowClick={({ record }) =>
          void navigate({ to: '/invoices/$invoiceId', params: { invoiceId: record.id } })
        }
        columns={[
          {
            accessor: 'number',
            title: t('invoice.number'),
            render: (invoice) => invoice.number ?? <Text c="dimmed">{t('invoice.draftNoNumber')}</Text>,
          },
          { accessor: 'companyName', title: t('invoice.client') },
          { accessor: 'issueDate', title: t('invoice.issueDate'), render: (i) => formatDay(i.issueDate) },
          { accessor: 'dueDate', title: t('invoice.dueDate'), render: (i) => formatDay(i.dueDate) },
          {
            accessor: 'totalMinor',
            title: t('invoice.total'),
            textAlign: 'right',
            render: (i) => formatMoneyExact(i.totalMinor, i.currency),
          },
          {
            accessor: 'openMinor',
            title: t('invoice.open'),
            textAlign: 'right',
            render: (i) =>
              i.status === 'draft' || i.status === 'cancelled'
                ? '—'
                : formatMoneyExact(i.openMinor, i.currency),
          },
          {
            accessor: 'status',
            title: t('invoice.statusLabel'),
            render: (i) => <InvoiceStatusBadge invoice={i} />,
          },
        ]}
      />
      <Group justify="space-between">
        <Stack gap={2} data-testid="invoice-totals">
          {totals.map((total) => (
            <Text key={total.currency} size="sm">
              {t('invoice.totalsLine', {
                total: formatMoneyExact(total.amountMinor, total.currency),
                open: formatMoneyExact(
                  open.find((o) => o.currency === total.currency)?.amountMinor ?? 0,
                  total.currency,
                ),
              })}
            </Text>
          ))}
        </Stack>
        {list.hasNextPage && (
          <Button
            variant="default"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('app.loadMore')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
