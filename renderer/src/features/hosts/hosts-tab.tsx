import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n';
import { gridTheme } from '../../grid-theme';
import { useTheme } from '../../theme';

interface HostRow {
  uuid: string;
}

/** The hosts grid's columns as in the WAPT console (console-features.md §1.D); data arrives with the hosts feature. */
export function HostsTab() {
  const { t } = useI18n();
  const { dark } = useTheme();
  const columns = useMemo<ColDef<HostRow>[]>(
    () =>
      (
        [
          ['host_status', 'hosts.col.status'],
          ['reachable', 'hosts.col.reachable'],
          ['audit_status', 'hosts.col.audit'],
          ['waptwua_status', 'hosts.col.wua'],
          ['computer_fqdn', 'hosts.col.fqdn'],
          ['description', 'hosts.col.description'],
          ['connected_ips', 'hosts.col.ips'],
          ['os_name', 'hosts.col.os'],
          ['productname', 'hosts.col.model'],
          ['last_seen_on', 'hosts.col.lastSeen'],
          ['connected_users', 'hosts.col.users'],
          ['wapt_version', 'hosts.col.waptVersion'],
        ] as const
      ).map(([colId, key]) => ({ colId, field: colId as keyof HostRow, headerName: t(key), sortable: true, resizable: true })),
    [t],
  );
  return (
    <div className="grid-host" data-testid="hosts-grid">
      <AgGridReact<HostRow> theme={gridTheme(dark)} columnDefs={columns} rowData={[]} getRowId={(p) => p.data.uuid} overlayNoRowsTemplate={undefined} localeText={{ noRowsToShow: t('hosts.noRows') }} />
    </div>
  );
}
