import { useQuery } from '@tanstack/react-query';
import type { Contract, MoneySettings, Service } from '../../contract/money.ts';
import { get, query } from '../api/client.ts';

/** The workspace's money settings (VAT, number prefix, bank details). */
export function useMoneySettings() {
  return useQuery({
    queryKey: ['money-settings'],
    queryFn: () => get<MoneySettings>('/settings/money'),
    staleTime: 60_000,
  });
}

/** The services catalogue (not archived), for invoice lines and contracts. */
export function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: () => get<{ items: Service[] }>('/services?limit=200').then((page) => page.items),
    staleTime: 60_000,
  });
}

/** A client's contracts. */
export function useContracts(companyId: string | null | undefined) {
  return useQuery({
    queryKey: ['contracts', companyId],
    enabled: Boolean(companyId),
    queryFn: () =>
      get<{ items: Contract[] }>(`/contracts${query({ companyId, limit: 100 })}`).then((page) => page.items),
  });
}

/** Invalidates everything money shows, after a change that moves money or documents. */
export const MONEY_QUERY_KEYS = [
  ['/invoices'],
  ['/payments'],
  ['invoice'],
  ['finance'],
  ['open-invoices'],
  ['contracts'],
] as const;
