import type { GridApi, GridReadyEvent } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import { useI18n } from '../../i18n/i18n';
import { auditColDefs, type AuditCol } from './audit-columns';

/**
 * What every audit grid sets up alike: its saved layout, its column definitions from the audit
 * columns (the same ones its CSV export uses), the grid's API once ready, and the props its
 * ConsoleGrid and AuditGridToolbar take from them. `serverSort`: the columns a paging server
 * sorts (the others are not sortable); absent, the grid sorts in the browser.
 */
export function useAuditGrid<R>(
  gridId: string,
  cols: readonly AuditCol<R>[],
  serverSort?: ReadonlySet<string>,
) {
  const { t, language } = useI18n();
  const [gridApi, setGridApi] = useState<GridApi<R>>();
  const layout = usePersistedGridState(
    gridId,
    cols.map((c) => c.colId),
  );
  const columnDefs = useMemo(
    () => auditColDefs(cols, t, language, serverSort),
    [cols, t, language, serverSort],
  );
  return {
    gridApi,
    layout,
    /** For AuditGridToolbar. */
    toolbarProps: { gridApi: gridApi as GridApi | undefined, onRestore: layout.restoreDefault },
    /** For ConsoleGrid (its `key` stays with the caller: React does not take it from a spread). */
    gridProps: {
      selection: 'none' as const,
      columnDefs,
      initialState: layout.initialState,
      onStateUpdated: layout.onStateUpdated,
      onGridReady: (e: GridReadyEvent<R>) => setGridApi(e.api),
    },
  };
}
