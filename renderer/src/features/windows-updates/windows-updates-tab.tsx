import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Splitter } from '../../components/splitter';
import type { GridApi } from 'ag-grid-community';
import { useServerPagedRows, type PageSort } from '../../grids/use-server-paged-rows';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  ALL_UPDATES,
  UPDATE_SORTABLE,
  type ParsedUpdatesFilter,
  type UpdateRow,
} from '../../../../common/ipc/methods/updates';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { ConfirmDialog } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid, SelectionNote, useGridSelection, type RowContextMenu } from '../../grids/console-grid';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import { useI18n } from '../../i18n/i18n';
import { useApi, type ApiClient } from '../../platform/api-client';
import { TASKS_POLL_MS, updateKeys, updateQueries } from '../../queries/updates';
import { useReloadOnRefresh, useRefresh } from '../../refresh';
import { useConsoleMutation } from '../../queries/mutation';
import { useTabCommands } from '../../commands/command-registry';
import {
  displayedCsvColumns,
  exportCsvWithProvenance,
  ExportReceiptNotice,
  type ExportReceipt,
} from '../../grids/export-csv';
import { ReadOnlyBadge, useReadOnly } from '../audit/read-only';
import { PointerMenu, type MenuItemDef } from '../../components/ui/menu';
import { CabHistorySection, CatalogHealthStrip } from './cab-history';
import { DownloadTasksDialog } from './download-tasks-dialog';
import { FacetsPane } from './facets-pane';
import { UPDATE_COL_IDS, updateColumnDefs } from './update-columns';
import { FleetCountsBar } from '../capabilities/fleet-counts-bar';
import { useCountColumns } from '../capabilities/use-count-columns';
import { useExplain } from '../wua-rules';

const BLOCK = 200;
const EXPORT_PAGE = 5000;
const SORTABLE: ReadonlySet<string> = new Set(UPDATE_SORTABLE);

type Pending = { kind: 'download' | 'delete'; ids: string[] };

/** Opens Microsoft's KB page through main's safe-links; in browser mode main cannot, so the page opens it. */
export async function openKbPage(api: ApiClient, kb: string): Promise<void> {
  const r = await api.call('links.open', { kind: 'kb', kb: `KB${kb.replace(/^KB/i, '')}` });
  if (!r.opened) window.open(r.url, '_blank', 'noopener,noreferrer');
}

/**
 * Windows Updates tab (docs/wapt-console-features.md §1.A): facets on the left, the server-paged catalog of
 * updates some host reported (AG Grid infinite row model: at 50,000 hosts the server sends one page
 * of aggregated rows, never host×update states), server-side downloads and cache deletion, the
 * download-task monitor and the wsusscn2.cab history.
 */
const HOST_COUNT_COLS = [
  'hosts_ok',
  'hosts_pending',
  'hosts_missing',
  'hosts_discarded',
  'hosts_error',
  'hosts_total',
] as const;
/** The host-count columns visible by default (update-columns.ts). */
const DEFAULT_HOST_COUNT_COLS = ['hosts_ok', 'hosts_pending', 'hosts_missing'] as const;

export function WindowsUpdatesTab() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { t, language } = useI18n();
  const readOnly = useReadOnly();
  const layout = usePersistedGridState('windowsUpdates', UPDATE_COL_IDS);
  const facets = useQuery(updateQueries.facets(api));
  const health = useQuery(updateQueries.health(api));
  const [filter, setFilter] = useState<ParsedUpdatesFilter>(ALL_UPDATES);
  const [gridApi, setGridApi] = useState<GridApi<UpdateRow>>();
  const [selection, setSelection] = useGridSelection<UpdateRow>();
  const selected = selection.rows;
  const explain = useExplain();
  const [notice, setNotice] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<ExportReceipt | null>(null);
  // `row`: the row the menu was opened on (right-click or keyboard); none from the toolbar button.
  const [menu, setMenu] = useState<{ x: number; y: number; row?: UpdateRow } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [showTasks, setShowTasks] = useState(false);
  const [forceCab, setForceCab] = useState(false);
  const [running, setRunning] = useState(0);
  const columnDefs = useMemo(() => updateColumnDefs(t), [t]);
  const menuButton = useRef<HTMLButtonElement>(null);
  // Without server counts and before the console computed its own, the host-count columns would
  // be empty: they are hidden, with a note saying why (docs/server-capabilities.md).
  const countsHidden =
    useCountColumns(gridApi as GridApi | undefined, {
      counts: HOST_COUNT_COLS,
      defaultVisible: DEFAULT_HOST_COUNT_COLS,
    }) === 'notComputed';

  const fetchPage = useCallback(
    (offset: number, limit: number, sort: PageSort<(typeof UPDATE_SORTABLE)[number]>) =>
      queryClient.fetchQuery(updateQueries.page(api, { offset, limit, sort, filter })),
    [api, queryClient, filter],
  );
  const { datasource, total, asOf, error, setError, loading } = useServerPagedRows<
    UpdateRow,
    (typeof UPDATE_SORTABLE)[number]
  >(UPDATE_SORTABLE, fetchPage);

  // One refresh path (refresh.ts): this tab's Refresh, F5 and every change to updates invalidate
  // the updates' query keys; the paged grid keeps its own row blocks and drops them on that signal.
  const refreshKeys = useRefresh();
  const refresh = useCallback(() => void refreshKeys([updateKeys.all]), [refreshKeys]);
  useReloadOnRefresh(
    updateKeys.pages(),
    useCallback(() => gridApi?.purgeInfiniteCache(), [gridApi]),
  );

  // After a download request: follow the server's task list until nothing runs, then reload the grid ("Downloaded on" fills in).
  const generation = useRef(0);
  useEffect(() => () => void (generation.current += 1), []);
  const watch = useCallback(() => {
    const mine = ++generation.current;
    void (async () => {
      try {
        for (;;) {
          const tk = await queryClient.fetchQuery({ ...updateQueries.tasks(api), staleTime: 0 });
          if (mine !== generation.current) return;
          setRunning(tk.running);
          if (tk.running === 0) break;
          await new Promise((r) => setTimeout(r, TASKS_POLL_MS));
        }
        refresh();
      } catch (err) {
        if (mine === generation.current) setError(err);
      }
    })();
  }, [api, queryClient, refresh, setError]);

  const download = useConsoleMutation({
    mutationFn: (ids: string[]) => api.call('updates.download', { updateIds: ids, force: false }),
    // New download tasks at once; the grid's "Downloaded on" when they end (watch above).
    invalidates: [updateKeys.tasks()],
    onSuccess: (r) => {
      setNotice(t('wu.notice.downloadQueued', { queued: r.queued, skipped: r.skipped, failed: r.failed }));
      watch();
    },
    onError: setError,
  });
  const deleteCached = useConsoleMutation({
    mutationFn: (ids: string[]) => api.call('updates.deleteCached', { updateIds: ids }),
    invalidates: [updateKeys.all],
    onSuccess: (r) => {
      setNotice(t('wu.notice.deleted', { updates: r.updates, files: r.files }));
    },
    onError: setError,
  });
  const downloadCab = useConsoleMutation({
    mutationFn: (force: boolean) => api.call('updates.downloadCab', { force }),
    invalidates: [updateKeys.cabHistory()],
    onSuccess: (r) => {
      setNotice(t(r.skipped ? 'wu.notice.cabSkipped' : 'wu.notice.cabStarted'));
      watch();
    },
    onError: setError,
  });

  const ids = selected.map((r) => r.update_id);
  // The KB page of the row the menu was opened on; from the toolbar, of the first selected row with a KB.
  const kb = menu?.row ? menu.row.kbids[0] : selected.find((r) => r.kbids.length > 0)?.kbids[0];
  const askDownload = () => ids.length > 0 && !readOnly && setPending({ kind: 'download', ids });
  const askDelete = () => ids.length > 0 && !readOnly && setPending({ kind: 'delete', ids });
  const menuItems: MenuItemDef[] = [
    {
      id: 'download',
      label: t('wu.menu.download', { count: ids.length }),
      disabled: readOnly || ids.length === 0,
      onSelect: askDownload,
    },
    {
      id: 'delete',
      label: t('wu.menu.deleteCached', { count: ids.length }),
      shortcut: t('wu.key.del'),
      disabled: readOnly || ids.length === 0,
      onSelect: askDelete,
    },
    {
      id: 'kb',
      label: kb ? t('wu.menu.kbInfo', { kb: `KB${kb}` }) : t('wu.menu.kbInfoNone'),
      disabled: kb === undefined,
      onSelect: () => kb && void openKbPage(api, kb).catch(setError),
    },
  ];

  // The grid toolkit applies the file-manager rule (the menu acts on the row clicked) before this.
  const onRowContextMenu = useCallback((m: RowContextMenu<UpdateRow>) => setMenu(m), []);

  const onGridKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Delete' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      askDelete();
    }
  };

  const exportCsv = async () => {
    if (!gridApi) return;
    const sortModel = gridApi.getColumnState().find((c) => c.sort);
    const sort =
      sortModel && SORTABLE.has(sortModel.colId)
        ? { colId: sortModel.colId as (typeof UPDATE_SORTABLE)[number], desc: sortModel.sort === 'desc' }
        : null;
    const rows: UpdateRow[] = [];
    let stamp = '';
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await api.call('updates.page', { offset, limit: EXPORT_PAGE, sort, filter });
      stamp ||= page.asOf;
      rows.push(...page.rows);
      if (page.rows.length < EXPORT_PAGE || rows.length >= page.total) break;
    }
    const columns = displayedCsvColumns(gridApi, language, t);
    setReceipt(
      await exportCsvWithProvenance(api, {
        title: t('wu.export.title'),
        fileBase: 'windows-updates',
        columns,
        rows,
        query: { filter, sort },
        asOf: stamp,
      }),
    );
  };

  // The palette lists these wherever the user is (commands/command-catalogue.ts: labels, keys and
  // the enable rules the menu above applies); here only the code that runs them.
  useTabCommands(
    'windowsUpdates',
    {
      selected: ids.length,
      loaded: gridApi !== undefined,
      cabPending: downloadCab.isPending,
      kb: kb ?? null,
    },
    {
      ...Object.fromEntries(menuItems.map((item) => [`wu.menu.${item.id}`, item.onSelect])),
      'wu.downloadCab': () => downloadCab.mutate(forceCab),
      'wu.tasks': () => setShowTasks(true),
      'wu.explain': () => selected[0] && explain.open(null, selected[0].update_id),
      'wu.export': () => void exportCsv().catch(setError),
    },
  );

  return (
    <div className="wu-tab">
      <FacetsPane facets={facets.data} filter={filter} onChange={setFilter} />
      <div className="wu-main">
        <div className="toolbar" role="toolbar" aria-label={t('shell.tabs.windowsUpdates')}>
          <button type="button" className="btn" onClick={refresh} title={t('shell.refresh')}>
            {t('grid.refresh')}
          </button>
          <button
            ref={menuButton}
            type="button"
            className="btn"
            aria-haspopup="menu"
            aria-expanded={menu !== null}
            onClick={() => {
              const r = menuButton.current!.getBoundingClientRect();
              setMenu({ x: r.left, y: r.bottom + 4 });
            }}
          >
            {t('wu.actions')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => downloadCab.mutate(forceCab)}
            disabled={readOnly || downloadCab.isPending}
            title={readOnly ? t('readOnly.hint') : t('wu.cab.downloadHint')}
          >
            {t('wu.cab.download')}
          </button>
          <label className="check">
            <input
              type="checkbox"
              name="forceCab"
              checked={forceCab}
              onChange={(e) => setForceCab(e.target.checked)}
              disabled={readOnly}
            />
            <span>{t('wu.cab.force')}</span>
          </label>
          <button type="button" className="btn" onClick={() => setShowTasks(true)}>
            {t('wu.tasks.show')}
            {(running || health.data?.tasksRunning || 0) > 0 && (
              <span className="badge">{running || health.data?.tasksRunning}</span>
            )}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="wu-explain"
            disabled={selected.length !== 1}
            onClick={() => selected[0] && explain.open(null, selected[0].update_id)}
          >
            {t('wuaRules.explain.button')}
          </button>
          <GridLayoutControls api={gridApi as GridApi | undefined} onRestore={layout.restoreDefault} />
          <button
            type="button"
            className="btn"
            onClick={() => void exportCsv().catch(setError)}
            disabled={!gridApi}
          >
            {t('grid.exportCsv')}
          </button>
          <span className="toolbar__spacer" />
          {notice && (
            <span className="toolbar__notice" role="status" data-testid="wu-notice">
              {notice}
            </span>
          )}
          <ReadOnlyBadge />
        </div>
        {error !== null && (
          <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} onRetry={refresh} />
        )}
        {facets.error && <ErrorBanner error={facets.error} t={t} onRetry={() => void facets.refetch()} />}
        {receipt && <ExportReceiptNotice receipt={receipt} onDismiss={() => setReceipt(null)} />}
        {countsHidden && (
          <p className="hint" data-testid="wu-counts-hidden">
            {t('fleetCounts.hiddenColumns')}
          </p>
        )}
        <FleetCountsBar />
        {/* The catalogue above, the cab history below; the separator is saved in the settings. */}
        <Splitter
          id="updates.cabHistory"
          label={t('layout.splitter.cabHistory')}
          defaultPercent={60}
          testId="updates-split"
          first={
            <>
              <div
                className="grid-host"
                data-testid="updates-grid"
                aria-busy={loading}
                onKeyDown={onGridKeyDown}
              >
                {layout.ready && (
                  <ConsoleGrid<UpdateRow>
                    key={layout.gridKey}
                    columnDefs={columnDefs}
                    rowModelType="infinite"
                    datasource={datasource}
                    cacheBlockSize={BLOCK}
                    maxBlocksInCache={20}
                    getRowId={(p) => p.data.update_id}
                    onRowContextMenu={onRowContextMenu}
                    initialState={layout.initialState}
                    onStateUpdated={layout.onStateUpdated}
                    onGridReady={(e) => setGridApi(e.api)}
                    onSelection={setSelection}
                    noRowsText={t('wu.noRows')}
                  />
                )}
              </div>
              <div className="statusbar" data-testid="updates-status">
                <span data-testid="updates-total">
                  {t('wu.selection', { selected: selected.length, total: total ?? '…' })}
                </span>
                <SelectionNote selection={selection} />
                {asOf && <span>{t('hosts.asOf', { time: formatDateTime(asOf, language) })}</span>}
              </div>
              <CatalogHealthStrip health={health.data} />
            </>
          }
          second={<CabHistorySection readOnly={readOnly} onExported={setReceipt} onError={setError} />}
        />
      </div>
      {explain.dialog}
      {menu && (
        <PointerMenu
          items={menuItems}
          position={menu}
          label={t('wu.actions')}
          onClose={() => setMenu(null)}
          testId="updates-menu"
        />
      )}
      {pending && (
        <ConfirmDialog
          title={pending.kind === 'download' ? t('wu.confirm.downloadTitle') : t('wu.confirm.deleteTitle')}
          message={
            pending.kind === 'download'
              ? t('wu.confirm.download', { count: pending.ids.length })
              : t('wu.confirm.delete', { count: pending.ids.length })
          }
          confirmLabel={pending.kind === 'download' ? t('wu.confirm.downloadOk') : t('wu.confirm.deleteOk')}
          cancelLabel={t('wu.confirm.cancel')}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            const p = pending;
            setPending(null);
            if (p.kind === 'download') download.mutate(p.ids);
            else deleteCached.mutate(p.ids);
          }}
        />
      )}
      {showTasks && <DownloadTasksDialog onClose={() => setShowTasks(false)} />}
    </div>
  );
}
