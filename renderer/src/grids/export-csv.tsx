import type { GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { toCsv, type CsvColumn } from '../../../common/domain/csv';
import { provenancePreamble, toHex } from '../../../common/domain/export-provenance';
import { downloadText, timestampForFile } from '../download';
import type { Language } from '../../../common/ipc/contract';
import { useI18n, type Translate } from '../i18n/i18n';
import { columnTypeOf, csvValue, textOf } from './column-types';
import type { ApiClient } from '../platform/api-client';

export interface ExportReceipt {
  fileName: string;
  rows: number;
  sha256: string;
}

/** SHA-256 of the file's bytes (UTF-8, BOM included): the value `sha256sum <file>` prints. */
export async function sha256OfText(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * THE export path of every grid (the grid toolkit's): provenance preamble (generator, server,
 * query, "data as of" server time, row count), header, rows with formula-like cells neutralised
 * (common/domain/csv.ts), then the file's SHA-256 for the auditor's record.
 */
export async function exportCsvWithProvenance<Row>(
  api: ApiClient,
  opts: {
    title: string;
    fileBase: string;
    columns: readonly CsvColumn<Row>[];
    rows: readonly Row[];
    query: unknown;
    asOf: string;
    notes?: string[];
  },
): Promise<ExportReceipt> {
  const [info, session] = await Promise.all([api.call('app.info', {}), api.call('session.status', {})]);
  const preamble = provenancePreamble({
    generator: `${info.name} ${info.version}`,
    title: opts.title,
    serverUrl: session.serverUrl,
    query: typeof opts.query === 'string' ? opts.query : JSON.stringify(opts.query),
    asOf: opts.asOf,
    exportedAt: new Date().toISOString(),
    rowCount: opts.rows.length,
    ...(opts.notes ? { notes: opts.notes } : {}),
  });
  const csv = toCsv(opts.columns, opts.rows, preamble);
  const fileName = `${opts.fileBase}-${timestampForFile(opts.asOf)}.csv`;
  const sha256 = await sha256OfText(csv);
  downloadText(fileName, csv);
  return { fileName, rows: opts.rows.length, sha256 };
}

/** Shown after an export: the file name, the row count and the SHA-256 to record, with a copy button. */
export function ExportReceiptNotice({
  receipt,
  onDismiss,
}: {
  receipt: ExportReceipt;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="export-receipt" role="status" data-testid="export-receipt">
      <span>{t('export.done', { rows: receipt.rows, file: receipt.fileName })}</span>
      <span>
        {t('export.sha256')} <code data-testid="export-sha256">{receipt.sha256}</code>
      </span>
      <button
        type="button"
        className="btn btn--ghost"
        onClick={() =>
          void navigator.clipboard.writeText(receipt.sha256).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t('export.copied') : t('export.copyHash')}
      </button>
      <button type="button" className="btn btn--ghost" onClick={onDismiss} aria-label={t('error.dismiss')}>
        ×
      </button>
    </div>
  );
}

/**
 * The CSV columns of a grid as the user arranged it: its displayed columns, in order, with their
 * header text and each value read through the column's toolkit type (grids/column-types.ts).
 */
export function displayedCsvColumns<Row>(
  gridApi: GridApi<Row>,
  language: Language,
  t: Translate,
): CsvColumn<Row>[] {
  return gridApi
    .getAllDisplayedColumns()
    .filter((c) => c.getColDef().field !== undefined || c.getColDef().valueGetter !== undefined)
    .map((c) => {
      const def = c.getColDef();
      const type = columnTypeOf(def);
      const field = (def.field ?? c.getColId()) as keyof Row;
      return {
        header: def.headerName ?? c.getColId(),
        value: (row: Row) => csvValue(row[field], type, language, t),
      };
    });
}

/** Rows of a client-side grid in the order and with the filters the user sees. */
export function rowsAfterFilterAndSort<Row>(gridApi: GridApi<Row>): Row[] {
  const rows: Row[] = [];
  gridApi.forEachNodeAfterFilterAndSort((n) => {
    if (n.data) rows.push(n.data);
  });
  return rows;
}

/** The WAPT console's "copy selection": header and rows as `;`-separated text, cells as shown. */
export function selectionText<Row>(
  gridApi: GridApi<Row>,
  rows: readonly Row[],
  language: Language,
  t: Translate,
): string {
  const cols = displayedCsvColumns(gridApi, language, t);
  return [
    cols.map((c) => c.header).join(';'),
    ...rows.map((r) => cols.map((c) => textOf(c.value(r))).join(';')),
  ].join('\n');
}
