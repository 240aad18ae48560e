import { Code, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { AuditPage } from '../../contract/audit.ts';
import { get } from '../api/client.ts';
import { formatDateTime } from '../app/format.ts';

/** What changed, who changed it and when: the audit log of this company. */
export function CompanyHistory({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['company-history', companyId],
    queryFn: () => get<z.infer<typeof AuditPage>>(`/companies/${companyId}/history?limit=100`),
  });
  if (!history.data) return <Text c="dimmed">{t('app.loading')}</Text>;
  return (
    <Timeline bulletSize={12}>
      {history.data.items.map((entry) => {
        const changed = Object.keys(entry.after ?? {}).filter(
          (key) =>
            !['updatedAt', 'version'].includes(key) &&
            JSON.stringify(entry.before?.[key]) !== JSON.stringify(entry.after?.[key]),
        );
        return (
          <Timeline.Item key={entry.id} title={`${entry.action} · ${entry.actorName ?? '—'}`}>
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.at)}
            </Text>
            {entry.action === 'update' && (
              <Stack gap={2} mt={4}>
                {changed.map((key) => (
                  <Text size="xs" key={key}>
                    {key}: <Code>{JSON.stringify(entry.before?.[key] ?? null)}</Code> →{' '}
                    <Code>{JSON.stringify(entry.after?.[key] ?? null)}</Code>
                  </Text>
                ))}
              </Stack>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
