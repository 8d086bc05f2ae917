import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { QueuedAction, QueuedActionState } from '../../../../common/ipc/methods/actions';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { hostRowText } from '../../i18n/progress-text';
import { useApi } from '../../platform/api-client';
import { actionKeys, actionQueries } from '../../queries/actions';

const STATE_CLASS: Record<QueuedActionState, string> = {
  WAITING: 'cell-info',
  SENT: 'cell-info',
  OK: 'cell-ok',
  ERROR: 'cell-error',
  TIMEOUT: 'cell-error',
  EXPIRED: 'cell-muted',
  CANCELLED: 'cell-muted',
};

/** The "Queued actions" view (Actions menu): what waits for offline hosts, what was sent, cancel. */
export function QueuedActionsDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The queue changes in main as hosts connect: re-read it while the view is open.
  const queue = useQuery({ ...actionQueries.queue(api), refetchInterval: 5000 });
  const cancel = useMutation({
    mutationFn: (ids: string[]) => api.call('actions.queueCancel', { ids }),
    onSuccess: (saved) => {
      queryClient.setQueryData(actionKeys.queue, saved);
      setSelected(new Set());
    },
  });
  const entries: QueuedAction[] = [...(queue.data?.entries ?? [])].reverse();
  const when = (iso: string | null) => formatDateTime(iso, language);
  const toggle = (id: string) =>
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Modal
      title={t('actions.queue.title')}
      onClose={onClose}
      wide
      testId="queued-actions-dialog"
      footer={
        <>
          <span className="toolbar__spacer" />
          <button
            type="button"
            className="btn"
            disabled={selected.size === 0 || cancel.isPending}
            onClick={() => cancel.mutate([...selected])}
          >
            {t('actions.queue.cancelSelected')}
          </button>
          <button type="button" className="btn btn--primary" onClick={onClose}>
            {t('details.close')}
          </button>
        </>
      }
    >
      <p className="hint">{t('actions.queue.hint')}</p>
      {queue.error && <ErrorBanner error={queue.error} t={t} />}
      {cancel.error && <ErrorBanner error={cancel.error} t={t} />}
      {entries.length === 0 ? (
        <p data-testid="queued-actions-empty">{t('actions.queue.empty')}</p>
      ) : (
        <table className="table" data-testid="queued-actions">
          <thead>
            <tr>
              <th />
              <th>{t('actions.col.host')}</th>
              <th>{t('actions.queue.col.action')}</th>
              <th>{t('actions.col.status')}</th>
              <th>{t('actions.queue.col.queuedAt')}</th>
              <th>{t('actions.queue.col.expiresAt')}</th>
              <th>{t('actions.queue.col.sentAt')}</th>
              <th>{t('actions.col.message')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-state={e.state}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={e.host}
                    disabled={e.state !== 'WAITING'}
                    checked={selected.has(e.id)}
                    onChange={() => toggle(e.id)}
                  />
                </td>
                <td>{e.host}</td>
                <td>{t(`actions.title.${e.action}`)}</td>
                <td className={STATE_CLASS[e.state]}>{t(`actions.queue.state.${e.state}`)}</td>
                <td>{when(e.queuedAt)}</td>
                <td>{when(e.expiresAt)}</td>
                <td>{when(e.sentAt)}</td>
                <td data-testid="queued-action-message">{hostRowText(e, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
