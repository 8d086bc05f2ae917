import type { ColDef } from 'ag-grid-community';
import { UPDATE_SORTABLE, type UpdateRow } from '../../../../common/ipc/methods/updates';
import { statusCodeColDef, type ColumnType } from '../../grids/column-types';
import type { MessageKey } from '../../i18n/en';
import type { Translate } from '../../i18n/i18n';

interface UpdateColumn {
  colId: keyof UpdateRow;
  header: MessageKey;
  /** The grid toolkit's column type (grids/column-types.ts): display, copy and CSV follow it. */
  kind?: ColumnType;
  hidden?: boolean;
  width?: number;
}

/**
 * The fleet updates grid of the WAPT console (docs/wapt-console-features.md §1.A, `GridWUUpdates`): the
 * visible columns first, then the hidden ones; plus the per-status host counts (server
 * aggregates). colIds are the server's field names: saved layouts rely on them.
 */
export const UPDATE_COLUMNS: readonly UpdateColumn[] = [
  { colId: 'changetime', header: 'upd.col.published', kind: 'day', width: 115 },
  { colId: 'kbids', header: 'upd.col.kbs', kind: 'kb', width: 110 },
  { colId: 'product', header: 'upd.col.product', width: 170 },
  { colId: 'classification', header: 'upd.col.classification', width: 150 },
  { colId: 'title', header: 'upd.col.title', width: 380 },
  { colId: 'severity', header: 'upd.col.severity', width: 105 },
  { colId: 'max_download_size', header: 'wu.col.maxSize', kind: 'bytes', width: 120 },
  { colId: 'downloaded_on', header: 'upd.col.downloadedOn', kind: 'date', width: 150 },
  { colId: 'hosts_ok', header: 'wu.col.hostsOk', kind: 'number', width: 95 },
  { colId: 'hosts_pending', header: 'wu.col.hostsPending', kind: 'number', width: 105 },
  { colId: 'hosts_missing', header: 'wu.col.hostsMissing', kind: 'number', width: 105 },
  { colId: 'hosts_discarded', header: 'wu.col.hostsDiscarded', kind: 'number', hidden: true },
  { colId: 'hosts_error', header: 'wu.col.hostsError', kind: 'number', hidden: true },
  { colId: 'hosts_total', header: 'wu.col.hostsTotal', kind: 'number', hidden: true },
  { colId: 'update_id', header: 'upd.col.updateId', hidden: true, width: 300 },
  { colId: 'cve_ids', header: 'wu.col.cve', kind: 'list', hidden: true },
  { colId: 'security_bulletin_ids', header: 'wu.col.bulletins', kind: 'list', hidden: true },
  { colId: 'can_request_user_input', header: 'wu.col.userInput', hidden: true },
  { colId: 'is_mandatory', header: 'wu.col.mandatory', kind: 'yesNo', hidden: true },
  { colId: 'superseded_update_ids', header: 'upd.col.superseded', kind: 'list', hidden: true },
  { colId: 'requires_network_connectivity', header: 'wu.col.network', kind: 'yesNo', hidden: true },
  { colId: 'created_on', header: 'wu.col.reportedOn', kind: 'date', hidden: true },
  { colId: 'created_by', header: 'wu.col.createdBy', hidden: true },
  { colId: 'min_download_size', header: 'wu.col.minSize', kind: 'bytes', hidden: true },
  { colId: 'reboot_behaviour', header: 'upd.col.reboot', hidden: true },
  { colId: 'download_urls', header: 'wu.col.urls', kind: 'list', hidden: true },
  { colId: 'updated_on', header: 'wu.col.updatedOn', kind: 'date', hidden: true },
  { colId: 'updated_by', header: 'wu.col.updatedBy', hidden: true },
  { colId: 'update_type', header: 'wu.col.type', hidden: true },
  { colId: 'uninstallation_notes', header: 'wu.col.uninstallNotes', hidden: true },
  { colId: 'is_uninstallable', header: 'wu.col.uninstallable', kind: 'yesNo', hidden: true },
  { colId: 'support_url', header: 'wu.col.supportUrl', hidden: true },
  { colId: 'is_beta', header: 'wu.col.beta', kind: 'yesNo', hidden: true },
  { colId: 'installation_impact', header: 'wu.col.installImpact', hidden: true },
  { colId: 'uninstallation_impact', header: 'wu.col.uninstallImpact', hidden: true },
  { colId: 'languages', header: 'wu.col.languages', kind: 'list', hidden: true },
  { colId: 'release_notes', header: 'wu.col.releaseNotes', hidden: true },
];

export const UPDATE_COL_IDS = UPDATE_COLUMNS.map((c) => c.colId);
const SORTABLE: ReadonlySet<string> = new Set(UPDATE_SORTABLE);

export const SEVERITY_CLASS: Record<string, string> = {
  Critical: 'cell-error',
  Important: 'cell-warn',
  Moderate: 'cell-info',
  Low: 'cell-muted',
};

/** Text of a scalar server value (objects as JSON, never "[object Object]"). */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Column definitions on the grid toolkit's types; only the colours are this grid's own. */
export function updateColumnDefs(t: Translate): ColDef<UpdateRow>[] {
  return UPDATE_COLUMNS.map((c) => ({
    colId: c.colId,
    field: c.colId,
    headerName: t(c.header),
    hide: c.hidden ?? false,
    width: c.width ?? 140,
    sortable: SORTABLE.has(c.colId),
    type: c.kind ?? 'text',
    // Severities read as labels in the user's language, the MSRC name in the tooltip; own colours.
    ...(c.colId === 'severity'
      ? {
          ...statusCodeColDef<UpdateRow>(t),
          cellClass: (p: { value?: unknown }) => SEVERITY_CLASS[String(p.value)] ?? '',
        }
      : {}),
    ...(c.colId === 'hosts_missing' || c.colId === 'hosts_error'
      ? {
          // A cellClass here replaces the number type's: keep its right alignment.
          cellClass: (p: { value: unknown }) =>
            typeof p.value === 'number' && p.value > 0
              ? ['ag-right-aligned-cell', 'cell-error']
              : ['ag-right-aligned-cell'],
        }
      : {}),
    ...(c.colId === 'downloaded_on'
      ? { cellClass: (p: { value: unknown }) => (p.value ? '' : 'cell-muted') }
      : {}),
  }));
}
