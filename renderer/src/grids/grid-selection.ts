/**
 * The grid toolkit's selection rules, the same in every grid (docs/grids.md):
 *
 * - Header checkbox and Ctrl+A select the rows the filters let through, never hidden ones.
 * - A filter that hides selected rows keeps them selected (clearing the filter brings them back)
 *   but they are *hidden*: actions, copy and context menus act on the shown selected rows only, and
 *   the footer says how many selected rows are hidden.
 * - A server-paged grid (AG Grid's infinite row model) cannot know which of its rows match a new
 *   filter without reading them all: a filter change starts a new listing and clears the selection.
 *   Its Ctrl+A selects the rows loaded so far (all of them match the filter, the server filtered
 *   them) and the footer says that only loaded rows are selected when more exist.
 * - A context menu acts on the row right-clicked: if that row is not in the selection, the selection
 *   becomes that row (as in a file manager); if it is, the selection is kept.
 *
 * This file holds the pure parts (tested in test/renderer/src/grids/grid-selection.test.ts); the AG Grid
 * plumbing is console-grid.tsx.
 */

/** What a grid reports to its feature after every selection or filter change. */
export interface GridSelection<Row> {
  /** Selected rows the user can see: the only rows actions, copy and menus act on. */
  rows: Row[];
  /** Selected rows a filter hides (kept selected, never acted on). */
  hidden: number;
  /** Infinite model only: Ctrl+A selected the loaded rows and the server holds more. */
  loadedOnly: boolean;
}

export const NO_SELECTION: GridSelection<never> = Object.freeze({
  rows: [] as never[],
  hidden: 0,
  loadedOnly: false,
});

/** Splits selected items into shown rows and a hidden count; items without data are ignored. */
export function partitionSelection<Item, Row>(
  selected: readonly Item[],
  dataOf: (item: Item) => Row | undefined,
  isShown: (item: Item) => boolean,
): { rows: Row[]; hidden: number } {
  const rows: Row[] = [];
  let hidden = 0;
  for (const item of selected) {
    const data = dataOf(item);
    if (data === undefined) continue;
    if (isShown(item)) rows.push(data);
    else hidden++;
  }
  return { rows, hidden };
}

/**
 * The file-manager rule for a context menu opened on a row: `replace` makes that row the whole
 * selection, `keep` leaves the selection as it is (the row is already in it).
 */
export function contextMenuSelection(rowIsSelected: boolean): 'keep' | 'replace' {
  return rowIsSelected ? 'keep' : 'replace';
}

/** Whether two selections report the same thing (so a feature re-renders only on a real change). */
export function sameSelection<Row>(a: GridSelection<Row>, b: GridSelection<Row>): boolean {
  return (
    a.hidden === b.hidden &&
    a.loadedOnly === b.loadedOnly &&
    a.rows.length === b.rows.length &&
    a.rows.every((r, i) => r === b.rows[i])
  );
}

/** Ctrl+A (or Cmd+A) without Shift or Alt. */
export function isSelectAllKey(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'a';
}

/** The keys that open a context menu from the keyboard: the ContextMenu key and Shift+F10. */
export function isContextMenuKey(e: { key: string; shiftKey: boolean }): boolean {
  return e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10');
}
