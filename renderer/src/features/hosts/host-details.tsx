import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { HostHistoryRow, HostUpdateRow } from '../../../../common/ipc/methods/hosts';
import { Tabs } from '../../components/tabs';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid } from '../../grids/console-grid';
import { statusColumnWidth } from '../../grids/label-width';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';
import { useHostActions } from '../actions/use-host-actions';
import { useTabCommands } from '../../commands/command-registry';
import { coreQueries } from '../../queries/core';
import { HostHardwareView, HostPackagesView, HostSoftwareView } from './host-inventory';
import { HostTasksView } from './host-tasks';
import { useExplain } from '../wua-rules';
import { statusCodeColDef } from '../../grids/column-types';
import { statusElement, statusLabel } from '../../grids/status-labels';

export type UpdateFilter = 'all' | 'critical' | 'installed' | 'pending' | 'missing' | 'discarded';

/** The per-host status filters of the WAPT console (docs/wapt-console-features.md §1.C), plus MISSING. */
export function filterHostUpdates(rows: readonly HostUpdateRow[], filter: UpdateFilter): HostUpdateRow[] {
  switch (filter) {
    case 'all':
      return [...rows];
    case 'critical':
      return rows.filter((r) => r.severity === 'Critical');
    case 'installed':
      return rows.filter((r) => r.installed === true || r.status === 'OK');
    case 'pending':
      return rows.filter((r) => r.status === 'PENDING');
    case 'missing':
      return rows.filter((r) => r.status === 'MISSING');
    case 'discarded':
      return rows.filter((r) => r.status === 'DISCARDED');
  }
}

/** The Windows-update actions on the host on screen (its updates sub-tab). */
const WUA_ACTIONS = ['waptwua_scan', 'waptwua_download', 'waptwua_install'] as const;
const FILTERS: UpdateFilter[] = ['all', 'critical', 'installed', 'pending', 'missing', 'discarded'];
const STATUS_CLASS: Record<string, string> = {
  OK: 'cell-ok',
  PENDING: 'cell-warn',
  MISSING: 'cell-error',
  ERROR: 'cell-error',
  DISCARDED: 'cell-muted',
};

/** On the grid toolkit's column types (grids/column-types.ts). */
function updateColumns(t: Translate): ColDef<HostUpdateRow>[] {
  const col = (
    colId: keyof HostUpdateRow,
    header: MessageKey,
    extra: Partial<ColDef<HostUpdateRow>> = {},
  ): ColDef<HostUpdateRow> => ({
    colId,
    field: colId,
    headerName: t(header),
    sortable: true,
    resizable: true,
    filter: true,
    ...extra,
  });
  return [
    col('status', 'upd.col.status', {
      // As wide as the longest state ("DISCARDED"), so none is cut (issue 15).
      width: statusColumnWidth(Object.keys(STATUS_CLASS), t('upd.col.status'), (c) => statusLabel(c, t)),
      // The state's label in the user's language, the code in the tooltip (grids/status-labels.ts).
      ...statusCodeColDef<HostUpdateRow>(t),
    }),
    col('product', 'upd.col.product', { width: 160 }),
    col('kbids', 'upd.col.kbs', {
      width: 110,
      type: 'kb',
    }),
    col('changetime', 'upd.col.published', {
      width: 120,
      type: 'day',
    }),
    col('install_date', 'upd.col.installedOn', {
      width: 140,
      type: 'date',
    }),
    col('severity', 'upd.col.severity', { width: 110, ...statusCodeColDef<HostUpdateRow>(t) }),
    col('classification', 'upd.col.classification', { width: 150 }),
    col('title', 'upd.col.title', { width: 380 }),
    col('max_download_size', 'upd.col.size', {
      width: 110,
      type: 'bytes',
    }),
    col('allowed', 'upd.col.allowed', { width: 90, type: 'yesNo' }),
    col('delayed', 'upd.col.delayed', { width: 90, type: 'yesNo' }),
    col('installed', 'upd.col.installed', { width: 90, type: 'yesNo', hide: true }),
    col('downloaded', 'upd.col.downloaded', { width: 100, type: 'yesNo', hide: true }),
    col('update_id', 'upd.col.updateId', { width: 300, hide: true }),
    col('superseded_update_ids', 'upd.col.superseded', { hide: true, type: 'list' }),
    col('reboot_behaviour', 'upd.col.reboot', { hide: true }),
    col('downloaded_on', 'upd.col.downloadedOn', { hide: true, type: 'date' }),
  ];
}

function historyColumns(t: Translate): ColDef<HostHistoryRow>[] {
  return [
    {
      colId: 'date',
      field: 'date',
      headerName: t('hist.col.date'),
      width: 150,
      sort: 'desc',
      type: 'date',
    },
    // Windows Update's operation and result codes ("Installation", "Succeeded") as labels.
    {
      colId: 'operation',
      field: 'operation',
      headerName: t('hist.col.operation'),
      width: 120,
      ...statusCodeColDef<HostHistoryRow>(t),
    },
    {
      colId: 'result',
      field: 'result',
      headerName: t('hist.col.result'),
      width: 150,
      ...statusCodeColDef<HostHistoryRow>(t),
    },
    {
      colId: 'categories',
      field: 'categories',
      headerName: t('hist.col.categories'),
      width: 200,
      type: 'list',
    },
    { colId: 'title', field: 'title', headerName: t('hist.col.title'), width: 420 },
  ];
}

type DetailsTab = 'packages' | 'software' | 'hardware' | 'updates' | 'history' | 'tasks';

/**
 * Host details, for every edition (docs/host-inventory.md): the host's packages and their status,
 * its software and hardware inventory and its agent tasks; the Windows-updates tabs (WUA panel,
 * per-host updates, history) only where the server has WUA (Enterprise).
 */
export function HostDetailsPanel({ uuid, onClose }: { uuid: string; onClose: () => void }) {
  const api = useApi();
  const { t, language } = useI18n();
  const session = useQuery(coreQueries.session(api));
  const wua = session.data?.capabilities?.wua === true;
  const details = useQuery(hostQueries.details(api, uuid, wua));
  const [filter, setFilter] = useState<UpdateFilter>('all');
  const [tab, setTab] = useState<DetailsTab>('packages');
  const [selectedUpdates, setSelectedUpdates] = useState<string[]>([]);
  const actions = useHostActions();
  const explain = useExplain();
  const updCols = useMemo(() => updateColumns(t), [t]);
  const histCols = useMemo(() => historyColumns(t), [t]);
  const rows = useMemo(() => filterHostUpdates(details.data?.updates ?? [], filter), [details.data, filter]);
  const d = details.data;
  const target = { uuid, host: d?.host.computer_fqdn ?? uuid };
  const uninstall = () => actions.trigger('waptwua_uninstall', [target], selectedUpdates);
  const explainSelected = () => {
    if (selectedUpdates[0]) explain.open(uuid, selectedUpdates[0]);
  };
  // In the command palette under "Hosts › host details" (commands/command-catalogue.ts); the
  // buttons below are disabled by the same rules. The update selection counts while its grid is shown.
  const reasonOf = useTabCommands(
    'hostDetails',
    { updatesSelected: tab === 'updates' ? selectedUpdates.length : 0 },
    {
      ...Object.fromEntries(
        WUA_ACTIONS.map((a) => [`hostDetails.${a}`, () => actions.trigger(a, [target])] as const),
      ),
      'hostDetails.waptwua_uninstall': uninstall,
      'hostDetails.explain': explainSelected,
      'hostDetails.close': onClose,
    },
  );
  const wuaItems: [MessageKey, React.ReactNode][] = d
    ? [
        // The agent's code (PENDING_UPDATES…) as its label, the code in the tooltip.
        ['details.wua.status', d.wua.status ? statusElement(d.wua.status, t) : ''],
        ['details.wua.agentVersion', d.wua.agentVersion ?? ''],
        ['details.wua.cabDate', formatDateTime(d.wua.cabDate, language)],
        ['details.wua.lastScan', formatDateTime(d.wua.lastScanDate, language)],
        [
          'details.wua.lastScanDuration',
          d.wua.lastScanDuration === null ? '' : `${d.wua.lastScanDuration} s`,
        ],
        ['details.wua.enabled', d.wua.enabled === null ? '' : d.wua.enabled ? t('yes') : t('no')],
        [
          'details.wua.rebootNeeded',
          d.wua.rebootNeeded === null ? '' : d.wua.rebootNeeded ? t('yes') : t('no'),
        ],
      ]
    : [];

  const wuaTabs: { key: DetailsTab; label: string; render: () => React.ReactNode }[] = d
    ? [
        {
          key: 'updates',
          label: `${t('details.tab.updates')} (${d.updates.length})`,
          render: () => (
            <>
              <dl className="wua-panel" data-testid="wua-panel">
                {wuaItems.map(([k, v]) => (
                  <div key={k}>
                    <dt>{t(k)}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
              <div className="toolbar" role="toolbar" aria-label={t('actions.menu')}>
                {WUA_ACTIONS.map((a) => (
                  <button
                    key={a}
                    type="button"
                    className="btn"
                    data-action={a}
                    onClick={() => actions.trigger(a, [target])}
                  >
                    {t(`actions.item.${a}`)}
                  </button>
                ))}
                <button
                  type="button"
                  className="btn"
                  data-action="waptwua_uninstall"
                  disabled={reasonOf('hostDetails.waptwua_uninstall') !== null}
                  onClick={uninstall}
                >
                  {t('actions.item.waptwua_uninstall')}
                </button>
                <button
                  type="button"
                  className="btn"
                  data-action="explain"
                  disabled={reasonOf('hostDetails.explain') !== null}
                  onClick={explainSelected}
                >
                  {t('wuaRules.explain.button')}
                </button>
              </div>
              <div className="toolbar" role="radiogroup" aria-label={t('upd.col.status')}>
                {FILTERS.map((f) => (
                  <label key={f} className="check">
                    <input
                      type="radio"
                      name="updateFilter"
                      value={f}
                      checked={filter === f}
                      onChange={() => setFilter(f)}
                    />
                    <span>{t(`details.filter.${f}`)}</span>
                  </label>
                ))}
              </div>
              <div className="grid-host grid-host--small" data-testid="host-updates-grid">
                <ConsoleGrid<HostUpdateRow>
                  columnDefs={updCols}
                  rowData={rows}
                  getRowId={(p) => p.data.update_id}
                  clickSelection={false}
                  onSelection={(s) => setSelectedUpdates(s.rows.map((r) => r.update_id))}
                />
              </div>
            </>
          ),
        },
        {
          key: 'history',
          label: `${t('details.tab.history')} (${d.history.length})`,
          render: () => (
            <div className="grid-host grid-host--small" data-testid="host-history-grid">
              <ConsoleGrid<HostHistoryRow> selection="none" columnDefs={histCols} rowData={d.history} />
            </div>
          ),
        },
      ]
    : [];

  return (
    <section
      className="details"
      aria-label={t('details.title', { host: d?.host.computer_fqdn ?? uuid })}
      data-testid="host-details"
    >
      <header className="details__header">
        <h2>{t('details.title', { host: d?.host.computer_fqdn ?? uuid })}</h2>
        <span className="toolbar__spacer" />
        {d && <span className="hint">{t('hosts.asOf', { time: formatDateTime(d.asOf, language) })}</span>}
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('details.close')}
        </button>
      </header>
      {details.error && <ErrorBanner error={details.error} t={t} onRetry={() => void details.refetch()} />}
      {actions.error && (
        <div className="error-banner" role="alert">
          {actions.error}
        </div>
      )}
      {actions.dialogs}
      {explain.dialog}
      {d && (
        <>
          <Tabs
            label={t('details.title', { host: d.host.computer_fqdn ?? uuid })}
            active={tab}
            onChange={setTab}
            tabs={[
              {
                key: 'packages',
                label: t('details.tab.packages'),
                render: () => <HostPackagesView uuid={uuid} host={d.host.computer_fqdn ?? uuid} />,
              },
              {
                key: 'software',
                label: t('details.tab.software'),
                render: () => <HostSoftwareView uuid={uuid} />,
              },
              {
                key: 'hardware',
                label: t('details.tab.hardware'),
                render: () => <HostHardwareView uuid={uuid} />,
              },
              ...(wua ? wuaTabs : []),
              { key: 'tasks', label: t('details.tab.tasks'), render: () => <HostTasksView uuid={uuid} /> },
            ]}
          />
          {!wua && session.data?.capabilities && <p className="hint">{t('error.NOT_SUPPORTED.wua')}</p>}
        </>
      )}
    </section>
  );
}
