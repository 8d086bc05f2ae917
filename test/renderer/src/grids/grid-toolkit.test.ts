import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Column, GridApi, IRowNode, ValueFormatterParams } from 'ag-grid-community';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../../common/domain/csv';
import { provenancePreamble } from '../../../../common/domain/export-provenance';
import {
  cellText,
  columnTypeOf,
  csvValue,
  DEFAULT_COL_DEF,
  gridColumnTypes,
  STATUS_CLASS,
} from '../../../../renderer/src/grids/column-types';
import {
  displayedCsvColumns,
  rowsAfterFilterAndSort,
  selectionText,
  sha256OfText,
} from '../../../../renderer/src/grids/export-csv';
import { hostColumnDefs } from '../../../../renderer/src/features/hosts/host-columns';
import { translate, type Translate } from '../../../../renderer/src/i18n/i18n';
import { useTempDirs } from '../../../support/temp-dir';

const tEn: Translate = (k, p) => translate('en', k, p);
const tFr: Translate = (k, p) => translate('fr', k, p);

describe('grid toolkit column types', () => {
  it('formats each type the same for display, copy and export', () => {
    expect(cellText(null, 'text', 'en', tEn)).toBe('');
    expect(cellText(['10.0.0.1', '10.0.0.2'], 'list', 'en', tEn)).toBe('10.0.0.1, 10.0.0.2');
    expect(cellText(true, 'yesNo', 'fr', tFr)).toBe('Oui');
    expect(cellText(false, 'yesNo', 'en', tEn)).toBe('No');
    expect(cellText(2048, 'bytes', 'en', tEn)).toBe('2.0 KB');
    // WAPT writes UTC without a zone: shown as a date-time, not as raw ISO text.
    expect(cellText('2024-05-01T10:00:00', 'date', 'en', tEn)).toMatch(/^01\/05\/2024, \d\d:00$/);
  });

  it('keeps numbers as numbers in CSV and text for the rest', () => {
    expect(csvValue(12, 'number', 'en', tEn)).toBe(12);
    expect(csvValue(null, 'number', 'en', tEn)).toBeNull();
    expect(csvValue(['a', 'b'], 'list', 'en', tEn)).toBe('a, b');
    // Sizes are byte counts a spreadsheet can sum; dates the server's ISO text, in every language.
    expect(csvValue(2048, 'bytes', 'fr', tFr)).toBe(2048);
    expect(csvValue('2024-05-01T10:00:00', 'date', 'fr', tFr)).toBe('2024-05-01T10:00:00');
    expect(csvValue('2024-05-01', 'day', 'en', tEn)).toBe('2024-05-01');
    expect(csvValue('', 'date', 'en', tEn)).toBeNull();
  });

  it('shows days and Microsoft KB numbers', () => {
    expect(cellText('2024-05-01T10:00:00', 'day', 'fr', tFr)).toBe('01/05/2024');
    expect(cellText(['5034441', '5034122'], 'kb', 'en', tEn)).toBe('KB5034441, KB5034122');
    expect(cellText([], 'kb', 'en', tEn)).toBe('');
    expect(csvValue(['5034441'], 'kb', 'en', tEn)).toBe('KB5034441');
  });

  it('reads a column’s toolkit type, defaulting to text', () => {
    expect(columnTypeOf({ type: 'date' })).toBe('date');
    expect(columnTypeOf({ type: ['somethingElse', 'number'] })).toBe('number');
    expect(columnTypeOf({})).toBe('text');
    expect(columnTypeOf(undefined)).toBe('text');
    expect(DEFAULT_COL_DEF).toMatchObject({
      type: 'text',
      sortable: true,
      resizable: true,
      cellDataType: false,
    });
  });

  it('gives AG Grid formatters, status colours and a list comparator', () => {
    const types = gridColumnTypes('en', tEn);
    const fmt = (type: keyof typeof types, value: unknown) =>
      (types[type].valueFormatter as (p: ValueFormatterParams) => string)({ value } as ValueFormatterParams);
    expect(fmt('list', ['x', 'y'])).toBe('x, y');
    expect(fmt('yesNo', true)).toBe('Yes');
    const statusClass = types.status.cellClass as (p: { value: unknown }) => string;
    expect(statusClass({ value: 'NEED-UPGRADE' })).toBe(STATUS_CLASS['NEED-UPGRADE']);
    expect(statusClass({ value: 'whatever' })).toBe('');
    const cmp = types.list.comparator as (a: unknown, b: unknown) => number;
    expect([['b'], ['a', 'z'], null].sort((a, b) => cmp(a, b))).toEqual([null, ['a', 'z'], ['b']]);
  });

  it('makes every hosts column sortable client-side, only server-sortable ones when the server pages', () => {
    const client = hostColumnDefs(tEn, false);
    const paged = hostColumnDefs(tEn, true);
    expect(client.every((c) => c.sortable)).toBe(true);
    expect(paged.find((c) => c.colId === 'connected_ips')?.sortable).toBe(false);
    expect(paged.find((c) => c.colId === 'computer_fqdn')?.sortable).toBe(true);
    expect(client.find((c) => c.colId === 'last_seen_on')?.type).toBe('date');
  });
});

interface Row {
  fqdn: string;
  ips: string[];
  count: number | null;
  seen: string | null;
}

/** The part of GridApi the export path reads, over plain rows and column definitions. */
function gridOver(rows: Row[], cols: { colId: string; field?: string; headerName: string; type?: string }[]) {
  const columns = cols.map(
    (def) => ({ getColId: () => def.colId, getColDef: () => def }) as unknown as Column,
  );
  return {
    getAllDisplayedColumns: () => columns,
    forEachNodeAfterFilterAndSort: (fn: (n: IRowNode<Row>) => void) =>
      [...rows].reverse().forEach((data) => fn({ data } as IRowNode<Row>)),
  } as unknown as GridApi<Row>;
}

describe('grid toolkit export path', () => {
  const tmp = useTempDirs();
  const rows: Row[] = [
    { fqdn: 'a.corp.lan', ips: ['10.0.0.1'], count: 3, seen: '2024-05-01T10:00:00' },
    { fqdn: '=cmd|x', ips: [], count: null, seen: null },
  ];
  const grid = gridOver(rows, [
    { colId: 'ag-Grid-SelectionColumn', headerName: '' },
    { colId: 'fqdn', field: 'fqdn', headerName: 'Host FQDN' },
    { colId: 'ips', field: 'ips', headerName: 'IP addresses', type: 'list' },
    { colId: 'count', field: 'count', headerName: 'WU missing', type: 'number' },
  ]);

  it('exports the displayed data columns, in order, skipping the selection column', () => {
    const cols = displayedCsvColumns(grid, 'en', tEn);
    expect(cols.map((c) => c.header)).toEqual(['Host FQDN', 'IP addresses', 'WU missing']);
    expect(cols.map((c) => c.value(rows[0]!))).toEqual(['a.corp.lan', '10.0.0.1', 3]);
  });

  it('takes the rows in the grid’s filtered, sorted order', () => {
    expect(rowsAfterFilterAndSort(grid).map((r) => r.fqdn)).toEqual(['=cmd|x', 'a.corp.lan']);
  });

  it('copies a selection as `;`-separated text with the header', () => {
    expect(selectionText(grid, rows, 'en', tEn)).toBe(
      'Host FQDN;IP addresses;WU missing\na.corp.lan;10.0.0.1;3\n=cmd|x;;',
    );
  });

  it('writes the provenance preamble, neutralises formulas, and hashes exactly the file’s bytes (openssl)', async () => {
    const csv = toCsv(
      displayedCsvColumns(grid, 'en', tEn),
      rows,
      provenancePreamble({
        generator: 'WAPT Console test',
        title: 'Hosts',
        serverUrl: 'https://srvwapt.corp.lan',
        query: '{"limit":2000}',
        asOf: '2024-05-01T10:00:00.000Z',
        exportedAt: '2024-05-01T10:00:01.000Z',
        rowCount: rows.length,
      }),
    );
    expect(csv.startsWith('\uFEFF# Hosts\r\n# Generator: WAPT Console test\r\n')).toBe(true);
    expect(csv).toContain("\r\n'=cmd|x,,\r\n");
    const file = path.join(tmp(), 'hosts.csv');
    writeFileSync(file, csv, 'utf8');
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-r', file], { encoding: 'utf8' }).split(
      ' ',
    )[0];
    expect(await sha256OfText(csv)).toBe(openssl);
  });
});
