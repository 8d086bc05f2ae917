import { useMutation } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useState } from 'react';
import type { HostActionKind, HostActionRow, HostActionState } from '../../../../common/ipc/methods/actions';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { gridTheme } from '../../grid-theme';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { useTheme } from '../../theme';

const STATE_CLASS: Record<HostActionState, string> = {
  QUEUED: 'cell-muted',
  SENT: 'cell-info',
  RUNNING: 'cell-info',
  OK: 'cell-ok',
  ERROR: 'cell-error',
  SKIPPED: 'cell-warn',
  CANCELLED: 'cell-muted',
};
const FINAL: ReadonlySet<HostActionState> = new Set(['OK', 'ERROR', 'SKIPPED', 'CANCELLED']);

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
  const { dark } = useTheme();
  const [jobId, setJobId] = useState(firstJobId);
  const [rows, setRows] = useState<Map<string, HostActionRow>>(
    () => new Map(hosts.map((h) => [h.uuid, { ...h, state: 'QUEUED', progress: null, message: '' }])),
  );
  const [running, setRunning] = useState(true);

  useEffect(() => {
    const offStatus = api.on('actions.hostStatus', (e) => {
      if (e.jobId !== jobId) return;
      setRows((old) => {
        const next = new Map(old);
        for (const r of e.rows) next.set(r.uuid, r);
        return next;
      });
    });
    const offDone = api.on('jobs.finished', (e) => {
      if (e.jobId === jobId) setRunning(false);
    });
    // Events may have passed before we subscribed: catch up from the main process's record.
    void api
      .call('actions.status', { jobId })
      .then((st) => {
        setRows((old) => {
          const next = new Map(old);
          for (const r of st.rows) if (r.state !== 'QUEUED' || !next.has(r.uuid)) next.set(r.uuid, r);
          return next;
        });
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
          if (r.state === 'ERROR') m.set(r.uuid, { ...r, state: 'QUEUED', progress: null, message: '' });
        return m;
      });
      setRunning(true);
      setJobId(next);
    },
  });
  const cancel = useMutation({ mutationFn: () => api.call('jobs.cancel', { jobId }) });

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
        width: 120,
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
      { colId: 'message', field: 'message', headerName: t('actions.col.message'), flex: 1 },
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
              errors: count('ERROR'),
              skipped: count('SKIPPED'),
            })}
          </span>
          <span className="toolbar__spacer" />
          <button
            type="button"
            className="btn"
            onClick={() => retry.mutate()}
            disabled={running || count('ERROR') === 0 || retry.isPending}
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
      <progress
        className="progress"
        max={list.length}
        value={finished}
        aria-label={t('actions.col.progress')}
      />
      {retry.error && <ErrorBanner error={retry.error} t={t} />}
      <div className="grid-host grid-host--small" data-testid="action-rows">
        <AgGridReact<HostActionRow>
          theme={gridTheme(dark)}
          columnDefs={columns}
          rowData={list}
          getRowId={(p) => p.data.uuid}
        />
      </div>
    </Modal>
  );
}
