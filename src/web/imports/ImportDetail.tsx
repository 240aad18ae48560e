import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload, IconEye, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COMPANY_TARGETS,
  CONTACT_TARGETS,
  DEDUPE_MODES,
  type DedupeMode,
  type Import,
  type ImportMapping,
  type ImportPreview,
  type ImportTarget,
  type PreviewRow,
  type UploadedImport,
} from '../../contract/imports.ts';
import { ApiError, get, post } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { usePeople } from '../app/people.ts';
import {
  type CallListDraft,
  CallListFields,
  callListBody,
  draftErrors,
  emptyCallListDraft,
  useLeadSourceOptions,
} from '../call-lists/CallListFields.tsx';
import { STATUS_COLOR } from './ImportPage.tsx';
import { completeMapping, formatBytes, mappingProblems, previewTally, rowsPerSecond } from './import-file.ts';

const SKIP = '__skip';

/** One import: its mapping, options and dry run while it waits; its progress and summary once started. */
export function ImportDetail() {
  const { t, i18n } = useTranslation();
  const { importId } = useParams({ from: '/imports/$importId' });
  const { nameOf } = usePeople();
  const current = useQuery({
    queryKey: ['imports', importId],
    queryFn: () => get<Import>(`/imports/${importId}`),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  const run = current.data;
  if (current.error) {
    return (
      <Alert color="red" title={t('app.error')}>
        {current.error.message}
      </Alert>
    );
  }
  if (!run) return <Text c="dimmed">{t('app.loading')}</Text>;
  return (
    <Stack maw={1200}>
      <Link to="/imports" style={{ textDecoration: 'none' }}>
        <Text span size="sm" c="indigo">
          ← {t('nav.imports')}
        </Text>
      </Link>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{run.fileName}</Title>
          <Text size="sm" c="dimmed">
            {[
              t(`imports.kinds.${run.kind}`),
              `${run.fileFormat.toUpperCase()}, ${formatBytes(run.fileSize, i18n.language)}`,
              t('imports.uploadedBy', { name: nameOf(run.createdBy), when: formatDateTime(run.createdAt) }),
            ].join(' · ')}
          </Text>
        </Stack>
        <Badge size="lg" color={STATUS_COLOR[run.status]} variant="light" data-testid="import-status">
          {t(`imports.statuses.${run.status}`)}
        </Badge>
      </Group>
      {run.status === 'uploaded' ? <ImportSetup run={run} /> : <ImportRun run={run} />}
    </Stack>
  );
}

/** Column mapping, de-duplication, the call list's options, the dry run, and start. */
function ImportSetup({ run }: { run: Import }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  // What the upload answered (the first rows, where the mapping came from), while this page is open.
  const upload = client.getQueryData<Pick<UploadedImport, 'sample' | 'mappingSource'>>([
    'imports',
    run.id,
    'upload',
  ]);
  const sample = upload?.sample ?? [];
  const leadSources = useLeadSourceOptions();
  const [mapping, setMapping] = useState<ImportMapping>(() => completeMapping(run.headers, run.mapping));
  const [dedupe, setDedupe] = useState<DedupeMode>('merge');
  const [leadSourceId, setLeadSourceId] = useState<string | null>(null);
  const [draft, setDraft] = useState<CallListDraft>(() =>
    emptyCallListDraft(run.fileName.replace(/\.[^.]+$/, '')),
  );
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'start' | null>(null);
  const [serverFields, setServerFields] = useState<{ field: string; message: string }[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [tried, setTried] = useState(false);

  const problems = useMemo(() => mappingProblems(run.headers, mapping, run.kind), [run, mapping]);
  // A changed mapping or rule makes the shown preview stale.
  const changeMapping = (header: string, target: ImportTarget | null) => {
    setPreview(null);
    setMapping((current) => ({ ...current, [header]: target }));
  };
  const changeDedupe = (mode: DedupeMode) => {
    setPreview(null);
    setDedupe(mode);
  };

  const headerError = (header: string) => {
    const local = problems.find((p) => p.header === header);
    if (local)
      return t('imports.mapping.problems.usedTwice', {
        other: local.other,
        target: t(`imports.targets.${local.target}`),
      });
    return serverFields.find((f) => f.field === `mapping.${header}`)?.message;
  };
  const wholeMapping = [
    ...problems.filter((p) => p.header === null).map((p) => t(`imports.mapping.problems.${p.problem}`)),
    ...serverFields.filter((f) => f.field === 'mapping').map((f) => f.message),
  ];
  const callListErrors = {
    ...draftErrors(serverFields, 'callList.'),
    ...(tried && !draft.name.trim() ? { name: t('callLists.needs.name') } : {}),
    ...(tried && draft.callerIds.length === 0 ? { callerIds: t('callLists.needs.callers') } : {}),
  };

  const targetOptions = [
    { value: SKIP, label: t('imports.mapping.skip') },
    {
      group: t('imports.mapping.companyFields'),
      items: COMPANY_TARGETS.map((target) => ({ value: target, label: t(`imports.targets.${target}`) })),
    },
    {
      group: t('imports.mapping.contactFields'),
      items: CONTACT_TARGETS.map((target) => ({ value: target, label: t(`imports.targets.${target}`) })),
    },
  ];
  const failed = (error: unknown) => {
    if (error instanceof ApiError) {
      setServerFields(error.fields);
      const placed = error.fields.every(
        (f) => f.field.startsWith('mapping') || f.field.startsWith('callList.') || f.field === 'leadSourceId',
      );
      setProblem(error.fields.length === 0 || !placed ? error.detail : null);
    } else notifyError(error);
  };
  const body = () => ({ mapping, dedupe, sourceKey: run.sourceKey || undefined });

  const doPreview = async () => {
    setServerFields([]);
    setProblem(null);
    if (problems.length > 0) return;
    setBusy('preview');
    try {
      setPreview(await post<ImportPreview>(`/imports/${run.id}/preview`, body()));
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };
  const start = async () => {
    setTried(true);
    setServerFields([]);
    setProblem(null);
    if (problems.length > 0) return;
    if (run.kind === 'call_list' && (!draft.name.trim() || draft.callerIds.length === 0)) return;
    setBusy('start');
    try {
      const started = await post<Import>(`/imports/${run.id}/start`, {
        ...body(),
        ...(run.kind === 'call_list' ? { callList: callListBody(draft) } : { leadSourceId }),
      });
      client.setQueryData(['imports', run.id], started);
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack>
      <Card withBorder>
        <Stack gap="sm">
          <Group gap="xs">
            <Title order={4}>{t('imports.mapping.title')}</Title>
            {upload && (
              <Badge variant="light" color={upload.mappingSource === 'remembered' ? 'teal' : 'gray'}>
                {t(`imports.mapping.source.${upload.mappingSource}`, { source: run.sourceKey })}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('imports.mapping.hint')}
          </Text>
          {wholeMapping.map((message) => (
            <Alert key={message} color="red" data-testid="mapping-problem">
              {message}
            </Alert>
          ))}
          <Table withTableBorder data-testid="mapping">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.mapping.column')}</Table.Th>
                {sample.length > 0 && <Table.Th>{t('imports.mapping.sample')}</Table.Th>}
                <Table.Th w={320}>{t('imports.mapping.field')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.headers.map((header, index) => (
                <Table.Tr key={header}>
                  <Table.Td fw={500}>{header}</Table.Td>
                  {sample.length > 0 && (
                    <Table.Td>
                      <Text size="sm" c="dimmed" lineClamp={1}>
                        {sample
                          .map((row) => row[index] ?? '')
                          .filter(Boolean)
                          .slice(0, 3)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Select
                      aria-label={t('imports.mapping.fieldFor', { column: header })}
                      data={targetOptions}
                      value={mapping[header] ?? SKIP}
                      onChange={(value) =>
                        changeMapping(header, !value || value === SKIP ? null : (value as ImportTarget))
                      }
                      allowDeselect={false}
                      searchable
                      error={headerError(header)}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>{t('imports.dedupe.title')}</Title>
          <SegmentedControl
            aria-label={t('imports.dedupe.title')}
            value={dedupe}
            onChange={(value) => changeDedupe(value as DedupeMode)}
            data={DEDUPE_MODES.map((mode) => ({ value: mode, label: t(`imports.dedupe.${mode}`) }))}
            w="fit-content"
          />
          <Text size="sm" c="dimmed">
            {t(`imports.dedupe.hints.${dedupe}`)}
          </Text>
          {run.kind !== 'call_list' && (
            <Select
              label={t('company.leadSource')}
              description={t('imports.leadSourceHint')}
              placeholder={t('callLists.noLeadSource')}
              clearable
              data={leadSources.options}
              value={leadSourceId}
              onChange={setLeadSourceId}
              error={serverFields.find((f) => f.field === 'leadSourceId')?.message}
              w={320}
            />
          )}
        </Stack>
      </Card>

      {run.kind === 'call_list' && (
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>{t('imports.callList')}</Title>
            {serverFields
              .filter((f) => f.field === 'callList')
              .map((f) => (
                <Alert key={f.message} color="red">
                  {f.message}
                </Alert>
              ))}
            <CallListFields value={draft} onChange={setDraft} errors={callListErrors} />
          </Stack>
        </Card>
      )}

      {problem && (
        <Alert color="red" title={t('app.error')} role="alert">
          {problem}
        </Alert>
      )}
      <Group>
        <Button
          variant="default"
          leftSection={<IconEye size={16} />}
          onClick={() => void doPreview()}
          loading={busy === 'preview'}
          disabled={busy === 'start'}
        >
          {t('imports.preview.button')}
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => void start()}
          loading={busy === 'start'}
          disabled={busy === 'preview'}
        >
          {t('imports.start')}
        </Button>
        {problems.length > 0 && (
          <Text size="sm" c="red">
            {t('imports.mapping.fixFirst')}
          </Text>
        )}
      </Group>

      {preview && <PreviewTable kind={run.kind} rows={preview.rows} locale={i18n.language} />}
    </Stack>
  );
}

function PreviewTable({ kind, rows, locale }: { kind: Import['kind']; rows: PreviewRow[]; locale: string }) {
  const { t } = useTranslation();
  const tally = previewTally(rows);
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const matchOf = (row: PreviewRow) => {
    const match = kind === 'contacts' ? row.contact.match : row.company.match;
    if (!match) return '';
    const by = t(`imports.matchBy.${match.by}`);
    return match.row !== null && match.id === null
      ? t('imports.preview.repeatsRow', { row: match.row, by })
      : t('imports.preview.matches', { name: match.name ?? '—', by });
  };
  return (
    <Card withBorder data-testid="preview">
      <Stack gap="sm">
        <Title order={4}>{t('imports.preview.title', { count: rows.length })}</Title>
        <Group gap="xs">
          <Badge color="green" variant="light">
            {t('imports.preview.create', { count: tally.create })}
          </Badge>
          <Badge color="blue" variant="light">
            {t('imports.preview.merge', { count: tally.merge })}
          </Badge>
          <Badge color="gray" variant="light">
            {t('imports.preview.skip', { count: tally.skip })}
          </Badge>
          <Badge color="red" variant="light">
            {t('imports.preview.errors', { count: tally.errors })}
          </Badge>
        </Group>
        <Text size="sm" c={rows.length === 0 ? 'red' : 'dimmed'}>
          {rows.length === 0 ? t('imports.preview.noRows') : t('imports.preview.hint')}
        </Text>
        <Table.ScrollContainer minWidth={1000}>
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.preview.row')}</Table.Th>
                <Table.Th w={130}>{t('imports.preview.action')}</Table.Th>
                <Table.Th>{t('imports.targets.name')}</Table.Th>
                <Table.Th>{t('imports.targets.taxId')}</Table.Th>
                <Table.Th>{t('imports.targets.domain')}</Table.Th>
                <Table.Th>{t('imports.targets.contactName')}</Table.Th>
                <Table.Th>{t('imports.targets.phone')}</Table.Th>
                <Table.Th>{t('imports.targets.email')}</Table.Th>
                <Table.Th miw={220}>{t('imports.preview.match')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.row} bg={row.errors.length > 0 ? 'red.0' : undefined}>
                  <Table.Td>{number(row.row)}</Table.Td>
                  <Table.Td>
                    {row.action ? (
                      <Badge
                        variant="light"
                        color={row.action === 'create' ? 'green' : row.action === 'merge' ? 'blue' : 'gray'}
                      >
                        {t(`imports.actions.${row.action}`)}
                      </Badge>
                    ) : (
                      <Badge variant="light" color="red">
                        {t('imports.actions.error')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{row.values.name}</Table.Td>
                  <Table.Td>{row.values.taxId}</Table.Td>
                  <Table.Td>{row.values.domain}</Table.Td>
                  <Table.Td>{row.values.contactName}</Table.Td>
                  <Table.Td>{row.values.phones.join(', ')}</Table.Td>
                  <Table.Td>{row.values.emails.join(', ')}</Table.Td>
                  <Table.Td>
                    {row.errors.length > 0 ? (
                      <Stack gap={2}>
                        {row.errors.map((error) => (
                          <Text key={`${error.field}${error.message}`} size="xs" c="red">
                            {error.field}: {error.message}
                          </Text>
                        ))}
                      </Stack>
                    ) : (
                      <Text size="xs">{matchOf(row)}</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}

/** A started import: progress while it runs, the summary at the end, resume when it stopped. */
function ImportRun({ run }: { run: Import }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [resuming, setResuming] = useState(false);
  const number = (n: number, digits = 0) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(n);
  const speed = rowsPerSecond(run, new Date());
  const resume = async () => {
    setResuming(true);
    try {
      client.setQueryData(['imports', run.id], await post<Import>(`/imports/${run.id}/resume`));
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
    } catch (error) {
      notifyError(error, () => void client.invalidateQueries({ queryKey: ['imports', run.id] }));
    } finally {
      setResuming(false);
    }
  };
  const figures = [
    {
      key: 'rows',
      value:
        run.totalRows === null
          ? number(run.committedRows)
          : t('imports.rowsOf', { done: number(run.committedRows), total: number(run.totalRows) }),
    },
    { key: 'created', value: number(run.counts.created) },
    { key: 'merged', value: number(run.counts.merged) },
    { key: 'skipped', value: number(run.counts.skipped) },
    { key: 'errors', value: number(run.counts.errors) },
    { key: 'speed', value: speed === null ? '—' : t('imports.perSecond', { rows: number(speed) }) },
  ];
  return (
    <Stack>
      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>{t('imports.progress')}</Title>
            <Text size="sm" c="dimmed">
              {number(run.progress * 100)} %
            </Text>
          </Group>
          <Progress
            value={run.progress * 100}
            size="xl"
            animated={run.status === 'running'}
            color={STATUS_COLOR[run.status]}
            aria-label={t('imports.progress')}
            data-testid="import-progress"
          />
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" data-testid="import-figures">
            {figures.map((figure) => (
              <Card key={figure.key} withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  {t(`imports.figures.${figure.key}`)}
                </Text>
                <Text fw={700} size="lg" data-testid={`import-${figure.key}`}>
                  {figure.value}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          {run.startedAt && (
            <Text size="sm" c="dimmed">
              {[
                t('imports.startedAt', { when: formatDateTime(run.startedAt) }),
                run.finishedAt && t('imports.finishedAt', { when: formatDateTime(run.finishedAt) }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          )}
        </Stack>
      </Card>

      {run.status === 'completed' && (
        <Alert color="green" title={t('imports.summary.doneTitle')} data-testid="import-summary">
          {t('imports.summary.done', {
            rows: number(run.committedRows),
            created: number(run.counts.created),
            merged: number(run.counts.merged),
            skipped: number(run.counts.skipped),
            errors: number(run.counts.errors),
          })}
        </Alert>
      )}
      {(run.status === 'failed' || run.status === 'interrupted') && (
        <Alert
          color={run.status === 'failed' ? 'red' : 'orange'}
          title={t(`imports.summary.${run.status}Title`)}
          data-testid="import-summary"
        >
          <Stack gap="xs">
            {run.failure && <Text size="sm">{run.failure}</Text>}
            <Text size="sm">
              {t('imports.summary.stopped', { rows: number(run.committedRows) })}{' '}
              {run.resumable ? t('imports.summary.canResume') : t('imports.summary.uploadAgain')}
            </Text>
            {run.resumable && (
              <Button
                leftSection={<IconRefresh size={16} />}
                onClick={() => void resume()}
                loading={resuming}
                w="fit-content"
              >
                {t('imports.resume')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      <Group>
        {run.counts.errors > 0 && (
          <Button
            component="a"
            href={`/api/v1/imports/${run.id}/errors.csv`}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t('imports.errorReport', { count: run.counts.errors })}
          </Button>
        )}
        {run.callListId && (
          <Button component={Link} to="/call-lists" variant="default">
            {t('imports.openCallList')}
          </Button>
        )}
        {run.status === 'completed' && run.kind !== 'call_list' && (
          <Button
            component={Link}
            to={run.kind === 'contacts' ? '/contacts' : '/companies'}
            variant="default"
          >
            {t(`imports.open.${run.kind}`)}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
