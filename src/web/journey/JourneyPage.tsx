import {
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconPrinter, IconRefresh } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  ClientJourneyList,
  JobDescription,
  JobDescriptionList,
  Matrix,
} from '../../contract/journey.ts';
import { api, get } from '../api/client.ts';
import { CompanyLink } from '../app/CompanyLink.tsx';
import { formatDate } from '../app/format.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';
import { can, type Me, useMe } from '../auth/me.ts';
import { ArticleHtml } from '../knowledge/ArticleHtml.tsx';
import { JourneyMapEditor } from './JourneyMapEditor.tsx';

/** The customer journey for heads and the team: clients on it, the matrix, job descriptions, the map. */
export function JourneyPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const { tab } = useSearch({ from: '/journey' });
  return (
    <Stack>
      <Title order={2}>{t('journey.title')}</Title>
      <Tabs
        value={tab ?? 'clients'}
        onChange={(value) => void navigate({ to: '/journey', search: { tab: value ?? undefined } })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="clients">{t('journey.clients')}</Tabs.Tab>
          <Tabs.Tab value="matrix">{t('journey.matrix')}</Tabs.Tab>
          <Tabs.Tab value="jobs">{t('journey.jobs')}</Tabs.Tab>
          {can(me, 'journey:manage') && <Tabs.Tab value="map">{t('journey.map')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="clients" pt="md">
          <ClientsOnJourney />
        </Tabs.Panel>
        <Tabs.Panel value="matrix" pt="md">
          <MatrixView />
        </Tabs.Panel>
        <Tabs.Panel value="jobs" pt="md">
          <JobDescriptions canEdit={can(me, 'journey:manage')} />
        </Tabs.Panel>
        {can(me, 'journey:manage') && (
          <Tabs.Panel value="map" pt="md">
            <JourneyMapEditor />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function ClientsOnJourney() {
  const { t } = useTranslation();
  const [flag, setFlag] = useState('all');
  const list = useQuery({
    queryKey: ['journey', 'clients', flag],
    queryFn: () =>
      get<z.infer<typeof ClientJourneyList>>(`/journey/clients${flag === 'all' ? '' : `?flag=${flag}`}`),
  });
  return (
    <Stack>
      <SegmentedControl
        w="fit-content"
        value={flag}
        onChange={setFlag}
        data={(['all', 'overdue', 'nobody_responsible'] as const).map((value) => ({
          value,
          label: t(`journey.filter.${value}`),
        }))}
      />
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('company.name')}</Table.Th>
            <Table.Th>{t('journey.stage')}</Table.Th>
            <Table.Th>{t('journey.touchpoint')}</Table.Th>
            <Table.Th>{t('journey.slots.responsible')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((row) => (
            <Table.Tr key={row.companyId}>
              <Table.Td>
                <CompanyLink companyId={row.companyId}>{row.companyName}</CompanyLink>
              </Table.Td>
              <Table.Td>{row.stageName ?? '—'}</Table.Td>
              <Table.Td>
                {row.currentTouchpointName ?? <Text c="dimmed">{t('journey.none')}</Text>}
                {row.dueAt && !row.done && (
                  <Text size="xs" c={row.overdue ? 'red' : 'dimmed'}>
                    {t('journey.due', { date: formatDate(row.dueAt) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {row.responsible?.userName ?? (row.currentTouchpointId ? t('journey.nobody') : '—')}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {row.overdue && (
                    <Badge color="red" size="sm">
                      {t('journey.overdue')}
                    </Badge>
                  )}
                  {row.nobodyResponsible && (
                    <Badge color="orange" size="sm">
                      {t('journey.nobodyResponsible')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data?.items.length === 0 && <Text c="dimmed">{t('app.nothing')}</Text>}
    </Stack>
  );
}

const MATRIX_ROLES = ['am', 'pm', 'bizdev', 'sales', 'team_lead', 'person'] as const;
const SLOT_COLOR = { responsible: 'blue', communicator: 'teal', support: 'gray' } as const;

function MatrixView() {
  const { t } = useTranslation();
  const matrix = useQuery({
    queryKey: ['journey', 'matrix'],
    queryFn: () => get<z.infer<typeof Matrix>>('/journey/matrix'),
  });
  const rows = matrix.data?.rows ?? [];
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('journey.matrixHint')}
      </Text>
      <Table withTableBorder withColumnBorders stickyHeader data-testid="journey-matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('journey.touchpoint')}</Table.Th>
            {MATRIX_ROLES.map((role) => (
              <Table.Th key={role} ta="center">
                {t(`journey.roles.${role}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Fragment key={row.touchpointId}>
              {(index === 0 || rows[index - 1]?.stageId !== row.stageId) && (
                <Table.Tr bg="var(--mantine-color-gray-1)">
                  <Table.Td colSpan={MATRIX_ROLES.length + 1} fw={700}>
                    {row.stageName}
                  </Table.Td>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Td>{row.touchpointName}</Table.Td>
                {MATRIX_ROLES.map((role) => (
                  <Table.Td key={role} ta="center">
                    <Group gap={2} justify="center">
                      {(row.cells[role] ?? []).map((slot) => (
                        <Badge
                          key={slot}
                          size="sm"
                          color={SLOT_COLOR[slot]}
                          title={`${t(`journey.slots.${slot}`)}${role === 'person' && row.people[slot] ? `: ${row.people[slot]}` : ''}`}
                        >
                          {t(`journey.slotShort.${slot}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                ))}
              </Table.Tr>
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function printHtml(title: string, html: string) {
  const win = window.open('', '_blank');
  if (!win) return;
  win.document.title = title;
  const style = win.document.createElement('style');
  style.textContent =
    'body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}';
  win.document.head.append(style);
  // The same sanitised HTML the page shows (rendered on the server).
  win.document.body.innerHTML = html;
  win.print();
}

function JobDescriptions({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  const jobs = useQuery({
    queryKey: ['journey', 'jobs', locale],
    queryFn: () => get<z.infer<typeof JobDescriptionList>>(`/journey/job-descriptions?locale=${locale}`),
  });
  const [role, setRole] = useState<string>('am');
  const [draft, setDraft] = useState<string | null>(null);
  const job = jobs.data?.items.find((item) => item.role === role);
  const refresh = (saved: JobDescription) => {
    client.setQueryData(['journey', 'jobs', locale], {
      items: (jobs.data?.items ?? []).map((item) => (item.role === saved.role ? saved : item)),
    });
    setDraft(null);
  };
  const save = async () => {
    try {
      refresh(await api<JobDescription>('PUT', `/journey/job-descriptions/${role}`, { body: draft }));
      notifySaved();
    } catch (error) {
      notifyError(error);
    }
  };
  const regenerate = async () => {
    try {
      refresh(await api<JobDescription>('DELETE', `/journey/job-descriptions/${role}?locale=${locale}`));
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack>
      <SegmentedControl
        w="fit-content"
        value={role}
        onChange={(value) => {
          setRole(value);
          setDraft(null);
        }}
        data={(jobs.data?.items ?? []).map((item) => ({
          value: item.role,
          label: t(`journey.roles.${item.role}`),
        }))}
      />
      {job && (
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Badge variant="light" color={job.edited ? 'orange' : 'blue'}>
              {job.edited ? t('journey.edited') : t('journey.generated')}
            </Badge>
            <Group gap="xs">
              {canEdit && draft === null && (
                <Button size="xs" variant="light" onClick={() => setDraft(job.body)}>
                  {t('app.edit')}
                </Button>
              )}
              {canEdit && job.edited && (
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconRefresh size={14} />}
                  onClick={regenerate}
                >
                  {t('journey.regenerate')}
                </Button>
              )}
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPrinter size={14} />}
                onClick={() => printHtml(t(`journey.roles.${job.role}`), job.html)}
              >
                {t('journey.print')}
              </Button>
            </Group>
          </Group>
          {draft === null ? (
            <ArticleHtml html={job.html} testId="job-description" />
          ) : (
            <Stack>
              <Textarea
                autosize
                minRows={12}
                maxRows={40}
                value={draft}
                onChange={(event) => setDraft(event.currentTarget.value)}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setDraft(null)}>
                  {t('app.cancel')}
                </Button>
                <Button onClick={save}>{t('app.save')}</Button>
              </Group>
            </Stack>
          )}
        </Card>
      )}
    </Stack>
  );
}
