import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';
import type {
  HostDetails,
  HostHistoryRow,
  HostRow,
  HostHardware,
  HostPackages,
  HostSoftwares,
  HostsDeleteResult,
  HostsList,
  HostsPage,
  HostTask,
  HostTasks,
  HostUpdateRow,
  SearchScope,
  WuaStatusPanel,
} from '../../../common/ipc/methods/hosts';
import type { Parsed } from '../../../common/ipc/contract';
import type { WaptClient } from '../api/wapt-client';
import type { CapabilitiesSource } from '../session/feature-guard';
import type { FleetWuaSnapshot } from './wua-fleet-scan';
import { deleteHosts, type HostsDeleteRequest } from './hosts-delete';
import { listGroups } from '../hostpkg/group-package';
import {
  lenientText as str,
  lenientNumber as num,
  lenientBoolean as bool,
  lenientList as list,
} from '../api/lenient-fields';
import {
  flattenHardware,
  PendingLists,
  ServerHostPackage,
  ServerHostSoftware,
  toPackageRows,
  toSoftwareRows,
} from './host-inventory';

/** Server fields searched for each "Search in" choice of the WAPT console (docs/wapt-console-features.md §1.D). */
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

// Unknown keys are stripped, not carried: a genuine server adds its fixed minimum set of columns
// (host_capabilities, last_update_status…: docs/hosts-listing.md) to every row, and copying those
// for 50,000 hosts costs seconds for nothing.
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
  .strip();

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

/** Hosts grid and host details, read from a WAPT server (docs/wapt-server-api.md §3.2, §3.3, §5.4, §6.4). */
export class HostsService {
  constructor(
    private readonly client: () => WaptClient,
    /** The server's capabilities; absent = every extension assumed (tests of the reference server). */
    private readonly caps?: CapabilitiesSource,
    /** Windows-update counts computed by the console (FleetWuaScan), for servers without them. */
    private readonly computedCounts: () => FleetWuaSnapshot | null = () => null,
  ) {}

  /**
   * The `wua_*_count` columns exist only on a server with the counts extension; elsewhere they
   * come from the console's own computation, or stay null until it has run
   * (docs/server-capabilities.md, "Counts and audit").
   */
  private withCounts(rows: HostRow[]): HostRow[] {
    if (!this.caps || this.caps().wuaHostCounts) return rows;
    const snap = this.computedCounts();
    return rows.map((row) => {
      const c = snap?.perHost.get(row.uuid) ?? null;
      return {
        ...row,
        wua_ok_count: c?.ok ?? null,
        wua_pending_count: c?.pending ?? null,
        wua_missing_count: c?.missing ?? null,
        wua_discarded_count: c?.discarded ?? null,
        wua_error_count: c?.error ?? null,
      };
    });
  }

  /** The WAPT `filter` parameter: `<fields>:<regexp>`. */
  static filterParam(scope: SearchScope, text: string): string {
    const fields = scope === 'all' ? [...new Set(Object.values(SEARCH_FIELDS).flat())] : SEARCH_FIELDS[scope];
    return `${fields.join(',')}:${text}`;
  }

  /**
   * The query parameters of WAPT's own hosts search that every server honours
   * (docs/hosts-listing.md): `columns`, `filter`, `not_filter`, `groups`, `has_errors`,
   * `need_upgrade`, `reachable` and `limit`.
   */
  static searchParams(search: Parsed<'hosts.list'>['search'], limit: number): Record<string, string> {
    const params: Record<string, string> = { columns: GRID_COLUMNS.join(','), limit: String(limit) };
    if (search.text !== '') params.filter = HostsService.filterParam(search.scope, search.text);
    if (search.groups.length > 0) params.groups = search.groups.join(',');
    if (search.not && (search.text !== '' || search.groups.length > 0)) params.not_filter = '1';
    if (search.hasErrors) params.has_errors = '1';
    if (search.needUpgrade) params.need_upgrade = '1';
    if (search.connectedOnly) params.reachable = '1';
    return params;
  }

  /**
   * One page of hosts from a server that advertises the paging extension (`hosts_paging`:
   * docs/server-api-extensions.md). A server that answers without a `total` does not page: the
   * console never guesses one, it refuses, and the renderer uses `list` for such servers.
   */
  async page(q: Parsed<'hosts.page'>): Promise<HostsPage> {
    const params = HostsService.searchParams(q.search, q.limit);
    params.offset = String(q.offset);
    if (q.sort) {
      params.order_by = q.sort.colId;
      params.order_desc = q.sort.desc ? '1' : '0';
    }
    const { result, meta, asOf } = await this.client().requestWithMeta('/api/v1/hosts', z.array(ServerHost), {
      params,
      headers: { 'Accept-Encoding': 'gzip' },
    });
    if (meta.total === undefined)
      throw new ConsoleError('API_SCHEMA', '/api/v1/hosts: this server does not page hosts (no total)', {
        retryable: false,
        details: { reason: 'NO_HOSTS_PAGING', endpoint: '/api/v1/hosts' },
      });
    return { rows: this.withCounts(result.map(toHostRow)), total: meta.total, offset: q.offset, asOf };
  }

  /**
   * The hosts listing as the genuine WAPT console loads it: ONE request with the server-side
   * filters and `limit` (the "maximum hosts to display"), rows in the server's order (last seen,
   * newest first). Sorting, quick filtering and selection then happen in the grid. The server
   * sends no total, so "limit reached" is all that can be said when `limit` rows came back.
   */
  async list(q: Parsed<'hosts.list'>): Promise<HostsList> {
    const { result, asOf } = await this.client().requestWithMeta('/api/v1/hosts', z.array(ServerHost), {
      params: HostsService.searchParams(q.search, q.limit),
      headers: { 'Accept-Encoding': 'gzip' },
      // 50,000 hosts is tens of megabytes; the genuine server needs its time for them.
      timeout: 300_000,
    });
    // A server that ignored `limit` still shows no more than the user asked for.
    const rows = this.withCounts(
      (result.length > q.limit ? result.slice(0, q.limit) : result).map(toHostRow),
    );
    return { rows, limit: q.limit, limitReached: result.length >= q.limit, asOf };
  }

  /** WAPT's "Remove host": `hosts_delete` with its two options (hosts-delete.ts). */
  delete(req: HostsDeleteRequest): Promise<HostsDeleteResult> {
    return deleteHosts(this.client(), req);
  }

  /**
   * The choices of the hosts grid's Groups filter (docs/host-packages.md, "Groups filter"): the
   * group packages of the repository (section `group` of its `Packages` index), so a group no
   * host is in yet can be chosen, plus the group names hosts report (`/api/v1/groups`), which may
   * name a group since deleted from the repository. Sorted, each once.
   */
  async groups(): Promise<string[]> {
    const client = this.client();
    const [repo, reported] = await Promise.all([
      listGroups(client),
      client.request('/api/v1/groups', z.array(z.object({ package: z.string() }).passthrough())),
    ]);
    return [...new Set([...repo.map((g) => g.package), ...reported.map((r) => r.package)])].sort((a, b) =>
      a.localeCompare(b),
    );
  }

  async details(uuid: string, opts: { withUpdates?: boolean } = {}): Promise<HostDetails> {
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
    if (opts.withUpdates !== false)
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

  /**
   * One `host_data` field (docs/host-inventory.md), or null when the server has none for this host
   * (`empty_data`): a host that never reported its software has an empty tab, not an error.
   */
  private async hostData<T>(uuid: string, field: string, schema: z.ZodType<T>) {
    try {
      return await this.client().requestWithMeta('/api/v1/host_data', schema, { params: { uuid, field } });
    } catch (err) {
      if (err instanceof ConsoleError && err.details?.waptErrorCode === 'empty_data') return null;
      throw err;
    }
  }

  /** The host's packages and their status, for every edition (docs/host-inventory.md). */
  async packages(uuid: string): Promise<HostPackages> {
    const [installed, status] = await Promise.all([
      this.hostData(uuid, 'installed_packages', z.array(ServerHostPackage).nullable()),
      this.hostData(uuid, 'last_update_status', PendingLists),
    ]);
    return {
      rows: toPackageRows(installed?.result ?? [], status?.result ?? null),
      asOf: installed?.asOf ?? status?.asOf ?? new Date().toISOString(),
    };
  }

  /** The host's software inventory (installed_softwares), system components included. */
  async softwares(uuid: string): Promise<HostSoftwares> {
    const res = await this.hostData(uuid, 'installed_softwares', z.array(ServerHostSoftware).nullable());
    return { rows: toSoftwareRows(res?.result ?? []), asOf: res?.asOf ?? new Date().toISOString() };
  }

  /** The host's hardware inventory: `dmi`, `host_info` and `wmi`, each as flattened leaves. */
  async hardware(uuid: string): Promise<HostHardware> {
    const sources = ['dmi', 'host_info', 'wmi'] as const;
    const answers = await Promise.all(sources.map((f) => this.hostData(uuid, f, z.unknown())));
    const sections = sources.flatMap((source, i) => {
      const answer = answers[i];
      if (!answer || answer.result === null || answer.result === undefined) return [];
      return [{ source, ...flattenHardware(answer.result) }];
    });
    return { sections, asOf: answers.find((a) => a)?.asOf ?? new Date().toISOString() };
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
      // Only a host connected to this server can be asked (docs/wapt-server-api.md §5.4).
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
