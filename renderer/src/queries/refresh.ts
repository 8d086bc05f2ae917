import { partialMatchKey, queryOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { coreKeys } from './core';

/**
 * The console's one refresh path: every "read it again" (F5, a tab's Refresh button, a mutation
 * that changed server data, a finished job) is an invalidation of query keys. Grids whose rows
 * live outside the query cache (AG Grid's infinite row model over a server-paged method) observe a
 * reload signal under their data's key prefix (below), so the same invalidation reaches them.
 */

/** Facts F5 keeps: the app's own identity and the settings change only through the console. */
const KEPT_ON_REFRESH: readonly QueryKey[] = [coreKeys.appInfo, coreKeys.settings];

/** Facts a disconnect keeps: the above, and the session status (its observer must see "disconnected"). */
const KEPT_ON_DISCONNECT: readonly QueryKey[] = [...KEPT_ON_REFRESH, coreKeys.session];

const under = (kept: readonly QueryKey[]) => (key: QueryKey) => kept.some((k) => partialMatchKey(key, k));

/** True for a key F5 re-reads (everything that comes from the server). */
export const isRefreshedByF5 = (key: QueryKey): boolean => !under(KEPT_ON_REFRESH)(key);

/** True for a key whose data goes with the session when the console disconnects. */
export const isServerData = (key: QueryKey): boolean => !under(KEPT_ON_DISCONNECT)(key);

/**
 * Invalidates `keys` (each a prefix: every query under it), or everything F5 re-reads when `keys`
 * is omitted. Active queries refetch; inactive ones are read again when next shown.
 */
export async function invalidateKeys(queryClient: QueryClient, keys?: readonly QueryKey[]): Promise<void> {
  if (keys === undefined) {
    await queryClient.invalidateQueries({ predicate: (q) => isRefreshedByF5(q.queryKey) });
    return;
  }
  await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** On disconnect: the server's data goes with the session (nothing of it is shown to the next one). */
export function forgetServerData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (q) => isServerData(q.queryKey) });
}

/** The reload signal of the grids showing rows under `scope` (e.g. hostKeys.pages()). */
export const reloadSignalKey = (scope: QueryKey) => [...scope, '$reloadSignal'] as const;

// Each read of a signal answers a new number: a changed value is what tells the grid to reload.
let generation = 0;

/**
 * No request behind it: the query exists so that invalidating `scope` (or any prefix of it)
 * refetches it while a grid observes it. Never stale by time, only by invalidation.
 */
export const reloadSignalQuery = (scope: QueryKey) =>
  queryOptions({
    queryKey: reloadSignalKey(scope),
    queryFn: () => Promise.resolve(++generation),
    staleTime: Infinity,
    retry: false,
  });
