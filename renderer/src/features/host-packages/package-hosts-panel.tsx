import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { HostCarryingRow } from '../../../../common/ipc/methods/wua-rules';
import { ErrorBanner } from '../../errors/presenter';
import { ConsoleGrid } from '../../grids/console-grid';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { wuaRulesQueries } from '../../queries/wua-rules';
import { bucketOf, rolloutOf, type RolloutBucket } from './rollout';
import { statusCodeColDef } from '../../grids/column-types';

const BUCKET_CLASS: Record<RolloutBucket, string> = {
  ok: 'cell-ok',
  pending: 'cell-warn',
  error: 'cell-error',
};

/**
 * "Hosts with this package" and its rollout: every host the server reports for the package
 * (`wuaRules.hosts`, i.e. `hosts_for_package`) with its version and install status, and per
 * version how many hosts are OK, pending or in error. `newest` marks the version being rolled out.
 */
export function PackageHostsPanel({ pkg, newest }: { pkg: string; newest: string | null }) {
  const api = useApi();
  const { t } = useI18n();
  const hosts = useQuery(wuaRulesQueries.hosts(api, pkg));
  const [only, setOnly] = useState<{ version: string; bucket: RolloutBucket | null } | null>(null);
  const rollout = useMemo(() => rolloutOf(hosts.data ?? []), [hosts.data]);
  const shown = useMemo(
    () =>
      (hosts.data ?? []).filter(
        (h) =>
          !only ||
          ((h.version ?? '') === only.version &&
            (only.bucket === null || bucketOf(h.install_status) === only.bucket)),
      ),
    [hosts.data, only],
  );
  const cols = useMemo<ColDef<HostCarryingRow>[]>(
    () => [
      { field: 'computer_fqdn', headerName: t('actions.col.host'), width: 260, sort: 'asc' },
      { field: 'version', headerName: t('wuaRules.col.version'), width: 100 },
      {
        colId: 'install_status',
        field: 'install_status',
        headerName: t('upd.col.status'),
        width: 140,
        ...statusCodeColDef<HostCarryingRow>(t),
        cellClass: (p) => BUCKET_CLASS[bucketOf(p.value as string | null)],
      },
      {
        colId: 'bucket',
        headerName: t('hostPkg.rollout.col.state'),
        valueGetter: (p) => t(`hostPkg.rollout.${bucketOf(p.data?.install_status ?? null)}`),
        width: 120,
      },
      {
        field: 'reachable',
        headerName: t('wuaRules.col.reachable'),
        width: 110,
        ...statusCodeColDef<HostCarryingRow>(t),
      },
      { field: 'uuid', headerName: 'UUID', width: 300, hide: true },
    ],
    [t],
  );
  const cell = (version: string, bucket: RolloutBucket | null, n: number) => (
    <button
      type="button"
      className="btn btn--ghost btn--small"
      disabled={n === 0}
      aria-pressed={only?.version === version && only.bucket === bucket}
      onClick={() => setOnly({ version, bucket })}
    >
      {n}
    </button>
  );
  return (
    <div className="form hostpkg-panel" data-testid="package-hosts">
      <h3 className="wu-section-title">
        {t('wuaRules.hostsOf', { name: pkg, count: hosts.data?.length ?? '…' })}
      </h3>
      {hosts.error && <ErrorBanner error={hosts.error} t={t} />}
      <div className="hostpkg-panel__body">
        <table
          className="audit-table hostpkg-rollout"
          data-testid="rollout"
          aria-label={t('hostPkg.rollout.title', { name: pkg })}
        >
          <caption>{t('hostPkg.rollout.title', { name: pkg })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('wuaRules.col.version')}</th>
              <th scope="col">{t('hostPkg.rollout.hosts')}</th>
              <th scope="col">{t('hostPkg.rollout.ok')}</th>
              <th scope="col">{t('hostPkg.rollout.pending')}</th>
              <th scope="col">{t('hostPkg.rollout.error')}</th>
            </tr>
          </thead>
          <tbody>
            {rollout.lines.map((l) => (
              <tr key={l.version} data-version={l.version}>
                <th scope="row">
                  {l.version || '?'}
                  {l.version === newest && ` (${t('hostPkg.rollout.newest')})`}
                </th>
                <td data-col="hosts">{cell(l.version, null, l.hosts)}</td>
                <td data-col="ok">{cell(l.version, 'ok', l.ok)}</td>
                <td data-col="pending">{cell(l.version, 'pending', l.pending)}</td>
                <td data-col="error">{cell(l.version, 'error', l.error)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-version="">
              <th scope="row">{t('hostPkg.rollout.total')}</th>
              <td data-col="hosts">{rollout.total.hosts}</td>
              <td data-col="ok">{rollout.total.ok}</td>
              <td data-col="pending">{rollout.total.pending}</td>
              <td data-col="error">{rollout.total.error}</td>
            </tr>
          </tfoot>
        </table>
        <div className="hostpkg-panel__hosts">
          {only && (
            <button type="button" className="btn btn--small" onClick={() => setOnly(null)}>
              {t('hostPkg.rollout.showAll')}
            </button>
          )}
          <div className="grid-host hostpkg-hosts-grid" data-testid="package-hosts-grid">
            <ConsoleGrid<HostCarryingRow>
              selection="none"
              columnDefs={cols}
              rowData={shown}
              getRowId={(p) => p.data.uuid}
              noRowsText={t('hostPkg.rollout.noHosts')}
            />
          </div>
        </div>
      </div>
    </div>
  );
}
