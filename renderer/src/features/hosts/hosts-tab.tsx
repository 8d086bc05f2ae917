import { useQueryClient } from '@tanstack/react-query';
import type {
  GridApi,
  GridReadyEvent,
  RowDoubleClickedEvent,
  SelectionChangedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HOST_SORTABLE, type HostRow } from '../../../../common/ipc/methods/hosts';
import { toCsv } from '../../../../common/domain/csv';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { MenuButton } from '../../components/menu-button';
import type { HostActionKind } from '../../../../common/ipc/methods/actions';
import { useHostActions } from '../actions/use-host-actions';
import { downloadText, timestampForFile } from '../../download';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { gridTheme } from '../../grid-theme';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import { useServerPagedRows, type PageSort } from '../../grids/use-server-paged-rows';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';
import { useRefreshSignal } from '../../refresh';
import { useTheme } from '../../theme';
import { HostDetailsPanel } from './host-details';
import { HOST_COL_IDS, HOST_COLUMNS, hostCellText, hostColumnDefs } from './host-columns';
import { EMPTY_SEARCH, HostSearchBar, type HostSearchState } from './host-search-bar';

const BLOCK = 200;
const EXPORT_PAGE = 5000;

/** Hosts tab: server-paged (AG Grid infinite row model), so 50,000 hosts cost one page at a time. */
export function HostsTab() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { t, language } = useI18n();
  const { dark } = useTheme();
  const layout = usePersistedGridState('hosts', HOST_COL_IDS);
  const [gridApi, setGridApi] = useState<GridApi<HostRow>>();
  const [search, setSearch] = useState<HostSearchState>(EMPTY_SEARCH);
  const [selected, setSelected] = useState<HostRow[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [detailsUuid, setDetailsUuid] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const actions = useHostActions();
  const targets = useMemo(
    () => selected.map((h) => ({ uuid: h.uuid, host: h.computer_fqdn ?? h.uuid })),
    [selected],
  );
  const actionItems = (
    ['waptwua_scan', 'waptwua_download', 'waptwua_install', 'update', 'upgrade'] as HostActionKind[]
  ).map((a) => ({
    key: a,
    label: t(`actions.item.${a}`),
    disabled: targets.length === 0,
    onSelect: () => actions.trigger(a, targets),
  }));
  const columnDefs = useMemo(() => hostColumnDefs(t, language), [t, language]);

  const fetchPage = useCallback(
    (offset: number, limit: number, sort: PageSort<(typeof HOST_SORTABLE)[number]>) =>
      queryClient.fetchQuery(hostQueries.page(api, { offset, limit, sort, search })),
    [api, queryClient, search],
  );
  const { datasource, total, asOf, error, setError } = useServerPagedRows<
    HostRow,
    (typeof HOST_SORTABLE)[number]
  >(HOST_SORTABLE, fetchPage);

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: hostQueries.groups(api).queryKey });
    queryClient.removeQueries({ queryKey: ['hosts', 'page'] });
    gridApi?.purgeInfiniteCache();
  }, [api, gridApi, queryClient]);
  useRefreshSignal(refresh);

  const copySelection = useCallback(async () => {
    if (!gridApi || selected.length === 0) return;
    const cols = (gridApi.getAllDisplayedColumns() ?? []).map((c) => c.getColId() as keyof HostRow);
    const text = [
      cols.map((c) => gridApi.getColumn(c)?.getColDef().headerName ?? c).join(';'),
      ...selected.map((r) => cols.map((c) => hostCellText(r, c, language)).join(';')),
    ].join('\n');
    await navigator.clipboard.writeText(text);
    setNotice(t('grid.copied', { count: selected.length }));
  }, [gridApi, selected, language, t]);

  const exportCsv = useCallback(async () => {
    if (!gridApi) return;
    const cols = gridApi.getAllDisplayedColumns().map((c) => c.getColId() as keyof HostRow);
    const rows: HostRow[] = [];
    let stamp = '';
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await api.call('hosts.page', { offset, limit: EXPORT_PAGE, sort: null, search });
      stamp ||= page.asOf;
      rows.push(...page.rows);
      if (page.rows.length < EXPORT_PAGE || rows.length >= page.total) break;
    }
    const columns = cols.map((c) => ({
      header: gridApi.getColumn(c)?.getColDef().headerName ?? c,
      value: (r: HostRow) =>
        HOST_COLUMNS.find((h) => h.colId === c)?.kind === 'number'
          ? (r[c] as number | null)
          : hostCellText(r, c, language),
    }));
    const preamble = [
      `WAPT Console export: hosts (${rows.length})`,
      `Data as of ${stamp} (server time)`,
      `Search: ${JSON.stringify(search)}`,
    ];
    downloadText(`hosts-${timestampForFile(stamp)}.csv`, toCsv(columns, rows, preamble));
  }, [api, gridApi, language, search]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
      }
      // The WAPT console's shortcuts: Ctrl+U check updates, Ctrl+P apply upgrades (console-features.md §1.G).
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

  return (
    <div className="hosts-tab">
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
          onClick={() => void exportCsv().catch(setError)}
          disabled={!gridApi}
        >
          {t('grid.exportCsv')}
        </button>
        <MenuButton label={t('actions.menu')} items={actionItems} testId="host-actions-menu" />
        <span className="toolbar__spacer" />
        {notice && <span className="toolbar__notice">{notice}</span>}
      </div>
      {actions.error && (
        <div className="error-banner" role="alert">
          {actions.error}
        </div>
      )}
      {actions.dialogs}
      {error !== null && (
        <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} onRetry={refresh} />
      )}
      <div
        className="grid-host"
        data-testid="hosts-grid"
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') void copySelection();
          if (e.key === 'Enter' && selected[0]) setDetailsUuid(selected[0].uuid);
        }}
      >
        {layout.ready && (
          <AgGridReact<HostRow>
            key={layout.gridKey}
            theme={gridTheme(dark)}
            columnDefs={columnDefs}
            rowModelType="infinite"
            datasource={datasource}
            cacheBlockSize={BLOCK}
            maxBlocksInCache={50}
            getRowId={(p) => p.data.uuid}
            rowSelection={{
              mode: 'multiRow',
              checkboxes: true,
              headerCheckbox: false,
              enableClickSelection: true,
            }}
            initialState={layout.initialState}
            onStateUpdated={layout.onStateUpdated}
            onGridReady={(e: GridReadyEvent<HostRow>) => setGridApi(e.api)}
            onSelectionChanged={(e: SelectionChangedEvent<HostRow>) => setSelected(e.api.getSelectedRows())}
            onRowDoubleClicked={(e: RowDoubleClickedEvent<HostRow>) => e.data && setDetailsUuid(e.data.uuid)}
            localeText={{ noRowsToShow: t('hosts.noRows'), loadingOoo: t('grid.loading') }}
          />
        )}
      </div>
      <div className="statusbar" data-testid="hosts-status">
        <span>{t('hosts.selection', { selected: selected.length, total: total ?? '…' })}</span>
        {asOf && <span>{t('hosts.asOf', { time: formatDateTime(asOf, language) })}</span>}
      </div>
      {detailsUuid && <HostDetailsPanel uuid={detailsUuid} onClose={() => setDetailsUuid(null)} />}
    </div>
  );
}
