import { useCallback } from 'react';
import { formatPercent, type ComplianceGroup } from '../../../../common/domain/compliance';
import type { CsvColumn } from '../../../../common/domain/csv';
import type { AuditSummary as Summary } from '../../../../common/ipc/methods/audit';
import type { ParsedUpdatesFilter } from '../../../../common/ipc/methods/updates';
import { exportCsvWithProvenance, type ExportReceipt } from '../../grids/export-csv';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { COMPLIANCE_DEFINITION } from './audit-columns';
import { ComplianceChart, levelClass } from './compliance-chart';

/** Display names of the summary's group keys ('' = no product / no severity). */
function useGroupNames() {
  const { t } = useI18n();
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
  return { severityName, productName };
}

/** The summary as CSV: one row per product, per severity, and the overall figure. */
export function useSummaryExport(summary: Summary | undefined, filter: ParsedUpdatesFilter) {
  const api = useApi();
  const { t } = useI18n();
  const { severityName, productName } = useGroupNames();
  return async (): Promise<ExportReceipt | null> => {
    if (!summary) return null;
    type G = ComplianceGroup & { dimension: string };
    const rows: G[] = [
      ...summary.byProduct.map((g) => ({ ...g, dimension: 'product' })),
      ...summary.bySeverity.map((g) => ({ ...g, dimension: 'severity' })),
      { ...summary.overall, dimension: 'overall' },
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
    return exportCsvWithProvenance(api, {
      title: t('audit.export.groups'),
      fileBase: 'wua-compliance-summary',
      columns,
      rows,
      query: { filter },
      asOf: summary.asOf,
      notes: [COMPLIANCE_DEFINITION],
    });
  };
}

/** The headline figures and the charts by product and by severity (each chart with its table). */
export function AuditSummaryView({ summary: s }: { summary: Summary }) {
  const { t, language } = useI18n();
  const { severityName, productName } = useGroupNames();
  if (s.countsSource === 'none') return null;
  return (
    <>
      {!s.countsAvailable && <p className="badge badge--warn">{t('audit.noCounts')}</p>}
      <dl className="audit-kpis" data-testid="audit-kpis">
        <div>
          <dt>{t('audit.kpi.compliance')}</dt>
          <dd data-testid="kpi-compliance" className={levelClass(s.overall.percent)}>
            {s.overall.percent === null ? t('audit.na') : formatPercent(s.overall.percent, language)}
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
  );
}
