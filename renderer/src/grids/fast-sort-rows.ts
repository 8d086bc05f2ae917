import type { Column, ColDef, GridApi, IRowNode, PostSortRowsParams } from 'ag-grid-community';
import { sortByKeys, type SortSpec } from './client-sort';
import { columnTypeOf, textOf } from './column-types';
import { KEYS_PER_STEP, placeByRanks, rankKeys, rankKeysInSteps, type ColumnRanks } from './sort-ranks';

/**
 * The sort of a `fastSort` grid (console-grid.tsx): AG Grid keeps the rows' order (KEEP_ORDER),
 * then `postSortRows` orders them here. A one-column sort places the rows by the column's ranks
 * (sort-ranks.ts), computed in the background after the rows arrive, or at the column's
 * first sort; any other sort reads each row's key once and sorts (client-sort.ts).
 */

/** The comparison AG Grid runs when the toolkit sorts: keeps AG Grid's order (see fastSortRows). */
export const KEEP_ORDER = () => 0;

/** A column's sort key for a row, and its own comparator when it has one. */
function columnSortKey<Row>(
  api: GridApi<Row>,
  column: Column,
): Pick<SortSpec<IRowNode<Row>>, 'key' | 'comparator'> {
  const def: ColDef<Row> = column.getColDef();
  const field = def.field as keyof Row | undefined;
  const read =
    def.valueGetter === undefined && field !== undefined
      ? (n: IRowNode<Row>) => (n.data ? n.data[field] : undefined)
      : (n: IRowNode<Row>) => api.getCellValue({ rowNode: n, colKey: column });
  // Lists sort by their text, as the `list` column type's comparator does.
  const listLike = columnTypeOf(def) === 'list' || columnTypeOf(def) === 'kb';
  const key = listLike ? (n: IRowNode<Row>) => textOf(read(n)) : read;
  const own =
    typeof def.comparator === 'function' && def.comparator !== KEEP_ORDER ? def.comparator : undefined;
  return own ? { key, comparator: (a, b, na, nb, desc) => own(a, b, na, nb, desc) } : { key };
}

/** A grid's column ranks, and the generation of rows they were computed for. */
interface GridRanks {
  /** Bumped whenever the grid's rows are replaced or updated (rankColumnsInBackground). */
  generation: number;
  /** null: the column's keys are not uniform, it keeps the comparison sort. */
  columns: Map<string, { ranks: ColumnRanks | null; generation: number }>;
}
const ranksByGrid = new WeakMap<GridApi<never>, GridRanks>();

function gridRanks<Row>(api: GridApi<Row>): GridRanks {
  const key = api as unknown as GridApi<never>;
  let state = ranksByGrid.get(key);
  if (!state) {
    state = { generation: 0, columns: new Map() };
    ranksByGrid.set(key, state);
  }
  return state;
}

/**
 * Every row of the grid (filtered out or not) and the size of its row data; null when the grid has
 * group rows, which have no place in the row data (such grids keep the comparison sort).
 */
function dataRows<Row>(api: GridApi<Row>): { nodes: IRowNode<Row>[]; size: number } | null {
  const nodes: IRowNode<Row>[] = [];
  let size = 0;
  let flat = true;
  api.forEachNode((n) => {
    if (n.sourceRowIndex < 0 || n.group) flat = false;
    nodes.push(n);
    size = Math.max(size, n.sourceRowIndex + 1);
  });
  return flat ? { nodes, size } : null;
}

/** Ranks one column over every row of the grid, and keeps the ranks. */
function rankColumn<Row>(api: GridApi<Row>, colId: string, key: (n: IRowNode<Row>) => unknown) {
  const state = gridRanks(api);
  const rows = dataRows(api);
  let ranks: ColumnRanks | null = null;
  if (rows) {
    // Positions no row holds stay holes: read as empty keys, which no row will be placed by.
    const keys = new Array<unknown>(rows.size);
    for (const node of rows.nodes) keys[node.sourceRowIndex] = key(node);
    ranks = rankKeys(keys);
  }
  state.columns.set(colId, { ranks, generation: state.generation });
  return ranks;
}

/** Places `nodes` by the column's ranks (computing them if needed); false when they do not apply. */
function placeByColumnRanks<Row>(
  api: GridApi<Row>,
  colId: string,
  key: (n: IRowNode<Row>) => unknown,
  descending: boolean,
  nodes: IRowNode<Row>[],
): boolean {
  const state = gridRanks(api);
  const kept = state.columns.get(colId);
  const rowOf = (n: IRowNode<Row>) => n.sourceRowIndex;
  if (kept?.ranks && placeByRanks(nodes, kept.ranks, descending, rowOf, key)) return true;
  // Not ranked yet, or a row's key changed since: rank again (once), from the rows as they are.
  if (kept && kept.ranks === null && kept.generation === state.generation) return false;
  const ranks = rankColumn(api, colId, key);
  return ranks !== null && placeByRanks(nodes, ranks, descending, rowOf, key);
}

/**
 * AG Grid's `postSortRows` of a `fastSort` grid. The columns' comparator is KEEP_ORDER, so AG
 * Grid's own sort is one pass over rows already in order (TimSort finds one run); the real order is
 * computed here from the sort model.
 */
export function fastSortRows<Row>({ api, nodes }: PostSortRowsParams<Row>): void {
  const sorted = api
    .getColumnState()
    .filter((s) => s.sort)
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0));
  if (sorted.length === 0) return;
  const specs: SortSpec<IRowNode<Row>>[] = [];
  for (const s of sorted) {
    const column = api.getColumn(s.colId);
    if (column) specs.push({ ...columnSortKey(api, column), descending: s.sort === 'desc' });
  }
  const only = specs.length === 1 ? specs[0]! : undefined;
  if (only && !only.comparator && placeByColumnRanks(api, sorted[0]!.colId, only.key, only.descending, nodes))
    return;
  sortByKeys(nodes, specs);
}

/** Chromium's prioritized task scheduling (`scheduler.postTask`), not in TypeScript's DOM types. */
interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/**
 * Runs `work` as a background task: after any input, rendering or other task waiting. Where the
 * browser has no such priority (tests), an ordinary task.
 */
function inBackground(work: () => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (scheduler) void scheduler.postTask(work, { priority: 'background' });
  else setTimeout(work, 0);
}

/**
 * Background work runs in slices this long at most (plus one step), so a click or a frame waits
 * for it no longer than that. (Idle callbacks may run for 50 ms: a script driving the page, as
 * the tests do, waited for them at each of its round trips.)
 */
const SLICE_MS = 5;

/**
 * After a `fastSort` grid's rows arrive or change: ranks its shown sortable columns, left to right,
 * in the background, so that a later click on their header is a placement. The work goes in steps
 * of a few milliseconds (rankKeysInSteps), run in slices of SLICE_MS as background tasks, so a
 * click is never held by it. Rows arriving again stop the round; ranks of earlier rows are still
 * checked before use (placeByRanks).
 */
export function rankColumnsInBackground<Row>(api: GridApi<Row>): void {
  const state = gridRanks(api);
  const generation = ++state.generation;
  const colIds = api
    .getAllDisplayedColumns()
    .filter((c) => c.isSortable())
    .map((c) => c.getColId());
  const ranked = (colId: string) => state.columns.get(colId)?.generation === generation;

  function* work(): Generator<void, void> {
    const rows = dataRows(api);
    if (!rows) return;
    yield;
    for (const colId of colIds) {
      const column = api.getColumn(colId);
      const spec = column ? columnSortKey(api, column) : undefined;
      if (!spec || spec.comparator || ranked(colId)) continue;
      const keys = new Array<unknown>(rows.size);
      for (let i = 0; i < rows.nodes.length; i++) {
        const node = rows.nodes[i]!;
        keys[node.sourceRowIndex] = spec.key(node);
        if (i % KEYS_PER_STEP === KEYS_PER_STEP - 1) yield;
      }
      const ranks = yield* rankKeysInSteps(keys);
      // A click may have ranked the column meanwhile, from the rows as they were then: keep that.
      if (!ranked(colId)) state.columns.set(colId, { ranks, generation });
    }
  }

  const steps = work();
  const slice = () => {
    if (api.isDestroyed() || state.generation !== generation) return;
    const until = performance.now() + SLICE_MS;
    do {
      if (steps.next().done) return;
    } while (performance.now() < until);
    inBackground(slice);
  };
  inBackground(slice);
}
