import { useQuery } from '@tanstack/react-query';
import type { GridApi } from 'ag-grid-community';
import { useEffect } from 'react';
import { useApi } from '../../platform/api-client';
import { auditQueries } from '../../queries/updates';
import { useServerCapabilities } from './server-features';

/**
 * Hides grid columns the server cannot fill (docs/server-capabilities.md): Windows-update counts
 * on a server without them, until the console has computed its own; every Windows-update column
 * on a server without Windows updates. Returns why they are hidden (the grid shows a one-line
 * note), or null when they are shown. When counts become available the default ones come back.
 */
export function useCountColumns(
  gridApi: GridApi | undefined,
  opts: { counts: readonly string[]; defaultVisible: readonly string[]; wuaOnly?: readonly string[] },
): 'noWua' | 'notComputed' | null {
  const api = useApi();
  const caps = useServerCapabilities();
  const status = useQuery({ ...auditQueries.fleetScanStatus(api), enabled: caps !== null && caps.wua });
  const reason =
    caps === null
      ? null
      : !caps.wua
        ? 'noWua'
        : status.data?.needed === true && status.data.asOf === null
          ? 'notComputed'
          : null;
  const adapts = caps !== null && (!caps.wua || !caps.wuaHostCounts);
  useEffect(() => {
    if (!gridApi || !adapts) return;
    if (reason === 'noWua') gridApi.setColumnsVisible([...opts.counts, ...(opts.wuaOnly ?? [])], false);
    else if (reason === 'notComputed') gridApi.setColumnsVisible([...opts.counts], false);
    else if (status.data) gridApi.setColumnsVisible([...opts.defaultVisible], true);
    // opts are module constants at every call site
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [gridApi, reason, adapts, status.data]);
  return reason;
}
