import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef, GridApi, IDatasource, IGetRowsParams, ValueGetterParams } from 'ag-grid-community';
import { useCallback, useMemo, useState } from 'react';
import { formatPercent, hostCompliance, type ComplianceGroup } from '../../../../common/domain/compliance';
import type { CsvColumn, CsvValue } from '../../../../common/domain/csv';
import type { In } from '../../../../common/ipc/contract';
import type { UpdateComplianceRow } from '../../../../common/ipc/methods/audit';
import { HOST_SORTABLE, type HostRow } from '../../../../common/ipc/methods/hosts';
import { ALL_UPDATES, type ParsedUpdatesFilter } from '../../../../common/ipc/methods/updates';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { Splitter } from '../../components/splitter';
import { Tabs } from '../../components/tabs';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid } from '../../grids/console-grid';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';
import { auditKeys, auditQueries, updateQueries } from '../../queries/updates';
import { useRefreshSignal } from '../../refresh';
import { useRegisterCommands } from '../../commands/command-registry';
import { asText, SEVERITY_CLASS } from '../windows-updates/update-columns';
import { ComplianceChart, levelClass } from './compliance-chart';
import { exportCsvWithProvenance, ExportReceiptNotice, type ExportReceipt } from '../../grids/export-csv';
import { ReadOnlyBadge } from './read-only';
import { FleetCountsBar } from '../capabilities/fleet-counts-bar';
import { useServerCapabilities } from '../capabilities/server-features';
import { coreQueries } from '../../queries/core';
import { statusCodeColDef } from '../../grids/column-types';

const HOST_BLOCK = 200;
/** WAPT's default "maximum hosts to display", until the setting is read. */
const DEFAULT_HOSTS_LIMIT = 2000;
const EXPORT_PAGE = 5000;
const HOST_SORT: ReadonlySet<string> = new Set(HOST_SORTABLE);
export const COMPLIANCE_DEFINITION =
  'Compliance = OK / (OK + PENDING + MISSING + ERROR) host×update pairs (DISCARDED pairs are not applicable)';

interface Col<R> {
  colId: string;
  header: MessageKey;
  value: (r: R) => string | number | null;
  kind?: 'number' | 'percent' | 'date' | 'kbs' | 'status';
  hidden?: boolean;
  width?: number;
  sortable?: boolean;
  /** Default sort when no saved layout says otherwise. */
  sort?: 'asc' | 'desc';
}

const UPDATE_COLS: readonly Col<UpdateComplianceRow>[] = [
  {
    colId: 'kbids',
    header: 'upd.col.kbs',
    value: (r) => r.kbids.map((k) => `KB${k}`).join(', '),
    width: 110,
  },
  { colId: 'title', header: 'upd.col.title', value: (r) => r.title, width: 340 },
  { colId: 'product', header: 'upd.col.product', value: (r) => r.product, width: 160 },
  { colId: 'classification', header: 'upd.col.classification', value: (r) => r.classification, width: 140 },
  { colId: 'severity', header: 'upd.col.severity', value: (r) => r.severity, width: 100, kind: 'status' },
  { colId: 'changetime', header: 'upd.col.published', value: (r) => r.changetime, kind: 'date', width: 140 },
  {
    colId: 'percent',
    header: 'audit.col.compliance',
    value: (r) => r.percent,
    kind: 'percent',
    width: 120,
    sort: 'asc',
  },
  { colId: 'ok', header: 'audit.col.ok', value: (r) => r.ok, kind: 'number', width: 80 },
  { colId: 'pending', header: 'audit.col.pending', value: (r) => r.pending, kind: 'number', width: 95 },
  { colId: 'missing', header: 'audit.col.missing', value: (r) => r.missing, kind: 'number', width: 95 },
  { colId: 'error', header: 'audit.col.error', value: (r) => r.error, kind: 'number', width: 80 },
  {
    colId: 'applicable',
    header: 'audit.col.applicable',
    value: (r) => r.applicable,
    kind: 'number',
    width: 110,
  },
  {
    colId: 'discarded',
    header: 'audit.col.discarded',
    value: (r) => r.discarded,
    kind: 'number',
    hidden: true,
  },
  {
    colId: 'downloaded_on',
    header: 'upd.col.downloadedOn',
    value: (r) => r.downloaded_on,
    kind: 'date',
    hidden: true,
  },
  { colId: 'update_id', header: 'upd.col.updateId', value: (r) => r.update_id, hidden: true, width: 300 },
];

const HOST_COLS: readonly Col<HostRow>[] = [
  { colId: 'computer_fqdn', header: 'hosts.col.fqdn', value: (r) => r.computer_fqdn, width: 230 },
  {
    colId: 'compliance',
    header: 'audit.col.compliance',
    value: (r) => hostCompliance(r).percent,
    kind: 'percent',
    width: 120,
    sortable: false,
  },
  {
    colId: 'wua_missing_count',
    header: 'audit.col.missing',
    value: (r) => r.wua_missing_count,
    kind: 'number',
    width: 100,
    sort: 'desc',
  },
  {
    colId: 'wua_pending_count',
    header: 'audit.col.pending',
    value: (r) => r.wua_pending_count,
    kind: 'number',
    width: 100,
  },
  {
    colId: 'wua_error_count',
    header: 'audit.col.error',
    value: (r) => r.wua_error_count,
    kind: 'number',
    width: 90,
  },
  { colId: 'wua_ok_count', header: 'audit.col.ok', value: (r) => r.wua_ok_count, kind: 'number', width: 90 },
  {
    colId: 'wua_status',
    header: 'hosts.col.wua',
    value: (r) => r.wua_status,
    width: 140,
    sortable: false,
    kind: 'status',
  },
  { colId: 'os_name', header: 'hosts.col.os', value: (r) => r.os_name, width: 200 },
  { colId: 'computer_ad_ou', header: 'hosts.col.adOu', value: (r) => r.computer_ad_ou, width: 220 },
  {
    colId: 'last_seen_on',
    header: 'hosts.col.lastSeen',
    value: (r) => r.last_seen_on,
    kind: 'date',
    width: 150,
  },
  {
    colId: 'wua_discarded_count',
    header: 'audit.col.discarded',
    value: (r) => r.wua_discarded_count,
    kind: 'number',
    hidden: true,
  },
  {
    colId: 'description',
    header: 'hosts.col.description',
    value: (r) => r.description,
    hidden: true,
    width: 200,
  },
  {
    colId: 'uuid',
    header: 'hosts.col.uuid',
    value: (r) => r.uuid,
    hidden: true,
    width: 280,
    sortable: false,
  },
];

function colDefs<R>(
  cols: readonly Col<R>[],
  t: Translate,
  language: 'en' | 'fr',
  serverSort?: ReadonlySet<string>,
): ColDef<R>[] {
  return cols.map((c) => ({
    colId: c.colId,
    headerName: t(c.header),
    hide: c.hidden ?? false,
    width: c.width ?? 130,
    resizable: true,
    ...(c.sort ? { sort: c.sort } : {}),
    sortable: serverSort ? serverSort.has(c.colId) && c.sortable !== false : true,
    valueGetter: (p: ValueGetterParams<R>) => (p.data ? c.value(p.data) : null),
    valueFormatter: (p: { value: unknown }) =>
      p.value === null || p.value === undefined
        ? c.kind === 'percent'
          ? t('audit.na')
          : ''
        : c.kind === 'percent'
          ? formatPercent(p.value as number, language)
          : c.kind === 'date'
            ? formatDateTime(asText(p.value), language)
            : asText(p.value),
    ...(c.kind === 'number' || c.kind === 'percent' ? { type: 'numericColumn' } : {}),
    // Status codes read as translated labels, the code in the tooltip (grids/status-labels.ts).
    ...(c.kind === 'status' ? statusCodeColDef(t) : {}),
    ...(c.kind === 'percent'
      ? {
          cellClass: (p: { value: unknown }) =>
            `audit-cell ${levelClass(typeof p.value === 'number' ? p.value : null)}`,
        }
      : {}),
    ...(c.colId === 'severity'
      ? { cellClass: (p: { value: unknown }) => SEVERITY_CLASS[String(p.value)] ?? '' }
      : {}),
  }));
}

function csvColumns<R>(api: GridApi<R>, cols: readonly Col<R>[]): CsvColumn<R>[] {
  return api.getAllDisplayedColumns().flatMap((gc) => {
    const c = cols.find((x) => x.colId === gc.getColId());
    if (!c) return [];
    return [
      {
        header: gc.getColDef().headerName ?? c.colId,
        value: (r: R): CsvValue =>
          c.kind === 'percent'
            ? (() => {
                const v = c.value(r);
                return typeof v === 'number' ? Math.round(v * 100) / 100 : null;
              })()
            : c.value(r),
      },
    ];
  });
}

/**
 * Auditor view (docs/wapt-console-features.md §1.F, §3 #5): compliance by product and severity (SVG bars
 * with their table), per update and per host, CSV exports with provenance and SHA-256.
 * Read-only by design; the badge says so when no key is unlocked.
 */
export function AuditTab() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { t, language } = useI18n();
  const [classification, setClassification] = useState<string>('');
  const filter = useMemo<ParsedUpdatesFilter>(
    () => ({ ...ALL_UPDATES, classifications: classification === '' ? null : [classification] }),
    [classification],
  );
  const summary = useQuery(auditQueries.summary(api, filter));
  // A server without hosts paging (a genuine one) gives the hosts list in one request: the
  // per-host grid then sorts in the browser (docs/server-capabilities.md).
  const caps = useServerCapabilities();
  const paging = caps?.hostsPaging ?? false;
  const settings = useQuery(coreQueries.settings(api));
  const hostsLimit = settings.data?.hostsDisplayLimit ?? DEFAULT_HOSTS_LIMIT;
  const hostsList = useQuery({
    queryKey: ['hosts', 'list', 'audit', hostsLimit],
    queryFn: () => api.call('hosts.list', { limit: hostsLimit }),
    enabled: caps !== null && !paging,
  });
  const facets = useQuery(updateQueries.facets(api));
  const [view, setView] = useState<'auditUpdates' | 'auditHosts'>('auditUpdates');
  const [receipt, setReceipt] = useState<ExportReceipt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatesApi, setUpdatesApi] = useState<GridApi<UpdateComplianceRow>>();
  const [hostsApi, setHostsApi] = useState<GridApi<HostRow>>();
  const [hostsTotal, setHostsTotal] = useState<number | null>(null);
  const [hostsAsOf, setHostsAsOf] = useState<string | null>(null);
  const updatesLayout = usePersistedGridState(
    'auditUpdates',
    UPDATE_COLS.map((c) => c.colId),
  );
  const hostsLayout = usePersistedGridState(
    'auditHosts',
    HOST_COLS.map((c) => c.colId),
  );
  const updateCols = useMemo(() => colDefs(UPDATE_COLS, t, language), [t, language]);
  const hostCols = useMemo(
    () => colDefs(HOST_COLS, t, language, paging ? HOST_SORT : undefined),
    [t, language, paging],
  );
  const s = summary.data;
  const severityName = useCallback(
    (k: string) =>
      k === ''
        ? t('wu.facets.noSeverity')
        : k === 'Critical' || k === 'Important' || k === 'Moderate' || k === 'Low'
          ? t(`wu.severity.${k}`)
          : k,
    [t],
  );
  const productName = useCallback((k: string) => (k === '' ? t('audit.noProduct') : k), [t]);

  const hostsDatasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const sm = params.sortModel[0];
        const q: In<'hosts.page'> = {
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          sort:
            sm && HOST_SORT.has(sm.colId)
              ? { colId: sm.colId as (typeof HOST_SORTABLE)[number], desc: sm.sort === 'desc' }
              : { colId: 'wua_missing_count', desc: true },
        };
        queryClient
          .fetchQuery(hostQueries.page(api, q))
          .then((page) => {
            setHostsTotal(page.total);
            setHostsAsOf(page.asOf);
            params.successCallback(page.rows, page.total);
          })
          .catch((err: unknown) => {
            setError(err);
            params.failCallback();
          });
      },
    }),
    [api, queryClient],
  );

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: auditKeys.all });
    queryClient.removeQueries({ queryKey: ['hosts', 'page'] });
    void queryClient.invalidateQueries({ queryKey: ['hosts', 'list', 'audit'] });
    if (paging) hostsApi?.purgeInfiniteCache();
  }, [hostsApi, queryClient, paging]);
  useRefreshSignal(refresh);

  const notes = [COMPLIANCE_DEFINITION];
  const exportGroups = async () => {
    if (!s) return;
    type G = ComplianceGroup & { dimension: string };
    const rows: G[] = [
      ...s.byProduct.map((g) => ({ ...g, dimension: 'product' })),
      ...s.bySeverity.map((g) => ({ ...g, dimension: 'severity' })),
      { ...s.overall, dimension: 'overall' },
    ];
    const columns: CsvColumn<G>[] = [
      { header: t('audit.col.dimension'), value: (g) => g.dimension },
      {
        header: t('audit.col.group'),
        value: (g) =>
          g.dimension === 'severity'
            ? severityName(g.key)
            : g.dimension === 'product'
              ? productName(g.key)
              : t('audit.overall'),
      },
      { header: t('audit.col.updates'), value: (g) => g.updates },
      { header: t('audit.col.ok'), value: (g) => g.ok },
      { header: t('audit.col.pending'), value: (g) => g.pending },
      { header: t('audit.col.missing'), value: (g) => g.missing },
      { header: t('audit.col.error'), value: (g) => g.error },
      { header: t('audit.col.discarded'), value: (g) => g.discarded },
      { header: t('audit.col.applicable'), value: (g) => g.applicable },
      {
        header: t('audit.col.compliance'),
        value: (g) => (g.percent === null ? null : Math.round(g.percent * 100) / 100),
      },
    ];
    setReceipt(
      await exportCsvWithProvenance(api, {
        title: t('audit.export.groups'),
        fileBase: 'wua-compliance-summary',
        columns,
        rows,
        query: { filter },
        asOf: s.asOf,
        notes,
      }),
    );
  };
  const exportUpdates = async () => {
    if (!s || !updatesApi) return;
    const rows: UpdateComplianceRow[] = [];
    updatesApi.forEachNodeAfterFilterAndSort((n) => n.data && rows.push(n.data));
    setReceipt(
      await exportCsvWithProvenance(api, {
        title: t('audit.export.updates'),
        fileBase: 'wua-compliance-updates',
        columns: csvColumns(updatesApi, UPDATE_COLS),
        rows,
        query: { filter },
        asOf: s.asOf,
        notes,
      }),
    );
  };
  const exportHosts = async () => {
    if (!hostsApi) return;
    if (!paging) {
      // The whole list is in the grid already: export it as sorted and filtered there.
      const rows: HostRow[] = [];
      hostsApi.forEachNodeAfterFilterAndSort((n) => n.data && rows.push(n.data));
      setReceipt(
        await exportCsvWithProvenance(api, {
          title: t('audit.export.hosts'),
          fileBase: 'wua-compliance-hosts',
          columns: csvColumns(hostsApi, HOST_COLS),
          rows,
          query: { hosts: 'all', limit: hostsLimit },
          asOf: hostsList.data?.asOf ?? '',
          notes,
        }),
      );
      return;
    }
    const sm = hostsApi.getColumnState().find((c) => c.sort);
    const sort =
      sm && HOST_SORT.has(sm.colId)
        ? { colId: sm.colId as (typeof HOST_SORTABLE)[number], desc: sm.sort === 'desc' }
        : { colId: 'wua_missing_count' as const, desc: true };
    const rows: HostRow[] = [];
    let stamp = '';
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await api.call('hosts.page', { offset, limit: EXPORT_PAGE, sort });
      stamp ||= page.asOf;
      rows.push(...page.rows);
      if (page.rows.length < EXPORT_PAGE || rows.length >= page.total) break;
    }
    setReceipt(
      await exportCsvWithProvenance(api, {
        title: t('audit.export.hosts'),
        fileBase: 'wua-compliance-hosts',
        columns: csvColumns(hostsApi, HOST_COLS),
        rows,
        query: { hosts: 'all', sort },
        asOf: stamp,
        notes,
      }),
    );
  };

  const gridToolbar = (
    gridApi: GridApi | undefined,
    restore: () => Promise<void>,
    onExport: () => Promise<void>,
    testId: string,
  ) => (
    <div className="toolbar">
      <GridLayoutControls api={gridApi} onRestore={restore} />
      <button
        type="button"
        className="btn"
        data-testid={testId}
        onClick={() => void onExport().catch(setError)}
        disabled={!gridApi}
      >
        {t('grid.exportCsv')}
      </button>
    </div>
  );

  // The toolbar in the command palette (renderer/src/commands/).
  useRegisterCommands([
    {
      id: 'audit.exportSummary',
      label: t('audit.exportSummary'),
      group: t('shell.tabs.audit'),
      disabledReason: s ? null : t('palette.reason.notLoaded'),
      run: () => void exportGroups().catch(setError),
    },
  ]);

  return (
    <div className="audit-tab" data-testid="audit-tab">
      <div className="toolbar" role="toolbar" aria-label={t('shell.tabs.audit')}>
        <h2 className="wu-section-title">{t('audit.title')}</h2>
        <ReadOnlyBadge />
        <label className="field field--inline">
          <span>{t('wu.facets.classifications')}</span>
          <select
            name="auditClassification"
            value={classification}
            onChange={(e) => setClassification(e.target.value)}
          >
            <option value="">{t('audit.allClassifications')}</option>
            {(facets.data?.classifications ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={refresh} title={t('shell.refresh')}>
          {t('grid.refresh')}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="export-summary"
          onClick={() => void exportGroups().catch(setError)}
          disabled={!s}
        >
          {t('audit.exportSummary')}
        </button>
        <span className="toolbar__spacer" />
        {s && (
          <span className="toolbar__notice">
            {t('hosts.asOf', { time: formatDateTime(s.asOf, language) })}
          </span>
        )}
      </div>
      {/* Charts above, the compliance grids below; the separator is saved in the settings. */}
      <Splitter
        id="audit.grids"
        label={t('layout.splitter.audit')}
        defaultPercent={40}
        testId="audit-split"
        first={
          <>
            <p className="hint">{t('audit.definition')}</p>
            <FleetCountsBar autoStart onComputed={refresh} />
            {summary.error && (
              <ErrorBanner error={summary.error} t={t} onRetry={() => void summary.refetch()} />
            )}
            {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
            {receipt && <ExportReceiptNotice receipt={receipt} onDismiss={() => setReceipt(null)} />}
            {summary.isPending && <p className="hint">{t('grid.loading')}</p>}
            {s && s.countsSource !== 'none' && (
              <>
                {!s.countsAvailable && <p className="badge badge--warn">{t('audit.noCounts')}</p>}
                <dl className="audit-kpis" data-testid="audit-kpis">
                  <div>
                    <dt>{t('audit.kpi.compliance')}</dt>
                    <dd data-testid="kpi-compliance" className={levelClass(s.overall.percent)}>
                      {s.overall.percent === null
                        ? t('audit.na')
                        : formatPercent(s.overall.percent, language)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('audit.kpi.applicable')}</dt>
                    <dd data-testid="kpi-applicable">{s.overall.applicable}</dd>
                  </div>
                  <div>
                    <dt>{t('audit.kpi.missing')}</dt>
                    <dd data-testid="kpi-missing">{s.overall.missing + s.overall.pending}</dd>
                  </div>
                  <div>
                    <dt>{t('audit.kpi.errors')}</dt>
                    <dd data-testid="kpi-errors">{s.overall.error}</dd>
                  </div>
                  <div>
                    <dt>{t('audit.kpi.updates')}</dt>
                    <dd data-testid="kpi-updates">{s.overall.updates}</dd>
                  </div>
                </dl>
                <div className="audit-charts">
                  <ComplianceChart
                    title={t('audit.chart.byProduct')}
                    groups={s.byProduct}
                    nameOf={productName}
                    testId="chart-product"
                  />
                  <ComplianceChart
                    title={t('audit.chart.bySeverity')}
                    groups={s.bySeverity}
                    nameOf={severityName}
                    testId="chart-severity"
                  />
                </div>
              </>
            )}
          </>
        }
        second={
          <Tabs
            label={t('audit.title')}
            active={view}
            onChange={setView}
            tabs={[
              {
                key: 'auditUpdates',
                label: t('audit.tab.updates', { count: s?.updates.length ?? '…' }),
                render: () => (
                  <>
                    {gridToolbar(
                      updatesApi as GridApi | undefined,
                      updatesLayout.restoreDefault,
                      exportUpdates,
                      'export-audit-updates',
                    )}
                    <div className="grid-host audit-grid" data-testid="audit-updates-grid">
                      {updatesLayout.ready && (
                        <ConsoleGrid<UpdateComplianceRow>
                          selection="none"
                          key={updatesLayout.gridKey}
                          columnDefs={updateCols}
                          rowData={s?.updates ?? []}
                          getRowId={(p) => p.data.update_id}
                          initialState={updatesLayout.initialState}
                          onStateUpdated={updatesLayout.onStateUpdated}
                          onGridReady={(e) => setUpdatesApi(e.api)}
                          noRowsText={t('wu.noRows')}
                        />
                      )}
                    </div>
                  </>
                ),
              },
              {
                key: 'auditHosts',
                label: t('audit.tab.hosts', {
                  count: (paging ? hostsTotal : (hostsList.data?.rows.length ?? null)) ?? '…',
                }),
                render: () => (
                  <>
                    {gridToolbar(
                      hostsApi as GridApi | undefined,
                      hostsLayout.restoreDefault,
                      exportHosts,
                      'export-audit-hosts',
                    )}
                    <div className="grid-host audit-grid" data-testid="audit-hosts-grid">
                      {hostsLayout.ready && paging && (
                        <ConsoleGrid<HostRow>
                          selection="none"
                          key={hostsLayout.gridKey}
                          columnDefs={hostCols}
                          rowModelType="infinite"
                          datasource={hostsDatasource}
                          cacheBlockSize={HOST_BLOCK}
                          maxBlocksInCache={20}
                          getRowId={(p) => p.data.uuid}
                          initialState={hostsLayout.initialState}
                          onStateUpdated={hostsLayout.onStateUpdated}
                          onGridReady={(e) => setHostsApi(e.api)}
                          noRowsText={t('hosts.noRows')}
                        />
                      )}
                      {hostsLayout.ready && !paging && (
                        <ConsoleGrid<HostRow>
                          selection="none"
                          key={`${hostsLayout.gridKey}-list`}
                          columnDefs={hostCols}
                          rowData={hostsList.data?.rows ?? []}
                          getRowId={(p) => p.data.uuid}
                          initialState={hostsLayout.initialState}
                          onStateUpdated={hostsLayout.onStateUpdated}
                          onGridReady={(e) => setHostsApi(e.api)}
                          noRowsText={t('hosts.noRows')}
                        />
                      )}
                    </div>
                    {hostsList.error && <ErrorBanner error={hostsList.error} t={t} />}
                    {(paging ? hostsAsOf : hostsList.data?.asOf) && (
                      <p className="hint">
                        {t('hosts.asOf', {
                          time: formatDateTime((paging ? hostsAsOf : hostsList.data?.asOf) ?? '', language),
                        })}
                      </p>
                    )}
                  </>
                ),
              },
            ]}
          />
        }
      />
    </div>
  );
}
