import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { groupKeys, groupQueries } from '../../queries/groups';
import { useRefresh } from '../../refresh';
import { useSignedCall } from './use-signed-call';

const NEW = '\u0000new';
const GROUP_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/**
 * "Assign to group…": adds a package to a group package's `depends` (a new signed version of the
 * group), so every host in the group gets it at its next upgrade (docs/host-packages.md).
 */
export function AssignToGroupDialog({ pkg, onClose }: { pkg: string; onClose: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const refresh = useRefresh();
  const groups = useQuery(groupQueries.list(api));
  const [group, setGroup] = useState('');
  const [newName, setNewName] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const signed = useSignedCall();
  const creating = group === NEW;
  const name = creating ? newName.trim() : group;
  const already = groups.data
    ?.find((g) => g.package === group)
    ?.depends.some((d) => d.replace(/\(.*$/, '').trim().toLowerCase() === pkg.toLowerCase());
  const canSave = name !== '' && (!creating || GROUP_NAME.test(name)) && !signed.busy && done === null;

  const save = () =>
    signed.run(async () => {
      const r = await api.call('groups.save', {
        name,
        mode: creating ? 'create' : 'edit',
        depends: { add: [pkg], remove: [] },
        conflicts: { add: [], remove: [] },
      });
      setDone(
        r.changed
          ? t('hostPkg.toGroup.done', { pkg, name: r.row.package, version: r.row.version })
          : t('hostPkg.groups.unchanged', { name: r.row.package }),
      );
      void refresh([groupKeys.list()]);
    });

  return (
    <>
      <Modal
        title={t('hostPkg.toGroup.title', { pkg })}
        onClose={onClose}
        testId="assign-to-group-dialog"
        footer={
          <>
            <button type="button" className="btn" onClick={onClose}>
              {done ? t('details.close') : t('repo.cancel')}
            </button>
            <button
              type="button"
              className="btn btn--primary"
              disabled={!canSave}
              onClick={save}
              data-testid="to-group-save"
            >
              {t('hostPkg.toGroup.save')}
            </button>
          </>
        }
      >
        <p className="hint">{t('hostPkg.toGroup.hint')}</p>
        <label className="field">
          <span>{t('hostPkg.assign.group')}</span>
          <select name="toGroup" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">{t('hostPkg.assign.chooseGroup')}</option>
            {(groups.data ?? []).map((g) => (
              <option key={g.package} value={g.package}>
                {g.description ? `${g.package} — ${g.description}` : g.package}
              </option>
            ))}
            <option value={NEW}>{t('hostPkg.toGroup.newGroup')}</option>
          </select>
        </label>
        {creating && (
          <label className="field">
            <span>{t('hostPkg.groups.col.name')}</span>
            <input name="toGroupName" value={newName} onChange={(e) => setNewName(e.target.value)} />
          </label>
        )}
        {already && <p className="hint">{t('hostPkg.toGroup.already', { pkg, name: group })}</p>}
        {groups.error && <ErrorBanner error={groups.error} t={t} />}
        {signed.error !== null && <ErrorBanner error={signed.error} t={t} onDismiss={signed.clearError} />}
        {done && (
          <p className="toolbar__notice" role="status" data-testid="to-group-notice">
            {done}
          </p>
        )}
      </Modal>
      {signed.dialogs}
    </>
  );
}
