import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { RulePackageRow } from '../../../../common/ipc/methods/wua-rules';
import { Button } from '../../components/button';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { GridToolbar } from '../../components/grid-toolbar';
import { MenuButton } from '../../components/menu-button';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid, useGridSelection, type RowContextMenu } from '../../grids/console-grid';
import {
  displayedCsvColumns,
  exportCsvWithProvenance,
  ExportReceiptNotice,
  rowsAfterFilterAndSort,
  type ExportReceipt,
} from '../../grids/export-csv';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { wuaRulesKeys, wuaRulesQueries } from '../../queries/wua-rules';
import { useRefresh } from '../../refresh';
import { signatureKeys } from '../../queries/signatures';
import { useCommandReasons, useTabCommands } from '../../commands/command-registry';
import { RulesEditor } from './rules-editor/rules-editor';
import { EDITOR_DRAFT_KEY, type EditorInit } from './rules-editor/editor-state';
import { useDraft, useDraftStore } from '../../forms/draft-store';
import { PointerMenu, type MenuItemDef } from '../../components/ui/menu';
import { AssignPackagesDialog } from '../host-packages/assign-packages-dialog';
import { AssignToGroupDialog } from '../host-packages/assign-to-group-dialog';
import { GroupsDialog } from '../host-packages/groups-dialog';
import { PackageHostsPanel } from '../host-packages/package-hosts-panel';
import { compareVersions } from '../host-packages/rollout';
import { PromoteDialog } from './promote-dialog';
import { withSignatureColumn } from '../repository/repository-columns';
import { signatureStatusColumn, useSignatureStatuses } from '../signatures/signature-status';
import { coreKeys, coreQueries } from '../../queries/core';

/** Visible by default (docs/wapt-console-features.md §1.A), then the hidden ones of the WAPT grid. */
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
// The signature status column (features/signatures/signature-status.ts) sits right after the version.
const COL_IDS = [...VISIBLE.map(([c]) => c), ...HIDDEN].flatMap((c) =>
  c === 'version' ? [c, 'signatureStatus'] : [c],
);

/** Column definitions on the grid toolkit's types (grids/column-types.ts): control fields by name. */
function columns(t: Translate): ColDef<RulePackageRow>[] {
  return [
    ...VISIBLE.map(([c, h]): ColDef<RulePackageRow> => ({
      colId: c,
      field: c,
      headerName: t(h),
      filter: true,
      width: c === 'description' ? 360 : c === 'package' ? 220 : c === 'signature_date' ? 150 : 130,
      type: c === 'signature_date' ? 'date' : 'text',
    })),
    ...HIDDEN.map((c): ColDef<RulePackageRow> => ({
      colId: c,
      field: c,
      headerName: c,
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
  const layout = usePersistedGridState('wua-rules', COL_IDS);
  const [lastVersionOnly, setLastVersionOnly] = useState(true);
  const [showHosts, setShowHosts] = useState(false);
  const [search, setSearch] = useState('');
  const [gridApi, setGridApi] = useState<GridApi<RulePackageRow>>();
  const [selection, setSelection] = useGridSelection<RulePackageRow>();
  // One row at a time (single-row grid); a row hidden by a column filter is never acted on.
  const selected = selection.rows[0] ?? null;
  const [receipt, setReceipt] = useState<ExportReceipt | null>(null);
  // The open editor survives a tab switch (renderer/src/forms/draft-store.tsx).
  const draftStore = useDraftStore();
  const [editing, setEditingDraft] = useDraft<EditorInit | null>('wuaRules.editing', null);
  const setEditing = (next: EditorInit | null) => {
    // A closed or saved editor forgets its draft; an opened one starts from `next`.
    draftStore.delete(EDITOR_DRAFT_KEY);
    setEditingDraft(next);
  };
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Host-package dialogs opened from the toolbar or the context menu (docs/host-packages.md).
  const [dialog, setDialog] = useState<'hosts' | 'group' | 'groups' | 'promote' | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const list = useQuery(wuaRulesQueries.list(api, lastVersionOnly, search));
  const drafts = useQuery(wuaRulesQueries.drafts(api));
  // Each rule package's signature verified in main against the trusted store (docs/repository.md).
  const signatures = useSignatureStatuses(
    useMemo(() => (list.data?.rows ?? []).map((r) => String(r.filename ?? '')), [list.data]),
  );
  const cols = useMemo(
    () =>
      withSignatureColumn(
        columns(t),
        signatureStatusColumn<RulePackageRow>(t, signatures.statuses, (r) => String(r.filename ?? '')),
      ),
    [t, signatures.statuses],
  );
  const settings = useQuery(coreQueries.settings(api));
  // WAPT's default_package_prefix: the saved one, else the repository's most common prefix.
  const prefix = settings.data?.packagePrefix ?? list.data?.prefix ?? 'tis';

  const refreshKeys = useRefresh();
  const refresh = useCallback(() => void refreshKeys([wuaRulesKeys.all, signatureKeys.all]), [refreshKeys]);

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
  // The menu disables what the palette greys, by the same rules (commands/command-catalogue.ts).
  const reasonOf = useCommandReasons('wuaRules', {
    selected: selected ? 1 : 0,
    loaded: list.data !== undefined,
    editing: editing !== null,
  });
  const menuItems: MenuItemDef[] = [
    {
      id: 'edit',
      label: t('wuaRules.edit'),
      shortcut: t('palette.key.enter'),
      disabled: reasonOf('wuaRules.menu.edit') !== null,
      onSelect: () => selected && void open(selected),
    },
    {
      id: 'assign-hosts',
      label: t('wuaRules.assignHosts'),
      disabled: reasonOf('wuaRules.menu.assign-hosts') !== null,
      onSelect: () => setDialog('hosts'),
    },
    {
      id: 'assign-group',
      label: t('wuaRules.assignGroup'),
      disabled: reasonOf('wuaRules.menu.assign-group') !== null,
      onSelect: () => setDialog('group'),
    },
    {
      id: 'hosts-with',
      label: t('wuaRules.hostsWith'),
      disabled: reasonOf('wuaRules.menu.hosts-with') !== null,
      onSelect: () => setShowHosts(true),
    },
    {
      id: 'promote',
      label: t('wuaRules.promote.menu'),
      disabled: reasonOf('wuaRules.menu.promote') !== null,
      onSelect: () => setDialog('promote'),
    },
  ];
  // The grid toolkit selects the row right-clicked (or focused, from the keyboard) before this.
  const onRowContextMenu = useCallback(
    (m: RowContextMenu<RulePackageRow>) => setMenu({ x: m.x, y: m.y }),
    [],
  );
  // Shift+F10 with the focus in the grid but not on a row (the header): the menu of the selection.
  const onGridKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.defaultPrevented || (e.key !== 'ContextMenu' && !(e.shiftKey && e.key === 'F10'))) return;
    e.preventDefault();
    const rect = (document.activeElement ?? e.currentTarget).getBoundingClientRect();
    setMenu({ x: rect.left + 24, y: rect.bottom });
  };

  // The toolkit's one export path: provenance preamble, the rows as shown, the file's SHA-256.
  const exportCsv = async () => {
    if (!gridApi || !list.data) return;
    setReceipt(
      await exportCsvWithProvenance(api, {
        title: t('wuaRules.export.title'),
        fileBase: 'wua-rule-packages',
        columns: displayedCsvColumns(gridApi, language, t),
        rows: rowsAfterFilterAndSort(gridApi),
        query: { search, lastVersionOnly, filter: gridApi.getFilterModel() },
        asOf: list.data.asOf,
      }),
    );
  };

  // The palette lists these wherever the user is (commands/command-catalogue.ts: labels, keys and
  // enable rules); here only the code that runs them. While the editor is open they are disabled,
  // so nothing bypasses its unsaved-changes guard.
  useTabCommands(
    'wuaRules',
    { selected: selected ? 1 : 0, loaded: list.data !== undefined, editing: editing !== null },
    {
      'wuaRules.new': () => setEditing({ details: null, prefix }),
      ...Object.fromEntries(menuItems.map((item) => [`wuaRules.menu.${item.id}`, item.onSelect])),
      'wuaRules.groups': () => setDialog('groups'),
      'wuaRules.export': () => void exportCsv().catch(setError),
    },
  );

  if (editing) {
    return (
      <RulesEditor
        init={editing}
        onClose={() => {
          setEditing(null);
          // The draft kept on disk may have been saved or dropped.
          void refreshKeys([wuaRulesKeys.drafts()]);
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
      <GridToolbar
        label={t('shell.tabs.wuaRules')}
        searchName="rulesSearch"
        searchLabel={t('wuaRules.search')}
        search={search}
        onSearch={setSearch}
        onRefresh={refresh}
        notice={notice}
        noticeTestId="rules-notice"
      >
        <Button
          variant="primary"
          onClick={() => setEditing({ details: null, prefix })}
          data-testid="new-rules"
        >
          {t('wuaRules.new')}
        </Button>
        <Button disabled={!selected} onClick={() => selected && void open(selected)} data-testid="edit-rules">
          {t('wuaRules.edit')}
        </Button>
        <Button disabled={!selected} onClick={() => setDialog('hosts')} data-testid="assign-hosts">
          {t('wuaRules.assignHosts')}
        </Button>
        <Button disabled={!selected} onClick={() => setDialog('group')} data-testid="assign-group">
          {t('wuaRules.assignGroup')}
        </Button>
        <Button disabled={!selected} onClick={() => setDialog('promote')} data-testid="promote-rules">
          {t('wuaRules.promote.menu')}
        </Button>
        <Button onClick={() => setDialog('groups')} data-testid="open-groups">
          {t('wuaRules.groups')}
        </Button>
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
        <Button onClick={() => void exportCsv().catch(setError)} disabled={!list.data}>
          {t('grid.exportCsv')}
        </Button>
      </GridToolbar>
      {list.error && <ErrorBanner error={list.error} t={t} onRetry={refresh} />}
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
      {receipt && <ExportReceiptNotice receipt={receipt} onDismiss={() => setReceipt(null)} />}
      <div className="grid-host" data-testid="rules-grid" onKeyDown={onGridKeyDown}>
        {layout.ready && (
          <ConsoleGrid<RulePackageRow>
            key={layout.gridKey}
            columnDefs={cols}
            rowData={list.data?.rows ?? []}
            getRowId={(p) => `${String(p.data.package)}=${String(p.data.version)}`}
            selection="single"
            initialState={layout.initialState}
            onStateUpdated={layout.onStateUpdated}
            onGridReady={(e) => setGridApi(e.api)}
            onSelection={setSelection}
            onRowContextMenu={onRowContextMenu}
            onRowDoubleClicked={(e) => e.data && void open(e.data)}
            noRowsText={t('wuaRules.noRows')}
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
        <PointerMenu
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
