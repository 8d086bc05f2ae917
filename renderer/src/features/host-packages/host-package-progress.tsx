import { useMutation } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import type { HostPackageRow, HostPackageState } from '../../../../common/ipc/methods/host-packages';
import { ErrorBanner } from '../../errors/presenter';
import { mergeForward } from '../../jobs/merge-forward';
import { ConsoleGrid } from '../../grids/console-grid';
import { useI18n } from '../../i18n/i18n';
import { hostRowText } from '../../i18n/progress-text';
import { useApi } from '../../platform/api-client';

export interface HostTarget {
  uuid: string;
  host: string;
}

const STATE_CLASS: Record<HostPackageState, string> = {
  QUEUED: 'cell-muted',
  RUNNING: 'cell-info',
  OK: 'cell-ok',
  UNCHANGED: 'cell-ok',
  ERROR: 'cell-error',
  CANCELLED: 'cell-muted',
};
const FINAL: ReadonlySet<HostPackageState> = new Set(['OK', 'UNCHANGED', 'ERROR', 'CANCELLED']);
const RANK: Record<HostPackageState, number> = {
  QUEUED: 0,
  RUNNING: 1,
  OK: 2,
  UNCHANGED: 2,
  ERROR: 2,
  CANCELLED: 2,
};
const FAILED: ReadonlySet<HostPackageState> = new Set(['ERROR', 'CANCELLED']);

/**
 * Follows one host-package job (docs/host-packages.md): rows start QUEUED, then the
 * `hostPackages.hostStatus` events move them; `hostPackages.status` catches up on events sent
 * before this component subscribed. Retrying starts a new job over the failed hosts only.
 */
export function useHostPackagesJob(firstJobId: string, hosts: HostTarget[]) {
  const api = useApi();
  const [jobId, setJobId] = useState(firstJobId);
  const [rows, setRows] = useState<Map<string, HostPackageRow>>(
    () =>
      new Map(
        hosts.map((h) => [
          h.uuid,
          { ...h, state: 'QUEUED', version: null, created: false, message: '' } satisfies HostPackageRow,
        ]),
      ),
  );
  const [running, setRunning] = useState(true);

  useEffect(() => {
    // Events and the catch-up answer can arrive in either order: a row never goes back to an
    // earlier state (a late catch-up saying RUNNING must not hide an OK already received).
    const merge = (changed: HostPackageRow[]) =>
      setRows((old) => mergeForward(old, changed, (state: HostPackageState) => RANK[state]));
    const offStatus = api.on('hostPackages.hostStatus', (e) => {
      if (e.jobId === jobId) merge(e.rows);
    });
    const offDone = api.on('jobs.finished', (e) => {
      if (e.jobId === jobId) setRunning(false);
    });
    void api
      .call('hostPackages.status', { jobId })
      .then((st) => {
        merge(st.rows);
        if (st.finished) setRunning(false);
      })
      .catch(() => undefined);
    return () => {
      offStatus();
      offDone();
    };
  }, [api, jobId]);

  const retry = useMutation({
    mutationFn: () => api.call('hostPackages.retryFailed', { jobId }),
    onSuccess: ({ jobId: next }) => {
      setRows((old) => {
        const m = new Map(old);
        for (const r of m.values())
          if (FAILED.has(r.state)) m.set(r.uuid, { ...r, state: 'QUEUED', message: '' });
        return m;
      });
      setRunning(true);
      setJobId(next);
    },
  });
  const cancel = useMutation({ mutationFn: () => api.call('jobs.cancel', { jobId }) });
  const list = [...rows.values()];
  const count = (s: HostPackageState) => list.filter((r) => r.state === s).length;
  return {
    jobId,
    rows: list,
    running,
    retry,
    cancel,
    counts: {
      done: list.filter((r) => FINAL.has(r.state)).length,
      total: list.length,
      ok: count('OK'),
      unchanged: count('UNCHANGED'),
      failed: list.filter((r) => FAILED.has(r.state)).length,
    },
  };
}

export type HostPackagesJob = ReturnType<typeof useHostPackagesJob>;

/** The per-host progress grid: host, translated state, host package version, message. */
export function HostPackageProgress({ job }: { job: HostPackagesJob }) {
  const { t } = useI18n();
  const columns = useMemo<ColDef<HostPackageRow>[]>(
    () => [
      { colId: 'host', field: 'host', headerName: t('actions.col.host'), width: 240, sort: 'asc' },
      {
        colId: 'state',
        field: 'state',
        headerName: t('actions.col.status'),
        width: 130,
        cellClass: (p) => STATE_CLASS[p.value as HostPackageState] ?? '',
        valueFormatter: (p) => t(`hostPkg.state.${p.value as HostPackageState}`),
      },
      {
        colId: 'version',
        field: 'version',
        headerName: t('hostPkg.col.hostPackageVersion'),
        width: 130,
        valueFormatter: (p) =>
          p.value ? `${String(p.value)}${p.data?.created ? ` (${t('hostPkg.created')})` : ''}` : '',
      },
      {
        colId: 'message',
        field: 'message',
        headerName: t('actions.col.message'),
        flex: 1,
        // Main's sentences and errors arrive as codes (docs/i18n.md): said in the user's language.
        valueGetter: (p) => (p.data ? hostRowText(p.data, t) : ''),
      },
    ],
    [t],
  );
  return (
    <>
      <progress
        className="progress"
        max={job.counts.total}
        value={job.counts.done}
        aria-label={t('actions.col.progress')}
      />
      <span className="hint" data-testid="hostpkg-summary" aria-live="polite">
        {t('hostPkg.summary', {
          done: job.counts.done,
          total: job.counts.total,
          ok: job.counts.ok,
          unchanged: job.counts.unchanged,
          failed: job.counts.failed,
        })}
      </span>
      {job.retry.error && <ErrorBanner error={job.retry.error} t={t} />}
      <div className="grid-host hostpkg-grid" data-testid="hostpkg-rows">
        <ConsoleGrid<HostPackageRow>
          selection="none"
          columnDefs={columns}
          rowData={job.rows}
          getRowId={(p) => p.data.uuid}
        />
      </div>
    </>
  );
}
