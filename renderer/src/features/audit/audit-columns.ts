import type { ColDef, GridApi, ValueGetterParams } from 'ag-grid-community';
import { formatPercent } from '../../../../common/domain/compliance';
import type { CsvColumn, CsvValue } from '../../../../common/domain/csv';
import { formatDateTime } from '../../format';
import { statusCodeColDef } from '../../grids/column-types';
import type { MessageKey } from '../../i18n/en';
import type { Translate } from '../../i18n/i18n';
import { asText, SEVERITY_CLASS } from '../windows-updates/update-columns';
import { levelClass } from './compliance-chart';

/** Written into every audit export's preamble, so a reader of the file knows what the % means. */
export const COMPLIANCE_DEFINITION =
  'Compliance = OK / (OK + PENDING + MISSING + ERROR) host×update pairs (DISCARDED pairs are not applicable)';

/**
 * One audit column: the grid's column and the CSV export's column come from the same description,
 * so an export holds exactly what the grid shows (same value, same order, same visible columns).
 */
export interface AuditCol<R> {
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

export function auditColDefs<R>(
  cols: readonly AuditCol<R>[],
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

/** The grid's displayed columns, in their displayed order, as CSV columns (percentages rounded to 0.01). */
export function auditCsvColumns<R>(api: GridApi<R>, cols: readonly AuditCol<R>[]): CsvColumn<R>[] {
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
