import { useQuery } from '@tanstack/react-query';
import type { GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { RepositoryRow } from '../../../../common/ipc/methods/host-packages';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { GridToolbar } from '../../components/grid-toolbar';
import { ConfirmDialog, Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid, SelectionNote, useGridSelection, type RowContextMenu } from '../../grids/console-grid';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { useRefresh } from '../../refresh';
import { useCommandReasons, useTabCommands } from '../../commands/command-registry';
import { PointerMenu, type MenuItemDef } from '../../components/ui/menu';
import { signatureStatusColumn, useSignatureStatuses } from '../signatures/signature-status';
import { PackageDetails } from './package-details';
import { REPOSITORY_COL_IDS, repositoryColumns, withSignatureColumn } from './repository-columns';
import { repositoryKeys, repositoryQueries } from '../../queries/repository';
import { signatureKeys } from '../../queries/signatures';

const fileOf = (r: RepositoryRow) => String(r.filename ?? '');

/**
 * A local path typed by the user (browser mode has no native file dialog; main reads the file,
 * the renderer never does).
 */
function PathDialog({
  title,
  label,
  submitLabel,
  testId,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  submitLabel: string;
  testId: string;
  onSubmit: (path: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(value.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{label}</span>
          <input name="path" value={value} onChange={(e) => setValue(e.target.value)} autoFocus required />
        </label>
        {error !== null && <ErrorBanner error={error} t={t} />}
        <div className="toolbar">
          <button type="button" className="btn" onClick={onClose}>
            {t('repo.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || value.trim() === ''}>
            {busy ? t('repo.working') : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** "Private repository" tab: every package of the server's repository (docs/wapt-console-features.md, `GridPackages`). */
export function RepositoryTab() {
  const api = useApi();
  const { t, language } = useI18n();
  const layout = usePersistedGridState('repository', REPOSITORY_COL_IDS);
  const [lastVersionOnly, setLastVersionOnly] = useState(true);
  const [search, setSearch] = useState('');
  const [gridApi, setGridApi] = useState<GridApi<RepositoryRow>>();
  const [selection, setSelection] = useGridSelection<RepositoryRow>();
  // Shown selected rows only: a package a column filter hides is never deleted (grids/grid-selection.ts).
  const selected = selection.rows;
  const [details, setDetails] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'upload' | 'download' | 'delete' | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery(repositoryQueries.list(api, lastVersionOnly, search));
  // Signature status of every listed file, verified in main against the trusted store (docs/repository.md).
  const signatures = useSignatureStatuses(useMemo(() => (list.data?.rows ?? []).map(fileOf), [list.data]));
  const cols = useMemo(
    () =>
      withSignatureColumn(
        repositoryColumns(t, language),
        signatureStatusColumn(t, signatures.statuses, fileOf),
      ),
    [t, language, signatures.statuses],
  );
  const refreshKeys = useRefresh();
  // The trusted store may have changed too (server signers, the administrator's certificate).
  const refresh = useCallback(() => void refreshKeys([repositoryKeys.all, signatureKeys.all]), [refreshKeys]);
  const one = selected.length === 1 ? selected[0]! : null;

  const remove = async () => {
    setDialog(null);
    setError(null);
    try {
      const r = await api.call('repository.delete', { filenames: selected.map(fileOf) });
      setNotice(t('repo.deleted', { count: r.deleted.length }));
      gridApi?.deselectAll();
      refresh();
    } catch (err) {
      setError(err);
    }
  };

  // The menu disables what the palette greys, by the same rules (commands/command-catalogue.ts).
  const reasonOf = useCommandReasons('repository', { selected: selected.length });
  const menuItems: MenuItemDef[] = [
    {
      id: 'details',
      label: t('repo.menu.details'),
      shortcut: t('palette.key.enter'),
      disabled: reasonOf('repo.menu.details') !== null,
      onSelect: () => one && setDetails(fileOf(one)),
    },
    {
      id: 'download',
      label: t('repo.menu.download'),
      disabled: reasonOf('repo.menu.download') !== null,
      onSelect: () => setDialog('download'),
    },
    {
      id: 'delete',
      label: t('repo.menu.delete', { count: selected.length }),
      shortcut: t('wu.key.del'),
      disabled: reasonOf('repo.menu.delete') !== null,
      onSelect: () => setDialog('delete'),
    },
  ];

  // The grid toolkit selects the row right-clicked (or focused, from the keyboard) before this.
  const onRowContextMenu = useCallback((m: RowContextMenu<RepositoryRow>) => setMenu({ x: m.x, y: m.y }), []);
  const onGridKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.defaultPrevented) return;
    if (e.key === 'Delete' && selected.length > 0) {
      e.preventDefault();
      setDialog('delete');
    } else if (e.key === 'Enter' && gridApi) {
      const cell = gridApi.getFocusedCell();
      const row = cell ? gridApi.getDisplayedRowAtIndex(cell.rowIndex)?.data : undefined;
      if (row) {
        e.preventDefault();
        setDetails(fileOf(row));
      }
    }
  };

  // The palette lists these wherever the user is (commands/command-catalogue.ts: labels, keys and
  // the enable rules the menu applies); here only the code that runs them.
  useTabCommands(
    'repository',
    { selected: selected.length },
    {
      'repo.upload': () => setDialog('upload'),
      ...Object.fromEntries(menuItems.map((item) => [`repo.menu.${item.id}`, item.onSelect])),
    },
  );

  return (
    <div className="hosts-tab" data-testid="repository-tab">
      <GridToolbar
        label={t('shell.tabs.repository')}
        searchName="repositorySearch"
        searchLabel={t('repo.search')}
        search={search}
        onSearch={setSearch}
        onRefresh={refresh}
        notice={notice}
        noticeTestId="repo-notice"
      >
        <label className="check">
          <input
            type="checkbox"
            name="lastVersionOnly"
            checked={lastVersionOnly}
            onChange={(e) => setLastVersionOnly(e.target.checked)}
          />
          <span>{t('repo.lastVersionOnly')}</span>
        </label>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setDialog('upload')}
          data-testid="repo-upload"
        >
          {t('repo.upload')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={one === null}
          onClick={() => one && setDetails(fileOf(one))}
          data-testid="repo-details"
        >
          {t('repo.menu.details')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={one === null}
          onClick={() => setDialog('download')}
          data-testid="repo-download"
        >
          {t('repo.menu.download')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={selected.length === 0}
          onClick={() => setDialog('delete')}
          data-testid="repo-delete"
        >
          {t('repo.menu.delete', { count: selected.length })}
        </button>
        <GridLayoutControls api={gridApi as GridApi | undefined} onRestore={layout.restoreDefault} />
      </GridToolbar>
      {list.error && <ErrorBanner error={list.error} t={t} onRetry={refresh} />}
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
      <div className="grid-host" data-testid="repo-grid" onKeyDown={onGridKeyDown}>
        {layout.ready && (
          <ConsoleGrid<RepositoryRow>
            key={layout.gridKey}
            columnDefs={cols}
            rowData={list.data?.rows ?? []}
            getRowId={(p) => fileOf(p.data) || `${String(p.data.package)}=${String(p.data.version)}`}
            onRowContextMenu={onRowContextMenu}
            initialState={layout.initialState}
            onStateUpdated={layout.onStateUpdated}
            onGridReady={(e) => setGridApi(e.api)}
            onSelection={setSelection}
            onRowDoubleClicked={(e) => e.data && setDetails(fileOf(e.data))}
            noRowsText={t('repo.noRows')}
          />
        )}
      </div>
      <div className="statusbar">
        <span data-testid="repo-count">
          {t('repo.count', { selected: selected.length, total: list.data?.rows.length ?? '…' })}
        </span>
        <SelectionNote selection={selection} />
        {list.data && <span>{t('hosts.asOf', { time: formatDateTime(list.data.asOf, language) })}</span>}
      </div>
      {menu && (
        <PointerMenu
          items={menuItems}
          position={menu}
          label={t('repo.menu.label')}
          onClose={() => setMenu(null)}
          testId="repo-menu"
        />
      )}
      {details !== null && <PackageDetails filename={details} onClose={() => setDetails(null)} />}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={t('repo.confirmDelete.title')}
          message={t('repo.confirmDelete.message', {
            count: selected.length,
            names: selected.map(fileOf).slice(0, 5).join(', '),
          })}
          confirmLabel={t('repo.menu.delete', { count: selected.length })}
          cancelLabel={t('repo.cancel')}
          onConfirm={() => void remove()}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'upload' && (
        <PathDialog
          title={t('repo.upload.title')}
          label={t('repo.upload.path')}
          submitLabel={t('repo.upload.submit')}
          testId="repo-upload-dialog"
          onClose={() => setDialog(null)}
          onSubmit={async (path) => {
            const r = await api.call('repository.upload', { path });
            setDialog(null);
            setNotice(
              t('repo.uploaded', { name: r.package, version: r.version, signer: r.check.signer?.cn ?? '?' }),
            );
            refresh();
          }}
        />
      )}
      {dialog === 'download' && one && (
        <PathDialog
          title={t('repo.download.title', { name: fileOf(one) })}
          label={t('repo.download.folder')}
          submitLabel={t('repo.menu.download')}
          testId="repo-download-dialog"
          onClose={() => setDialog(null)}
          onSubmit={async (directory) => {
            const r = await api.call('repository.download', { filename: fileOf(one), directory });
            setDialog(null);
            setNotice(t('repo.downloaded', { path: r.path }));
          }}
        />
      )}
    </div>
  );
}
