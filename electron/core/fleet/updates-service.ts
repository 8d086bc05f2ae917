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
import type { WaptClient } from '../api/wapt-client';
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

/** Task states that are not final (the reference server's values; inferred, server-api.md §8). */
export const RUNNING_TASK_STATES: ReadonlySet<string> = new Set(['PENDING', 'RUNNING', 'QUEUED', 'STARTED']);

/**
 * The fleet Windows-updates catalog and the server's download cache (server-api.md §6.5).
 *
 * `GET /api/v2/windows_updates` with `products`, `severity` (incl. `null`) and `has_kb` is what the
 * 1.8.2 console sends. `classifications`, `text`, `downloaded`, `limit`/`offset`, `order_by` and
 * the `hosts_*` counts are the reference server's documented extensions; the other routes
 * (download, delete, tasks, classifications, products, download_wsusscan) are **inferred** from
 * older public WAPT versions. A server that ignores paging is paged here, client-side.
 */
export class UpdatesService {
  constructor(private readonly client: () => WaptClient) {}

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
    const filter = UpdatesService.filterParams(q.filter);
    if (filter === null) {
      // Nothing can match: no round trip. The time is the workstation's (there is no server answer).
      return { rows: [], total: 0, offset: q.offset, asOf: new Date().toISOString() };
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
    } else total = q.offset + rows.length + (rows.length === q.limit ? 1 : 0);
    return { rows, total, offset: q.offset, asOf };
  }

  /** Every update matching the filter, fetched page by page (the catalog is bounded: updates some host reported). */
  async all(
    filter: ParsedUpdatesFilter,
    pageSize = 5000,
  ): Promise<{ rows: UpdateRow[]; asOf: string; countsAvailable: boolean }> {
    const rows: UpdateRow[] = [];
    let asOf = '';
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.page({
        offset,
        limit: pageSize,
        sort: { colId: 'changetime', desc: true },
        filter,
      });
      asOf ||= page.asOf;
      rows.push(...page.rows);
      if (page.rows.length < pageSize || rows.length >= page.total) break;
    }
    return { rows, asOf, countsAvailable: rows.length === 0 || rows.some((r) => r.hosts_total !== null) };
  }

  async facets(): Promise<UpdatesFacets> {
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

  async download(
    updateIds: readonly string[],
    force: boolean,
  ): Promise<{ queued: number; skipped: number; failed: number; taskIds: number[] }> {
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
    const { result, asOf } = await this.client().requestWithMeta(
      '/api/v2/windows_updates_downloads',
      z.array(ServerTask),
      { params: { limit: String(limit) } },
    );
    const rows = result.map((t) => pick<DownloadTask>(t, TASK_KEYS));
    return { rows, running: rows.filter((r) => RUNNING_TASK_STATES.has(r.status ?? '')).length, asOf };
  }

  async cabHistory(limit: number): Promise<CabHistory> {
    const { result, asOf } = await this.client().requestWithMeta(
      '/api/v2/wsusscan2_history',
      z.array(ServerCabHistory),
      { params: { limit: String(limit) } },
    );
    return { rows: result.map((r) => pick<CabHistoryRow>(r, HISTORY_KEYS)), asOf };
  }

  /** The 1.8.2 console sends `DELETE api/v2/wsusscan2_history?uuid=<csv ids>` (server-api.md §6.5). */
  async deleteCabHistory(ids: readonly number[]): Promise<{ deleted: number }> {
    const n = await this.client().request('/api/v2/wsusscan2_history', z.unknown(), {
      method: 'DELETE',
      params: { uuid: ids.join(',') },
    });
    return { deleted: typeof n === 'number' ? n : ids.length };
  }

  async catalogHealth(): Promise<CatalogHealth> {
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
      this.tasks(200),
    ]);
    return {
      lastCab: history.rows[0] ?? null,
      lastSuccessfulCab: history.rows.find((r) => r.status === 'OK') ?? null,
      updatesTotal: all.total,
      updatesNotCached: notCached.total,
      tasksRunning: tasks.running,
      asOf: all.asOf,
    };
  }
}
