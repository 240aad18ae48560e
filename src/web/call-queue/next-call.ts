import { useQuery } from '@tanstack/react-query';
import type { QueueItem } from '../../contract/sales-flow.ts';
import { get } from '../api/client.ts';

/** The caller's next call, or null when nothing is due. */
export function useNextCall() {
  return useQuery({
    queryKey: ['call-queue', 'next'],
    queryFn: () => get<{ item: QueueItem | null }>('/call-queue/next'),
    staleTime: 0,
  });
}
