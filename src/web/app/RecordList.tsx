import {
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
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconColumns, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '../../contract/saved-views.ts';
import { patch } from '../api/client.ts';
import { usePeople } from './people.ts';
import { SavedViews } from './SavedViews.tsx';
import { useKeysetList } from './useKeysetList.ts';

export interface ListColumn<T> {
  /** The record field: also what a saved view's export writes. */
  key: string;
  title: string;
  sortable?: boolean;
  render?: (record: T) => ReactNode;
}

export interface ListFilter {
  key: string;
  label: string;
  options: { value: string; label: string }[];
}

interface Versioned {
  id: string;
  version: number;
  tags?: string[];
}

/**
 * A list of companies, contacts or deals: server-side search, filters, sort and keyset pages;
 * columns to choose; saved views (personal or shared) that export as segments; bulk actions
 * (assign owner, and add tag where records have tags) with progress and a summary.
 */
export function RecordList<T extends Versioned>(props: {
  entity: SavedView['entity'];
  path: string;
  title: string;
  columns: ListColumn<T>[];
  filters: ListFilter[];
  defaultSort: { key: string; direction: 'asc' | 'desc' };
  onRowClick: (record: T) => void;
  actions?: ReactNode;
  /** An action on what the list shows: the selected rows, the saved view applied, the current filters. */
  segmentAction?: (segment: {
    selectedIds: string[];
    view: SavedView | null;
    filters: Record<string, string>;
  }) => ReactNode;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [filterValues, setFilterValues] = useState<Record<string, string | null>>({});
  const [sort, setSort] = useState<DataTableSortStatus<T>>({
    columnAccessor: props.defaultSort.key,
    direction: props.defaultSort.direction,
  });
  const [hidden, setHidden] = useLocalStorage<string[]>({
    key: `tandem.${props.entity}.hiddenColumns`,
    defaultValue: [],
  });
  const [selected, setSelected] = useState<T[]>([]);
  const [activeView, setActiveView] = useState<SavedView | null>(null);

  const sortParam = `${sort.direction === 'desc' ? '-' : ''}${String(sort.columnAccessor)}`;
  const list = useKeysetList<T>(props.path, { q, ...filterValues, sort: sortParam });
  const [first, ...rest] = props.columns;
  const choosable = rest.map((column) => column.key);
  const activeFilters = Object.fromEntries(
    Object.entries({ q, ...filterValues }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );

  const applyView = (view: SavedView) => {
    setActiveView(view);
    setSearch(typeof view.filters.q === 'string' ? view.filters.q : '');
    setFilterValues(
      Object.fromEntries(
        props.filters.map((f) => [
          f.key,
          typeof view.filters[f.key] === 'string' ? (view.filters[f.key] as string) : null,
        ]),
      ),
    );
    if (view.columns.length > 0) setHidden(choosable.filter((key) => !view.columns.includes(key)));
    if (view.sort)
      setSort({
        columnAccessor: view.sort.replace(/^-/, ''),
        direction: view.sort.startsWith('-') ? 'desc' : 'asc',
      });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{props.title}</Title>
        {props.actions}
      </Group>
      <Group align="flex-end">
        <TextInput
          aria-label={t('app.search')}
          placeholder={t('app.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={260}
        />
        {props.filters.map((filter) => (
          <Select
            key={filter.key}
            aria-label={filter.label}
            placeholder={filter.label}
            clearable
            searchable
            value={filterValues[filter.key] ?? null}
            onChange={(value) => setFilterValues((current) => ({ ...current, [filter.key]: value }))}
            data={filter.options}
            w={200}
          />
        ))}
        <SavedViews
          entity={props.entity}
          current={{
            filters: activeFilters,
            columns: props.columns.map((c) => c.key).filter((k) => !hidden.includes(k)),
            sort: sortParam,
          }}
          onApply={applyView}
        />
        <Menu closeOnItemClick={false}>
          <Menu.Target>
            <Button variant="default" leftSection={<IconColumns size={16} />}>
              {t('company.columns')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {rest.map((column) => (
              <Menu.Item key={column.key}>
                <Checkbox
                  label={column.title}
                  checked={!hidden.includes(column.key)}
                  onChange={() =>
                    setHidden(
                      hidden.includes(column.key)
                        ? hidden.filter((h) => h !== column.key)
                        : [...hidden, column.key],
                    )
                  }
                />
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {props.segmentAction?.({
          selectedIds: selected.map((record) => record.id),
          view: activeView,
          filters: activeFilters,
        })}
      </Group>
      {selected.length > 0 && (
        <BulkActions
          path={props.path}
          selected={selected}
          onDone={() => {
            setSelected([]);
            void client.invalidateQueries({ queryKey: [props.path] });
          }}
        />
      )}
      <DataTable
        withTableBorder
        highlightOnHover
        minHeight={200}
        records={list.records}
        fetching={list.isFetching}
        sortStatus={sort}
        onSortStatusChange={setSort}
        selectedRecords={selected}
        onSelectedRecordsChange={setSelected}
        onRowClick={({ record }) => props.onRowClick(record)}
        noRecordsText={t('app.nothing')}
        columns={[first!, ...rest].map((column, index) => ({
          accessor: column.key,
          title: column.title,
          sortable: column.sortable,
          hidden: index > 0 && hidden.includes(column.key),
          render:
            column.render ??
            ((record: T) => String((record as unknown as Record<string, unknown>)[column.key] ?? '')),
        }))}
      />
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('app.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/** Assign an owner, or add a tag, to every selected record: one versioned PATCH each, with progress. */
function BulkActions<T extends Versioned>({
  path,
  selected,
  onDone,
}: {
  path: string;
  selected: T[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { options: people } = usePeople();
  const [owner, setOwner] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const taggable = selected.every((record) => Array.isArray(record.tags));

  const run = async (change: (record: T) => Record<string, unknown>) => {
    let ok = 0;
    for (const [index, record] of selected.entries()) {
      try {
        await patch(`${path}/${record.id}`, { version: record.version, ...change(record) });
        ok += 1;
      } catch {
        // counted as a failure in the summary below
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
      {taggable && (
        <>
          <TextInput
            aria-label={t('company.addTag')}
            placeholder={t('company.addTag')}
            value={tag}
            onChange={(e) => setTag(e.currentTarget.value)}
          />
          <Button
            size="xs"
            disabled={!tag.trim() || progress !== null}
            onClick={() => void run((record) => ({ tags: [...(record.tags ?? []), tag.trim()] }))}
          >
            {t('company.apply')}
          </Button>
        </>
      )}
      {progress !== null && <Progress value={progress} w={160} aria-label="progress" />}
    </Group>
  );
}
