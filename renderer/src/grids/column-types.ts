import type { ColDef, ColTypeDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { CsvValue } from '../../../common/domain/csv';
import type { Language } from '../../../common/ipc/contract';
import { formatBytes, formatDate, formatDateTime } from '../format';
import type { Translate } from '../i18n/i18n';
import { statusCellRenderer, statusLabel } from './status-labels';

/**
 * The grid toolkit's column types (AG Grid `columnTypes`): every grid declares what a column holds
 * (`type: 'date'`…) instead of its own formatter, so display, copy and CSV export read a value the
 * same way in every grid. Names are ours; AG Grid's built-in `numericColumn` is not used.
 */
export const COLUMN_TYPES = [
  'text',
  'status',
  'date',
  'day',
  'list',
  'kb',
  'number',
  'bytes',
  'yesNo',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Status values and their cell colour, shared by every grid that shows WAPT statuses. */
export const STATUS_CLASS: Readonly<Record<string, string>> = {
  OK: 'cell-ok',
  ERROR: 'cell-error',
  'ERROR-INSTALL': 'cell-error',
  'ERROR-UPGRADE': 'cell-error',
  MISSING: 'cell-error',
  'TO-UPGRADE': 'cell-warn',
  'NEED-UPGRADE': 'cell-warn',
  'NEED-INSTALL': 'cell-warn',
  'NEED-REMOVE': 'cell-warn',
  PENDING: 'cell-warn',
  PENDING_UPDATES: 'cell-warn',
  WARNING: 'cell-warn',
  RUNNING: 'cell-info',
  DISCONNECTED: 'cell-muted',
  DISCARDED: 'cell-muted',
};

/** Plain text of any cell value: lists joined with ", ", objects as JSON, null as nothing. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  return JSON.stringify(value);
}

/** The text a cell shows, is copied as, and is quick-filtered on: one function for all three. */
export function cellText(value: unknown, type: ColumnType, language: Language, t: Translate): string {
  // Empty text is "no value" in every type (a size of '' is not 0 B, a date of '' not an error).
  if (value === null || value === undefined || value === '') return '';
  switch (type) {
    case 'date':
      return formatDateTime(textOf(value), language);
    case 'day':
      return formatDate(textOf(value), language);
    case 'kb':
      // Microsoft KB numbers as WAPT stores them (digits only), shown as KB articles are named.
      return (Array.isArray(value) ? value : [value]).map((k) => `KB${textOf(k)}`).join(', ');
    case 'bytes':
      return formatBytes(typeof value === 'number' ? value : Number(textOf(value)), language);
    case 'yesNo':
      return value ? t('yes') : t('no');
    case 'status':
      // A status code reads as its translated label (grids/status-labels.ts).
      return statusLabel(textOf(value), t);
    default:
      return textOf(value);
  }
}

/**
 * The CSV value of a cell: numbers and sizes stay numbers (a spreadsheet can sum them), dates stay
 * the server's ISO text (unambiguous in every language, sortable), the rest is the cell's text.
 */
export function csvValue(value: unknown, type: ColumnType, language: Language, t: Translate): CsvValue {
  if (type === 'number' || type === 'bytes') return typeof value === 'number' ? value : null;
  if (type === 'date' || type === 'day') return typeof value === 'string' && value !== '' ? value : null;
  // CSV keeps the server's status code: a stable value for spreadsheets and scripts, in any language.
  if (type === 'status') return textOf(value);
  return cellText(value, type, language, t);
}

/** A column's toolkit type (its first `type` we know), `text` by default. */
export function columnTypeOf(colDef: ColDef | undefined): ColumnType {
  const types = colDef?.type === undefined ? [] : Array.isArray(colDef.type) ? colDef.type : [colDef.type];
  return (types.find((x) => (COLUMN_TYPES as readonly string[]).includes(x)) as ColumnType) ?? 'text';
}

/** Lists sort by their text; everything else by AG Grid's default comparison. */
const listComparator = (a: unknown, b: unknown) => {
  const ta = textOf(a);
  const tb = textOf(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
};

/** `columnTypes` for AG Grid, in the user's language. */
export function gridColumnTypes(language: Language, t: Translate): Record<ColumnType, ColTypeDef> {
  const formatter =
    (type: ColumnType) =>
    (p: ValueFormatterParams): string =>
      cellText(p.value, type, language, t);
  return {
    text: { valueFormatter: formatter('text') },
    status: statusCodeColDef(t),
    date: { valueFormatter: formatter('date') },
    day: { valueFormatter: formatter('day') },
    list: {
      valueFormatter: formatter('list'),
      comparator: listComparator,
      getQuickFilterText: (p) => cellText(p.value, 'list', language, t),
    },
    kb: {
      valueFormatter: formatter('kb'),
      comparator: listComparator,
      getQuickFilterText: (p) => cellText(p.value, 'kb', language, t),
    },
    number: {
      valueFormatter: formatter('number'),
      cellClass: 'ag-right-aligned-cell',
      headerClass: 'ag-right-aligned-header',
    },
    bytes: {
      valueFormatter: formatter('bytes'),
      cellClass: 'ag-right-aligned-cell',
      headerClass: 'ag-right-aligned-header',
    },
    yesNo: { valueFormatter: formatter('yesNo') },
  };
}

/**
 * The `status` column type: a status code shown as its translated label, the raw code in the
 * tooltip, coloured by STATUS_CLASS, quick-filtered on both label and code. Grids that do not use
 * the toolkit's column types spread this into their status column's definition.
 */
export function statusCodeColDef<TData = unknown>(
  t: Translate,
): Pick<ColDef<TData>, 'valueFormatter' | 'cellRenderer' | 'cellClass' | 'getQuickFilterText'> {
  return {
    valueFormatter: (p: ValueFormatterParams<TData>) => statusLabel(textOf(p.value), t),
    cellRenderer: statusCellRenderer(t) as (p: ICellRendererParams) => unknown,
    cellClass: (p: { value?: unknown }) => STATUS_CLASS[String(p.value)] ?? '',
    getQuickFilterText: (p) => `${statusLabel(textOf(p.value), t)} ${textOf(p.value)}`,
  };
}

/**
 * The toolkit's `defaultColDef`: resizable, sortable, a text column unless a grid says otherwise.
 * Data types are declared by `type`, never inferred from the first row (a null there would mislead).
 */
export const DEFAULT_COL_DEF: ColDef = {
  resizable: true,
  sortable: true,
  width: 150,
  type: 'text',
  cellDataType: false,
};
