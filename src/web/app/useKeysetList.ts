import { useInfiniteQuery } from '@tanstack/react-query';
import { get, query } from '../api/client.ts';

/** A server-side list read page by page with keyset cursors ("load more"). */
export function useKeysetList<T>(
  path: string,
  params: Record<string, string | number | boolean | null | undefined>,
) {
  const list = useInfiniteQuery({
    queryKey: [path, params],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      get<{ items: T[]; nextCursor: string | null }>(
        `${path}${query({ ...params, limit: 50, cursor: pageParam })}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...list, records: list.data?.pages.flatMap((page) => page.items) ?? [] };
}
