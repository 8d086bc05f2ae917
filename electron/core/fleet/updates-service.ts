import { z } from 'zod';
import type { Parsed } from '../../../common/ipc/contract';
import type {
  CabHistory,
  CabHistoryRow,
  CatalogHealth,
  DownloadTask,
  DownloadTasks,
  ParsedUpdatesFilter,
  UpdateRow,
  UpdatesFacets,
  UpdatesPage,
} from '../../../common/ipc/methods/updates';
import { ConsoleError } from '../../../common/errors';
import type { ServerCapabilities } from '../../../common/ipc/server-capabilities';
import type { WaptClient } from '../api/wapt-client';
import {
  REFERENCE_DEFAULT_CAPABILITIES,
  requireWua,
  type CapabilitiesSource,
} from '../session/feature-guard';
import { ListSnapshot, sortRows } from './local-rows';
import type { FleetWuaSnapshot } from './wua-fleet-scan';
import {
  lenientText as str,
  lenientNumber as num,
  lenientBoolean as bool,
  lenientList as list,
} from '../api/lenient-fields';

/*
 * Lenient readers for server rows: WAPT writes PostgreSQL values (numbers as strings sometimes,
 * arrays as lists or csv, booleans as 0/1). Unknown extra fields pass through and are dropped.
 */
/** Free-form JSON shown as text (history `result`). */
const jsonText = z
  .unknown()
  .transform((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v)));

const ServerUpdate = z
  .object({
    update_id: z.string(),
    title: z.preprocess((v) => v ?? '', z.string()),
    kbids: list,
    product: str,
    classification: str,
    severity: str,
    changetime: str,
    max_download_size: num,
    min_download_size: num,
    downloaded_on: str,
    update_type: str,
    cve_ids: list,
    security_bulletin_ids: list,
    superseded_update_ids: list,
    download_urls: list,
    languages: list,
    can_request_user_input: str,
    is_mandatory: bool,
    requires_network_connectivity: bool,
    is_beta: bool,
    is_uninstallable: bool,
    reboot_behaviour: str,
    installation_impact: str,
    uninstallation_impact: str,
    uninstallation_notes: str,
    support_url: str,
    release_notes: str,
    created_on: str,
    created_by: str,
    updated_on: str,
    updated_by: str,
    hosts_ok: num,
    hosts_pending: num,
    hosts_missing: num,
    hosts_discarded: num,
    hosts_error: num,
    hosts_total: num,
  })
  .passthrough();

const UPDATE_KEYS: Record<keyof UpdateRow, true> = {
  update_id: true,
  title: true,
  kbids: true,
  product: true,
  classification: true,
  severity: true,
  changetime: true,
  max_download_size: true,
  min_download_size: true,
  downloaded_on: true,
  update_type: true,
  cve_ids: true,
  security_bulletin_ids: true,
  superseded_update_ids: true,
  download_urls: true,
  languages: true,
  can_request_user_input: true,
  is_mandatory: true,
  requires_network_connectivity: true,
  is_beta: true,
  is_uninstallable: true,
  reboot_behaviour: true,
  installation_impact: true,
  uninstallation_impact: true,
  uninstallation_notes: true,
  support_url: true,
  release_notes: true,
  created_on: true,
  created_by: true,
  updated_on: true,
  updated_by: true,
  hosts_ok: true,
  hosts_pending: true,
  hosts_missing: true,
  hosts_discarded: true,
  hosts_error: true,
  hosts_total: true,
};

function toUpdateRow(u: z.infer<typeof ServerUpdate>): UpdateRow {
  const row: Record<string, unknown> = {};
  for (const key of Object.keys(UPDATE_KEYS)) row[key] = (u as Record<string, unknown>)[key] ?? null;
  return row as UpdateRow;
}

/** An update row's `hosts_*` counts from the console's own computation (null when not computed). */
function withCounts(row: UpdateRow, snap: FleetWuaSnapshot | null): UpdateRow {
  const c = snap
    ? (snap.perUpdate.get(row.update_id) ?? { ok: 0, pending: 0, missing: 0, error: 0, discarded: 0 })
    : null;
  return {
    ...row,
    hosts_ok: c?.ok ?? null,
    hosts_pending: c?.pending ?? null,
    hosts_missing: c?.missing ?? null,
    hosts_discarded: c?.discarded ?? null,
    hosts_error: c?.error ?? null,
    hosts_total: c ? c.ok + c.pending + c.missing + c.error + c.discarded : null,
  };
}

const ServerTask = z
  .object({
    id: z.coerce.number().int(),
    task_id: str,
    kind: str,
    status: str,
    msg: str,
    url: str,
    started_on: str,
    finished_on: str,
    local_filename: str,
    file_size: num,
    target_size: num,
    file_date: str,
    error: str,
    skipped: bool,
    forced: bool,
    update_id: str,
    progress: num,
    created_on: str,
    created_by: str,
  })
  .passthrough();

const ServerCabHistory = z
  .object({
    id: z.coerce.number().int(),
    uuid: str,
    created_on: str,
    file_date: str,
    status: str,
    file_size: num,
    error: str,
    reason: str,
    result: jsonText,
    forced: bool,
    skipped: bool,
    cablist: list,
    target_size: num,
    file_timestamp: str,
    updated_on: str,
    updated_by: str,
    created_by: str,
  })
  .passthrough();

const pick = <T extends object>(o: Record<string, unknown>, keys: readonly (keyof T)[]): T =>
  Object.fromEntries(keys.map((k) => [k, o[k as string] ?? null])) as T;
const TASK_KEYS: (keyof DownloadTask)[] = [
  'id',
  'task_id',
  'kind',
  'status',
  'msg',
  'url',
  'started_on',
  'finished_on',
  'local_filename',
  'file_size',
  'target_size',
  'file_date',
  'error',
  'skipped',
  'forced',
  'update_id',
  'progress',
  'created_on',
  'created_by',
];
const HISTORY_KEYS: (keyof CabHistoryRow)[] = [
  'id',
  'uuid',
  'created_on',
  'file_date',
  'status',
  'file_size',
  'error',
  'reason',
  'result',
  'forced',
  'skipped',
  'cablist',
  'target_size',
  'file_timestamp',
  'updated_on',
  'updated_by',
  'created_by',
];

/** Task states that are not final (the reference server's values; inferred, docs/wapt-server-api.md §8). */
export const RUNNING_TASK_STATES: ReadonlySet<string> = new Set(['PENDING', 'RUNNING', 'QUEUED', 'STARTED']);

/**
 * The fleet Windows-updates catalog and the server's download cache (docs/wapt-server-api.md §6.5).
 *
 * `GET /api/v2/windows_updates` with `products`, `severity` (incl. `null`) and `has_kb` is what the
 * 1.8.2 console sends. `classifications`, `text`, `downloaded`, `limit`/`offset`, `order_by` and
 * the `hosts_*` counts are the reference server's documented extensions; the other routes
 * (download, delete, tasks, classifications, products, download_wsusscan) are **inferred** from
 * older public WAPT versions. A server that ignores paging is paged here, client-side.
 */
export class UpdatesService {
  private readonly lists = new ListSnapshot<UpdateRow>();

  constructor(
    private readonly client: () => WaptClient,
    /** The server's capabilities; absent = the reference server's default profile (tests, bench). */
    private readonly caps: CapabilitiesSource = () => REFERENCE_DEFAULT_CAPABILITIES,
    /** Counts computed by the console from every host (FleetWuaScan), for servers without them. */
    private readonly computedCounts: () => FleetWuaSnapshot | null = () => null,
  ) {}

  /** Every WUA route exists only on an Enterprise server: refused up front elsewhere. */
  private wua(): ServerCapabilities {
    const caps = this.caps();
    requireWua(caps);
    return caps;
  }

  /** Query parameters of a filter; `null` when the filter matches nothing (an empty check-list). */
  static filterParams(f: ParsedUpdatesFilter): Record<string, string> | null {
    if (
      (f.products && f.products.length === 0) ||
      (f.classifications && f.classifications.length === 0) ||
      (f.severities && f.severities.length === 0)
    )
      return null;
    const p: Record<string, string> = {};
    if (f.products) p.products = f.products.join(',');
    if (f.classifications) p.classifications = f.classifications.join(',');
    // WAPT's severity list uses the literal `null` for "no severity" (1.8.2 console code).
    if (f.severities) p.severity = f.severities.map((s) => (s === 'none' ? 'null' : s)).join(',');
    if (f.text !== '') p.text = f.text;
    if (f.cached !== 'all') p.downloaded = f.cached === 'yes' ? '1' : '0';
    if (f.hasKb) p.has_kb = '1';
    return p;
  }

  async page(q: Parsed<'updates.page'>): Promise<UpdatesPage> {
    const caps = this.wua();
    if (!caps.wuaHostCounts) return this.localPage(q);
    const filter = UpdatesService.filterParams(q.filter);
    if (filter === null) {
      // Nothing can match: no round trip. The time is the workstation's (there is no server answer).
      return { rows: [], total: 0, offset: q.offset, asOf: new Date().toISOString(), countsSource: 'server' };
    }
    const params: Record<string, string> = { ...filter, limit: String(q.limit), offset: String(q.offset) };
    if (q.sort) {
      params.order_by = q.sort.colId;
      params.order_desc = q.sort.desc ? '1' : '0';
    }
    const { result, meta, asOf } = await this.client().requestWithMeta(
      '/api/v2/windows_updates',
      z.array(ServerUpdate),
      { params, headers: { 'Accept-Encoding': 'gzip' } },
    );
    let rows = result.map(toUpdateRow);
    let total: number;
    if (meta.total !== undefined) total = meta.total;
    else if (rows.length > q.limit) {
      // The server ignored limit/offset and sent the whole list (1.8.2 behaviour): page it here.
      total = rows.length;
      rows = rows.slice(q.offset, q.offset + q.limit);
    } else if (rows.length < q.limit) total = q.offset + rows.length;
    else
      // Never a guessed total: a server that pages must say how many rows there are.
      throw new ConsoleError('API_SCHEMA', '/api/v2/windows_updates: the server pages but sent no total', {
        details: { reason: 'NO_TOTAL', endpoint: '/api/v2/windows_updates' },
      });
    return { rows, total, offset: q.offset, asOf, countsSource: 'server' };
  }

  /**
   * A genuine Enterprise server (docs/server-capabilities.md): `windows_updates` takes only
   * `products`, `severity` and `has_kb`, returns the whole list with no counts and no paging.
   * The other filters, the sort and the paging are done here; the `hosts_*` counts come from the
   * console's own computation when it has run, and stay null (hidden, with a note) until then.
   */
  private async localPage(q: Parsed<'updates.page'>): Promise<UpdatesPage> {
    const snap = this.computedCounts();
    const countsSource = snap ? 'computed' : 'none';
    const countsAsOf = snap?.asOf ?? null;
    const genuine = UpdatesService.genuineParams(q.filter);
    if (genuine === null)
      return {
        rows: [],
        total: 0,
        offset: q.offset,
        asOf: new Date().toISOString(),
        countsSource,
        countsAsOf,
      };
    const client = this.client();
    const list = await this.lists.get(JSON.stringify(genuine), client, q.offset, async () => {
      const { result, asOf } = await client.requestWithMeta(
        '/api/v2/windows_updates',
        z.array(ServerUpdate),
        {
          params: genuine,
          headers: { 'Accept-Encoding': 'gzip' },
        },
      );
      return { rows: result.map(toUpdateRow), asOf };
    });
    const rows = sortRows(
      list.rows.filter((r) => UpdatesService.matchesLocally(r, q.filter)).map((r) => withCounts(r, snap)),
      q.sort ?? { colId: 'changetime', desc: true },
    );
    return {
      rows: rows.slice(q.offset, q.offset + q.limit),
      total: rows.length,
      offset: q.offset,
      asOf: list.asOf,
      countsSource,
      countsAsOf,
    };
  }

  /** The parameters a genuine server takes (docs/wapt-server-api.md §6.5); null when nothing can match. */
  static genuineParams(f: ParsedUpdatesFilter): Record<string, string> | null {
    const all = UpdatesService.filterParams(f);
    if (all === null) return null;
    const p: Record<string, string> = {};
    for (const k of ['products', 'severity', 'has_kb'] as const) if (all[k] !== undefined) p[k] = all[k];
    return p;
  }

  /** The filters a genuine server does not take, applied here with the reference server's meaning. */
  static matchesLocally(r: UpdateRow, f: ParsedUpdatesFilter): boolean {
    if (f.classifications && !f.classifications.includes(r.classification ?? '')) return false;
    if (f.cached === 'yes' && r.downloaded_on === null) return false;
    if (f.cached === 'no' && r.downloaded_on !== null) return false;
    const text = f.text.trim().toLowerCase();
    if (text === '') return true;
    const kb = text.replace(/^kb/, '');
    return (
      r.title.toLowerCase().includes(text) ||
      r.update_id.toLowerCase().includes(text) ||
      (kb !== '' && r.kbids.some((k) => k.toLowerCase().includes(kb)))
    );
  }

  /** Every update matching the filter, fetched page by page (the catalog is bounded: updates some host reported). */
  async all(
    filter: ParsedUpdatesFilter,
    pageSize = 5000,
  ): Promise<{
    rows: UpdateRow[];
    asOf: string;
    countsAvailable: boolean;
    countsSource: 'server' | 'computed' | 'none';
  }> {
    const rows: UpdateRow[] = [];
    let asOf = '';
    let countsSource: 'server' | 'computed' | 'none' = 'server';
    let countsAsOf: string | null = null;
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.page({
        offset,
        limit: pageSize,
        sort: { colId: 'changetime', desc: true },
        filter,
      });
      asOf ||= page.asOf;
      countsSource = page.countsSource ?? 'server';
      countsAsOf = page.countsAsOf ?? null;
      rows.push(...page.rows);
      if (page.rows.length < pageSize || rows.length >= page.total) break;
    }
    if (countsSource !== 'server')
      // Computed counts describe the hosts as they were when the computation read them.
      return { rows, asOf: countsAsOf ?? asOf, countsAvailable: countsSource === 'computed', countsSource };
    return {
      rows,
      asOf,
      countsAvailable: rows.length === 0 || rows.some((r) => r.hosts_total !== null),
      countsSource,
    };
  }

  async facets(): Promise<UpdatesFacets> {
    if (!this.wua().wuaHostCounts) return this.localFacets();
    const c = this.client();
    const [products, classifications] = await Promise.all([
      c.requestWithMeta(
        '/api/v2/windows_products',
        z.array(z.object({ product: z.string(), updates_count: num.optional() }).passthrough()),
      ),
      c.request(
        '/api/v2/windows_updates_classifications',
        z.array(z.object({ id: str, name: str, updates_count: num.optional() }).passthrough()),
      ),
    ]);
    return {
      products: products.result.map((p) => ({ name: p.product, count: p.updates_count ?? null })),
      classifications: classifications.flatMap((k) => {
        const name = k.name ?? k.id;
        return name === null ? [] : [{ name, count: k.updates_count ?? null }];
      }),
      asOf: products.asOf,
    };
  }

  /**
   * Without the reference server's facet routes (inferred names, absent from a genuine server),
   * products and classifications are those of the updates the hosts reported.
   */
  private async localFacets(): Promise<UpdatesFacets> {
    const { result, asOf } = await this.client().requestWithMeta(
      '/api/v2/windows_updates',
      z.array(ServerUpdate),
      {
        headers: { 'Accept-Encoding': 'gzip' },
      },
    );
    const tally = (key: 'product' | 'classification') => {
      const m = new Map<string, number>();
      for (const u of result) {
        const name = u[key];
        if (name) m.set(name, (m.get(name) ?? 0) + 1);
      }
      return [...m].sort((a, b) => a[0].localeCompare(b[0])).map(([name, count]) => ({ name, count }));
    };
    return { products: tally('product'), classifications: tally('classification'), asOf };
  }

  async download(
    updateIds: readonly string[],
    force: boolean,
  ): Promise<{ queued: number; skipped: number; failed: number; taskIds: number[] }> {
    this.wua();
    const result = await this.client().request(
      '/api/v2/download_windows_updates',
      z.array(
        z.object({ id: z.coerce.number().int().optional(), update_id: str, status: str }).passthrough(),
      ),
      { method: 'POST', data: { update_ids: updateIds, force } },
    );
    const count = (s: string) => result.filter((r) => r.status === s).length;
    return {
      queued: result.filter((r) => r.status !== 'SKIPPED' && r.status !== 'ERROR').length,
      skipped: count('SKIPPED'),
      failed: count('ERROR'),
      taskIds: result.flatMap((r) => (r.id === undefined ? [] : [r.id])),
    };
  }

  async deleteCached(updateIds: readonly string[]): Promise<{ files: number; updates: number }> {
    this.wua();
    const r = await this.client().request(
      '/api/v2/windows_updates',
      z.object({ files: z.array(z.string()), updates: z.array(z.string()) }).passthrough(),
      {
        method: 'DELETE',
        data: { update_ids: updateIds },
      },
    );
    return { files: r.files.length, updates: r.updates.length };
  }

  async downloadCab(force: boolean): Promise<{ status: string; skipped: boolean; taskId: number | null }> {
    this.wua();
    const r = await this.client().request(
      '/api/v2/download_wsusscan',
      z.object({ status: str, skipped: bool.optional(), task_id: num.optional() }).passthrough(),
      {
        method: 'POST',
        params: { force: force ? '1' : '0' },
      },
    );
    return { status: r.status ?? '', skipped: r.skipped ?? false, taskId: r.task_id ?? null };
  }

  async tasks(limit: number): Promise<DownloadTasks> {
    this.wua();
    const { result, asOf } = await this.client().requestWithMeta(
      '/api/v2/windows_updates_downloads',
      z.array(ServerTask),
      { params: { limit: String(limit) } },
    );
    const rows = result.map((t) => pick<DownloadTask>(t, TASK_KEYS));
    return { rows, running: rows.filter((r) => RUNNING_TASK_STATES.has(r.status ?? '')).length, asOf };
  }

  async cabHistory(limit: number): Promise<CabHistory> {
    this.wua();
    const { result, asOf } = await this.client().requestWithMeta(
      '/api/v2/wsusscan2_history',
      z.array(ServerCabHistory),
      { params: { limit: String(limit) } },
    );
    return { rows: result.map((r) => pick<CabHistoryRow>(r, HISTORY_KEYS)), asOf };
  }

  /** The 1.8.2 console sends `DELETE api/v2/wsusscan2_history?uuid=<csv ids>` (docs/wapt-server-api.md §6.5). */
  async deleteCabHistory(ids: readonly number[]): Promise<{ deleted: number }> {
    this.wua();
    const n = await this.client().request('/api/v2/wsusscan2_history', z.unknown(), {
      method: 'DELETE',
      params: { uuid: ids.join(',') },
    });
    return { deleted: typeof n === 'number' ? n : ids.length };
  }

  async catalogHealth(): Promise<CatalogHealth> {
    this.wua();
    const base = { offset: 0, limit: 1, sort: null } as const;
    const [history, all, notCached, tasks] = await Promise.all([
      this.cabHistory(50),
      this.page({
        ...base,
        filter: {
          products: null,
          classifications: null,
          severities: null,
          text: '',
          cached: 'all',
          hasKb: false,
        },
      }),
      this.page({
        ...base,
        filter: {
          products: null,
          classifications: null,
          severities: null,
          text: '',
          cached: 'no',
          hasKb: false,
        },
      }),
      // The download-task route is the reference server's (inferred name): a genuine server may lack it.
      this.tasks(200).catch((err: unknown) => {
        if (err instanceof ConsoleError && err.code === 'NOT_SUPPORTED') return null;
        throw err;
      }),
    ]);
    return {
      lastCab: history.rows[0] ?? null,
      lastSuccessfulCab: history.rows.find((r) => r.status === 'OK') ?? null,
      updatesTotal: all.total,
      updatesNotCached: notCached.total,
      tasksRunning: tasks?.running ?? null,
      asOf: all.asOf,
    };
  }
}
