import type { ColDef } from 'ag-grid-community';
import type { HostRow } from '../../../../common/ipc/methods/hosts';
import { STATUS_CLASS, type ColumnType } from '../../grids/column-types';
import { statusColumnWidth } from '../../grids/label-width';
import type { MessageKey } from '../../i18n/en';
import type { Translate } from '../../i18n/i18n';
import { statusLabel } from '../../grids/status-labels';

interface HostColumn {
  colId: keyof HostRow;
  header: MessageKey;
  hidden?: boolean;
  width?: number;
  /** Sortable by a server that pages (it orders by the server's own columns only). */
  sortable?: boolean;
  kind?: ColumnType;
}

/**
 * The WAPT console's hosts grid (docs/wapt-console-features.md §1.D): visible columns first, then the ones
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

/**
 * AG Grid column definitions on the grid toolkit's column types (grids/column-types.ts). With a
 * server that pages (`serverSorted`), only the columns the server can order by are sortable; in
 * the client-side mode every column is.
 */
export function hostColumnDefs(t: Translate, serverSorted: boolean): ColDef<HostRow>[] {
  return HOST_COLUMNS.map((c) => ({
    colId: c.colId,
    field: c.colId,
    headerName: t(c.header),
    hide: c.hidden ?? false,
    // A status column is as wide as its longest status ("PENDING_UPDATES", "TO-UPGRADE": issue 15).
    width:
      c.kind === 'status'
        ? Math.max(
            c.width ?? 0,
            statusColumnWidth(Object.keys(STATUS_CLASS), t(c.header), (code) => statusLabel(code, t)),
          )
        : (c.width ?? 150),
    sortable: serverSorted ? (c.sortable ?? true) : true,
    type: c.kind ?? 'text',
  }));
}
