import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { z } from 'zod';
import type { Me as MeSchema } from '../../contract/auth.ts';
import { ApiError, get, onUnauthenticated } from '../api/client.ts';
import { setLocale } from '../i18n/index.ts';

export type Me = z.infer<typeof MeSchema>;

/** The signed-in person, or null when nobody is (the app then shows the sign-in page). */
export function useMe() {
  const client = useQueryClient();
  useEffect(() => onUnauthenticated(() => client.setQueryData(['me'], null)), [client]);
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await get<Me>('/me');
        setLocale(me.locale);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const can = (me: Me, permission: string) => me.permissions.includes(permission);

export const hasRole = (me: Me, ...roles: Me['roles']) => roles.some((role) => me.roles.includes(role));

/** Tier 1 works a call queue; those who build call lists may open it too. */
export const worksCallQueue = (me: Me) => hasRole(me, 'sdr') || can(me, 'crm:import');

/** Tier 2, BizDev, AMs (their clients' requests) and PMs covering for an AM receive leads. */
export const receivesLeads = (me: Me) => hasRole(me, 'sales', 'bizdev', 'am', 'pm') || can(me, 'crm:assign');
