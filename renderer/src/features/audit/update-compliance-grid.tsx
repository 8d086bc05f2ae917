import type { AuditSummary, UpdateComplianceRow } from '../../../../common/ipc/methods/audit';
import type { ParsedUpdatesFilter } from '../../../../common/ipc/methods/updates';
import { ConsoleGrid } from '../../grids/console-grid';
import { exportCsvWithProvenance, type ExportReceipt } from '../../grids/export-csv';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { auditCsvColumns, COMPLIANCE_DEFINITION, type AuditCol } from './audit-columns';
import { AuditGridToolbar } from './audit-grid-toolbar';
import { useAuditGrid } from './use-audit-grid';

const UPDATE_COLS: readonly AuditCol<UpdateComplianceRow>[] = [
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

/**
 * Compliance per update (the rows come with the summary: one request for both), worst first;
 * exported as shown (columns, order, sort, filter) with the summary's "data as of".
 */
export function UpdateComplianceGrid({
  summary,
  filter,
  onReceipt,
  onError,
}: {
  summary: AuditSummary | undefined;
  filter: ParsedUpdatesFilter;
  onReceipt: (receipt: ExportReceipt) => void;
  onError: (err: unknown) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const { gridApi, layout, toolbarProps, gridProps } = useAuditGrid('auditUpdates', UPDATE_COLS);

  const exportUpdates = async () => {
    if (!summary || !gridApi) return;
    const rows: UpdateComplianceRow[] = [];
    gridApi.forEachNodeAfterFilterAndSort((n) => n.data && rows.push(n.data));
    onReceipt(
      await exportCsvWithProvenance(api, {
        title: t('audit.export.updates'),
        fileBase: 'wua-compliance-updates',
        columns: auditCsvColumns(gridApi, UPDATE_COLS),
        rows,
        query: { filter },
        asOf: summary.asOf,
        notes: [COMPLIANCE_DEFINITION],
      }),
    );
  };

  return (
    <>
      <AuditGridToolbar
        {...toolbarProps}
        onExport={exportUpdates}
        onError={onError}
        testId="export-audit-updates"
      />
      <div className="grid-host audit-grid" data-testid="audit-updates-grid">
        {layout.ready && (
          <ConsoleGrid<UpdateComplianceRow>
            key={layout.gridKey}
            {...gridProps}
            rowData={summary?.updates ?? []}
            getRowId={(p) => p.data.update_id}
            noRowsText={t('wu.noRows')}
          />
        )}
      </div>
    </>
  );
}
