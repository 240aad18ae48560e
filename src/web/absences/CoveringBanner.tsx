import { Alert, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CoverEntry } from '../../contract/sales-flow.ts';
import { get } from '../api/client.ts';
import { formatDay } from '../app/format.ts';

/**
 * "Covering for …": while a colleague is away and their work came to me (their pair partner or
 * team lead), every page says whose work I hold and until when.
 */
export function CoveringBanner() {
  const { t } = useTranslation();
  const covering = useQuery({
    queryKey: ['absences', 'covering'],
    queryFn: () => get<{ items: z.infer<typeof CoverEntry>[] }>('/absences/covering'),
    staleTime: 60_000,
  });
  const items = covering.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert color="orange" icon={<IconUsers size={18} />} mb="md" data-testid="covering-banner" role="status">
      {items.map((entry) => (
        <Text key={entry.userId} size="sm">
          {t('absence.covering', {
            name: entry.name,
            kind: t(`absence.kinds.${entry.kind}`).toLowerCase(),
            until: formatDay(entry.awayUntil),
          })}{' '}
          <Text span c="dimmed" size="sm">
            {t('absence.coveringWork', { tasks: entry.openTasks, leads: entry.openLeads })}
          </Text>
        </Text>
      ))}
    </Alert>
  );
}
