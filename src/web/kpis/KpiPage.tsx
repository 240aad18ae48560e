import { Stack } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { KpiDashboard } from './KpiDashboard.tsx';

/** /kpis: the dashboard of one person or team (from a per-person table), or one's own default. */
export function KpiPage() {
  const search = useSearch({ from: '/kpis' }) as { userId?: string; teamId?: string };
  return (
    <Stack>
      <KpiDashboard key={`${search.userId}-${search.teamId}`} userId={search.userId} teamId={search.teamId} />
    </Stack>
  );
}
