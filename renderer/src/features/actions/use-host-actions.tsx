import { useCallback, useState, type ReactNode } from 'react';
import type { HostActionKind } from '../../../../common/ipc/methods/actions';
import { ConfirmDialog } from '../../components/modal';
import { presentError } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostKeys } from '../../queries/hosts';
import { keyKeys } from '../../queries/keys';
import { useRefresh } from '../../refresh';
import { UnlockKeyDialog } from '../keys/unlock-key-dialog';
import { useServerCapabilities } from '../capabilities/server-features';
import { ActionProgressDialog } from './action-progress-dialog';
import { QueuedActionsDialog } from './queued-actions-dialog';

export interface ActionTarget {
  uuid: string;
  host: string;
}

interface Pending {
  action: HostActionKind;
  hosts: ActionTarget[];
  updateIds: string[];
  /** For the package actions: the package names (docs/host-actions.md). */
  packages: string[];
}

/**
 * Confirm → (unlock the key if needed) → start → live progress. Returns `trigger` and the element
 * holding whichever dialog is open.
 */
export function useHostActions(): {
  trigger: (action: HostActionKind, hosts: ActionTarget[], updateIds?: string[], packages?: string[]) => void;
  /** False for Windows-update actions on a server without them (menus disable those items). */
  isAvailable: (action: HostActionKind) => boolean;
  /** Opens the "Queued actions" view (Actions menu). */
  openQueue: () => void;
  dialogs: ReactNode;
  error: string | null;
  clearError: () => void;
} {
  const api = useApi();
  const caps = useServerCapabilities();
  const isAvailable = useCallback(
    (action: HostActionKind) =>
      caps === null ||
      (action.startsWith('waptwua_')
        ? caps.wua
        : // The package audit is an Enterprise agent action (docs/host-actions.md).
          action !== 'audit_packages' || caps.edition === 'enterprise'),
    [caps],
  );
  const { t } = useI18n();
  const refresh = useRefresh();
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const [unlocking, setUnlocking] = useState<Pending | null>(null);
  const [running, setRunning] = useState<(Pending & { jobId: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queueOpen, setQueueOpen] = useState(false);

  const start = useCallback(
    async (p: Pending) => {
      try {
        const { jobId } = await api.call('actions.trigger', {
          action: p.action,
          hosts: p.hosts,
          updateIds: p.updateIds,
          packages: p.packages,
        });
        setRunning({ ...p, jobId });
      } catch (err) {
        const shown = presentError(err, t);
        if (shown.code === 'KEY_LOCKED') setUnlocking(p);
        else setError(shown.message);
      }
    },
    [api, t],
  );

  const trigger = useCallback(
    (action: HostActionKind, hosts: ActionTarget[], updateIds: string[] = [], packages: string[] = []) => {
      if (hosts.length === 0) return;
      // One clear sentence, never a confirm dialog for an action the server cannot relay.
      if (!isAvailable(action)) {
        setError(
          t(action === 'audit_packages' ? 'actions.packages.auditEnterprise' : 'actions.wuaNotOffered'),
        );
        return;
      }
      setError(null);
      setConfirming({ action, hosts, updateIds, packages });
    },
    [isAvailable, t],
  );

  let dialogs: ReactNode = null;
  if (queueOpen) {
    dialogs = <QueuedActionsDialog onClose={() => setQueueOpen(false)} />;
  } else if (confirming) {
    const p = confirming;
    dialogs = (
      <ConfirmDialog
        title={t(`actions.title.${p.action}`)}
        message={t(`actions.confirm.${p.action}`, {
          count: p.hosts.length,
          updates: p.updateIds.length,
          packages: p.packages.join(', '),
        })}
        confirmLabel={t('actions.launch')}
        cancelLabel={t('actions.cancelDialog')}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          setConfirming(null);
          void start(p);
        }}
      />
    );
  } else if (unlocking) {
    const p = unlocking;
    dialogs = (
      <UnlockKeyDialog
        onClose={() => setUnlocking(null)}
        onUnlocked={() => {
          setUnlocking(null);
          void start(p);
        }}
      />
    );
  } else if (running) {
    dialogs = (
      <ActionProgressDialog
        jobId={running.jobId}
        action={running.action}
        hosts={running.hosts}
        onClose={() => {
          setRunning(null);
          // Host states changed: grids and details re-read them.
          void refresh([hostKeys.all, keyKeys.status]);
        }}
      />
    );
  }
  return {
    trigger,
    isAvailable,
    openQueue: () => setQueueOpen(true),
    dialogs,
    error,
    clearError: () => setError(null),
  };
}
