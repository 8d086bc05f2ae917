import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import { useForm, useFormState, useWatch } from 'react-hook-form';
import type { GroupRow } from '../../../../common/ipc/methods/host-packages';
import { Button } from '../../components/button';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useFieldErrors } from '../../forms/field-error';
import { LabelledField } from '../../forms/labelled-field';
import { ConsoleGrid } from '../../grids/console-grid';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { groupKeys, groupQueries } from '../../queries/groups';
import { hostKeys } from '../../queries/hosts';
import { useRefresh } from '../../refresh';
import {
  EMPTY_GROUP_FORM,
  groupFormOf,
  groupFormResolver,
  type GroupFormOutput,
  type GroupFormValues,
} from './group-form';
import { listEdit } from './package-lists';
import { useSignedCall } from './use-signed-call';

/** A wrong name or request is announced as it is typed, as before the form moved to react-hook-form. */
const ALERT = { role: 'alert' } as const;

/**
 * Group packages (section `group`, docs/host-packages.md): the list of the newest version of each,
 * and a form to create one or edit it (name, description, packages, conflicts). Each save signs
 * and uploads the next version (`groups.save`).
 */
export function GroupsDialog({ onClose, initialGroup }: { onClose: () => void; initialGroup?: string }) {
  const api = useApi();
  const { t } = useI18n();
  const groups = useQuery(groupQueries.list(api));
  /**
   * The group the form shows (null: a new one). Each pick mounts a fresh form (`serial` is its key)
   * whose first values are that group's; what is typed stays until another group is picked.
   */
  const [selection, setSelection] = useState<{ base: GroupRow | null; serial: number }>({
    base: null,
    serial: 0,
  });
  const show = (g: GroupRow | null) => setSelection((s) => ({ base: g, serial: s.serial + 1 }));
  const [picked, setPicked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const signed = useSignedCall();
  // Open on the group asked for once the list is there.
  if (!picked && initialGroup && groups.data) {
    const g = groups.data.find((r) => r.package === initialGroup);
    setPicked(true);
    if (g) show(g);
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
            <Button variant="primary" onClick={onClose}>
              {t('details.close')}
            </Button>
          </>
        }
      >
        <div className="toolbar">
          <Button
            data-testid="group-new"
            onClick={() => {
              show(null);
              setNotice(null);
            }}
          >
            {t('hostPkg.groups.new')}
          </Button>
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
                show(e.data);
                setNotice(null);
              }
            }}
            noRowsText={t('hostPkg.groups.none')}
          />
        </div>
        <GroupForm
          key={selection.serial}
          base={selection.base}
          signed={signed}
          onSaved={(row, changed) => {
            setNotice(
              changed
                ? t('hostPkg.groups.saved', { name: row.package, version: row.version })
                : t('hostPkg.groups.unchanged', { name: row.package }),
            );
            show(row);
          }}
        />
      </Modal>
      {signed.dialogs}
    </>
  );
}

/** The create/edit form of one group: a save signs and uploads its next version (`groups.save`). */
function GroupForm({
  base,
  signed,
  onSaved,
}: {
  /** The group edited, as last read (its lists are what the save edits), or null for a new one. */
  base: GroupRow | null;
  signed: ReturnType<typeof useSignedCall>;
  onSaved: (row: GroupRow, changed: boolean) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const refresh = useRefresh();
  const { register, control, handleSubmit } = useForm<GroupFormValues, unknown, GroupFormOutput>({
    defaultValues: base ? groupFormOf(base) : EMPTY_GROUP_FORM,
    resolver: groupFormResolver,
    // Each field says what is wrong as it is typed (a request list is checked line by line).
    mode: 'onChange',
  });
  const [mode, groupName] = useWatch({ control, name: ['mode', 'groupName'] });
  const { isValid } = useFormState({ control });
  const errorOf = useFieldErrors(control);

  const save = handleSubmit((f) => {
    signed.run(async () => {
      const r = await api.call('groups.save', {
        name: f.name,
        mode: f.mode,
        description: f.description,
        depends: listEdit(base?.depends ?? [], f.packages),
        conflicts: listEdit(base?.conflicts ?? [], f.conflicts),
      });
      onSaved(r.row, r.changed);
      await refresh([groupKeys.list()]);
      // The groups hosts report (the hosts grid's group filter) may list the new group.
      void refresh([hostKeys.groups()]);
    });
  });

  return (
    <form className="hostpkg-form" data-testid="group-form" data-mode={mode} onSubmit={(e) => void save(e)}>
      <h3 className="wu-section-title">
        {mode === 'create'
          ? t('hostPkg.groups.creating')
          : t('hostPkg.groups.editing', { name: groupName, version: base?.version ?? '' })}
      </h3>
      <LabelledField
        label={t('hostPkg.groups.col.name')}
        // An empty name only keeps the button disabled; a wrong one says why.
        error={groupName.trim() === '' ? undefined : errorOf('groupName')}
        errorProps={ALERT}
      >
        {(field) => (
          <input {...field} {...register('groupName')} readOnly={mode === 'edit'} placeholder="tis-fleet" />
        )}
      </LabelledField>
      <LabelledField label={t('wuaRules.col.description')} error={errorOf('groupDescription')}>
        {(field) => <input {...field} {...register('groupDescription')} />}
      </LabelledField>
      <LabelledField
        label={t('hostPkg.groups.packagesHint')}
        error={errorOf('groupPackages')}
        errorProps={ALERT}
      >
        {(field) => <textarea {...field} {...register('groupPackages')} rows={4} />}
      </LabelledField>
      <LabelledField
        label={t('hostPkg.groups.conflictsHint')}
        error={errorOf('groupConflicts')}
        errorProps={ALERT}
      >
        {(field) => <textarea {...field} {...register('groupConflicts')} rows={2} />}
      </LabelledField>
      {signed.error !== null && <ErrorBanner error={signed.error} t={t} onDismiss={signed.clearError} />}
      <div>
        <Button type="submit" variant="primary" data-testid="group-save" disabled={!isValid || signed.busy}>
          {mode === 'create' ? t('hostPkg.groups.create') : t('hostPkg.groups.saveEdit')}
        </Button>
      </div>
    </form>
  );
}
