import {
  Button,
  Card,
  FileButton,
  Grid,
  Group,
  MultiSelect,
  Select,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPhoto } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyMap } from '../../contract/journey.ts';
import { ARTICLE_KINDS, type Article } from '../../contract/knowledge.ts';
import type { Pipeline } from '../../contract/settings.ts';
import { ApiError, applyFieldErrors, get, patch, post } from '../api/client.ts';
import { notifyError, notifySaved } from '../app/notify.tsx';
import { ArticleHtml } from './ArticleHtml.tsx';

interface Values {
  kind: string;
  title: string;
  body: string;
  tags: string[];
  touchpoints: string[];
  stages: string[];
  callLists: string[];
}

const FIELDS = ['kind', 'title', 'body', 'tags', 'links'];

async function uploadImage(file: File): Promise<{ url: string }> {
  const response = await fetch('/api/v1/knowledge/images', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  const data = (await response.json()) as { url: string; detail?: string; code?: string };
  if (!response.ok)
    throw new ApiError(response.status, data.code ?? 'error', data.detail ?? response.statusText, []);
  return data;
}

/** Where an article is needed: the choices for its links. */
function useLinkTargets() {
  const { t } = useTranslation();
  const journey = useQuery({ queryKey: ['journey'], queryFn: () => get<JourneyMap>('/journey') });
  const pipelines = useQuery({
    queryKey: ['pipelines'],
    queryFn: () => get<{ items: Pipeline[] }>('/pipelines'),
  });
  const callLists = useQuery({
    queryKey: ['/call-lists'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/call-lists'),
  });
  return {
    touchpoints: (journey.data?.stages ?? []).map((stage) => ({
      group: stage.name,
      items: stage.touchpoints.map((tp) => ({ value: tp.id, label: tp.name })),
    })),
    stages: (pipelines.data?.items ?? []).map((pipeline) => ({
      group: pipeline.name,
      items: pipeline.stages.map((stage) => ({ value: stage.id, label: stage.name })),
    })),
    callLists: (callLists.data?.items ?? []).map((list) => ({ value: list.id, label: list.name })),
    t,
  };
}

/** Writing and editing an article: Markdown with a preview, images, tags, links, draft or published. */
export function ArticleEditor() {
  const { t } = useTranslation();
  const params = useParams({ strict: false }) as { articleId?: string };
  const articleId = params.articleId;
  const navigate = useNavigate();
  const client = useQueryClient();
  const targets = useLinkTargets();
  const [tab, setTab] = useState<string | null>('write');
  const [preview, setPreview] = useState('');
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const existing = useQuery({
    queryKey: ['article', articleId],
    queryFn: () => get<Article>(`/knowledge/articles/${articleId}`),
    enabled: Boolean(articleId),
  });
  const form = useForm<Values>({
    initialValues: {
      kind: 'instruction',
      title: '',
      body: '',
      tags: [],
      touchpoints: [],
      stages: [],
      callLists: [],
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the article once it arrives
  useEffect(() => {
    const a = existing.data;
    if (!a) return;
    const of = (type: string) => a.links.filter((l) => l.targetType === type).map((l) => l.targetId);
    form.setValues({
      kind: a.kind,
      title: a.title,
      body: a.body,
      tags: a.tags,
      touchpoints: of('touchpoint'),
      stages: of('stage'),
      callLists: of('call_list'),
    });
  }, [existing.data?.version]);

  const showPreview = async (value: string | null) => {
    setTab(value);
    if (value === 'preview')
      setPreview((await post<{ html: string }>('/knowledge/preview', { body: form.values.body })).html);
  };

  const insertImage = async (file: File | null) => {
    if (!file) return;
    try {
      const { url } = await uploadImage(file);
      const markdown = `![${file.name.replace(/[[\]]/g, '')}](${url})`;
      const area = bodyRef.current;
      const at = area?.selectionStart ?? form.values.body.length;
      const body = form.values.body;
      form.setFieldValue(
        'body',
        `${body.slice(0, at)}${at > 0 ? '\n\n' : ''}${markdown}\n\n${body.slice(at)}`,
      );
    } catch (error) {
      notifyError(error);
    }
  };

  const save = (status: 'draft' | 'published') =>
    form.onSubmit(async (values) => {
      const payload = {
        kind: values.kind,
        title: values.title,
        body: values.body,
        tags: values.tags,
        status,
        links: [
          ...values.touchpoints.map((targetId) => ({ targetType: 'touchpoint', targetId })),
          ...values.stages.map((targetId) => ({ targetType: 'stage', targetId })),
          ...values.callLists.map((targetId) => ({ targetType: 'call_list', targetId })),
        ],
      };
      try {
        const saved = existing.data
          ? await patch<Article>(`/knowledge/articles/${existing.data.id}`, {
              ...payload,
              version: existing.data.version,
            })
          : await post<Article>('/knowledge/articles', payload);
        client.setQueryData(['article', saved.id], saved);
        void client.invalidateQueries({ queryKey: ['/knowledge/articles'] });
        void client.invalidateQueries({ queryKey: ['/knowledge/tags'] });
        void client.invalidateQueries({ queryKey: ['article', saved.id, 'versions'] });
        void client.invalidateQueries({ queryKey: ['journey'] });
        notifySaved();
        void navigate({ to: '/knowledge/$articleId', params: { articleId: saved.id } });
      } catch (error) {
        const reload = () => void existing.refetch();
        if (error instanceof ApiError && error.code === 'version_conflict') notifyError(error, reload);
        else if (applyFieldErrors(error, form.setFieldError, FIELDS)) notifyError(error);
      }
    });

  if (articleId && !existing.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  return (
    <form onSubmit={save('published')}>
      <Stack>
        <Title order={2}>{existing.data ? existing.data.title : t('knowledge.new')}</Title>
        <Grid>
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack>
              <TextInput label={t('knowledge.titleField')} required {...form.getInputProps('title')} />
              <Tabs value={tab} onChange={showPreview}>
                <Tabs.List>
                  <Tabs.Tab value="write">{t('knowledge.write')}</Tabs.Tab>
                  <Tabs.Tab value="preview">{t('knowledge.preview')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="write" pt="xs">
                  <Stack gap="xs">
                    <Textarea
                      ref={bodyRef}
                      label={t('knowledge.body')}
                      autosize
                      minRows={14}
                      maxRows={40}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                      {...form.getInputProps('body')}
                    />
                    <FileButton onChange={insertImage} accept="image/png,image/jpeg,image/gif,image/webp">
                      {(props) => (
                        <Button
                          {...props}
                          variant="default"
                          size="xs"
                          leftSection={<IconPhoto size={14} />}
                          w="fit-content"
                        >
                          {t('knowledge.uploadImage')}
                        </Button>
                      )}
                    </FileButton>
                  </Stack>
                </Tabs.Panel>
                <Tabs.Panel value="preview" pt="xs">
                  <Card withBorder mih={200}>
                    <ArticleHtml html={preview} />
                  </Card>
                </Tabs.Panel>
              </Tabs>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack>
              <Select
                label={t('knowledge.kind')}
                data={ARTICLE_KINDS.map((value) => ({ value, label: t(`knowledge.kinds.${value}`) }))}
                allowDeselect={false}
                {...form.getInputProps('kind')}
              />
              <TagsInput label={t('knowledge.tags')} {...form.getInputProps('tags')} />
              <Text fw={600} size="sm">
                {t('knowledge.links')}
              </Text>
              <MultiSelect
                label={t('knowledge.touchpoints')}
                data={targets.touchpoints}
                searchable
                {...form.getInputProps('touchpoints')}
              />
              <MultiSelect
                label={t('knowledge.stages')}
                data={targets.stages}
                searchable
                {...form.getInputProps('stages')}
              />
              <MultiSelect
                label={t('knowledge.callLists')}
                data={targets.callLists}
                searchable
                {...form.getInputProps('callLists')}
              />
            </Stack>
          </Grid.Col>
        </Grid>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void navigate({ to: '/knowledge', search: {} })}>
            {t('app.cancel')}
          </Button>
          <Button variant="light" onClick={() => save('draft')()} loading={form.submitting}>
            {t('knowledge.saveDraft')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('knowledge.publish')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
