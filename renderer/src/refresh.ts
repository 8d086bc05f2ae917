import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { invalidateKeys, reloadSignalQuery } from './queries/refresh';

/**
 * F5 and every Refresh button go through here, and only through the query cache
 * (queries/refresh.ts): `refresh()` re-reads everything from the server, `refresh([keys])` only
 * what is under those keys.
 */
export function useRefresh(): (keys?: readonly QueryKey[]) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback((keys?: readonly QueryKey[]) => invalidateKeys(queryClient, keys), [queryClient]);
}

/**
 * For a grid that keeps its rows itself (AG Grid's infinite row model): `reload` runs each time
 * the query keys of `scope` are invalidated (F5, a Refresh button, a mutation's `invalidates`),
 * never on the first mount. The page queries under `scope` are invalidated by the same call, so
 * the blocks the grid asks for again are read from the server, not from the cache.
 */
export function useReloadOnRefresh(scope: QueryKey, reload: () => void): void {
  const { data } = useQuery(reloadSignalQuery(scope));
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  }, [reload]);
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (data === undefined) return;
    if (seen.current !== undefined && seen.current !== data) latest.current();
    seen.current = data;
  }, [data]);
}
