import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { User } from '../../contract/people.ts';
import { get } from '../api/client.ts';

type Person = z.infer<typeof User>;

/** The workspace's people, for owner pickers and names. */
export function usePeople() {
  const query = useQuery({
    queryKey: ['people'],
    queryFn: () => get<{ items: Person[] }>('/users?limit=500&active=true').then((page) => page.items),
    staleTime: 60_000,
  });
  const byId = new Map((query.data ?? []).map((person) => [person.id, person]));
  const toOption = (person: Person) => ({ value: person.id, label: person.name });
  return {
    people: query.data ?? [],
    nameOf: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? '—') : '—'),
    options: (query.data ?? []).map(toOption),
    /** Pickers for a role: the people who hold it. */
    optionsWithRole: (role: Person['roles'][number]) =>
      (query.data ?? []).filter((person) => person.roles.includes(role)).map(toOption),
  };
}
