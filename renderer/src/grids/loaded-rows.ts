import type { GridApi, IRowNode } from 'ag-grid-community';

/**
 * "Select all" in a server-paged grid (AG Grid's infinite row model), shared by Ctrl+A
 * (console-grid.tsx) and the header checkbox (select-all-header.tsx): it selects the rows loaded
 * so far. All of them match the listing's filter (the server filtered them); the rows not loaded
 * yet are not in the browser, so they cannot be selected (grid-selection.ts, docs/grids.md).
 */

/** The selection event source of "select the loaded rows": the footer's note keys on it. */
export const LOADED_ROWS_SOURCE = 'keyboardSelectAll';

/** Whether the grid is server-paged (its rows arrive block by block). */
export function isServerPaged(api: GridApi): boolean {
  return api.getGridOption('rowModelType') === 'infinite';
}

/** Selects every loaded row (a row still loading has no data and is skipped). */
export function selectLoadedRows<Row>(api: GridApi<Row>): void {
  const nodes: IRowNode<Row>[] = [];
  api.forEachNode((n) => {
    if (n.data) nodes.push(n);
  });
  api.setNodesSelected({ nodes, newValue: true, source: LOADED_ROWS_SOURCE });
}

/** The loaded rows, and how many of them are selected. */
export function loadedRowsState(api: GridApi): { loaded: number; selected: number } {
  let loaded = 0;
  let selected = 0;
  api.forEachNode((n) => {
    if (!n.data) return;
    loaded++;
    if (n.isSelected()) selected++;
  });
  return { loaded, selected };
}

/** Whether the server holds rows that are not loaded (so "all loaded" is not "all"). */
export function loadedRowsAreNotAll(api: GridApi): boolean {
  const { loaded } = loadedRowsState(api);
  return loaded < api.getDisplayedRowCount() || !api.isLastRowIndexKnown();
}
