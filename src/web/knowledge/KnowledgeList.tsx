import { Badge, Button, Card, Chip, Group, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ArticleSummary, TagCounts } from '../../contract/knowledge.ts';
import { get } from '../api/client.ts';
import { formatDate } from '../app/format.ts';
import { useKeysetList } from '../app/useKeysetList.ts';
import { Snippet } from './ArticleHtml.tsx';
import { ArticleLink } from './ArticleLink.tsx';

const KINDS = ['all', 'instruction', 'article', 'blog'] as const;

/** The knowledge base: instructions, articles and the blog, by kind and tag, with full-text search. */
export function KnowledgeList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ from: '/knowledge' });
  const [text, setText] = useState(search.q ?? '');
  const [q] = useDebouncedValue(text.trim(), 300);
  const kind = search.kind ?? 'all';
  const tags = useQuery({
    queryKey: ['/knowledge/tags'],
    queryFn: () => get<z.infer<typeof TagCounts>>('/knowledge/tags'),
  });
  const list = useKeysetList<ArticleSummary>('/knowledge/articles', {
    q: q || undefined,
    kind: kind === 'all' ? undefined : kind,
    tags: search.tag,
  });
  const setSearch = (next: { kind?: string; tag?: string }) =>
    void navigate({ to: '/knowledge', search: { ...search, ...next } });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('knowledge.title')}</Title>
        <Button component={Link} to="/knowledge/new" leftSection={<IconPlus size={16} />}>
          {t('knowledge.new')}
        </Button>
      </Group>
      <TextInput
        aria-label={t('knowledge.search')}
        placeholder={t('knowledge.search')}
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      <Tabs
        value={kind}
        onChange={(value) => setSearch({ kind: value === 'all' ? undefined : (value ?? undefined) })}
      >
        <Tabs.List>
          {KINDS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`knowledge.kindTabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {(tags.data?.items.length ?? 0) > 0 && (
        <Chip.Group
          value={search.tag ?? ''}
          onChange={(value) => setSearch({ tag: (value as string) || undefined })}
        >
          <Group gap="xs">
            {tags.data?.items.slice(0, 30).map((item) => (
              <Chip
                key={item.tag}
                value={item.tag}
                size="xs"
                onClick={() => search.tag === item.tag && setSearch({ tag: undefined })}
              >
                {item.tag} · {item.count}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {list.isSuccess && list.records.length === 0 && <Text c="dimmed">{t('knowledge.nothing')}</Text>}
      <Stack gap="sm" data-testid="article-list">
        {list.records.map((article) => (
          <Card key={article.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={4}>
                <ArticleLink articleId={article.id} fw={600}>
                  {article.title}
                </ArticleLink>
                {article.snippet && <Snippet html={article.snippet} />}
                <Group gap="xs">
                  {article.tags.map((tag) => (
                    <Badge key={tag} size="xs" variant="outline">
                      {tag}
                    </Badge>
                  ))}
                  <Text size="xs" c="dimmed">
                    {article.authorName ? `${t('knowledge.by', { name: article.authorName })} · ` : ''}
                    {t('knowledge.updated', { date: formatDate(article.updatedAt) })}
                  </Text>
                </Group>
              </Stack>
              <Group gap={4} wrap="nowrap">
                {article.status === 'draft' && (
                  <Badge color="gray" variant="light">
                    {t('knowledge.statuses.draft')}
                  </Badge>
                )}
                <Badge variant="light">{t(`knowledge.kinds.${article.kind}`)}</Badge>
              </Group>
            </Group>
          </Card>
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('app.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
