import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useState } from 'react';
import { toCsv } from '../../../../common/domain/csv';
import type { HostCarryingRow, RulePackageRow } from '../../../../common/ipc/methods/wua-rules';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { MenuButton } from '../../components/menu-button';
import { downloadText, timestampForFile } from '../../download';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { gridTheme } from '../../grid-theme';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { wuaRulesKeys, wuaRulesQueries } from '../../queries/wua-rules';
import { useRefreshSignal } from '../../refresh';
import { useTheme } from '../../theme';
import { RulesEditor, type EditorInit } from './rules-editor';
import { coreKeys, coreQueries } from '../../queries/core';

/** Visible by default (console-features.md §1.A), then the hidden ones of the WAPT grid. */
const VISIBLE: [string, MessageKey][] = [
  ['package', 'wuaRules.col.package'],
  ['version', 'wuaRules.col.version'],
  ['maturity', 'wuaRules.col.maturity'],
  ['description', 'wuaRules.col.description'],
  ['signer', 'wuaRules.col.signer'],
  ['signature_date', 'wuaRules.col.signedOn'],
];
const HIDDEN = [
  'section',
  'depends',
  'conflicts',
  'architecture',
  'locale',
  'min_os_version',
  'max_os_version',
  'min_wapt_version',
  'repo',
  'filename',
  'priority',
  'signature',
  'sources',
  'audit_schedule',
  'signed_attributes',
  'md5sum',
  'description_fr',
  'description_de',
  'description_es',
  'description_pl',
  'maintainer',
  'package_uuid',
  'impacted_process',
  'installed_size',
  'signer_fingerprint',
  'editor',
  'licence',
  'keywords',
  'size',
  'target_os',
  'homepage',
  'name',
  'categories',
  'changelog',
  'valid_from',
  'valid_until',
  'forced_install_on',
];
const COL_IDS = [...VISIBLE.map(([c]) => c), ...HIDDEN];

function columns(t: Translate, language: 'en' | 'fr'): ColDef<RulePackageRow>[] {
  const value = (c: string) => (p: { data?: RulePackageRow }) => p.data?.[c] ?? '';
  return [
    ...VISIBLE.map(([c, h]): ColDef<RulePackageRow> => ({
      colId: c,
      headerName: t(h),
      valueGetter: value(c),
      sortable: true,
      resizable: true,
      filter: true,
      width: c === 'description' ? 360 : c === 'package' ? 220 : 130,
      ...(c === 'signature_date'
        ? { valueFormatter: (p) => formatDateTime(p.value as string, language), width: 150 }
        : {}),
    })),
    ...HIDDEN.map((c): ColDef<RulePackageRow> => ({
      colId: c,
      headerName: c,
      valueGetter: value(c),
      sortable: true,
      resizable: true,
      filter: true,
      hide: true,
      width: 140,
    })),
  ];
}

function HostsCarrying({ pkg }: { pkg: string }) {
  const api = useApi();
  const { t } = useI18n();
  const { dark } = useTheme();
  const hosts = useQuery(wuaRulesQueries.hosts(api, pkg));
  const cols = useMemo<ColDef<HostCarryingRow>[]>(
    () => [
      { field: 'computer_fqdn', headerName: t('actions.col.host'), width: 260 },
      { field: 'version', headerName: t('wuaRules.col.version'), width: 100 },
      { field: 'install_status', headerName: t('upd.col.status'), width: 120 },
      { field: 'reachable', headerName: t('wuaRules.col.reachable'), width: 110 },
      { field: 'uuid', headerName: 'UUID', width: 300, hide: true },
    ],
    [t],
  );
  return (
    <div className="form" data-testid="rules-hosts">
      <h3 className="wu-section-title">
        {t('wuaRules.hostsOf', { name: pkg, count: hosts.data?.length ?? '…' })}
      </h3>
      {hosts.error && <ErrorBanner error={hosts.error} t={t} />}
      <div className="grid-host grid-host--small">
        <AgGridReact<HostCarryingRow>
          theme={gridTheme(dark)}
          columnDefs={cols}
          rowData={hosts.data ?? []}
          getRowId={(p) => p.data.uuid}
        />
      </div>
    </div>
  );
}

/** "WUA rule packages" tab: the rule-package grid (§1.A) and the editor (§1.B). */
export function WuaRulesTab() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { t, language } = useI18n();
  const { dark } = useTheme();
  const layout = usePersistedGridState('wua-rules', COL_IDS);
  const [lastVersionOnly, setLastVersionOnly] = useState(true);
  const [showHosts, setShowHosts] = useState(false);
  const [search, setSearch] = useState('');
  const [gridApi, setGridApi] = useState<GridApi<RulePackageRow>>();
  const [selected, setSelected] = useState<RulePackageRow | null>(null);
  const [editing, setEditing] = useState<EditorInit | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery(wuaRulesQueries.list(api, lastVersionOnly, search));
  const drafts = useQuery(wuaRulesQueries.drafts(api));
  const cols = useMemo(() => columns(t, language), [t, language]);
  const settings = useQuery(coreQueries.settings(api));
  // WAPT's default_package_prefix: the saved one, else the repository's most common prefix.
  const prefix = settings.data?.packagePrefix ?? list.data?.prefix ?? 'tis';

  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: wuaRulesKeys.all }),
    [queryClient],
  );
  useRefreshSignal(refresh);

  const open = async (row: RulePackageRow) => {
    setError(null);
    try {
      const pkg = String(row.package);
      const details = await api.call('wuaRules.get', { package: pkg, version: String(row.version) });
      // Editing starts from the newest version (a new version is always built on top of it).
      const newest =
        details.serverVersions.at(-1) === details.version
          ? details
          : await api.call('wuaRules.get', { package: pkg, version: null });
      const draft = (drafts.data ?? []).find((d) => d.id === pkg);
      setEditing({ details: newest, prefix, ...(draft ? { draft } : {}) });
    } catch (err) {
      setError(err);
    }
  };

  const exportCsv = () => {
    if (!gridApi || !list.data) return;
    const shown = gridApi.getAllDisplayedColumns().map((c) => c.getColId());
    const rows: RulePackageRow[] = [];
    gridApi.forEachNodeAfterFilterAndSort((n) => n.data && rows.push(n.data));
    const csv = toCsv(
      shown.map((c) => ({
        header: gridApi.getColumn(c)?.getColDef().headerName ?? c,
        value: (r: RulePackageRow) => (r[c] === null || r[c] === undefined ? '' : String(r[c])),
      })),
      rows,
      [`WAPT Console export: WUA rule packages (${rows.length})`, `Data as of ${list.data.asOf}`],
    );
    downloadText(`wua-rule-packages-${timestampForFile(list.data.asOf)}.csv`, csv);
  };

  if (editing) {
    return (
      <RulesEditor
        init={editing}
        onClose={() => {
          setEditing(null);
          void queryClient.invalidateQueries({ queryKey: wuaRulesKeys.drafts() });
        }}
        onSaved={(r) => {
          setEditing(null);
          setNotice(t('wuaRules.saved', { name: r.package, version: r.version }));
          refresh();
          // The prefix of what was just published becomes the default for the next new package.
          const used = /^([a-z0-9]{1,16})-/.exec(r.package)?.[1];
          if (used && used !== settings.data?.packagePrefix) {
            void api
              .call('settings.update', { packagePrefix: used })
              .then((s) => queryClient.setQueryData(coreKeys.settings, s));
          }
        }}
      />
    );
  }

  const draftItems = (drafts.data ?? []).map((d) => ({
    key: d.id,
    label: t('wuaRules.resumeDraft', {
      name: d.draft.package || d.id,
      time: formatDateTime(d.savedAt, language),
    }),
    onSelect: () => setEditing({ details: null, prefix, draft: d }),
  }));

  return (
    <div className="hosts-tab" data-testid="wua-rules-tab">
      <div className="toolbar" role="toolbar" aria-label={t('shell.tabs.wuaRules')}>
        <input
          type="search"
          name="rulesSearch"
          className="searchbar__text"
          placeholder={t('wuaRules.search')}
          aria-label={t('wuaRules.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="button" className="btn" onClick={refresh} title={t('shell.refresh')}>
          {t('grid.refresh')}
        </button>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setEditing({ details: null, prefix })}
          data-testid="new-rules"
        >
          {t('wuaRules.new')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!selected}
          onClick={() => selected && void open(selected)}
          data-testid="edit-rules"
        >
          {t('wuaRules.edit')}
        </button>
        {draftItems.length > 0 && (
          <MenuButton
            label={t('wuaRules.drafts', { count: draftItems.length })}
            items={draftItems}
            testId="rules-drafts"
          />
        )}
        <label className="check">
          <input
            type="checkbox"
            name="lastVersionOnly"
            checked={lastVersionOnly}
            onChange={(e) => setLastVersionOnly(e.target.checked)}
          />
          <span>{t('wuaRules.lastVersionOnly')}</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="showHosts"
            checked={showHosts}
            onChange={(e) => setShowHosts(e.target.checked)}
          />
          <span>{t('wuaRules.showHosts')}</span>
        </label>
        <GridLayoutControls api={gridApi as GridApi | undefined} onRestore={layout.restoreDefault} />
        <button type="button" className="btn" onClick={exportCsv} disabled={!list.data}>
          {t('grid.exportCsv')}
        </button>
        <span className="toolbar__spacer" />
        {notice && (
          <span className="toolbar__notice" role="status" data-testid="rules-notice">
            {notice}
          </span>
        )}
      </div>
      {list.error && <ErrorBanner error={list.error} t={t} onRetry={refresh} />}
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
      <div className="grid-host" data-testid="rules-grid">
        {layout.ready && (
          <AgGridReact<RulePackageRow>
            key={layout.gridKey}
            theme={gridTheme(dark)}
            columnDefs={cols}
            rowData={list.data?.rows ?? []}
            getRowId={(p) => `${String(p.data.package)}=${String(p.data.version)}`}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            initialState={layout.initialState}
            onStateUpdated={layout.onStateUpdated}
            onGridReady={(e) => setGridApi(e.api)}
            onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0] ?? null)}
            onRowDoubleClicked={(e) => e.data && void open(e.data)}
            localeText={{ noRowsToShow: t('wuaRules.noRows'), loadingOoo: t('grid.loading') }}
          />
        )}
      </div>
      {showHosts && selected && <HostsCarrying pkg={String(selected.package)} />}
      <div className="statusbar">
        <span>{t('wuaRules.count', { count: list.data?.rows.length ?? '…' })}</span>
        {list.data && <span>{t('hosts.asOf', { time: formatDateTime(list.data.asOf, language) })}</span>}
      </div>
    </div>
  );
}
