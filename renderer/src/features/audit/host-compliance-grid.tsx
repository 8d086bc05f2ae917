import { useCallback } from 'react';
import { hostCompliance } from '../../../../common/domain/compliance';
import type { HostRow } from '../../../../common/ipc/methods/hosts';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid } from '../../grids/console-grid';
import { exportCsvWithProvenance, type ExportReceipt } from '../../grids/export-csv';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostKeys } from '../../queries/hosts';
import { useReloadOnRefresh } from '../../refresh';
import { auditCsvColumns, COMPLIANCE_DEFINITION, type AuditCol } from './audit-columns';
import { AuditGridToolbar } from './audit-grid-toolbar';
import { useAuditGrid } from './use-audit-grid';
import { DEFAULT_HOST_SORT, HOST_SORT, type AuditHostRows, type HostSortCol } from './use-audit-host-rows';

const HOST_BLOCK = 200;
const EXPORT_PAGE = 5000;

const HOST_COLS: readonly AuditCol<HostRow>[] = [
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

/**
 * Compliance per host, worst first. On a paging server: AG Grid's infinite row model sorted by the
 * server, reloaded whenever the host pages are invalidated (F5, Refresh); otherwise the whole
 * listing sorted in the browser. Exported as sorted (and, for a listing, filtered) in the grid.
 */
export function HostComplianceGrid({
  rows,
  onReceipt,
  onError,
}: {
  rows: AuditHostRows;
  onReceipt: (receipt: ExportReceipt) => void;
  onError: (err: unknown) => void;
}) {
  const api = useApi();
  const { t, language } = useI18n();
  const { paging } = rows;
  const { gridApi, layout, toolbarProps, gridProps } = useAuditGrid(
    'auditHosts',
    HOST_COLS,
    paging ? HOST_SORT : undefined,
  );
  useReloadOnRefresh(
    hostKeys.pages(),
    useCallback(() => {
      if (paging) gridApi?.purgeInfiniteCache();
    }, [gridApi, paging]),
  );

  const exportHosts = async () => {
    if (!gridApi) return;
    const base = {
      title: t('audit.export.hosts'),
      fileBase: 'wua-compliance-hosts',
      columns: auditCsvColumns(gridApi, HOST_COLS),
      notes: [COMPLIANCE_DEFINITION],
    };
    if (!paging) {
      // The whole list is in the grid already: export it as sorted and filtered there.
      const listed: HostRow[] = [];
      gridApi.forEachNodeAfterFilterAndSort((n) => n.data && listed.push(n.data));
      onReceipt(
        await exportCsvWithProvenance(api, {
          ...base,
          rows: listed,
          query: { hosts: 'all', limit: rows.limit },
          asOf: rows.list.data?.asOf ?? '',
        }),
      );
      return;
    }
    const sm = gridApi.getColumnState().find((c) => c.sort);
    const sort =
      sm && HOST_SORT.has(sm.colId)
        ? { colId: sm.colId as HostSortCol, desc: sm.sort === 'desc' }
        : DEFAULT_HOST_SORT;
    const all: HostRow[] = [];
    let stamp = '';
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await api.call('hosts.page', { offset, limit: EXPORT_PAGE, sort });
      stamp ||= page.asOf;
      all.push(...page.rows);
      if (page.rows.length < EXPORT_PAGE || all.length >= page.total) break;
    }
    onReceipt(
      await exportCsvWithProvenance(api, { ...base, rows: all, query: { hosts: 'all', sort }, asOf: stamp }),
    );
  };

  return (
    <>
      <AuditGridToolbar
        {...toolbarProps}
        onExport={exportHosts}
        onError={onError}
        testId="export-audit-hosts"
      />
      <div className="grid-host audit-grid" data-testid="audit-hosts-grid">
        {layout.ready && paging && (
          <ConsoleGrid<HostRow>
            key={layout.gridKey}
            {...gridProps}
            rowModelType="infinite"
            datasource={rows.datasource}
            cacheBlockSize={HOST_BLOCK}
            maxBlocksInCache={20}
            getRowId={(p) => p.data.uuid}
            noRowsText={t('hosts.noRows')}
          />
        )}
        {layout.ready && !paging && (
          <ConsoleGrid<HostRow>
            key={`${layout.gridKey}-list`}
            {...gridProps}
            rowData={rows.list.data?.rows ?? []}
            getRowId={(p) => p.data.uuid}
            noRowsText={t('hosts.noRows')}
          />
        )}
      </div>
      {rows.list.error && <ErrorBanner error={rows.list.error} t={t} />}
      {rows.asOf && <p className="hint">{t('hosts.asOf', { time: formatDateTime(rows.asOf, language) })}</p>}
    </>
  );
}
