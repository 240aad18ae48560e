import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import 'mantine-datatable/styles.css';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type Import, type ImportKind } from '../../contract/imports.ts';
import { ApiError, get, query } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { usePeople } from '../app/people.ts';
import { fileProblem, formatBytes, newIdempotencyKey } from './import-file.ts';
import { type UploadProgress, uploadImportFile } from './upload.ts';

export const STATUS_COLOR = {
  uploaded: 'blue',
  running: 'indigo',
  completed: 'green',
  failed: 'red',
  interrupted: 'orange',
} as const;

/**
 * Imports (DOMAIN.md §2.2): choose a CSV or XLSX file of companies, contacts or a call list and send
 * it with upload progress; then the import's own page maps its columns, previews and runs it. Below,
 * the imports made so far.
 */
export function ImportPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={1100}>
      <Title order={2}>{t('nav.imports')}</Title>
      <NewImport />
      <Title order={4}>{t('imports.history')}</Title>
      <ImportHistory />
    </Stack>
  );
}

function NewImport() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('companies');
  const [file, setFile] = useState<File | null>(null);
  const [sourceKey, setSourceKey] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const abort = useRef<(() => void) | null>(null);
  // One key per chosen file: sending the same choice again (a retry) answers the same import.
  const key = useRef<string>(newIdempotencyKey());

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setProblem(null);
    key.current = newIdempotencyKey();
    const why = chosen ? fileProblem(chosen) : null;
    setFileError(why ? t(`imports.file.${why}`) : null);
  };

  const send = async () => {
    if (!file) {
      setFileError(t('imports.file.choose'));
      return;
    }
    if (fileError) return;
    setProblem(null);
    setProgress({ loaded: 0, total: file.size });
    const upload = uploadImportFile(file, { kind, sourceKey, idempotencyKey: key.current }, (next) =>
      setProgress(next),
    );
    abort.current = upload.abort;
    try {
      const uploaded = await upload.done;
      client.setQueryData(['imports', uploaded.id, 'upload'], {
        sample: uploaded.sample,
        mappingSource: uploaded.mappingSource,
      });
      client.setQueryData(['imports', uploaded.id], uploaded);
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
      void navigate({ to: '/imports/$importId', params: { importId: uploaded.id } });
    } catch (error) {
      setProgress(null);
      if (error instanceof ApiError) {
        if (error.code === 'aborted') return;
        const onFile = error.fields.find((f) => f.field === 'file');
        if (error.status === 0) setProblem(t('imports.file.network'));
        else if (error.status === 413) setFileError(error.detail);
        else if (onFile)
          setFileError(`${error.detail} ${onFile.message === error.detail ? '' : onFile.message}`.trim());
        else if (error.status === 400 && !error.fields.length) setFileError(error.detail);
        else setProblem(error.detail);
      } else setProblem(String(error));
    } finally {
      abort.current = null;
    }
  };

  const uploading = progress !== null;
  const share = progress && progress.total > 0 ? (progress.loaded / progress.total) * 100 : 0;
  return (
    <Card withBorder>
      <Stack>
        <Group align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('imports.kind')}
            </Text>
            <SegmentedControl
              aria-label={t('imports.kind')}
              value={kind}
              onChange={(next) => {
                // Another kind is another upload, even of the same file.
                key.current = newIdempotencyKey();
                setKind(next as ImportKind);
              }}
              data={IMPORT_KINDS.map((value) => ({ value, label: t(`imports.kinds.${value}`) }))}
              disabled={uploading}
            />
          </Stack>
          <FileInput
            label={t('imports.file.label')}
            placeholder={t('imports.file.placeholder')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            leftSection={<IconFileSpreadsheet size={16} />}
            value={file}
            onChange={choose}
            error={fileError}
            clearable
            disabled={uploading}
            w={340}
          />
          <TextInput
            label={t('imports.sourceKey')}
            description={t('imports.sourceKeyHint')}
            placeholder={t('imports.sourceKeyPlaceholder')}
            value={sourceKey}
            onChange={(event) => {
              key.current = newIdempotencyKey();
              setSourceKey(event.currentTarget.value);
            }}
            disabled={uploading}
            w={240}
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t(`imports.kindHints.${kind}`)}
        </Text>
        {problem && (
          <Alert color="red" title={t('imports.uploadFailed')}>
            {problem}
          </Alert>
        )}
        {uploading && progress && (
          <Stack gap={4}>
            <Progress
              value={share}
              animated
              aria-label={t('imports.uploading')}
              data-testid="upload-progress"
            />
            <Text size="sm" c="dimmed">
              {t('imports.uploaded', {
                loaded: formatBytes(progress.loaded, i18n.language),
                total: formatBytes(progress.total, i18n.language),
                percent: Math.floor(share),
              })}
            </Text>
          </Stack>
        )}
        <Group>
          <Button leftSection={<IconUpload size={16} />} onClick={() => void send()} loading={uploading}>
            {t('imports.upload')}
          </Button>
          {uploading && (
            <Button variant="default" onClick={() => abort.current?.()}>
              {t('app.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function ImportHistory() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { nameOf } = usePeople();
  const list = useInfiniteQuery({
    queryKey: ['imports', 'list'],
    queryFn: ({ pageParam }) =>
      get<{ items: Import[]; nextCursor: string | null }>(
        `/imports${query({ limit: 25, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((page) => page.items.some((item) => item.status === 'running')) ? 2000 : false,
  });
  const records = list.data?.pages.flatMap((page) => page.items) ?? [];
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  return (
    <Stack>
      <DataTable
        withTableBorder
        highlightOnHover
        minHeight={160}
        records={records}
        fetching={list.isFetching && !list.data}
        onRowClick={({ record }) =>
          void navigate({ to: '/imports/$importId', params: { importId: record.id } })
        }
        noRecordsText={t('imports.none')}
        columns={[
          { accessor: 'fileName', title: t('imports.fileName') },
          { accessor: 'kind', title: t('imports.kind'), render: (r) => t(`imports.kinds.${r.kind}`) },
          {
            accessor: 'status',
            title: t('imports.status'),
            render: (r) => (
              <Badge color={STATUS_COLOR[r.status]} variant="light">
                {r.status === 'running'
                  ? `${t('imports.statuses.running')} ${Math.floor(r.progress * 100)} %`
                  : t(`imports.statuses.${r.status}`)}
              </Badge>
            ),
          },
          {
            accessor: 'committedRows',
            title: t('imports.rows'),
            textAlign: 'right',
            render: (r) => number(r.committedRows),
          },
          {
            accessor: 'created',
            title: t('imports.counts.created'),
            textAlign: 'right',
            render: (r) => number(r.counts.created),
          },
          {
            accessor: 'merged',
            title: t('imports.counts.merged'),
            textAlign: 'right',
            render: (r) => number(r.counts.merged),
          },
          {
            accessor: 'skipped',
            title: t('imports.counts.skipped'),
            textAlign: 'right',
            render: (r) => number(r.counts.skipped),
          },
          {
            accessor: 'errors',
            title: t('imports.counts.errors'),
            textAlign: 'right',
            render: (r) => number(r.counts.errors),
          },
          { accessor: 'createdBy', title: t('imports.who'), render: (r) => nameOf(r.createdBy) },
          { accessor: 'createdAt', title: t('imports.when'), render: (r) => formatDateTime(r.createdAt) },
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
