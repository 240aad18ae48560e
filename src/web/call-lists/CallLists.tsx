import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconArchive, IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallList } from '../../contract/sales-flow.ts';
import { get, patch } from '../api/client.ts';
import { formatDate } from '../app/format.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import { BuildCallListModal } from './BuildCallListModal.tsx';
import { useLeadSourceOptions } from './CallListFields.tsx';

const total = (list: CallList) => Object.values(list.counts).reduce((sum, n) => sum + n, 0);
const percent = (part: number, whole: number) => (whole === 0 ? 0 : (part / whole) * 100);

/**
 * Tier 1's call lists (DOMAIN.md §2.2): each with its callers and how far each of them is — called,
 * qualified, not interested, left — its script to edit, and archive. New lists come from an import
 * or from a saved view of companies.
 */
export function CallLists() {
  const { t } = useTranslation();
  const [building, setBuilding] = useState(false);
  const lists = useQuery({
    queryKey: ['call-lists'],
    queryFn: () => get<{ items: CallList[] }>('/call-lists'),
  });
  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>{t('nav.callLists')}</Title>
        <Group>
          <Button component={Link} to="/imports" variant="default">
            {t('callLists.import')}
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setBuilding(true)}>
            {t('callLists.build')}
          </Button>
        </Group>
      </Group>
      {lists.data?.items.length === 0 && <Text c="dimmed">{t('callLists.empty')}</Text>}
      {lists.data?.items.map((list) => (
        <CallListCard key={list.id} list={list} />
      ))}
      <BuildCallListModal opened={building} onClose={() => setBuilding(false)} chooseView />
    </Stack>
  );
}

function CallListCard({ list }: { list: CallList }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { nameOf } = usePeople();
  const leadSources = useLeadSourceOptions();
  const [dialog, setDialog] = useState<'script' | 'archive' | null>(null);
  const [script, setScript] = useState(list.script);
  const [saving, setSaving] = useState(false);
  const reload = () => void client.invalidateQueries({ queryKey: ['call-lists'] });
  const all = total(list);
  const left = list.counts.pending + list.counts.no_answer + list.counts.callback;
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const source = leadSources.nameOf(list.leadSourceId);

  const save = async (body: Record<string, unknown>) => {
    setSaving(true);
    try {
      await patch(`/call-lists/${list.id}`, { ...body, version: list.version });
      notifySaved();
      setDialog(null);
      reload();
    } catch (error) {
      notifyError(error, reload);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card withBorder data-testid="call-list-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={4}>{list.name}</Title>
            <Group gap="xs">
              <Badge variant="light">{t(`callLists.distributions.${list.distribution}`)}</Badge>
              {source && (
                <Badge variant="outline" color="gray">
                  {source}
                </Badge>
              )}
              <Text size="sm" c="dimmed">
                {t('callLists.createdAt', { date: formatDate(list.createdAt) })}
              </Text>
              {list.importId && (
                <Link
                  to="/imports/$importId"
                  params={{ importId: list.importId }}
                  style={{ textDecoration: 'none' }}
                >
                  <Text span size="sm" c="indigo">
                    {t('callLists.fromImport')}
                  </Text>
                </Link>
              )}
            </Group>
          </Stack>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPencil size={14} />}
              onClick={() => {
                setScript(list.script);
                setDialog('script');
              }}
            >
              {t('callLists.editScript')}
            </Button>
            <Button
              variant="default"
              color="red"
              size="xs"
              leftSection={<IconArchive size={14} />}
              onClick={() => setDialog('archive')}
            >
              {t('callLists.archive')}
            </Button>
          </Group>
        </Group>
        <Group gap="sm" wrap="nowrap">
          <Progress.Root size="lg" style={{ flex: 1 }} aria-label={t('callLists.progress')}>
            <Progress.Section value={percent(list.counts.qualified, all)} color="green" />
            <Progress.Section
              value={percent(list.counts.not_interested + list.counts.unreachable, all)}
              color="gray"
            />
            <Progress.Section
              value={percent(list.counts.no_answer + list.counts.callback, all)}
              color="yellow"
            />
          </Progress.Root>
          <Text size="sm" data-testid="call-list-left">
            {t('callLists.leftOf', { left: number(left), total: number(all) })}
          </Text>
        </Group>
        <Table striped withTableBorder data-testid="call-list-callers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('callLists.caller')}</Table.Th>
              <Table.Th ta="right">{t('callLists.total')}</Table.Th>
              <Table.Th ta="right">{t('callLists.called')}</Table.Th>
              <Table.Th ta="right">{t('callLists.qualified')}</Table.Th>
              <Table.Th ta="right">{t('callLists.notInterested')}</Table.Th>
              <Table.Th ta="right">{t('callLists.left')}</Table.Th>
              <Table.Th w="25%">{t('callLists.progress')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.byCaller.map((row) => (
              <Table.Tr key={row.callerId ?? 'nobody'}>
                <Table.Td>{row.callerId ? nameOf(row.callerId) : t('callLists.nobody')}</Table.Td>
                <Table.Td ta="right">{number(row.total)}</Table.Td>
                <Table.Td ta="right">{number(row.called)}</Table.Td>
                <Table.Td ta="right">{number(row.qualified)}</Table.Td>
                <Table.Td ta="right">{number(row.notInterested)}</Table.Td>
                <Table.Td ta="right">{number(row.left)}</Table.Td>
                <Table.Td>
                  <Progress value={percent(row.total - row.left, row.total)} size="sm" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.script && (
          <Text size="sm" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
            {list.script}
          </Text>
        )}
      </Stack>
      <Modal
        opened={dialog === 'script'}
        onClose={() => setDialog(null)}
        title={t('callLists.scriptOf', { name: list.name })}
        size="lg"
      >
        <Stack>
          <Textarea
            label={t('queue.script')}
            description={t('callLists.scriptHint')}
            autosize
            minRows={8}
            maxRows={20}
            value={script}
            onChange={(event) => setScript(event.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              {t('app.cancel')}
            </Button>
            <Button loading={saving} onClick={() => void save({ script })}>
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={dialog === 'archive'}
        onClose={() => setDialog(null)}
        title={t('callLists.archiveTitle')}
      >
        <Stack>
          <Text size="sm">{t('callLists.archiveText', { name: list.name, count: left })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              {t('app.cancel')}
            </Button>
            <Button color="red" loading={saving} onClick={() => void save({ archived: true })}>
              {t('callLists.archive')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
