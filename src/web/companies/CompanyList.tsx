import {
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Progress,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconColumns, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { COMPANY_STATUSES, type Company, type CompanyPage } from '../../contract/companies.ts';
import { get, patch, query } from '../api/client.ts';
import { formatDate } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { SavedViews } from '../app/SavedViews.tsx';
import { NewCompanyModal } from './CompanyForm.tsx';

type Page = z.infer<typeof CompanyPage>;
const COLUMNS = ['name', 'status', 'industry', 'region', 'taxId', 'tags', 'owner', 'updatedAt'] as const;
const SORTABLE = new Set(['name', 'updatedAt', 'createdAt']);

/** Companies: server-side filters, search, sort and keyset pages, chosen columns, bulk actions. */
export function CompanyList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { options: people, nameOf } = usePeople();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [sort, setSort] = useState<DataTableSortStatus<Company>>({
    columnAccessor: 'name',
    direction: 'asc',
  });
  const [hidden, setHidden] = useLocalStorage<string[]>({
    key: 'tandem.companies.hiddenColumns',
    defaultValue: [],
  });
  const [selected, setSelected] = useState<Company[]>([]);
  const [creating, { open: openNew, close: closeNew }] = useDisclosure(false);

  const filters = {
    q,
    status,
    ownerId,
    sort: `${sort.direction === 'desc' ? '-' : ''}${String(sort.columnAccessor)}`,
  };
  const list = useInfiniteQuery({
    queryKey: ['companies', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => get<Page>(`/companies${query({ ...filters, limit: 50, cursor: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const records = list.data?.pages.flatMap((page) => page.items) ?? [];

  const columns = COLUMNS.map((key) => ({
    accessor: key,
    title: t(key === 'owner' ? 'company.owner' : `company.${key}`),
    sortable: SORTABLE.has(key),
    hidden: key !== 'name' && hidden.includes(key),
    render: (company: Company) => {
      switch (key) {
        case 'status':
          return <Badge variant="light">{t(`status.${company.status}`)}</Badge>;
        case 'tags':
          return company.tags.join(', ');
        case 'owner':
          return nameOf(company.ownerId);
        case 'updatedAt':
          return formatDate(company.updatedAt);
        default:
          return company[key] ?? '';
      }
    },
  }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('company.title')}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={openNew}>
          {t('company.new')}
        </Button>
      </Group>
      <Group align="flex-end">
        <TextInput
          aria-label={t('app.search')}
          placeholder={t('app.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={280}
        />
        <Select
          aria-label={t('company.status')}
          placeholder={t('company.status')}
          clearable
          value={status}
          onChange={setStatus}
          data={COMPANY_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
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
        <SavedViews
          entity="company"
          current={{
            filters: { ...(q ? { q } : {}), ...(status ? { status } : {}), ...(ownerId ? { ownerId } : {}) },
            columns: COLUMNS.filter((key) => key !== 'owner' && !hidden.includes(key)),
            sort: filters.sort,
          }}
          onApply={(view) => {
            setSearch(typeof view.filters.q === 'string' ? view.filters.q : '');
            setStatus(typeof view.filters.status === 'string' ? view.filters.status : null);
            setOwnerId(typeof view.filters.ownerId === 'string' ? view.filters.ownerId : null);
            if (view.columns.length > 0)
              setHidden(
                COLUMNS.filter((key) => key !== 'name' && key !== 'owner' && !view.columns.includes(key)),
              );
            if (view.sort) {
              const descending = view.sort.startsWith('-');
              setSort({
                columnAccessor: view.sort.replace(/^-/, ''),
                direction: descending ? 'desc' : 'asc',
              });
            }
          }}
        />
        <Menu closeOnItemClick={false}>
          <Menu.Target>
            <Button variant="default" leftSection={<IconColumns size={16} />}>
              {t('company.columns')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {COLUMNS.filter((key) => key !== 'name').map((key) => (
              <Menu.Item key={key}>
                <Checkbox
                  label={t(key === 'owner' ? 'company.owner' : `company.${key}`)}
                  checked={!hidden.includes(key)}
                  onChange={() =>
                    setHidden(hidden.includes(key) ? hidden.filter((h) => h !== key) : [...hidden, key])
                  }
                />
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {selected.length > 0 && (
        <BulkActions
          selected={selected}
          people={people}
          onDone={() => {
            setSelected([]);
            void client.invalidateQueries({ queryKey: ['companies'] });
          }}
        />
      )}
      <DataTable
        withTableBorder
        highlightOnHover
        minHeight={200}
        records={records}
        columns={columns}
        fetching={list.isFetching}
        sortStatus={sort}
        onSortStatusChange={setSort}
        selectedRecords={selected}
        onSelectedRecordsChange={setSelected}
        onRowClick={({ record }) =>
          void navigate({ to: '/companies/$companyId', params: { companyId: record.id } })
        }
        noRecordsText={t('app.nothing')}
      />
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('app.loadMore')}
        </Button>
      )}
      <NewCompanyModal
        opened={creating}
        onClose={closeNew}
        onCreated={(company) => {
          closeNew();
          void navigate({ to: '/companies/$companyId', params: { companyId: company.id } });
        }}
      />
    </Stack>
  );
}

/** Assign an owner or add a tag to every selected company, one versioned PATCH each, with progress. */
function BulkActions({
  selected,
  people,
  onDone,
}: {
  selected: Company[];
  people: { value: string; label: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [owner, setOwner] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [progress, setProgress] = useState<number | null>(null);

  const run = async (change: (company: Company) => Record<string, unknown>) => {
    let ok = 0;
    for (const [index, company] of selected.entries()) {
      try {
        await patch(`/companies/${company.id}`, { version: company.version, ...change(company) });
        ok += 1;
      } catch {
        // counted below as a failure; the summary says how many
      }
      setProgress(((index + 1) / selected.length) * 100);
    }
    notifications.show({
      color: ok === selected.length ? 'green' : 'orange',
      message: t('company.bulkDone', { ok, total: selected.length }),
    });
    setProgress(null);
    onDone();
  };

  return (
    <Group p="sm" bg="indigo.0" style={{ borderRadius: 8 }}>
      <Text fw={500}>{t('company.selected', { count: selected.length })}</Text>
      <Select
        aria-label={t('company.assignOwner')}
        placeholder={t('company.assignOwner')}
        data={people}
        value={owner}
        onChange={setOwner}
        searchable
      />
      <Button
        size="xs"
        disabled={!owner || progress !== null}
        onClick={() => void run(() => ({ ownerId: owner }))}
      >
        {t('company.apply')}
      </Button>
      <TextInput
        aria-label={t('company.addTag')}
        placeholder={t('company.addTag')}
        value={tag}
        onChange={(e) => setTag(e.currentTarget.value)}
      />
      <Button
        size="xs"
        disabled={!tag.trim() || progress !== null}
        onClick={() => void run((company) => ({ tags: [...company.tags, tag.trim()] }))}
      >
        {t('company.apply')}
      </Button>
      {progress !== null && <Progress value={progress} w={160} aria-label="progress" />}
    </Group>
  );
}
