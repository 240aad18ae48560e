import { Badge, Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Contact, DECISION_ROLES } from '../../contract/contacts.ts';
import { formatDate } from '../app/format.ts';
import { useKeysetList } from '../app/useKeysetList.ts';

/** Contacts: search by name, position, e-mail or phone; decision makers marked. */
export function ContactList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [decisionRole, setDecisionRole] = useState<string | null>(null);
  const [sort, setSort] = useState<DataTableSortStatus<Contact>>({
    columnAccessor: 'name',
    direction: 'asc',
  });
  const list = useKeysetList<Contact>('/contacts', {
    q,
    decisionRole,
    sort: `${sort.direction === 'desc' ? '-' : ''}${String(sort.columnAccessor)}`,
  });
  return (
    <Stack>
      <Title order={2}>{t('nav.contacts')}</Title>
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
          aria-label={t('contact.role')}
          placeholder={t('contact.role')}
          clearable
          value={decisionRole}
          onChange={setDecisionRole}
          data={DECISION_ROLES.map((value) => ({ value, label: t(`contact.roles.${value}`) }))}
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
        onRowClick={({ record }) => {
          if (record.companyId)
            void navigate({ to: '/companies/$companyId', params: { companyId: record.companyId } });
        }}
        columns={[
          { accessor: 'name', title: t('contact.name'), sortable: true },
          { accessor: 'position', title: t('contact.position') },
          { accessor: 'emails', title: t('contact.email'), render: (c) => c.emails.join(', ') },
          { accessor: 'phones', title: t('contact.phone'), render: (c) => c.phones.join(', ') },
          {
            accessor: 'isDecisionMaker',
            title: t('contact.decisionMaker'),
            render: (c) =>
              c.isDecisionMaker ? <Badge color="grape">{t('contact.decisionMaker')}</Badge> : null,
          },
          {
            accessor: 'updatedAt',
            title: t('company.updatedAt'),
            sortable: true,
            render: (c) => formatDate(c.updatedAt),
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
