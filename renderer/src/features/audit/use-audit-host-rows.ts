import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { In } from '../../../../common/ipc/contract';
import { HOST_SORTABLE } from '../../../../common/ipc/methods/hosts';
import { useApi } from '../../platform/api-client';
import { coreQueries } from '../../queries/core';
import { hostKeys, hostQueries } from '../../queries/hosts';
import { useServerCapabilities } from '../capabilities/server-features';

/** WAPT's default "maximum hosts to display", until the setting is read. */
const DEFAULT_HOSTS_LIMIT = 2000;
export const HOST_SORT: ReadonlySet<string> = new Set(HOST_SORTABLE);
export type HostSortCol = (typeof HOST_SORTABLE)[number];
/** Worst hosts first when the grid has no sort of its own. */
export const DEFAULT_HOST_SORT = { colId: 'wua_missing_count' as const, desc: true };

/**
 * The per-host compliance rows, held by the Audit tab itself (not by the grid) so the sub-tab's
 * label shows the host count while the per-update grid is shown. A server without hosts paging (a
 * genuine one) gives the hosts list in one request and the grid sorts in the browser; the
 * reference server pages and sorts (docs/server-capabilities.md).
 */
export function useAuditHostRows(onError: (err: unknown) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  const caps = useServerCapabilities();
  const paging = caps?.hostsPaging ?? false;
  const settings = useQuery(coreQueries.settings(api));
  const limit = settings.data?.hostsDisplayLimit ?? DEFAULT_HOSTS_LIMIT;
  const list = useQuery({
    ...hostQueries.list(api, { limit }),
    // Read again each time the tab shows: an audit shows the server's state now.
    staleTime: 0,
    enabled: caps !== null && !paging,
  });
  const [pagedTotal, setPagedTotal] = useState<number | null>(null);
  const [pagedAsOf, setPagedAsOf] = useState<string | null>(null);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const sm = params.sortModel[0];
        const q: In<'hosts.page'> = {
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          sort:
            sm && HOST_SORT.has(sm.colId)
              ? { colId: sm.colId as HostSortCol, desc: sm.sort === 'desc' }
              : DEFAULT_HOST_SORT,
        };
        queryClient
          .fetchQuery(hostQueries.page(api, q))
          .then((page) => {
            setPagedTotal(page.total);
            setPagedAsOf(page.asOf);
            params.successCallback(page.rows, page.total);
          })
          .catch((err: unknown) => {
            onError(err);
            params.failCallback();
          });
      },
    }),
    [api, queryClient, onError],
  );

  return {
    paging,
    limit,
    list,
    datasource,
    /** Hosts listed (null until known). */
    count: paging ? pagedTotal : (list.data?.rows.length ?? null),
    asOf: paging ? pagedAsOf : (list.data?.asOf ?? null),
    /** What the Audit tab's Refresh re-reads of these rows. */
    keys: paging ? [hostKeys.pages()] : [hostKeys.list({ limit })],
  };
}

export type AuditHostRows = ReturnType<typeof useAuditHostRows>;
