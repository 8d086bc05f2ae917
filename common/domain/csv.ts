/**
 * CSV for exports auditors can trust: RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark
 * so spreadsheet programs read accents right, and cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) prefixed with an apostrophe (OWASP "CSV
 * injection"). Numbers and booleans are written as such, never prefixed.
 */
export type CsvValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = Array.isArray(value) ? value.join(', ') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: Iterable<Row>,
  preamble: readonly string[] = [],
): string {
  const lines: string[] = preamble.map((l) => csvCell(l));
  lines.push(columns.map((c) => csvCell(c.header)).join(','));
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
