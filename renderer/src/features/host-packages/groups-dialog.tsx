import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import { isValidRequest } from '../../../../common/domain/package-requests';
import type { GroupRow } from '../../../../common/ipc/methods/host-packages';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { ConsoleGrid } from '../../grids/console-grid';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { groupKeys, groupQueries } from '../../queries/groups';
import { hostKeys } from '../../queries/hosts';
import { useRefresh } from '../../refresh';
import { listEdit, splitRequests } from './package-lists';
import { useSignedCall } from './use-signed-call';

const GROUP_NAME = /^[a-z0-9][a-z0-9_.-]*$/;
interface Form {
  mode: 'create' | 'edit';
  name: string;
  description: string;
  packages: string;
  conflicts: string;
  base: GroupRow | null;
}
const EMPTY: Form = { mode: 'create', name: '', description: '', packages: '', conflicts: '', base: null };
const formOf = (g: GroupRow): Form => ({
  mode: 'edit',
  name: g.package,
  description: g.description,
  packages: g.depends.join('\n'),
  conflicts: g.conflicts.join('\n'),
  base: g,
});

/**
 * Group packages (section `group`, docs/host-packages.md): the list of the newest version of each,
 * and a form to create one or edit it (name, description, packages, conflicts). Each save signs
 * and uploads the next version (`groups.save`).
 */
export function GroupsDialog({ onClose, initialGroup }: { onClose: () => void; initialGroup?: string }) {
  const api = useApi();
  const { t } = useI18n();
  const refresh = useRefresh();
  const groups = useQuery(groupQueries.list(api));
  const [form, setForm] = useState<Form>(EMPTY);
  const [picked, setPicked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const signed = useSignedCall();
  // Open on the group asked for once the list is there.
  if (!picked && initialGroup && groups.data) {
    const g = groups.data.find((r) => r.package === initialGroup);
    setPicked(true);
    if (g) setForm(formOf(g));
  }

  const cols = useMemo<ColDef<GroupRow>[]>(
    () => [
      { field: 'package', headerName: t('hostPkg.groups.col.name'), width: 200, sort: 'asc' },
      { field: 'version', headerName: t('wuaRules.col.version'), width: 90 },
      { field: 'description', headerName: t('wuaRules.col.description'), flex: 1 },
      {
        colId: 'depends',
        headerName: t('hostPkg.groups.col.packages'),
        valueGetter: (p) => p.data?.depends.join(', ') ?? '',
        flex: 1,
      },
    ],
    [t],
  );

  const packages = splitRequests(form.packages);
  const conflicts = splitRequests(form.conflicts);
  const invalid = [...packages, ...conflicts].filter((r) => !isValidRequest(r));
  // Existing groups keep the name they have; new ones get a WAPT-style lower-case package name.
  const nameOk = form.mode === 'edit' || GROUP_NAME.test(form.name.trim());
  const save = () => {
    const f = form;
    signed.run(async () => {
      const r = await api.call('groups.save', {
        name: f.name.trim(),
        mode: f.mode,
        description: f.description,
        depends: listEdit(f.base?.depends ?? [], packages),
        conflicts: listEdit(f.base?.conflicts ?? [], conflicts),
      });
      setNotice(
        r.changed
          ? t('hostPkg.groups.saved', { name: r.row.package, version: r.row.version })
          : t('hostPkg.groups.unchanged', { name: r.row.package }),
      );
      setForm(formOf(r.row));
      await refresh([groupKeys.list()]);
      // The groups hosts report (the hosts grid's group filter) may list the new group.
      void refresh([hostKeys.groups()]);
    });
  };

  return (
    <>
      <Modal
        title={t('hostPkg.groups.title')}
        onClose={onClose}
        wide
        testId="groups-dialog"
        footer={
          <>
            {notice && (
              <span className="toolbar__notice" role="status" data-testid="groups-notice">
                {notice}
              </span>
            )}
            <span className="toolbar__spacer" />
            <button type="button" className="btn btn--primary" onClick={onClose}>
              {t('details.close')}
            </button>
          </>
        }
      >
        <div className="toolbar">
          <button
            type="button"
            className="btn"
            data-testid="group-new"
            onClick={() => {
              setForm(EMPTY);
              setNotice(null);
            }}
          >
            {t('hostPkg.groups.new')}
          </button>
          <span className="hint">{t('hostPkg.groups.count', { count: groups.data?.length ?? '…' })}</span>
        </div>
        {groups.error && <ErrorBanner error={groups.error} t={t} />}
        <div className="grid-host hostpkg-groups-grid" data-testid="groups-grid">
          <ConsoleGrid<GroupRow>
            columnDefs={cols}
            rowData={groups.data ?? []}
            getRowId={(p) => p.data.package}
            selection="single"
            onRowClicked={(e) => {
              if (e.data) {
                setForm(formOf(e.data));
                setNotice(null);
              }
            }}
            noRowsText={t('hostPkg.groups.none')}
          />
        </div>
        <form
          className="hostpkg-form"
          data-testid="group-form"
          data-mode={form.mode}
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <h3 className="wu-section-title">
            {form.mode === 'create'
              ? t('hostPkg.groups.creating')
              : t('hostPkg.groups.editing', { name: form.name, version: form.base?.version ?? '' })}
          </h3>
          <label className="field">
            <span>{t('hostPkg.groups.col.name')}</span>
            <input
              name="groupName"
              value={form.name}
              readOnly={form.mode === 'edit'}
              onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
              placeholder="tis-fleet"
            />
          </label>
          <label className="field">
            <span>{t('wuaRules.col.description')}</span>
            <input
              name="groupDescription"
              value={form.description}
              onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))}
            />
          </label>
          <label className="field">
            <span>{t('hostPkg.groups.packagesHint')}</span>
            <textarea
              name="groupPackages"
              rows={4}
              value={form.packages}
              onChange={(e) => setForm((f) => ({ ...f, packages: e.target.value }))}
            />
          </label>
          <label className="field">
            <span>{t('hostPkg.groups.conflictsHint')}</span>
            <textarea
              name="groupConflicts"
              rows={2}
              value={form.conflicts}
              onChange={(e) => setForm((f) => ({ ...f, conflicts: e.target.value }))}
            />
          </label>
          {form.name.trim() !== '' && !nameOk && (
            <p className="cell-error" role="alert">
              {t('hostPkg.groups.badName')}
            </p>
          )}
          {invalid.length > 0 && (
            <p className="cell-error" role="alert">
              {t('hostPkg.assign.invalid', { names: invalid.join(', ') })}
            </p>
          )}
          {signed.error !== null && <ErrorBanner error={signed.error} t={t} onDismiss={signed.clearError} />}
          <div>
            <button
              type="submit"
              className="btn btn--primary"
              data-testid="group-save"
              disabled={!nameOk || invalid.length > 0 || signed.busy}
            >
              {form.mode === 'create' ? t('hostPkg.groups.create') : t('hostPkg.groups.saveEdit')}
            </button>
          </div>
        </form>
      </Modal>
      {signed.dialogs}
    </>
  );
}
