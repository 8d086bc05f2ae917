import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GridApi } from 'ag-grid-community';
import { useCallback } from 'react';
import { HOST_SORTABLE, type HostRow } from '../../../../common/ipc/methods/hosts';
import { useServerPagedRows, type PageSort } from '../../grids/use-server-paged-rows';
import { rowsAfterFilterAndSort } from '../../grids/export-csv';
import type { ApiClient } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';
import type { HostSearchState } from './host-search-bar';

const EXPORT_PAGE = 5000;

export interface HostRowsForExport {
  rows: HostRow[];
  asOf: string;
  query: unknown;
}

/**
 * A server that pages hosts (reference server, `hosts_paging`): AG Grid's infinite row model, one
 * block at a time, sorted by the server; the server's total is the true total.
 */
export function usePagedHostRows(api: ApiClient, search: HostSearchState) {
  const queryClient = useQueryClient();
  const fetchPage = useCallback(
    (offset: number, limit: number, sort: PageSort<(typeof HOST_SORTABLE)[number]>) =>
      queryClient.fetchQuery(hostQueries.page(api, { offset, limit, sort, search })),
    [api, queryClient, search],
  );
  const paged = useServerPagedRows<HostRow, (typeof HOST_SORTABLE)[number]>(HOST_SORTABLE, fetchPage);
  /** Every host of the search, page by page, in the server's default order. */
  const loadAll = useCallback(async (): Promise<HostRowsForExport> => {
    const rows: HostRow[] = [];
    let asOf = '';
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await api.call('hosts.page', { offset, limit: EXPORT_PAGE, sort: null, search });
      asOf ||= page.asOf;
      rows.push(...page.rows);
      if (page.rows.length < EXPORT_PAGE || rows.length >= page.total) break;
    }
    return { rows, asOf, query: { search } };
  }, [api, search]);
  return { ...paged, loadAll };
}

/** Hosts shown first while a large listing loads: one screenful and a little more. */
export const PREVIEW_ROWS = 200;

/**
 * A server that does not page hosts (a genuine WAPT server): one request with WAPT's server-side
 * filters and `limit` = the "maximum hosts to display" setting (docs/hosts-listing.md), then AG
 * Grid's client-side row model sorts, quick-filters and selects. No total is ever guessed: when
 * `limit` rows came back the footer says the limit was reached.
 *
 * When the limit is above PREVIEW_ROWS, a first request of PREVIEW_ROWS hosts (the same first rows
 * of the same fixed server order) is shown while the full listing loads: 50,000 hosts take the
 * server tens of seconds, and an administrator should not stare at an empty grid meanwhile. The
 * full request is sent once the preview has answered, so a single-threaded server answers the
 * preview first. The grid is marked busy and the footer says "loading" until the full listing is in.
 */
export function useClientHostRows(api: ApiClient, search: HostSearchState, limit: number, enabled: boolean) {
  const withPreview = limit > PREVIEW_ROWS;
  const preview = useQuery({
    ...hostQueries.list(api, { limit: PREVIEW_ROWS, search }),
    enabled: enabled && withPreview,
  });
  // The previous listing stays on screen (marked busy) while a new search loads: no empty flash.
  const full = useQuery({
    ...hostQueries.list(api, { limit, search }),
    enabled: enabled && (!withPreview || (preview.isFetched && preview.data?.limitReached !== false)),
    placeholderData: keepPreviousData,
  });
  // A preview that already holds every host (fewer than PREVIEW_ROWS) is the full listing.
  const previewIsAll = preview.data !== undefined && !preview.data.limitReached;
  const fullCurrent = full.data !== undefined && !full.isPlaceholderData;
  const data = fullCurrent ? full.data : previewIsAll ? preview.data : (preview.data ?? full.data);
  const complete = fullCurrent || previewIsAll;
  /** What the user sees: the loaded hosts after the quick filter, in the grid's sort order. */
  const loadAll = useCallback(
    async (grid: GridApi<HostRow>, quickFilter: string): Promise<HostRowsForExport> => ({
      rows: rowsAfterFilterAndSort(grid),
      asOf: data?.asOf ?? new Date().toISOString(),
      query: { search, limit, ...(quickFilter ? { quickFilter } : {}) },
    }),
    [data, search, limit],
  );
  return {
    data,
    /** The full listing is in (not the preview, not the previous search's rows). */
    complete,
    fetching: preview.isFetching || full.isFetching,
    error: full.error ?? preview.error,
    loadAll,
  };
}
