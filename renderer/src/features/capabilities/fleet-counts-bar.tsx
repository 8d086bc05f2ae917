import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { wireToError } from '../../../../common/ipc/wire';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostKeys } from '../../queries/hosts';
import { auditKeys, auditQueries, updateKeys } from '../../queries/updates';
import { useRefresh } from '../../refresh';

/**
 * The console-side computation of Windows-update counts, for servers that do not count hosts per
 * update themselves (docs/server-capabilities.md, "Counts and audit"): a button to start it, a
 * progress bar while it reads every host, then "data as of". Grids re-read their rows when it ends
 * (server-paged ones included: they follow the invalidation of their keys, refresh.ts).
 * Renders nothing on a server that has the counts.
 */
export function FleetCountsBar({
  autoStart = false,
}: {
  /** Start at once when the counts are needed and were never computed (the Audit tab). */
  autoStart?: boolean;
}) {
  const api = useApi();
  const { t, language } = useI18n();
  const refresh = useRefresh();
  const status = useQuery(auditQueries.fleetScanStatus(api));
  const [live, setLive] = useState<{ jobId: string; percent: number | null; message: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const s = status.data;
  const jobId = live?.jobId ?? (s?.state === 'running' ? s.jobId : null);

  useEffect(() => {
    if (jobId === null) return undefined;
    const offProgress = api.on('jobs.progress', (p) => {
      if (p.jobId === jobId) setLive({ jobId, percent: p.percent, message: p.message });
    });
    const offFinished = api.on('jobs.finished', (p) => {
      if (p.jobId !== jobId) return;
      setLive(null);
      if (p.error) setError(wireToError(p.error));
      // The counts changed: every grid showing them reads its rows again.
      void refresh([auditKeys.all, updateKeys.all, hostKeys.all]);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [api, jobId, refresh]);

  const launch = () => {
    api
      .call('audit.startFleetScan', {})
      .then(({ jobId: id }) => {
        setLive({ jobId: id, percent: 0, message: '' });
        void refresh([auditKeys.fleetScanStatus()]);
      })
      .catch(setError);
  };
  const start = () => {
    setError(null);
    launch();
  };
  const startOnce = autoStart && s?.needed === true && s.state === 'none' && live === null;
  useEffect(() => {
    if (startOnce) launch();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start once when the state says so
  }, [startOnce]);

  if (!s || !s.needed) return null;
  const running = jobId !== null;
  const [done, total] = (live?.message ?? '').split('/').map(Number);
  return (
    <div className="fleet-counts" data-testid="fleet-counts" data-state={running ? 'running' : s.state}>
      {running ? (
        <>
          <span className="hint">
            {t('fleetCounts.running', {
              done: Number.isFinite(done) ? done! : s.done,
              total: Number.isFinite(total) ? total! : (s.total ?? '…'),
            })}
          </span>
          <progress
            className="progress"
            max={100}
            value={live?.percent ?? 0}
            aria-label={t('fleetCounts.progress')}
            data-testid="fleet-counts-progress"
          />
          <button
            type="button"
            className="btn"
            onClick={() => void api.call('jobs.cancel', { jobId: jobId ?? '' })}
          >
            {t('fleetCounts.cancel')}
          </button>
        </>
      ) : s.state === 'ready' ? (
        <>
          <span className="hint" data-testid="fleet-counts-asof">
            {t('fleetCounts.ready', { count: s.total ?? 0, time: formatDateTime(s.asOf ?? '', language) })}
            {s.hostsFailed > 0 && ` ${t('fleetCounts.partial', { failed: s.hostsFailed })}`}
          </span>
          <button type="button" className="btn" onClick={start}>
            {t('fleetCounts.recompute')}
          </button>
        </>
      ) : (
        <>
          <span className="hint">
            {s.state === 'failed'
              ? t('fleetCounts.failed', { message: s.error ?? '' })
              : t(s.state === 'cancelled' ? 'fleetCounts.cancelled' : 'fleetCounts.none')}
          </span>
          <button type="button" className="btn btn--primary" onClick={start} data-testid="fleet-counts-start">
            {t('fleetCounts.compute')}
          </button>
        </>
      )}
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
    </div>
  );
}
