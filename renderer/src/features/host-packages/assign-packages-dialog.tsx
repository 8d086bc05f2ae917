import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { isValidRequest } from '../../../../common/domain/package-requests';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { groupQueries } from '../../queries/groups';
import { hostKeys } from '../../queries/hosts';
import { wuaRulesKeys } from '../../queries/wua-rules';
import { useRefresh } from '../../refresh';
import { useHostActions } from '../actions/use-host-actions';
import { HostPicker } from './host-picker';
import { HostPackageProgress, useHostPackagesJob, type HostTarget } from './host-package-progress';
import { splitRequests } from './package-lists';
import { useSignedCall } from './use-signed-call';

/**
 * What one run changes in each chosen host's host package (docs/host-packages.md): its `depends`
 * (packages to install; a group = putting the host in the group) or its `conflicts` (packages the
 * host must not have).
 */
export type AssignOperation =
  'addPackage' | 'removePackage' | 'addConflict' | 'removeConflict' | 'joinGroup' | 'leaveGroup';
const OPERATIONS: AssignOperation[] = [
  'addPackage',
  'removePackage',
  'addConflict',
  'removeConflict',
  'joinGroup',
  'leaveGroup',
];
const isGroupOp = (op: AssignOperation) => op === 'joinGroup' || op === 'leaveGroup';

function editOf(op: AssignOperation, names: string[]) {
  const none = { add: [] as string[], remove: [] as string[] };
  switch (op) {
    case 'addPackage':
    case 'joinGroup':
      return { depends: { ...none, add: names }, conflicts: none };
    case 'removePackage':
    case 'leaveGroup':
      return { depends: { ...none, remove: names }, conflicts: none };
    case 'addConflict':
      return { depends: none, conflicts: { ...none, add: names } };
    case 'removeConflict':
      return { depends: none, conflicts: { ...none, remove: names } };
  }
}

/**
 * "Assign packages": add or remove a package (or a conflict) on N chosen hosts, or put them in a
 * group. One signed host package per host, in parallel (main side); per-host progress, retry of
 * failures, then optionally the signed "apply upgrades" host action so agents act now.
 */
export function AssignPackagesDialog({
  initialPackages = [],
  initialOperation = 'addPackage',
  initialHosts = [],
  onClose,
}: {
  initialPackages?: string[];
  initialOperation?: AssignOperation;
  initialHosts?: HostTarget[];
  onClose: () => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const refresh = useRefresh();
  const [operation, setOperation] = useState<AssignOperation>(initialOperation);
  const [packagesText, setPackagesText] = useState(
    isGroupOp(initialOperation) ? '' : initialPackages.join(', '),
  );
  const [group, setGroup] = useState(isGroupOp(initialOperation) ? (initialPackages[0] ?? '') : '');
  const [hosts, setHosts] = useState<HostTarget[]>(initialHosts);
  const [started, setStarted] = useState<{ jobId: string; hosts: HostTarget[] } | null>(null);
  const signed = useSignedCall();
  const groups = useQuery({ ...groupQueries.list(api), enabled: isGroupOp(operation) });

  const names = isGroupOp(operation) ? (group ? [group] : []) : splitRequests(packagesText);
  const invalid = names.filter((n) => !isValidRequest(n));
  const canStart = names.length > 0 && invalid.length === 0 && hosts.length > 0 && !signed.busy;

  const start = () => {
    const chosen = hosts;
    signed.run(async () => {
      const { jobId } = await api.call('hostPackages.edit', {
        hosts: chosen.map((h) => h.uuid),
        ...editOf(operation, names),
      });
      setStarted({ jobId, hosts: chosen });
    });
  };

  const close = () => {
    // Host packages changed: the hosts grid (groups column) and rule-package views re-read.
    void refresh([hostKeys.all, wuaRulesKeys.all]);
    onClose();
  };

  if (started) return <AssignProgress jobId={started.jobId} hosts={started.hosts} onClose={close} />;

  return (
    <>
      <Modal
        title={t('hostPkg.assign.title')}
        onClose={onClose}
        wide
        testId="assign-packages-dialog"
        footer={
          <>
            <span className="hint">{t('hostPkg.assign.signedHint')}</span>
            <span className="toolbar__spacer" />
            <button type="button" className="btn" onClick={onClose}>
              {t('repo.cancel')}
            </button>
            <button
              type="button"
              className="btn btn--primary"
              disabled={!canStart}
              onClick={start}
              data-testid="assign-start"
            >
              {t('hostPkg.assign.start', { count: hosts.length })}
            </button>
          </>
        }
      >
        <div className="hostpkg-form">
          <label className="field">
            <span>{t('hostPkg.assign.operation')}</span>
            <select
              name="assignOperation"
              value={operation}
              onChange={(e) => setOperation(e.target.value as AssignOperation)}
            >
              {OPERATIONS.map((op) => (
                <option key={op} value={op}>
                  {t(`hostPkg.op.${op}`)}
                </option>
              ))}
            </select>
          </label>
          {isGroupOp(operation) ? (
            <label className="field">
              <span>{t('hostPkg.assign.group')}</span>
              <select name="assignGroup" value={group} onChange={(e) => setGroup(e.target.value)}>
                <option value="">{t('hostPkg.assign.chooseGroup')}</option>
                {(groups.data ?? []).map((g) => (
                  <option key={g.package} value={g.package}>
                    {g.description ? `${g.package} — ${g.description}` : g.package}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label className="field">
              <span>{t('hostPkg.assign.packages')}</span>
              <input
                name="assignPackages"
                value={packagesText}
                onChange={(e) => setPackagesText(e.target.value)}
                placeholder="tis-firefox, demo-waptwua-pilot(>=2)"
              />
            </label>
          )}
        </div>
        {invalid.length > 0 && (
          <p className="cell-error" role="alert">
            {t('hostPkg.assign.invalid', { names: invalid.join(', ') })}
          </p>
        )}
        {groups.error && <ErrorBanner error={groups.error} t={t} />}
        {signed.error !== null && <ErrorBanner error={signed.error} t={t} onDismiss={signed.clearError} />}
        <HostPicker chosen={hosts} onChange={setHosts} />
      </Modal>
      {signed.dialogs}
    </>
  );
}

/** Step 2: the live per-host grid, retry, cancel, and "apply now" on the hosts that changed. */
function AssignProgress({
  jobId,
  hosts,
  onClose,
}: {
  jobId: string;
  hosts: HostTarget[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const job = useHostPackagesJob(jobId, hosts);
  const actions = useHostActions();
  const [applying, setApplying] = useState(false);
  // Only hosts whose package is now on the server need an upgrade; UNCHANGED ones may too (a
  // previous run may have changed them without applying), so both are offered.
  const applicable = job.rows.filter((r) => r.state === 'OK' || r.state === 'UNCHANGED');
  return (
    <>
      <Modal
        title={t('hostPkg.assign.progressTitle')}
        onClose={onClose}
        wide
        testId="assign-progress-dialog"
        footer={
          <>
            <button
              type="button"
              className="btn"
              onClick={() => job.retry.mutate()}
              disabled={job.running || job.counts.failed === 0 || job.retry.isPending}
              data-testid="assign-retry"
            >
              {t('actions.retryFailed')}
            </button>
            <button type="button" className="btn" onClick={() => job.cancel.mutate()} disabled={!job.running}>
              {t('actions.cancel')}
            </button>
            <span className="toolbar__spacer" />
            <button
              type="button"
              className="btn"
              data-testid="assign-apply-now"
              disabled={job.running || applicable.length === 0 || !actions.isAvailable('upgrade')}
              title={t('hostPkg.assign.applyNowHint')}
              onClick={() => {
                setApplying(true);
                actions.trigger(
                  'upgrade',
                  applicable.map((r) => ({ uuid: r.uuid, host: r.host })),
                );
              }}
            >
              {t('hostPkg.assign.applyNow', { count: applicable.length })}
            </button>
            <button type="button" className="btn btn--primary" onClick={onClose}>
              {t('details.close')}
            </button>
          </>
        }
      >
        <HostPackageProgress job={job} />
        {applying && actions.error && (
          <p className="cell-error" role="alert">
            {actions.error}
          </p>
        )}
      </Modal>
      {actions.dialogs}
    </>
  );
}
