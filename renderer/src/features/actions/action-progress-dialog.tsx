import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import {
  QUEUE_EXPIRY_HOURS,
  type HostActionKind,
  type HostActionRow,
  type HostActionState,
} from '../../../../common/ipc/methods/actions';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { mergeForward } from '../../jobs/merge-forward';
import { ConsoleGrid } from '../../grids/console-grid';
import { labelColumnWidth } from '../../grids/label-width';
import { useI18n } from '../../i18n/i18n';
import { hostRowText } from '../../i18n/progress-text';
import { useApi } from '../../platform/api-client';
import { coreKeys, coreQueries } from '../../queries/core';
import { actionKeys } from '../../queries/actions';
import { useConsoleMutation } from '../../queries/mutation';

const STATE_CLASS: Record<HostActionState, string> = {
  QUEUED: 'cell-muted',
  SENT: 'cell-info',
  RUNNING: 'cell-info',
  OK: 'cell-ok',
  ERROR: 'cell-error',
  TIMEOUT: 'cell-error',
  SKIPPED: 'cell-warn',
  CANCELLED: 'cell-muted',
};
/** Minutes offered for following each host (setting `hostActionTimeoutMinutes`). */
const FOLLOW_CHOICES = [2, 5, 10, 15, 30, 60];
/** Hours a skipped host may stay queued (QUEUE_EXPIRY_HOURS bounds them). */
const EXPIRY_CHOICES = [1, 4, 8, 24, 48, 72, 168];
const FINAL: ReadonlySet<HostActionState> = new Set(['OK', 'ERROR', 'TIMEOUT', 'SKIPPED', 'CANCELLED']);

/** How far a host has gone (rows only move forward: renderer/src/jobs/merge-forward.ts). */
const stage = (s: HostActionState) => (FINAL.has(s) ? 3 : s === 'RUNNING' ? 2 : s === 'SENT' ? 1 : 0);

/** Live per-host progress of a host action (WAPT's "Launch actions on hosts", but parallel and resumable). */
export function ActionProgressDialog({
  jobId: firstJobId,
  action,
  hosts,
  onClose,
}: {
  jobId: string;
  action: HostActionKind;
  hosts: { uuid: string; host: string }[];
  onClose: () => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [jobId, setJobId] = useState(firstJobId);
  const [rows, setRows] = useState<Map<string, HostActionRow>>(
    () => new Map(hosts.map((h) => [h.uuid, { ...h, state: 'QUEUED', progress: null, message: '' }])),
  );
  const [running, setRunning] = useState(true);
  // How long each host is followed once the action is sent (setting; the run reads it at start).
  const queryClient = useQueryClient();
  const settings = useQuery(coreQueries.settings(api));
  const saveLimit = useMutation({
    mutationFn: (hostActionTimeoutMinutes: number) =>
      api.call('settings.update', { hostActionTimeoutMinutes }),
    onSuccess: (saved) => queryClient.setQueryData(coreKeys.settings, saved),
  });

  useEffect(() => {
    const offStatus = api.on('actions.hostStatus', (e) => {
      if (e.jobId !== jobId) return;
      setRows((old) => mergeForward(old, e.rows, stage));
    });
    const offDone = api.on('jobs.finished', (e) => {
      if (e.jobId === jobId) setRunning(false);
    });
    // Events may have passed before we subscribed: catch up from the main process's record.
    void api
      .call('actions.status', { jobId })
      .then((st) => {
        setRows((old) => mergeForward(old, st.rows, stage));
        if (st.finished) setRunning(false);
      })
      .catch(() => undefined);
    return () => {
      offStatus();
      offDone();
    };
  }, [api, jobId]);

  const retry = useMutation({
    mutationFn: () => api.call('actions.retryFailed', { jobId }),
    onSuccess: ({ jobId: next }) => {
      setRows((old) => {
        const m = new Map(old);
        for (const r of m.values())
          if (r.state === 'ERROR' || r.state === 'TIMEOUT')
            m.set(r.uuid, { ...r, state: 'QUEUED', progress: null, message: '' });
        return m;
      });
      setRunning(true);
      setJobId(next);
    },
  });
  const cancel = useMutation({ mutationFn: () => api.call('jobs.cancel', { jobId }) });
  // Hosts skipped as not connected can wait in the queue (docs/host-actions.md, "Queue").
  const [expiryHours, setExpiryHours] = useState<number>(QUEUE_EXPIRY_HOURS.default);
  const queueSkipped = useConsoleMutation({
    mutationFn: () => api.call('actions.queueSkipped', { jobId, expiryHours }),
    invalidates: [actionKeys.queue],
  });

  const list = [...rows.values()];
  const count = (s: HostActionState) => list.filter((r) => r.state === s).length;
  const finished = list.filter((r) => FINAL.has(r.state)).length;
  const columns = useMemo<ColDef<HostActionRow>[]>(
    () => [
      { colId: 'host', field: 'host', headerName: t('actions.col.host'), width: 240, sort: 'asc' },
      {
        colId: 'state',
        field: 'state',
        headerName: t('actions.col.status'),
        // As wide as the longest state in this language ("Skipped (not connected)").
        width: labelColumnWidth(
          (Object.keys(STATE_CLASS) as HostActionState[]).map((st) => t(`actions.state.${st}`)),
          t('actions.col.status'),
        ),
        cellClass: (p) => STATE_CLASS[p.value as HostActionState] ?? '',
        valueFormatter: (p) => t(`actions.state.${p.value as HostActionState}`),
      },
      {
        colId: 'progress',
        field: 'progress',
        headerName: t('actions.col.progress'),
        width: 110,
        valueFormatter: (p) =>
          p.value === null || p.value === undefined ? '' : `${Math.round(p.value as number)} %`,
      },
      {
        colId: 'message',
        field: 'message',
        headerName: t('actions.col.message'),
        flex: 1,
        // Main's own sentences and errors arrive as codes (docs/i18n.md): said in the user's language.
        valueGetter: (p) => (p.data ? hostRowText(p.data, t) : ''),
      },
    ],
    [t],
  );
  return (
    <Modal
      title={t(`actions.title.${action}`)}
      onClose={onClose}
      wide
      testId="action-progress-dialog"
      footer={
        <>
          <span className="hint" data-testid="action-summary">
            {t('actions.summary', {
              done: finished,
              total: list.length,
              ok: count('OK'),
              errors: count('ERROR') + count('TIMEOUT'),
              skipped: count('SKIPPED'),
            })}
          </span>
          <span className="toolbar__spacer" />
          <button
            type="button"
            className="btn"
            onClick={() => retry.mutate()}
            disabled={running || count('ERROR') + count('TIMEOUT') === 0 || retry.isPending}
          >
            {t('actions.retryFailed')}
          </button>
          <button type="button" className="btn" onClick={() => cancel.mutate()} disabled={!running}>
            {t('actions.cancel')}
          </button>
          <button type="button" className="btn btn--primary" onClick={onClose}>
            {t('details.close')}
          </button>
        </>
      }
    >
      {settings.data && (
        <label className="field field--inline hint" data-testid="action-follow-limit">
          <span>{t('actions.followLimit')}</span>
          <select
            name="hostActionTimeoutMinutes"
            value={settings.data.hostActionTimeoutMinutes}
            onChange={(e) => saveLimit.mutate(Number(e.target.value))}
          >
            {[...new Set([...FOLLOW_CHOICES, settings.data.hostActionTimeoutMinutes])]
              .sort((a, b) => a - b)
              .map((m) => (
                <option key={m} value={m}>
                  {t('actions.minutes', { count: m })}
                </option>
              ))}
          </select>
          <span>{t('actions.followLimitNext')}</span>
        </label>
      )}
      <progress
        className="progress"
        max={list.length}
        value={finished}
        aria-label={t('actions.col.progress')}
      />
      {retry.error && <ErrorBanner error={retry.error} t={t} />}
      {!running && count('SKIPPED') > 0 && (
        <div className="field field--inline hint" data-testid="action-queue-skipped">
          {queueSkipped.data ? (
            <span role="status">{t('actions.queue.done', { count: queueSkipped.data.queued })}</span>
          ) : (
            <>
              <label className="field field--inline">
                <span>{t('actions.queue.offer')}</span>
                <select
                  name="queueExpiryHours"
                  value={expiryHours}
                  onChange={(e) => setExpiryHours(Number(e.target.value))}
                >
                  {EXPIRY_CHOICES.map((h) => (
                    <option key={h} value={h}>
                      {t('actions.queue.hours', { count: h })}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="btn"
                disabled={queueSkipped.isPending}
                onClick={() => queueSkipped.mutate()}
              >
                {t('actions.queue.button')}
              </button>
            </>
          )}
        </div>
      )}
      {queueSkipped.error && <ErrorBanner error={queueSkipped.error} t={t} />}
      <div className="grid-host grid-host--dialog" data-testid="action-rows">
        <ConsoleGrid<HostActionRow>
          selection="none"
          columnDefs={columns}
          rowData={list}
          getRowId={(p) => p.data.uuid}
        />
      </div>
    </Modal>
  );
}
