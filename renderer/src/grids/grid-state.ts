import type { GridState as AgGridState } from 'ag-grid-community';
import type { GridState } from '../../../common/ipc/contract';

/**
 * Our stored layout ⇄ AG Grid's state. Only layout is kept (order, widths, visibility, pinning,
 * sort, filter); column ids that no longer exist are dropped so an old layout never breaks a grid.
 */
export function toAgGridState(
  stored: GridState | null,
  knownColIds: readonly string[],
): AgGridState | undefined {
  if (!stored) return undefined;
  const known = new Set(knownColIds);
  const keep = (ids: readonly string[] | undefined) => (ids ?? []).filter((id) => known.has(id));
  const state: AgGridState = {};
  if (stored.columnOrder) state.columnOrder = { orderedColIds: keep(stored.columnOrder) };
  if (stored.columnSizing)
    state.columnSizing = {
      columnSizingModel: Object.entries(stored.columnSizing)
        .filter(([id]) => known.has(id))
        .map(([colId, width]) => ({ colId, width })),
    };
  if (stored.hiddenColumns) state.columnVisibility = { hiddenColIds: keep(stored.hiddenColumns) };
  if (stored.pinnedLeft) state.columnPinning = { leftColIds: keep(stored.pinnedLeft), rightColIds: [] };
  if (stored.sort) state.sort = { sortModel: stored.sort.filter((s) => known.has(s.colId)) };
  if (stored.filter)
    state.filter = {
      filterModel: Object.fromEntries(Object.entries(stored.filter).filter(([id]) => known.has(id))),
    };
  return state;
}

export function fromAgGridState(state: AgGridState): GridState {
  const out: GridState = { schemaVersion: 1 };
  if (state.columnOrder) out.columnOrder = [...state.columnOrder.orderedColIds];
  if (state.columnSizing)
    out.columnSizing = Object.fromEntries(
      state.columnSizing.columnSizingModel
        .filter((c) => c.width !== undefined)
        .map((c) => [c.colId, Math.round(c.width!)]),
    );
  if (state.columnVisibility) out.hiddenColumns = [...state.columnVisibility.hiddenColIds];
  if (state.columnPinning) out.pinnedLeft = [...state.columnPinning.leftColIds];
  if (state.sort) out.sort = state.sort.sortModel.map((s) => ({ colId: s.colId, sort: s.sort }));
  if (state.filter?.filterModel) out.filter = { ...state.filter.filterModel };
  return out;
}
