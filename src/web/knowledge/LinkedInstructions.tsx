import { Group, Text } from '@mantine/core';
import { IconBook2 } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ArticlePage } from '../../contract/knowledge.ts';
import { get, query } from '../api/client.ts';
import { ArticleLink } from './ArticleLink.tsx';

type Page = z.infer<typeof ArticlePage>;

/** The published articles linked to a stage, touchpoint or call list. */
export function useLinkedArticles(
  targetType: 'stage' | 'touchpoint' | 'call_list',
  targetId: string | null | undefined,
) {
  return useQuery({
    queryKey: ['/knowledge/articles', 'linked', targetType, targetId],
    queryFn: () =>
      get<Page>(
        `/knowledge/articles${query({ linkedType: targetType, linkedId: targetId, status: 'published', limit: 10 })}`,
      ),
    enabled: Boolean(targetId),
    staleTime: 60_000,
  });
}

/** "Instruction: …" links, one click from where the work happens. */
export function ArticleLinks({ articles }: { articles: { id: string; title: string }[] }) {
  const { t } = useTranslation();
  if (articles.length === 0) return null;
  return (
    <Group gap="xs" wrap="wrap">
      <IconBook2 size={16} aria-hidden />
      <Text size="sm" c="dimmed">
        {t('journey.instruction')}:
      </Text>
      {articles.map((article) => (
        <ArticleLink key={article.id} articleId={article.id} size="sm">
          {article.title}
        </ArticleLink>
      ))}
    </Group>
  );
}

export function LinkedInstructions({
  targetType,
  targetId,
}: {
  targetType: 'stage' | 'touchpoint' | 'call_list';
  targetId: string | null | undefined;
}) {
  const linked = useLinkedArticles(targetType, targetId);
  return <ArticleLinks articles={linked.data?.items ?? []} />;
}
