import '../zod-setup';
import { z } from 'zod';

/**
 * The fleet "Windows Updates" tab (docs/wapt-console-features.md §1.A): the catalog of updates some host
 * reported, its facets, the server-side download cache, the download-task monitor and the
 * wsusscn2.cab sync history (docs/wapt-server-api.md §6.2, §6.5).
 */

/** MSRC severities; `none` stands for updates without a severity (WAPT sends `null` in the severity list). */
export const SEVERITIES = ['Critical', 'Important', 'Moderate', 'Low', 'none'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** One row of the updates grid: a `WsusUpdates` row plus the per-status host counts (reference-server extension). */
export const UpdateRow = z.object({
  update_id: z.string(),
  title: z.string(),
  kbids: z.array(z.string()),
  product: z.string().nullable(),
  classification: z.string().nullable(),
  severity: z.string().nullable(),
  changetime: z.string().nullable(),
  max_download_size: z.number().nullable(),
  min_download_size: z.number().nullable(),
  /** When the server cached the files; null = not on the server. */
  downloaded_on: z.string().nullable(),
  update_type: z.string().nullable(),
  cve_ids: z.array(z.string()),
  security_bulletin_ids: z.array(z.string()),
  superseded_update_ids: z.array(z.string()),
  download_urls: z.array(z.string()),
  languages: z.array(z.string()),
  can_request_user_input: z.string().nullable(),
  is_mandatory: z.boolean().nullable(),
  requires_network_connectivity: z.boolean().nullable(),
  is_beta: z.boolean().nullable(),
  is_uninstallable: z.boolean().nullable(),
  reboot_behaviour: z.string().nullable(),
  installation_impact: z.string().nullable(),
  uninstallation_impact: z.string().nullable(),
  uninstallation_notes: z.string().nullable(),
  support_url: z.string().nullable(),
  release_notes: z.string().nullable(),
  created_on: z.string().nullable(),
  created_by: z.string().nullable(),
  updated_on: z.string().nullable(),
  updated_by: z.string().nullable(),
  /** Hosts per status of this update; null from a server without the aggregate extension. */
  hosts_ok: z.number().nullable(),
  hosts_pending: z.number().nullable(),
  hosts_missing: z.number().nullable(),
  hosts_discarded: z.number().nullable(),
  hosts_error: z.number().nullable(),
  hosts_total: z.number().nullable(),
});
export type UpdateRow = z.infer<typeof UpdateRow>;

/** Columns the server can sort on (the reference server's `order_by`). */
export const UPDATE_SORTABLE = [
  'changetime',
  'title',
  'product',
  'classification',
  'severity',
  'max_download_size',
  'downloaded_on',
  'update_id',
  'kbids',
  'hosts_ok',
  'hosts_pending',
  'hosts_missing',
  'hosts_discarded',
  'hosts_error',
  'hosts_total',
] as const;

const FacetValue = z.string().min(1).max(300);

/**
 * The left pane. `null` lists mean "all" (no filter sent); an empty list matches nothing.
 * `cached`: all, only updates cached on the server, or only those not cached yet.
 */
export const UpdatesFilter = z
  .object({
    products: z.array(FacetValue).max(1000).nullable().default(null),
    classifications: z.array(FacetValue).max(200).nullable().default(null),
    severities: z.array(Severity).max(SEVERITIES.length).nullable().default(null),
    text: z.string().trim().max(200).default(''),
    cached: z.enum(['all', 'yes', 'no']).default('all'),
    hasKb: z.boolean().default(false),
  })
  .strict();
export type UpdatesFilter = z.input<typeof UpdatesFilter>;
export type ParsedUpdatesFilter = z.output<typeof UpdatesFilter>;
export const ALL_UPDATES: ParsedUpdatesFilter = {
  products: null,
  classifications: null,
  severities: null,
  text: '',
  cached: 'all',
  hasKb: false,
};

export const UpdatesPageInput = z
  .object({
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(5000),
    sort: z
      .object({ colId: z.enum(UPDATE_SORTABLE), desc: z.boolean() })
      .nullable()
      .default(null),
    filter: UpdatesFilter.default(ALL_UPDATES),
  })
  .strict();

export const UpdatesPage = z.object({
  rows: z.array(UpdateRow),
  total: z.number().int(),
  offset: z.number().int(),
  asOf: z.string(),
  /**
   * Where the `hosts_*` counts come from: the server (reference extension), the console's own
   * computation from every host's data, or nowhere yet (then they are null and the grid hides
   * them with a note). docs/server-capabilities.md.
   */
  countsSource: z.enum(['server', 'computed', 'none']).optional(),
  /** Server time of the data the computed counts describe. */
  countsAsOf: z.string().nullable().optional(),
});
export type UpdatesPage = z.infer<typeof UpdatesPage>;

export const FacetEntry = z.object({ name: z.string(), count: z.number().int().nullable() });
export const UpdatesFacets = z.object({
  products: z.array(FacetEntry),
  classifications: z.array(FacetEntry),
  asOf: z.string(),
});
export type UpdatesFacets = z.infer<typeof UpdatesFacets>;

/** A `WsusDownloadTasks` row (docs/wapt-server-api.md §6.2; `kind` and `status` values are inferred). */
export const DownloadTask = z.object({
  id: z.number().int(),
  task_id: z.string().nullable(),
  kind: z.string().nullable(),
  status: z.string().nullable(),
  msg: z.string().nullable(),
  url: z.string().nullable(),
  started_on: z.string().nullable(),
  finished_on: z.string().nullable(),
  local_filename: z.string().nullable(),
  file_size: z.number().nullable(),
  target_size: z.number().nullable(),
  file_date: z.string().nullable(),
  error: z.string().nullable(),
  skipped: z.boolean().nullable(),
  forced: z.boolean().nullable(),
  update_id: z.string().nullable(),
  /** 0–100 (reference-server extension; null when the server does not say). */
  progress: z.number().nullable(),
  created_on: z.string().nullable(),
  created_by: z.string().nullable(),
});
export type DownloadTask = z.infer<typeof DownloadTask>;
export const DownloadTasks = z.object({
  rows: z.array(DownloadTask),
  running: z.number().int(),
  asOf: z.string(),
});
export type DownloadTasks = z.infer<typeof DownloadTasks>;

/** A wsusscn2.cab sync history row (grid `GridWSUSScan`, docs/wapt-server-api.md §6.5). */
export const CabHistoryRow = z.object({
  id: z.number().int(),
  uuid: z.string().nullable(),
  created_on: z.string().nullable(),
  file_date: z.string().nullable(),
  status: z.string().nullable(),
  file_size: z.number().nullable(),
  error: z.string().nullable(),
  reason: z.string().nullable(),
  result: z.string().nullable(),
  forced: z.boolean().nullable(),
  skipped: z.boolean().nullable(),
  cablist: z.array(z.string()),
  target_size: z.number().nullable(),
  file_timestamp: z.string().nullable(),
  updated_on: z.string().nullable(),
  updated_by: z.string().nullable(),
  created_by: z.string().nullable(),
});
export type CabHistoryRow = z.infer<typeof CabHistoryRow>;
export const CabHistory = z.object({ rows: z.array(CabHistoryRow), asOf: z.string() });
export type CabHistory = z.infer<typeof CabHistory>;

/** Catalog health (docs/wapt-console-features.md §3 #8): age of the cab, last failure, updates not cached yet. */
export const CatalogHealth = z.object({
  lastCab: CabHistoryRow.nullable(),
  lastSuccessfulCab: CabHistoryRow.nullable(),
  updatesTotal: z.number().int(),
  updatesNotCached: z.number().int(),
  /** null when the server has no download-task route (a genuine server: docs/server-capabilities.md). */
  tasksRunning: z.number().int().nullable(),
  asOf: z.string(),
});
export type CatalogHealth = z.infer<typeof CatalogHealth>;

const UpdateIds = z.array(z.string().min(1).max(200)).min(1).max(10_000);

export const updatesMethods = {
  'updates.page': { input: UpdatesPageInput, output: UpdatesPage },
  'updates.facets': { input: z.object({}).strict(), output: UpdatesFacets },
  /** "Download selected" on the server (mutating: refused while no key is unlocked). */
  'updates.download': {
    input: z.object({ updateIds: UpdateIds, force: z.boolean().default(false) }).strict(),
    output: z.object({
      queued: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
      taskIds: z.array(z.number().int()),
    }),
  },
  /** Deletes the server's cached files of updates (mutating). */
  'updates.deleteCached': {
    input: z.object({ updateIds: UpdateIds }).strict(),
    output: z.object({ files: z.number().int(), updates: z.number().int() }),
  },
  /** Starts the server's wsusscn2.cab download (mutating). */
  'updates.downloadCab': {
    input: z.object({ force: z.boolean().default(false) }).strict(),
    output: z.object({ status: z.string(), skipped: z.boolean(), taskId: z.number().int().nullable() }),
  },
  'updates.tasks': {
    input: z.object({ limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    output: DownloadTasks,
  },
  'updates.cabHistory': {
    input: z.object({ limit: z.number().int().min(1).max(5000).default(200) }).strict(),
    output: CabHistory,
  },
  /** Deletes cab history rows by id (mutating). */
  'updates.deleteCabHistory': {
    input: z.object({ ids: z.array(z.number().int().min(0)).min(1).max(5000) }).strict(),
    output: z.object({ deleted: z.number().int() }),
  },
  'updates.catalogHealth': { input: z.object({}).strict(), output: CatalogHealth },
} as const;
