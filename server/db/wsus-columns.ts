import { insertedColumns, WSUS_UPDATES } from './fleet-tables';

/**
 * The columns of `wsus_updates` (WAPT's `WsusUpdates`, docs/wapt-server-api.md §6.2, plus `cve_ids` which the
 * agent reports) the generator fills, from the table's descriptor (fleet-tables.ts): the generator
 * inserts them, host_data?field=wsusupdates and windows_updates select them.
 */
export const WSUS_UPDATE_COLUMNS: readonly string[] = insertedColumns(WSUS_UPDATES);
