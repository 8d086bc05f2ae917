import type { ColDef, ColTypeDef, ValueFormatterParams } from 'ag-grid-community';
import type { CsvValue } from '../../../common/domain/csv';
import type { Language } from '../../../common/ipc/contract';
import { formatBytes, formatDateTime } from '../format';
import type { Translate } from '../i18n/i18n';

/**
 * The grid toolkit's column types (AG Grid `columnTypes`): every grid declares what a column holds
 * (`type: 'date'`…) instead of its own formatter, so display, copy and CSV export read a value the
 * same way in every grid. Names are ours; AG Grid's built-in `numericColumn` is not used.
 */
export const COLUMN_TYPES = ['text', 'status', 'date', 'list', 'number', 'bytes', 'yesNo'] as const;
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
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'date':
      return formatDateTime(textOf(value), language);
    case 'bytes':
      return formatBytes(typeof value === 'number' ? value : Number(textOf(value)));
    case 'yesNo':
      return value ? t('yes') : t('no');
    default:
      return textOf(value);
  }
}

/** The CSV value of a cell: numbers stay numbers (a spreadsheet can sum them), the rest is cell text. */
export function csvValue(value: unknown, type: ColumnType, language: Language, t: Translate): CsvValue {
  if (type === 'number') return typeof value === 'number' ? value : null;
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
    status: {
      valueFormatter: formatter('status'),
      cellClass: (p: { value: unknown }) => STATUS_CLASS[String(p.value)] ?? '',
    },
    date: { valueFormatter: formatter('date') },
    list: {
      valueFormatter: formatter('list'),
      comparator: listComparator,
      getQuickFilterText: (p) => cellText(p.value, 'list', language, t),
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
