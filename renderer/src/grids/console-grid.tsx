import type {
  CellContextMenuEvent,
  CellKeyDownEvent,
  ColTypeDef,
  FilterChangedEvent,
  FullWidthCellKeyDownEvent,
  GridApi,
  GridReadyEvent,
  IRowNode,
  RowDataUpdatedEvent,
  RowSelectionOptions,
  SelectionChangedEvent,
} from 'ag-grid-community';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { gridTheme } from '../grid-theme';
import { useI18n, type Translate } from '../i18n/i18n';
import { useTheme } from '../theme';
import { fastSortRows, KEEP_ORDER, rankColumnsInBackground } from './fast-sort-rows';
import { SelectAllHeader } from './select-all-header';
import { LOADED_ROWS_SOURCE, loadedRowsAreNotAll, selectLoadedRows } from './loaded-rows';
import { DEFAULT_COL_DEF, gridColumnTypes } from './column-types';
import {
  contextMenuSelection,
  isContextMenuKey,
  isSelectAllKey,
  NO_SELECTION,
  partitionSelection,
  sameSelection,
  type GridSelection,
} from './grid-selection';

/** Where a context menu opens and on which row (the row right-clicked, or the focused row). */
export interface RowContextMenu<Row> {
  row: Row;
  x: number;
  y: number;
}

export type ConsoleGridProps<Row> = Omit<
  AgGridReactProps<Row>,
  'theme' | 'columnTypes' | 'rowSelection' | 'onSelectionChanged' | 'postSortRows'
> & {
  /** `multi` (default): checkboxes, header checkbox, Ctrl+A; `single`: one row; `none`. */
  selection?: 'multi' | 'single' | 'none';
  /** Multi-row selection shows checkboxes (default true). */
  checkboxes?: boolean;
  /** A click on a row selects it (default true); false where a click must only focus (editor lists). */
  clickSelection?: boolean;
  /** Called after every selection or filter change with the shown selected rows (grid-selection.ts). */
  onSelection?: (selection: GridSelection<Row>) => void;
  /**
   * Right-click, ContextMenu key or Shift+F10 on a row: the selection follows the file-manager rule.
   * (A grid may still pass AG Grid's own `onCellContextMenu` instead; then it applies the rule itself.)
   */
  onRowContextMenu?: (menu: RowContextMenu<Row>) => void;
  /** The text shown when the grid has no rows. */
  noRowsText?: string;
  /** Client-side grids with many rows: the toolkit sorts (client-sort.ts) instead of AG Grid. */
  fastSort?: boolean;
};

/**
 * AG Grid's own locale texts the console sets (the hook point for translating more of them).
 * Kept small on purpose: every text here exists in both catalogues.
 */
export function gridLocaleText(t: Translate): Record<string, string> {
  return { loadingOoo: t('grid.loading') };
}

/**
 * The selection column of a multi-row grid: the toolkit's header checkbox (the shown rows of a
 * client-side grid, the loaded rows of a server-paged one: select-all-header.tsx).
 */
const SELECT_ALL_COLUMN = { headerComponent: SelectAllHeader } as const;

/**
 * The console's grid: AG Grid with the toolkit's common props (theme, column types, default column
 * definition, locale texts, row selection, keyboard, context-menu plumbing) so every grid behaves
 * the same (selection rules: grid-selection.ts; conventions: docs/grids.md). Any other AG Grid prop
 * passes through.
 */
export function ConsoleGrid<Row>(props: ConsoleGridProps<Row>) {
  const {
    selection = 'multi',
    checkboxes = true,
    clickSelection = true,
    onSelection,
    onRowContextMenu,
    noRowsText,
    fastSort = false,
    onGridReady,
    onFilterChanged,
    onCellKeyDown,
    onRowDataUpdated,
    localeText,
    defaultColDef,
    ...rest
  } = props;
  const { t, language } = useI18n();
  const { dark } = useTheme();
  const infinite = rest.rowModelType === 'infinite';
  const [api, setApi] = useState<GridApi<Row>>();
  const last = useRef<GridSelection<Row>>(NO_SELECTION);
  const loadedOnly = useRef(false);

  const columnTypes = useMemo(() => {
    const types = gridColumnTypes(language, t);
    if (!fastSort) return types;
    const keep: Record<string, ColTypeDef> = {};
    for (const [name, def] of Object.entries(types)) keep[name] = { ...def, comparator: KEEP_ORDER };
    return keep;
  }, [language, t, fastSort]);

  // A new object on each render would make AG Grid re-apply the option over every row.
  const rowSelection = useMemo<RowSelectionOptions<Row> | undefined>(() => {
    if (selection === 'none') return undefined;
    if (selection === 'single')
      return { mode: 'singleRow', checkboxes: false, enableClickSelection: clickSelection };
    return {
      mode: 'multiRow',
      checkboxes,
      // The header checkbox is the toolkit's own (select-all-header.tsx, `selectionColumnDef` below).
      headerCheckbox: false,
      // Header checkbox and Ctrl+A act on the rows the filters let through.
      selectAll: 'filtered',
      enableClickSelection: clickSelection,
    };
  }, [selection, checkboxes, clickSelection]);

  const texts = useMemo(
    () => ({
      ...gridLocaleText(t),
      ...(noRowsText !== undefined ? { noRowsToShow: noRowsText } : {}),
      ...localeText,
    }),
    [t, noRowsText, localeText],
  );

  /** Reports the shown selected rows and how many selected rows a filter hides. */
  const report = useCallback(
    (gridApi: GridApi<Row>) => {
      if (!onSelection || gridApi.isDestroyed()) return;
      const nodes = gridApi.getSelectedNodes();
      let shown: (n: IRowNode<Row>) => boolean = () => true;
      if (!infinite && nodes.length > 0 && gridApi.isAnyFilterPresent()) {
        const passing = new Set<IRowNode<Row>>();
        gridApi.forEachNodeAfterFilter((n) => {
          if (n.isSelected()) passing.add(n);
        });
        shown = (n) => passing.has(n);
      }
      const { rows, hidden } = partitionSelection(nodes, (n) => n.data, shown);
      const next: GridSelection<Row> = {
        rows,
        hidden,
        loadedOnly: loadedOnly.current && rows.length > 0,
      };
      if (sameSelection(next, last.current)) return;
      last.current = next;
      onSelection(next);
    },
    [onSelection, infinite],
  );

  const onSelectionChanged = useCallback(
    (e: SelectionChangedEvent<Row>) => {
      // Only the toolkit's "select the loaded rows" (its source) sets the flag; any other change clears it.
      loadedOnly.current = infinite && e.source === LOADED_ROWS_SOURCE && loadedRowsAreNotAll(e.api);
      report(e.api);
    },
    [report, infinite],
  );

  // A server-paged grid's new datasource is a new listing (a filter changed): start with no selection.
  const datasource = rest.datasource;
  const firstDatasource = useRef(datasource);
  useEffect(() => {
    if (!api || datasource === firstDatasource.current) return;
    firstDatasource.current = datasource;
    api.deselectAll();
  }, [api, datasource]);

  /** The file-manager rule, then the feature's menu at (x, y). */
  const openMenuOn = useCallback(
    (node: IRowNode<Row> | null | undefined, x: number, y: number) => {
      if (!onRowContextMenu || !node?.data) return;
      if (contextMenuSelection(node.isSelected() === true) === 'replace') node.setSelected(true, true);
      onRowContextMenu({ row: node.data, x, y });
    },
    [onRowContextMenu],
  );

  const handleKeyDown = useCallback(
    (e: CellKeyDownEvent<Row> | FullWidthCellKeyDownEvent<Row>) => {
      const ke = e.event as KeyboardEvent | null | undefined;
      if (ke && isSelectAllKey(ke) && infinite && selection === 'multi') {
        // AG Grid's own Ctrl+A needs every row in the browser; here: the loaded rows (grid-selection.ts).
        ke.preventDefault();
        selectLoadedRows(e.api);
      } else if (ke && isContextMenuKey(ke) && onRowContextMenu) {
        ke.preventDefault();
        const target = ke.target instanceof HTMLElement ? ke.target.getBoundingClientRect() : null;
        openMenuOn(e.node, (target?.left ?? 200) + 24, target?.bottom ?? 200);
      }
      onCellKeyDown?.(e);
    },
    [infinite, selection, onRowContextMenu, openMenuOn, onCellKeyDown],
  );

  return (
    <AgGridReact<Row>
      theme={gridTheme(dark)}
      columnTypes={columnTypes}
      defaultColDef={defaultColDef ?? DEFAULT_COL_DEF}
      rowSelection={rowSelection}
      {...(selection === 'multi' && checkboxes ? { selectionColumnDef: SELECT_ALL_COLUMN } : {})}
      localeText={texts}
      {...(fastSort && !infinite
        ? {
            postSortRows: fastSortRows,
            onRowDataUpdated: (e: RowDataUpdatedEvent<Row>) => {
              rankColumnsInBackground(e.api);
              onRowDataUpdated?.(e);
            },
          }
        : onRowDataUpdated
          ? { onRowDataUpdated }
          : {})}
      {...(onRowContextMenu
        ? {
            preventDefaultOnContextMenu: true,
            onCellContextMenu: (e: CellContextMenuEvent<Row>) => {
              const me = e.event as MouseEvent | null | undefined;
              openMenuOn(e.node, me?.clientX ?? 200, me?.clientY ?? 200);
            },
          }
        : {})}
      onSelectionChanged={onSelectionChanged}
      onFilterChanged={(e: FilterChangedEvent<Row>) => {
        report(e.api);
        onFilterChanged?.(e);
      }}
      onCellKeyDown={handleKeyDown}
      onGridReady={(e: GridReadyEvent<Row>) => {
        setApi(e.api);
        last.current = NO_SELECTION;
        onGridReady?.(e);
      }}
      {...rest}
    />
  );
}

/** A feature's view of its grid's selection: `[selection, onSelection]` for `<ConsoleGrid>`. */
export function useGridSelection<Row>() {
  const [selection, setSelection] = useState<GridSelection<Row>>(NO_SELECTION);
  return [selection, setSelection] as const;
}

/** The footer's note when selected rows are hidden by a filter, or only loaded rows are selected. */
export function SelectionNote({ selection }: { selection: GridSelection<unknown> }) {
  const { t } = useI18n();
  return (
    <>
      {selection.hidden > 0 && (
        <span className="statusbar__warn" data-testid="grid-selection-hidden">
          {t('grid.selectionHidden', { count: selection.hidden })}
        </span>
      )}
      {selection.loadedOnly && (
        <span data-testid="grid-selection-loaded">{t('grid.selectionLoadedOnly')}</span>
      )}
    </>
  );
}
