import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CellContextMenuEvent, ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import { toCsv } from '../../../../common/domain/csv';
import type { RulePackageRow } from '../../../../common/ipc/methods/wua-rules';
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
import { ActionMenu, type MenuItem } from '../windows-updates/action-menu';
import { AssignPackagesDialog } from '../host-packages/assign-packages-dialog';
import { AssignToGroupDialog } from '../host-packages/assign-to-group-dialog';
import { GroupsDialog } from '../host-packages/groups-dialog';
import { PackageHostsPanel } from '../host-packages/package-hosts-panel';
import { compareVersions } from '../host-packages/rollout';
import { PromoteDialog } from './promote-dialog';
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
  // Host-package dialogs opened from the toolbar or the context menu (docs/host-packages.md).
  const [dialog, setDialog] = useState<'hosts' | 'group' | 'groups' | 'promote' | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
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

  const pkgName = selected ? String(selected.package) : null;
  const menuItems: MenuItem[] = [
    {
      id: 'edit',
      label: t('wuaRules.edit'),
      shortcut: 'Enter',
      disabled: !selected,
      onSelect: () => selected && void open(selected),
    },
    {
      id: 'assign-hosts',
      label: t('wuaRules.assignHosts'),
      disabled: !selected,
      onSelect: () => setDialog('hosts'),
    },
    {
      id: 'assign-group',
      label: t('wuaRules.assignGroup'),
      disabled: !selected,
      onSelect: () => setDialog('group'),
    },
    {
      id: 'hosts-with',
      label: t('wuaRules.hostsWith'),
      disabled: !selected,
      onSelect: () => setShowHosts(true),
    },
    {
      id: 'promote',
      label: t('wuaRules.promote.menu'),
      disabled: !selected,
      onSelect: () => setDialog('promote'),
    },
  ];
  const onCellContextMenu = (e: CellContextMenuEvent<RulePackageRow>) => {
    if (e.node && !e.node.isSelected()) e.node.setSelected(true, true);
    const me = e.event as MouseEvent | null;
    setMenu({ x: me?.clientX ?? 200, y: me?.clientY ?? 200 });
  };
  const onGridKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ContextMenu' && !(e.shiftKey && e.key === 'F10')) return;
    e.preventDefault();
    const cell = gridApi?.getFocusedCell();
    if (cell && gridApi && gridApi.getSelectedRows().length === 0)
      gridApi.getDisplayedRowAtIndex(cell.rowIndex)?.setSelected(true, true);
    const rect = (document.activeElement ?? e.currentTarget).getBoundingClientRect();
    setMenu({ x: rect.left + 24, y: rect.bottom });
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
        <button
          type="button"
          className="btn"
          disabled={!selected}
          onClick={() => setDialog('hosts')}
          data-testid="assign-hosts"
        >
          {t('wuaRules.assignHosts')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!selected}
          onClick={() => setDialog('group')}
          data-testid="assign-group"
        >
          {t('wuaRules.assignGroup')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!selected}
          onClick={() => setDialog('promote')}
          data-testid="promote-rules"
        >
          {t('wuaRules.promote.menu')}
        </button>
        <button type="button" className="btn" onClick={() => setDialog('groups')} data-testid="open-groups">
          {t('wuaRules.groups')}
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
      <div className="grid-host" data-testid="rules-grid" onKeyDown={onGridKeyDown}>
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
            preventDefaultOnContextMenu
            onCellContextMenu={onCellContextMenu}
            onRowDoubleClicked={(e) => e.data && void open(e.data)}
            localeText={{ noRowsToShow: t('wuaRules.noRows'), loadingOoo: t('grid.loading') }}
          />
        )}
      </div>
      {showHosts && selected && (
        <PackageHostsPanel
          pkg={String(selected.package)}
          newest={
            lastVersionOnly
              ? String(selected.version)
              : (list.data?.rows
                  .filter((r) => r.package === selected.package)
                  .map((r) => String(r.version))
                  .sort(compareVersions)
                  .at(-1) ?? null)
          }
        />
      )}
      {menu && (
        <ActionMenu
          items={menuItems}
          position={menu}
          label={t('wuaRules.menu')}
          onClose={() => setMenu(null)}
          testId="rules-menu"
        />
      )}
      {dialog === 'hosts' && pkgName && (
        <AssignPackagesDialog initialPackages={[pkgName]} onClose={() => setDialog(null)} />
      )}
      {dialog === 'group' && pkgName && <AssignToGroupDialog pkg={pkgName} onClose={() => setDialog(null)} />}
      {dialog === 'groups' && <GroupsDialog onClose={() => setDialog(null)} />}
      {dialog === 'promote' && pkgName && (
        <PromoteDialog
          pkg={pkgName}
          onClose={() => setDialog(null)}
          onPromoted={(r) => {
            setDialog(null);
            setNotice(t('wuaRules.promote.done', { name: r.package, version: r.version }));
            refresh();
          }}
        />
      )}
      <div className="statusbar">
        <span>{t('wuaRules.count', { count: list.data?.rows.length ?? '…' })}</span>
        {list.data && <span>{t('hosts.asOf', { time: formatDateTime(list.data.asOf, language) })}</span>}
      </div>
    </div>
  );
}
