import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GridApi, GridReadyEvent, IRowNode, RowDoubleClickedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Settings } from '../../../../common/ipc/contract';
import { HOSTS_DISPLAY_LIMIT_MAX, type HostRow } from '../../../../common/ipc/methods/hosts';
import type { HostActionKind } from '../../../../common/ipc/methods/actions';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { MenuButton, type MenuItem } from '../../components/menu-button';
import { Splitter } from '../../components/splitter';
import { useHostActions } from '../actions/use-host-actions';
import { useHostsGridActions } from './use-hosts-grid-actions';
import { useTabCommands } from '../../commands/command-registry';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid, SelectionNote, useGridSelection } from '../../grids/console-grid';
import {
  displayedCsvColumns,
  exportCsvWithProvenance,
  ExportReceiptNotice,
  selectionText,
  type ExportReceipt,
} from '../../grids/export-csv';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys, coreQueries } from '../../queries/core';
import { hostKeys } from '../../queries/hosts';
import { useReloadOnRefresh, useRefresh } from '../../refresh';
import { HostDetailsPanel } from './host-details';
import { HOST_COL_IDS, hostColumnDefs } from './host-columns';
import { EMPTY_SEARCH, HostSearchBar, type HostSearchState } from './host-search-bar';
import { HostTextIndex, hostSearchText, queryWords } from './host-text-index';
import { useClientHostRows, usePagedHostRows, type HostRowsForExport } from './use-host-rows';
import { FleetCountsBar } from '../capabilities/fleet-counts-bar';
import { useCountColumns } from '../capabilities/use-count-columns';

const WUA_COUNT_COLS = [
  'wua_ok_count',
  'wua_pending_count',
  'wua_missing_count',
  'wua_discarded_count',
  'wua_error_count',
] as const;
/** The count columns visible by default (host-columns.ts). */
const DEFAULT_WUA_COUNT_COLS = ['wua_missing_count', 'wua_pending_count'] as const;

const BLOCK = 200;
/** The host actions of the Actions menu, in its order. */
const HOST_MENU_ACTIONS: readonly HostActionKind[] = [
  'waptwua_scan',
  'waptwua_download',
  'waptwua_install',
  'update',
  'upgrade',
];
const DEFAULT_DISPLAY_LIMIT = 2000;
const hostRowId = (p: { data: HostRow }) => p.data.uuid;

/**
 * The quick filter of the client-side mode: AG Grid's external filter. Each listing's search texts
 * are laid out once, when it arrives (host-text-index.ts); a new query finds its hosts in them in
 * one pass, and the grid's per-row test is then a set lookup. Like AG Grid's own quick filter,
 * every word must match. A row the index does not hold (a listing arriving under a query, before
 * its index is built) is tested on its own text.
 */
function useQuickFilter(
  gridApi: GridApi<HostRow> | undefined,
  text: string,
  rows: readonly HostRow[] | undefined,
) {
  const words = useRef<string[]>([]);
  const index = useRef<HostTextIndex | null>(null);
  const passing = useRef<Set<HostRow> | null>(null);
  const ownTexts = useRef(new WeakMap<HostRow, string>());
  // The hosts the query matches in the current index (null: no query, or no index yet).
  const findPassing = () => {
    const built = index.current;
    passing.current = built && words.current.length > 0 ? built.matching(words.current) : null;
  };
  // Built when the listing arrives (part of loading it), not on the first keystroke.
  useEffect(() => {
    index.current = rows ? new HostTextIndex(rows) : null;
    findPassing();
  }, [rows]);
  useEffect(() => {
    words.current = queryWords(text);
    findPassing();
    gridApi?.onFilterChanged();
  }, [gridApi, text]);
  return useMemo(
    () => ({
      present: () => words.current.length > 0,
      passes: (node: IRowNode<HostRow>) => {
        const row = node.data;
        if (!row) return false;
        const found = passing.current;
        if (found && index.current?.has(row)) return found.has(row);
        let own = ownTexts.current.get(row);
        if (own === undefined) {
          own = hostSearchText(row);
          ownTexts.current.set(row, own);
        }
        const hay = own;
        return words.current.every((w) => hay.includes(w));
      },
    }),
    [],
  );
}

/**
 * Hosts tab. Its strategy follows what the server offers (docs/hosts-listing.md): a server that
 * advertises `hosts_paging` is read a block at a time (AG Grid infinite row model, server-side
 * sort, true total); any other server — a genuine WAPT server — is read in one request of at most
 * "maximum hosts to display" hosts, then sorted, quick-filtered and selected in the grid.
 */
export function HostsTab() {
  const api = useApi();
  const { t, language } = useI18n();
  const session = useQuery(coreQueries.session(api));
  const settings = useQuery(coreQueries.settings(api));
  const paging = session.data?.capabilities?.hostsPaging === true;
  const displayLimit = settings.data?.hostsDisplayLimit ?? DEFAULT_DISPLAY_LIMIT;
  const layout = usePersistedGridState('hosts', HOST_COL_IDS);
  const [gridApi, setGridApi] = useState<GridApi<HostRow>>();
  // Windows-update columns the server cannot fill are hidden with a note (docs/server-capabilities.md).
  const countsHidden = useCountColumns(gridApi as GridApi | undefined, {
    counts: WUA_COUNT_COLS,
    defaultVisible: DEFAULT_WUA_COUNT_COLS,
    wuaOnly: ['wua_status'],
  });
  const [search, setSearch] = useState<HostSearchState>(EMPTY_SEARCH);
  const [quickFilter, setQuickFilter] = useState('');

  // Selection and the shown-row count belong to one listing: a new search, limit or mode starts over.
  const listing = JSON.stringify([paging, search, displayLimit]);
  // Shown selected rows only: a host the quick filter hides is never acted on (grids/grid-selection.ts).
  const [selection, setSelection] = useGridSelection<HostRow>();
  const selected = selection.rows;
  const [shownState, setShownState] = useState<{ listing: string; count: number } | null>(null);
  const shown = shownState?.listing === listing ? shownState.count : null;
  // Re-render only when the count changes: a sort must not re-render the tab (and its grid props).
  const setShown = (count: number) =>
    setShownState((old) => (old?.listing === listing && old.count === count ? old : { listing, count }));
  const [notice, setNotice] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<ExportReceipt | null>(null);
  const [detailsUuid, setDetailsUuid] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const actions = useHostActions();

  const paged = usePagedHostRows(api, search);
  const client = useClientHostRows(api, search, displayLimit, session.isSuccess && !paging);
  const list = client.data;
  const quick = useQuickFilter(gridApi, quickFilter, paging ? undefined : list?.rows);
  const error = paging ? paged.error : client.error;

  const targets = useMemo(
    () => selected.map((h) => ({ uuid: h.uuid, host: h.computer_fqdn ?? h.uuid })),
    [selected],
  );
  const gridActions = useHostsGridActions({
    targets,
    gridApi,
    actions,
    onDeleted: (message) => {
      setNotice(message);
      refresh();
    },
  });
  // The palette lists these wherever the user is (commands/command-catalogue.ts); the Actions menu
  // disables an item by the same rule.
  const reasonOf = useTabCommands(
    'hosts',
    { selected: targets.length, loaded: gridApi !== undefined },
    {
      ...Object.fromEntries(
        HOST_MENU_ACTIONS.map((a) => [`hosts.action.${a}`, () => actions.trigger(a, targets)]),
      ),
      ...Object.fromEntries(gridActions.menuItems.map((item) => [`hosts.action.${item.key}`, item.onSelect])),
      'hosts.action.queued': actions.openQueue,
      'hosts.search': () => searchRef.current?.focus(),
      'hosts.copy': () => void copySelection(),
      'hosts.export': () => void exportCsv().catch(paged.setError),
    },
  );
  const actionItems: MenuItem[] = [
    ...HOST_MENU_ACTIONS.map((a) => ({
      key: a,
      label: t(`actions.item.${a}`),
      disabled: reasonOf(`hosts.action.${a}`) !== null,
      onSelect: () => actions.trigger(a, targets),
    })),
    // Add / remove packages…, Delete hosts… (use-hosts-grid-actions.tsx).
    ...gridActions.menuItems,
    // The queue of actions waiting for offline hosts, whatever is selected.
    { key: 'queued', label: t('actions.queue.menu'), onSelect: actions.openQueue },
  ];
  const columnDefs = useMemo(() => hostColumnDefs(t, paging), [t, paging]);

  // One refresh path (refresh.ts): this tab's Refresh, F5 and any change to hosts invalidate the
  // hosts' query keys; the paged grid keeps its own row blocks and drops them on that signal.
  const refreshKeys = useRefresh();
  const refresh = useCallback(
    () => void refreshKeys([hostKeys.groups(), paging ? hostKeys.pages() : hostKeys.lists()]),
    [refreshKeys, paging],
  );
  useReloadOnRefresh(
    hostKeys.pages(),
    useCallback(() => {
      if (paging) gridApi?.purgeInfiniteCache();
    }, [gridApi, paging]),
  );

  const copySelection = useCallback(async () => {
    if (!gridApi || selected.length === 0) return;
    await navigator.clipboard.writeText(selectionText(gridApi, selected, language, t));
    setNotice(t('grid.copied', { count: selected.length }));
  }, [gridApi, selected, language, t]);

  const exportCsv = useCallback(async () => {
    if (!gridApi) return;
    const data: HostRowsForExport = paging
      ? await paged.loadAll()
      : await client.loadAll(gridApi, quickFilter);
    setReceipt(
      await exportCsvWithProvenance(api, {
        title: t('hosts.export.title'),
        fileBase: 'hosts',
        columns: displayedCsvColumns(gridApi, language, t),
        rows: data.rows,
        query: data.query,
        asOf: data.asOf,
        ...(list?.limitReached && !paging ? { notes: [t('hosts.limitReachedShort')] } : {}),
      }),
    );
  }, [api, gridApi, paging, paged, client, quickFilter, language, t, list]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
      }
      // The WAPT console's shortcuts: Ctrl+U check updates, Ctrl+P apply upgrades (docs/wapt-console-features.md §1.G).
      if (
        (e.ctrlKey || e.metaKey) &&
        !e.shiftKey &&
        (e.key.toLowerCase() === 'u' || e.key.toLowerCase() === 'p')
      ) {
        e.preventDefault();
        if (targets.length > 0) actions.trigger(e.key.toLowerCase() === 'u' ? 'update' : 'upgrade', targets);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, targets]);

  // The grid's own selection is cleared with the listing; its selection event updates `selected`.
  useEffect(() => {
    gridApi?.deselectAll();
  }, [gridApi, listing]);

  const total = paging ? paged.total : (list?.rows.length ?? null);
  const asOf = paging ? paged.asOf : (list?.asOf ?? null);
  const serverHosts = session.data?.hostsCount ?? null;

  return (
    <div className="hosts-tab" data-hosts-mode={paging ? 'server-paged' : 'client'}>
      <HostSearchBar value={search} onChange={setSearch} inputRef={searchRef} />
      <div className="toolbar" role="toolbar" aria-label={t('shell.tabs.hosts')}>
        <button type="button" className="btn" onClick={refresh} title={t('shell.refresh')}>
          {t('grid.refresh')}
        </button>
        <GridLayoutControls api={gridApi as GridApi | undefined} onRestore={layout.restoreDefault} />
        <button
          type="button"
          className="btn"
          onClick={() => void copySelection()}
          disabled={selected.length === 0}
        >
          {t('grid.copy')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void exportCsv().catch(paged.setError)}
          disabled={!gridApi}
        >
          {t('grid.exportCsv')}
        </button>
        <MenuButton label={t('actions.menu')} items={actionItems} testId="host-actions-menu" />
        {!paging && (
          <>
            <input
              name="hostsQuickFilter"
              className="toolbar__filter"
              type="search"
              aria-label={t('hosts.quickFilter.label')}
              placeholder={t('hosts.quickFilter.placeholder')}
              value={quickFilter}
              onChange={(e) => setQuickFilter(e.target.value)}
            />
            {settings.data && (
              <DisplayLimitInput key={settings.data.hostsDisplayLimit} settings={settings.data} />
            )}
          </>
        )}
        <span className="toolbar__spacer" />
        {notice && <span className="toolbar__notice">{notice}</span>}
      </div>
      {receipt && <ExportReceiptNotice receipt={receipt} onDismiss={() => setReceipt(null)} />}
      {actions.error && (
        <div className="error-banner" role="alert">
          {actions.error}
        </div>
      )}
      {actions.dialogs}
      {gridActions.overlays}
      {countsHidden !== null && (
        <p className="hint" data-testid="hosts-counts-hidden">
          {t(countsHidden === 'noWua' ? 'hosts.wuaColumnsHidden' : 'fleetCounts.hostColumnsHidden')}
        </p>
      )}
      <FleetCountsBar />
      {error !== null && error !== undefined && (
        <ErrorBanner
          error={error}
          t={t}
          onDismiss={paging ? () => paged.setError(null) : undefined}
          onRetry={refresh}
        />
      )}
      {/* Hosts grid above, host details below, the separator between them saved in the settings. */}
      <Splitter
        id="hosts.details"
        label={t('layout.splitter.hostDetails')}
        defaultPercent={30}
        testId="hosts-split"
        first={
          <>
            <div
              className="grid-host"
              data-testid="hosts-grid"
              aria-busy={paging ? paged.loading : client.fetching || !client.complete}
              onKeyDown={(e) => {
                gridActions.onKeyDown(e);
                if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') void copySelection();
                if (e.key === 'Enter' && selected[0]) setDetailsUuid(selected[0].uuid);
              }}
            >
              {layout.ready && session.isSuccess && (
                <ConsoleGrid<HostRow>
                  key={`${layout.gridKey}-${paging ? 'paged' : 'client'}`}
                  columnDefs={columnDefs}
                  // 50,000 rows in the client-side mode: the toolkit's sort (grids/client-sort.ts).
                  fastSort={!paging}
                  {...(paging
                    ? {
                        rowModelType: 'infinite' as const,
                        datasource: paged.datasource,
                        cacheBlockSize: BLOCK,
                        maxBlocksInCache: 50,
                      }
                    : {
                        rowModelType: 'clientSide' as const,
                        rowData: list?.rows,
                        isExternalFilterPresent: quick.present,
                        doesExternalFilterPass: quick.passes,
                        onModelUpdated: (e: { api: GridApi<HostRow> }) =>
                          setShown(e.api.getDisplayedRowCount()),
                      })}
                  getRowId={hostRowId}
                  initialState={layout.initialState}
                  onStateUpdated={layout.onStateUpdated}
                  onGridReady={(e: GridReadyEvent<HostRow>) => {
                    setGridApi(e.api);
                  }}
                  onSelection={setSelection}
                  onRowContextMenu={gridActions.openMenu}
                  onRowDoubleClicked={(e: RowDoubleClickedEvent<HostRow>) =>
                    e.data && setDetailsUuid(e.data.uuid)
                  }
                  noRowsText={t('hosts.noRows')}
                />
              )}
            </div>
            <div className="statusbar" data-testid="hosts-status">
              <span data-testid="hosts-count">
                {t('hosts.selection', { selected: selected.length, total: total ?? '…' })}
                {!paging && list && !client.complete
                  ? ` (${t('hosts.loadingAll', { limit: displayLimit })})`
                  : !paging && list?.limitReached
                    ? ` (${serverHosts === null ? t('hosts.limitReachedShort') : t('hosts.limitReached', { server: serverHosts })})`
                    : ''}
              </span>
              {!paging && quickFilter !== '' && shown !== null && (
                <span data-testid="hosts-shown">{t('hosts.shown', { shown })}</span>
              )}
              <SelectionNote selection={selection} />
              {asOf && <span>{t('hosts.asOf', { time: formatDateTime(asOf, language) })}</span>}
            </div>
          </>
        }
        second={
          detailsUuid ? <HostDetailsPanel uuid={detailsUuid} onClose={() => setDetailsUuid(null)} /> : null
        }
      />
    </div>
  );
}

/**
 * "Maximum hosts to display" (WAPT's display preference, default 2,000; up to 50,000 here): the
 * `limit` of the one hosts request to a server that does not page. Saved in the settings.
 */
function DisplayLimitInput({ settings }: { settings: Settings }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // Remounted (key) when the saved value changes, so the field starts from it.
  const [text, setText] = useState(String(settings.hostsDisplayLimit));
  const value = Number(text);
  const valid = /^\d+$/.test(text) && value >= 1 && value <= HOSTS_DISPLAY_LIMIT_MAX;
  const save = useMutation({
    mutationFn: (hostsDisplayLimit: number) => api.call('settings.update', { hostsDisplayLimit }),
    onSuccess: (saved) => queryClient.setQueryData(coreKeys.settings, saved),
  });
  const commit = () => {
    if (valid && value !== settings.hostsDisplayLimit) save.mutate(value);
  };
  return (
    <label className="prefs__item">
      <span>{t('hosts.maxHosts')}</span>
      <input
        name="hostsDisplayLimit"
        type="number"
        min={1}
        max={HOSTS_DISPLAY_LIMIT_MAX}
        step={500}
        className={valid ? 'toolbar__number' : 'toolbar__number searchbar__text--invalid'}
        aria-invalid={!valid}
        title={valid ? undefined : t('hosts.maxHosts.invalid', { max: HOSTS_DISPLAY_LIMIT_MAX })}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
