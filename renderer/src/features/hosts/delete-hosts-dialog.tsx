import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { HostsDeleteResult } from '../../../../common/ipc/methods/hosts';
import { ConfirmFooter } from '../../components/confirm-footer';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';

/** Hosts named in the dialog before "… and N more". */
const LISTED = 20;

/**
 * WAPT's "Remove host" confirmation (docs/host-actions.md, "Deleting hosts"): lists the hosts and
 * offers WAPT's two options, both ticked as in WAPT's console — delete the host packages
 * (`delete_packages`) and delete the hosts from the inventory (`delete_inventory`).
 */
export function DeleteHostsDialog({
  hosts,
  onClose,
  onDeleted,
}: {
  hosts: { uuid: string; host: string }[];
  onClose: () => void;
  onDeleted: (result: HostsDeleteResult) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [deletePackages, setDeletePackages] = useState(true);
  const [deleteInventory, setDeleteInventory] = useState(true);
  const remove = useMutation({
    mutationFn: () =>
      api.call('hosts.delete', { uuids: hosts.map((h) => h.uuid), deletePackages, deleteInventory }),
    onSuccess: onDeleted,
  });
  const nothing = !deletePackages && !deleteInventory;
  return (
    <Modal
      title={t('hosts.delete.title')}
      onClose={onClose}
      testId="delete-hosts-dialog"
      footer={
        <ConfirmFooter
          cancelLabel={t('actions.cancelDialog')}
          onCancel={onClose}
          confirmLabel={remove.isPending ? t('hosts.delete.running') : t('hosts.delete.confirm')}
          onConfirm={() => remove.mutate()}
          disabled={nothing || remove.isPending}
        />
      }
    >
      <p>{t('hosts.delete.message', { count: hosts.length })}</p>
      <ul className="delete-hosts__list" data-testid="delete-hosts-list">
        {hosts.slice(0, LISTED).map((h) => (
          <li key={h.uuid}>{h.host}</li>
        ))}
        {hosts.length > LISTED && <li>{t('hosts.delete.more', { count: hosts.length - LISTED })}</li>}
      </ul>
      <label className="check">
        <input
          type="checkbox"
          name="deleteHostPackages"
          checked={deletePackages}
          onChange={(e) => setDeletePackages(e.target.checked)}
        />
        <span>{t('hosts.delete.packages')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="deleteHostInventory"
          checked={deleteInventory}
          onChange={(e) => setDeleteInventory(e.target.checked)}
        />
        <span>{t('hosts.delete.inventory')}</span>
      </label>
      {nothing && (
        <p className="hint" role="status">
          {t('hosts.delete.chooseOne')}
        </p>
      )}
      {remove.error && <ErrorBanner error={remove.error} t={t} />}
    </Modal>
  );
}
