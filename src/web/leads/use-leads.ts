import { useQuery } from '@tanstack/react-query';
import type { Lead } from '../../contract/sales-flow.ts';
import { get, query } from '../api/client.ts';

/** Open leads (new or accepted): mine, or those nobody has yet. */
export function useLeads(assignee: 'me' | 'unassigned', enabled = true) {
  return useQuery({
    queryKey: ['leads', assignee],
    queryFn: () => get<{ items: Lead[] }>(`/leads${query({ assignee })}`),
    select: (data) => data.items.filter((lead) => lead.status === 'new' || lead.status === 'accepted'),
    enabled,
  });
}
