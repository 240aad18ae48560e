import { Badge, Button, Card, Grid, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Article, ArticleVersionFull, ArticleVersionList } from '../../contract/knowledge.ts';
import { ApiError, del, get } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';
import { notifyError } from '../app/notify.tsx';
import { ArticleHtml } from './ArticleHtml.tsx';

/** One article: its text, where it is linked, and every saved version. */
export function ArticleView() {
  const { t } = useTranslation();
  const { articleId } = useParams({ from: '/knowledge/$articleId' });
  const navigate = useNavigate();
  const client = useQueryClient();
  const [viewing, setViewing] = useState<number | null>(null);
  const article = useQuery({
    queryKey: ['article', articleId],
    queryFn: () => get<Article>(`/knowledge/articles/${articleId}`),
  });
  const versions = useQuery({
    queryKey: ['article', articleId, 'versions'],
    queryFn: () => get<z.infer<typeof ArticleVersionList>>(`/knowledge/articles/${articleId}/versions`),
  });

  if (article.error instanceof ApiError && article.error.status === 404)
    return <Text>{t('knowledge.notFound')}</Text>;
  if (!article.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  const a = article.data;
  const remove = async () => {
    if (!window.confirm(t('knowledge.confirmDelete'))) return;
    try {
      await del(`/knowledge/articles/${a.id}`);
      void client.invalidateQueries({ queryKey: ['/knowledge/articles'] });
      void navigate({ to: '/knowledge', search: {} });
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Link to="/knowledge" search={{}} style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
                ← {t('knowledge.title')}
              </Link>
              <Title order={2}>{a.title}</Title>
              <Group gap="xs">
                <Badge variant="light">{t(`knowledge.kinds.${a.kind}`)}</Badge>
                {a.status === 'draft' && (
                  <Badge color="gray" variant="light">
                    {t('knowledge.statuses.draft')}
                  </Badge>
                )}
                {a.tags.map((tag) => (
                  <Badge key={tag} size="sm" variant="outline">
                    {tag}
                  </Badge>
                ))}
                <Text size="xs" c="dimmed">
                  {a.authorName ? `${t('knowledge.by', { name: a.authorName })} · ` : ''}
                  {t('knowledge.updated', { date: formatDateTime(a.updatedAt) })}
                </Text>
              </Group>
            </Stack>
            {a.canEdit && (
              <Group gap="xs">
                <Button
                  leftSection={<IconEdit size={16} />}
                  variant="light"
                  onClick={() =>
                    void navigate({ to: '/knowledge/$articleId/edit', params: { articleId: a.id } })
                  }
                >
                  {t('knowledge.edit')}
                </Button>
                <Button color="red" variant="subtle" onClick={remove} aria-label={t('app.delete')}>
                  <IconTrash size={16} />
                </Button>
              </Group>
            )}
          </Group>
          <Card withBorder>
            <ArticleHtml html={a.html} testId="article-body" />
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack>
          {a.links.length > 0 && (
            <Card withBorder>
              <Title order={5} mb="xs">
                {t('knowledge.linkedTo')}
              </Title>
              <Stack gap={4}>
                {a.links.map((link) => (
                  <Text size="sm" key={`${link.targetType}:${link.targetId}`}>
                    {t(
                      link.targetType === 'touchpoint'
                        ? 'journey.touchpoint'
                        : link.targetType === 'stage'
                          ? 'journey.stage'
                          : 'nav.queue',
                    )}
                    : {link.targetName ?? '—'}
                  </Text>
                ))}
              </Stack>
            </Card>
          )}
          <Card withBorder>
            <Title order={5} mb="xs">
              {t('knowledge.history')}
            </Title>
            <Table>
              <Table.Tbody>
                {versions.data?.items.map((version) => (
                  <Table.Tr key={version.version}>
                    <Table.Td>{t('knowledge.version', { version: version.version })}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{version.editedByName ?? '—'}</Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(version.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setViewing(version.version)}>
                        {t('knowledge.viewVersion')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </Stack>
      </Grid.Col>
      {viewing !== null && (
        <VersionModal articleId={a.id} version={viewing} onClose={() => setViewing(null)} />
      )}
    </Grid>
  );
}

function VersionModal({
  articleId,
  version,
  onClose,
}: {
  articleId: string;
  version: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const data = useQuery({
    queryKey: ['article', articleId, 'versions', version],
    queryFn: () =>
      get<z.infer<typeof ArticleVersionFull>>(`/knowledge/articles/${articleId}/versions/${version}`),
  });
  return (
    <Modal opened onClose={onClose} size="xl" title={t('knowledge.version', { version })}>
      {data.data && (
        <Stack>
          <Text size="sm" c="dimmed">
            {data.data.title} · {data.data.editedByName ?? '—'} · {formatDateTime(data.data.createdAt)} ·{' '}
            {t(`knowledge.statuses.${data.data.status}`)}
          </Text>
          <ArticleHtml html={data.data.html} />
        </Stack>
      )}
    </Modal>
  );
}
