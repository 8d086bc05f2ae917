import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { Language } from '../../../../common/ipc/contract';
import type { HostRow } from '../../../../common/ipc/methods/hosts';
import type { MessageKey } from '../../i18n/en';
import type { Translate } from '../../i18n/i18n';
import { formatDateTime } from '../../format';

interface HostColumn {
  colId: keyof HostRow;
  header: MessageKey;
  hidden?: boolean;
  width?: number;
  sortable?: boolean;
  kind?: 'date' | 'list' | 'status' | 'number';
}

/**
 * The WAPT console's hosts grid (console-features.md §1.D): visible columns first, then the ones
 * it hides by default. colIds are the server's field names and never change (saved layouts use them).
 */
export const HOST_COLUMNS: readonly HostColumn[] = [
  { colId: 'host_status', header: 'hosts.col.status', width: 110, kind: 'status' },
  { colId: 'reachable', header: 'hosts.col.reachable', width: 120, kind: 'status' },
  { colId: 'audit_status', header: 'hosts.col.audit', width: 120, kind: 'status' },
  { colId: 'wua_status', header: 'hosts.col.wua', width: 150, kind: 'status', sortable: false },
  { colId: 'computer_fqdn', header: 'hosts.col.fqdn', width: 230 },
  { colId: 'description', header: 'hosts.col.description', width: 180 },
  { colId: 'connected_ips', header: 'hosts.col.ips', width: 140, kind: 'list', sortable: false },
  { colId: 'platform', header: 'hosts.col.platform', width: 100 },
  { colId: 'os_name', header: 'hosts.col.os', width: 200 },
  { colId: 'productname', header: 'hosts.col.model', width: 180 },
  { colId: 'last_seen_on', header: 'hosts.col.lastSeen', width: 150, kind: 'date' },
  { colId: 'connected_users', header: 'hosts.col.users', width: 150, kind: 'list', sortable: false },
  { colId: 'wapt_version', header: 'hosts.col.waptVersion', width: 120 },
  { colId: 'last_logged_on_user', header: 'hosts.col.lastUser', width: 160 },
  { colId: 'wua_missing_count', header: 'hosts.col.wuaMissing', width: 110, kind: 'number' },
  { colId: 'wua_pending_count', header: 'hosts.col.wuaPending', width: 110, kind: 'number' },
  { colId: 'manufacturer', header: 'hosts.col.manufacturer', hidden: true },
  { colId: 'serialnr', header: 'hosts.col.serial', hidden: true },
  { colId: 'mac_addresses', header: 'hosts.col.mac', hidden: true, kind: 'list', sortable: false },
  { colId: 'uuid', header: 'hosts.col.uuid', hidden: true, sortable: false },
  { colId: 'os_version', header: 'hosts.col.osVersion', hidden: true, sortable: false },
  { colId: 'dnsdomain', header: 'hosts.col.domain', hidden: true },
  { colId: 'computer_ad_site', header: 'hosts.col.adSite', hidden: true },
  { colId: 'computer_ad_ou', header: 'hosts.col.adOu', hidden: true },
  { colId: 'depends', header: 'hosts.col.groups', hidden: true, sortable: false },
  { colId: 'wua_ok_count', header: 'hosts.col.wuaOk', hidden: true, kind: 'number' },
  { colId: 'wua_discarded_count', header: 'hosts.col.wuaDiscarded', hidden: true, kind: 'number' },
  { colId: 'wua_error_count', header: 'hosts.col.wuaError', hidden: true, kind: 'number' },
];

export const HOST_COL_IDS = HOST_COLUMNS.map((c) => c.colId);

const STATUS_CLASS: Record<string, string> = {
  OK: 'cell-ok',
  ERROR: 'cell-error',
  'TO-UPGRADE': 'cell-warn',
  PENDING_UPDATES: 'cell-warn',
  WARNING: 'cell-warn',
  RUNNING: 'cell-info',
  DISCONNECTED: 'cell-muted',
};

/** Cell text of a host value, as shown and as copied or exported. */
export function hostCellText(row: HostRow, colId: keyof HostRow, language: Language): string {
  const v = row[colId];
  const col = HOST_COLUMNS.find((c) => c.colId === colId);
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (col?.kind === 'date') return formatDateTime(String(v), language);
  return String(v);
}

export function hostColumnDefs(t: Translate, language: Language): ColDef<HostRow>[] {
  return HOST_COLUMNS.map((c) => ({
    colId: c.colId,
    field: c.colId,
    headerName: t(c.header),
    hide: c.hidden ?? false,
    width: c.width ?? 150,
    sortable: c.sortable ?? true,
    resizable: true,
    ...(c.kind === 'number' ? { type: 'numericColumn' } : {}),
    valueFormatter: (p: ValueFormatterParams<HostRow>) =>
      p.data ? hostCellText(p.data, c.colId, language) : '',
    ...(c.kind === 'status'
      ? { cellClass: (p: { value: unknown }) => STATUS_CLASS[String(p.value)] ?? '' }
      : {}),
  }));
}
