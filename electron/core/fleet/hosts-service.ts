import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';
import type {
  HostDetails,
  HostHistoryRow,
  HostRow,
  HostsPage,
  HostTask,
  HostTasks,
  HostUpdateRow,
  SearchScope,
  WuaStatusPanel,
} from '../../../common/ipc/methods/hosts';
import type { Parsed } from '../../../common/ipc/contract';
import type { WaptClient } from '../api/wapt-client';
import {
  lenientText as str,
  lenientNumber as num,
  lenientBoolean as bool,
  lenientList as list,
} from '../api/lenient-fields';

/** Server fields searched for each "Search in" choice of the WAPT console (console-features.md §1.D). */
export const SEARCH_FIELDS: Record<Exclude<SearchScope, 'all'>, readonly string[]> = {
  host: [
    'computer_fqdn',
    'computer_name',
    'description',
    'uuid',
    'connected_ips',
    'mac_addresses',
    'connected_users',
    'last_logged_on_user',
    'os_name',
    'dnsdomain',
    'computer_ad_ou',
    'computer_ad_site',
    'serialnr',
  ],
  hardware: ['manufacturer', 'productname', 'dmi', 'wmi', 'host_info'],
  software: ['installed_softwares'],
  packages: ['installed_packages', 'depends'],
};

const WUA_STATUS_COLUMN = 'waptwua_status/status';
const GRID_COLUMNS = [
  'uuid',
  'computer_fqdn',
  'computer_name',
  'description',
  'host_status',
  'reachable',
  'audit_status',
  'connected_ips',
  'mac_addresses',
  'os_name',
  'os_version',
  'platform',
  'manufacturer',
  'productname',
  'serialnr',
  'last_seen_on',
  'connected_users',
  'last_logged_on_user',
  'wapt_version',
  'dnsdomain',
  'computer_ad_site',
  'computer_ad_ou',
  'depends',
  'wua_ok_count',
  'wua_pending_count',
  'wua_missing_count',
  'wua_discarded_count',
  'wua_error_count',
  WUA_STATUS_COLUMN,
];

const ServerHost = z
  .object({
    uuid: z.string(),
    computer_fqdn: str,
    computer_name: str,
    description: str,
    host_status: str,
    reachable: str,
    audit_status: str,
    connected_ips: list,
    mac_addresses: list,
    os_name: str,
    os_version: str,
    platform: str,
    manufacturer: str,
    productname: str,
    serialnr: str,
    last_seen_on: str,
    connected_users: list,
    last_logged_on_user: str,
    wapt_version: str,
    dnsdomain: str,
    computer_ad_site: str,
    computer_ad_ou: str,
    depends: str,
    wua_ok_count: num,
    wua_pending_count: num,
    wua_missing_count: num,
    wua_discarded_count: num,
    wua_error_count: num,
    [WUA_STATUS_COLUMN]: str,
  })
  .passthrough();

function toHostRow(h: z.infer<typeof ServerHost>): HostRow {
  const { [WUA_STATUS_COLUMN]: wuaStatus, ...rest } = h;
  const row: Record<string, unknown> = { wua_status: wuaStatus ?? null };
  for (const key of Object.keys(HOST_ROW_KEYS))
    if (key !== 'wua_status') row[key] = (rest as Record<string, unknown>)[key] ?? null;
  return row as HostRow;
}
const HOST_ROW_KEYS: Record<keyof HostRow, true> = {
  uuid: true,
  computer_fqdn: true,
  computer_name: true,
  description: true,
  host_status: true,
  reachable: true,
  audit_status: true,
  wua_status: true,
  connected_ips: true,
  mac_addresses: true,
  os_name: true,
  os_version: true,
  platform: true,
  manufacturer: true,
  productname: true,
  serialnr: true,
  last_seen_on: true,
  connected_users: true,
  last_logged_on_user: true,
  wapt_version: true,
  dnsdomain: true,
  computer_ad_site: true,
  computer_ad_ou: true,
  depends: true,
  wua_ok_count: true,
  wua_pending_count: true,
  wua_missing_count: true,
  wua_discarded_count: true,
  wua_error_count: true,
};

const HistoryEntry = z
  .object({
    date: str,
    operation: str,
    result_code: str,
    title: str,
    update_id: str,
    description: str,
    categories: list,
  })
  .partial()
  .passthrough();

const ServerHostUpdate = z
  .object({
    update_id: z.string(),
    title: z.string(),
    kbids: list,
    product: str,
    classification: str,
    severity: str,
    changetime: str,
    max_download_size: num,
    superseded_update_ids: list,
    reboot_behaviour: str,
    downloaded_on: str,
    update_type: str,
    local_status_status: str,
    local_status_install_date: str,
    local_status_allowed: bool,
    local_status_installed: bool,
    local_status_downloaded: bool,
    local_status_present: bool,
    local_status_hidden: bool,
    local_status_delayed: bool.optional(),
    local_status_history: z.array(HistoryEntry).nullable().optional(),
  })
  .passthrough();

const WuaStatusObject = z
  .object({
    status: str,
    enabled: bool,
    wsusscn2cab_date: str,
    last_scan_date: str,
    last_scan_duration: num,
    last_error: str,
  })
  .partial()
  .passthrough()
  .nullable();
const WuauservObject = z
  .object({ agent_version: str, reboot_needed: bool })
  .partial()
  .passthrough()
  .nullable();

const ServerTask = z
  .object({
    id: z.number(),
    description: str.optional(),
    progress: num.optional(),
    summary: str.optional(),
    create_date: str.optional(),
    start_date: str.optional(),
    finish_date: str.optional(),
    created_by: str.optional(),
  })
  .passthrough();
const ServerTasks = z
  .object({
    running: ServerTask.nullable().optional(),
    pending: z.array(ServerTask).default([]),
    done: z.array(ServerTask).default([]),
    errors: z.array(ServerTask).default([]),
    cancelled: z.array(ServerTask).default([]),
  })
  .passthrough();

function toTask(t: z.infer<typeof ServerTask>, state: HostTask['state']): HostTask {
  return {
    id: t.id,
    description: t.description ?? null,
    state,
    progress: state === 'DONE' ? 100 : (t.progress ?? null),
    summary: t.summary ?? null,
    created: t.create_date ?? null,
    started: t.start_date ?? null,
    finished: t.finish_date ?? null,
    createdBy: t.created_by ?? null,
  };
}

/** Hosts grid and host details, read from a WAPT server (server-api.md §3.2, §3.3, §5.4, §6.4). */
export class HostsService {
  constructor(private readonly client: () => WaptClient) {}

  /** The WAPT `filter` parameter: `<fields>:<regexp>`. */
  static filterParam(scope: SearchScope, text: string): string {
    const fields = scope === 'all' ? [...new Set(Object.values(SEARCH_FIELDS).flat())] : SEARCH_FIELDS[scope];
    return `${fields.join(',')}:${text}`;
  }

  async page(q: Parsed<'hosts.page'>): Promise<HostsPage> {
    const params: Record<string, string> = {
      columns: GRID_COLUMNS.join(','),
      limit: String(q.limit),
      offset: String(q.offset),
    };
    const s = q.search;
    if (s.text !== '') params.filter = HostsService.filterParam(s.scope, s.text);
    if (s.groups.length > 0) params.groups = s.groups.join(',');
    if (s.not && (s.text !== '' || s.groups.length > 0)) params.not_filter = '1';
    if (s.hasErrors) params.has_errors = '1';
    if (s.needUpgrade) params.need_upgrade = '1';
    if (s.connectedOnly) params.reachable = '1';
    if (q.sort) {
      params.order_by = q.sort.colId;
      params.order_desc = q.sort.desc ? '1' : '0';
    }
    const { result, meta, asOf } = await this.client().requestWithMeta('/api/v1/hosts', z.array(ServerHost), {
      params,
      headers: { 'Accept-Encoding': 'gzip' },
    });
    const rows = result.map(toHostRow);
    // A server without the paging extension returns everything up to `limit`: count what came back.
    const total = meta.total ?? q.offset + rows.length + (rows.length === q.limit ? 1 : 0);
    return { rows, total, offset: q.offset, asOf };
  }

  async groups(): Promise<string[]> {
    const rows = await this.client().request(
      '/api/v1/groups',
      z.array(z.object({ package: z.string() }).passthrough()),
    );
    return rows.map((r) => r.package);
  }

  async details(uuid: string): Promise<HostDetails> {
    const columns = [
      ...GRID_COLUMNS.filter((c) => c !== WUA_STATUS_COLUMN),
      'waptwua_status',
      'wuauserv_status',
    ].join(',');
    const { result, asOf } = await this.client().requestWithMeta(
      '/api/v1/hosts',
      z.array(
        ServerHost.extend({
          waptwua_status: WuaStatusObject.optional(),
          wuauserv_status: WuauservObject.optional(),
        }),
      ),
      {
        params: { uuid, columns },
      },
    );
    const raw = result[0];
    if (!raw)
      throw new ConsoleError('NOT_FOUND', `no host with uuid ${uuid} on the server`, {
        details: { reason: 'UNKNOWN_HOST' },
      });
    const wuaObj = raw.waptwua_status ?? null;
    const svc = raw.wuauserv_status ?? null;
    const host = toHostRow({ ...raw, [WUA_STATUS_COLUMN]: wuaObj?.status ?? null });
    const wua: WuaStatusPanel = {
      status: wuaObj?.status ?? null,
      enabled: wuaObj?.enabled ?? null,
      agentVersion: svc?.agent_version ?? null,
      cabDate: wuaObj?.wsusscn2cab_date ?? null,
      lastScanDate: wuaObj?.last_scan_date ?? null,
      lastScanDuration: wuaObj?.last_scan_duration ?? null,
      lastError: wuaObj?.last_error ?? null,
      rebootNeeded: svc?.reboot_needed ?? null,
    };
    let serverUpdates: z.infer<typeof ServerHostUpdate>[] = [];
    try {
      serverUpdates = await this.client().request('/api/v1/host_data', z.array(ServerHostUpdate), {
        params: { uuid, field: 'wsusupdates' },
      });
    } catch (err) {
      // WAPT answers `empty_data` for a host that never reported updates: an empty grid, not an error.
      if (!(err instanceof ConsoleError && err.details?.waptErrorCode === 'empty_data')) throw err;
    }
    const updates: HostUpdateRow[] = serverUpdates.map((u) => ({
      update_id: u.update_id,
      status: u.local_status_status,
      title: u.title,
      kbids: u.kbids,
      product: u.product,
      classification: u.classification,
      severity: u.severity,
      changetime: u.changetime,
      install_date: u.local_status_install_date,
      max_download_size: u.max_download_size,
      allowed: u.local_status_allowed,
      installed: u.local_status_installed,
      downloaded: u.local_status_downloaded,
      present: u.local_status_present,
      hidden: u.local_status_hidden,
      delayed: u.local_status_delayed ?? null,
      superseded_update_ids: u.superseded_update_ids,
      reboot_behaviour: u.reboot_behaviour,
      downloaded_on: u.downloaded_on,
      update_type: u.update_type,
    }));
    const history: HostHistoryRow[] = serverUpdates
      .flatMap((u) =>
        (u.local_status_history ?? []).map((h) => ({
          date: h.date ?? null,
          operation: h.operation ?? null,
          result: h.result_code ?? null,
          title: h.title ?? u.title,
          update_id: h.update_id ?? u.update_id,
          categories: h.categories ?? [],
          description: h.description ?? null,
        })),
      )
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    return { host, wua, updates, history, asOf };
  }

  /** The agent's task list through the server (host_tasks_status, no long poll): newest first. */
  async tasks(uuid: string): Promise<HostTasks> {
    try {
      const { result, asOf } = await this.client().requestWithMeta('/api/v3/host_tasks_status', ServerTasks, {
        params: { uuid, timeout: 0, client_tasks_timeout: 5 },
      });
      const tasks = [
        ...(result.running ? [toTask(result.running, 'RUNNING')] : []),
        ...result.pending.map((t) => toTask(t, 'PENDING')),
        ...result.errors.map((t) => toTask(t, 'ERROR')),
        ...result.cancelled.map((t) => toTask(t, 'CANCELLED')),
        ...result.done.map((t) => toTask(t, 'DONE')),
      ].sort((a, b) => b.id - a.id);
      return { reachable: true, tasks, asOf };
    } catch (err) {
      // Only a host connected to this server can be asked (server-api.md §5.4).
      if (
        err instanceof ConsoleError &&
        (err.details?.waptErrorCode === 'ewapthostunreachable' ||
          err.details?.waptErrorCode === 'ewapttimeoutwaitingforresult')
      ) {
        return { reachable: false, tasks: [], asOf: new Date().toISOString() };
      }
      throw err;
    }
  }
}
