import '../zod-setup';
import { z } from 'zod';

/** One row of the hosts grid: a projection of the server's Hosts columns (docs/wapt-server-api.md §3.2.1). */
export const HostRow = z.object({
  uuid: z.string(),
  computer_fqdn: z.string().nullable(),
  computer_name: z.string().nullable(),
  description: z.string().nullable(),
  host_status: z.string().nullable(),
  reachable: z.string().nullable(),
  audit_status: z.string().nullable(),
  /** `waptwua_status.status` (OK / PENDING_UPDATES / ERROR / …). */
  wua_status: z.string().nullable(),
  connected_ips: z.array(z.string()),
  mac_addresses: z.array(z.string()),
  os_name: z.string().nullable(),
  os_version: z.string().nullable(),
  platform: z.string().nullable(),
  manufacturer: z.string().nullable(),
  productname: z.string().nullable(),
  serialnr: z.string().nullable(),
  last_seen_on: z.string().nullable(),
  connected_users: z.array(z.string()),
  last_logged_on_user: z.string().nullable(),
  wapt_version: z.string().nullable(),
  dnsdomain: z.string().nullable(),
  computer_ad_site: z.string().nullable(),
  computer_ad_ou: z.string().nullable(),
  /** Group packages the host depends on (csv from the server). */
  depends: z.string().nullable(),
  /** Per-host Windows-update counts by state (reference-server extension; null from servers without it). */
  wua_ok_count: z.number().nullable(),
  wua_pending_count: z.number().nullable(),
  wua_missing_count: z.number().nullable(),
  wua_discarded_count: z.number().nullable(),
  wua_error_count: z.number().nullable(),
});
export type HostRow = z.infer<typeof HostRow>;

export const HOST_SORTABLE = [
  'computer_fqdn',
  'description',
  'host_status',
  'reachable',
  'audit_status',
  'os_name',
  'productname',
  'manufacturer',
  'last_seen_on',
  'wapt_version',
  'last_logged_on_user',
  'platform',
  'serialnr',
  'dnsdomain',
  'computer_ad_site',
  'computer_ad_ou',
  'wua_ok_count',
  'wua_pending_count',
  'wua_missing_count',
  'wua_discarded_count',
  'wua_error_count',
] as const;

export const SearchScope = z.enum(['all', 'host', 'hardware', 'software', 'packages']);
export type SearchScope = z.infer<typeof SearchScope>;

/** A regular expression the server can run: checked here so a typo is a clear VALIDATION error, not an empty grid. */
export const SearchRegex = z
  .string()
  .max(500)
  .refine((s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

export const HostSearch = z
  .object({
    text: SearchRegex.default(''),
    scope: SearchScope.default('all'),
    not: z.boolean().default(false),
    hasErrors: z.boolean().default(false),
    needUpgrade: z.boolean().default(false),
    connectedOnly: z.boolean().default(false),
    groups: z.array(z.string().min(1).max(200)).max(100).default([]),
  })
  .strict();
export type HostSearch = z.input<typeof HostSearch>;

export const HostsPageInput = z
  .object({
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(5000),
    sort: z
      .object({ colId: z.enum(HOST_SORTABLE), desc: z.boolean() })
      .nullable()
      .default(null),
    search: HostSearch.default({
      text: '',
      scope: 'all',
      not: false,
      hasErrors: false,
      needUpgrade: false,
      connectedOnly: false,
      groups: [],
    }),
  })
  .strict();

/** Largest "maximum hosts to display" the console accepts (WAPT's own default is 2,000). */
export const HOSTS_DISPLAY_LIMIT_MAX = 50_000;

const EMPTY_HOST_SEARCH = {
  text: '',
  scope: 'all',
  not: false,
  hasErrors: false,
  needUpgrade: false,
  connectedOnly: false,
  groups: [],
} as const;

/**
 * The whole hosts listing in one request, as a genuine WAPT server answers it (docs/hosts-listing.md):
 * the server-side filters it supports and `limit`; no offset, no order (the server always orders
 * by last seen, newest first), no total.
 */
export const HostsListInput = z
  .object({
    limit: z.number().int().min(1).max(HOSTS_DISPLAY_LIMIT_MAX),
    search: HostSearch.default({ ...EMPTY_HOST_SEARCH, groups: [] }),
  })
  .strict();

export const HostsList = z.object({
  rows: z.array(HostRow),
  limit: z.number().int(),
  /** The server sent as many rows as asked: there may be more hosts than shown. */
  limitReached: z.boolean(),
  asOf: z.string(),
});
export type HostsList = z.infer<typeof HostsList>;

export const HostsPage = z.object({
  rows: z.array(HostRow),
  total: z.number().int(),
  offset: z.number().int(),
  asOf: z.string(),
});
export type HostsPage = z.infer<typeof HostsPage>;

export const WuaStatusPanel = z.object({
  status: z.string().nullable(),
  enabled: z.boolean().nullable(),
  agentVersion: z.string().nullable(),
  cabDate: z.string().nullable(),
  lastScanDate: z.string().nullable(),
  lastScanDuration: z.number().nullable(),
  lastError: z.string().nullable(),
  rebootNeeded: z.boolean().nullable(),
});
export type WuaStatusPanel = z.infer<typeof WuaStatusPanel>;

export const HostUpdateRow = z.object({
  update_id: z.string(),
  status: z.string().nullable(),
  title: z.string(),
  kbids: z.array(z.string()),
  product: z.string().nullable(),
  classification: z.string().nullable(),
  severity: z.string().nullable(),
  changetime: z.string().nullable(),
  install_date: z.string().nullable(),
  max_download_size: z.number().nullable(),
  allowed: z.boolean().nullable(),
  installed: z.boolean().nullable(),
  downloaded: z.boolean().nullable(),
  present: z.boolean().nullable(),
  hidden: z.boolean().nullable(),
  delayed: z.boolean().nullable(),
  superseded_update_ids: z.array(z.string()),
  reboot_behaviour: z.string().nullable(),
  downloaded_on: z.string().nullable(),
  update_type: z.string().nullable(),
});
export type HostUpdateRow = z.infer<typeof HostUpdateRow>;

export const HostHistoryRow = z.object({
  date: z.string().nullable(),
  operation: z.string().nullable(),
  result: z.string().nullable(),
  title: z.string().nullable(),
  update_id: z.string().nullable(),
  categories: z.array(z.string()),
  description: z.string().nullable(),
});
export type HostHistoryRow = z.infer<typeof HostHistoryRow>;

export const HostDetails = z.object({
  host: HostRow,
  wua: WuaStatusPanel,
  updates: z.array(HostUpdateRow),
  history: z.array(HostHistoryRow),
  asOf: z.string(),
});
export type HostDetails = z.infer<typeof HostDetails>;

/**
 * One package of a host (host details, every edition): the server's `HostPackagesStatus` row
 * (host_data?field=installed_packages), or a package the agent still has to install, read from
 * `last_update_status.pending` (docs/host-inventory.md). Every field but the name may be null.
 */
export const HostPackageRow = z.object({
  package: z.string(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  /** OK, NEED-UPGRADE, NEED-INSTALL, NEED-REMOVE, ERROR…, as the server or agent says it. */
  status: z.string().nullable(),
  section: z.string().nullable(),
  architecture: z.string().nullable(),
  locale: z.string().nullable(),
  maturity: z.string().nullable(),
  description: z.string().nullable(),
  installDate: z.string().nullable(),
  auditStatus: z.string().nullable(),
  auditedOn: z.string().nullable(),
  nextAuditOn: z.string().nullable(),
  installOutput: z.string().nullable(),
  signer: z.string().nullable(),
  /** `installed`: a HostPackagesStatus row; `pending`: only in the agent's pending list. */
  source: z.enum(['installed', 'pending']),
});
export type HostPackageRow = z.infer<typeof HostPackageRow>;

export const HostPackages = z.object({ rows: z.array(HostPackageRow), asOf: z.string() });
export type HostPackages = z.infer<typeof HostPackages>;

/** One installed software of a host (host_data?field=installed_softwares). */
export const HostSoftwareRow = z.object({
  key: z.string().nullable(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  publisher: z.string().nullable(),
  installDate: z.string().nullable(),
  installLocation: z.string().nullable(),
  uninstallString: z.string().nullable(),
  systemComponent: z.boolean().nullable(),
});
export type HostSoftwareRow = z.infer<typeof HostSoftwareRow>;

export const HostSoftwares = z.object({ rows: z.array(HostSoftwareRow), asOf: z.string() });
export type HostSoftwares = z.infer<typeof HostSoftwares>;

/** A leaf of a host's hardware inventory: its path from the section root and its value as text. */
export const HardwareEntry = z.object({ path: z.array(z.string()), value: z.string() });
export type HardwareEntry = z.infer<typeof HardwareEntry>;

export const HardwareSource = z.enum(['dmi', 'host_info', 'wmi']);
export type HardwareSource = z.infer<typeof HardwareSource>;

/** The host's `dmi`, `host_info` and `wmi` JSON, flattened to leaves (the renderer rebuilds the tree). */
export const HostHardware = z.object({
  sections: z.array(
    z.object({
      source: HardwareSource,
      entries: z.array(HardwareEntry),
      /** Leaves not sent because the section is very large. */
      truncated: z.number().int(),
    }),
  ),
  asOf: z.string(),
});
export type HostHardware = z.infer<typeof HostHardware>;

/** One agent task (docs/wapt-server-api.md §5.4). */
export const HostTask = z.object({
  id: z.number(),
  description: z.string().nullable(),
  state: z.enum(['RUNNING', 'PENDING', 'DONE', 'ERROR', 'CANCELLED']),
  progress: z.number().nullable(),
  summary: z.string().nullable(),
  created: z.string().nullable(),
  started: z.string().nullable(),
  finished: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type HostTask = z.infer<typeof HostTask>;

/** The host's task list, or why it cannot be had (the host is not connected to this server). */
export const HostTasks = z.object({ reachable: z.boolean(), tasks: z.array(HostTask), asOf: z.string() });
export type HostTasks = z.infer<typeof HostTasks>;

/** What `hosts_delete` did: the files it removed and its message lines ("2 hosts removed from DB"). */
export const HostsDeleteResult = z.object({ files: z.array(z.string()), messages: z.array(z.string()) });
export type HostsDeleteResult = z.infer<typeof HostsDeleteResult>;

export const hostsMethods = {
  'hosts.tasks': { input: z.object({ uuid: z.string().min(1).max(255) }).strict(), output: HostTasks },
  'hosts.page': { input: HostsPageInput, output: HostsPage },
  'hosts.list': { input: HostsListInput, output: HostsList },
  'hosts.packages': { input: z.object({ uuid: z.string().min(1).max(255) }).strict(), output: HostPackages },
  'hosts.softwares': {
    input: z.object({ uuid: z.string().min(1).max(255) }).strict(),
    output: HostSoftwares,
  },
  'hosts.hardware': { input: z.object({ uuid: z.string().min(1).max(255) }).strict(), output: HostHardware },
  'hosts.details': {
    input: z
      .object({
        uuid: z.string().min(1).max(255),
        /** Read the host's Windows updates too (only where the server has WUA: Enterprise). */
        withUpdates: z.boolean().default(true),
      })
      .strict(),
    output: HostDetails,
  },
  'hosts.groups': { input: z.object({}).strict(), output: z.array(z.string()) },
  /**
   * WAPT's "Remove host" (`hosts_delete`, docs/host-actions.md): `deletePackages` removes the host
   * packages from the server's host folder, `deleteInventory` the hosts from its database.
   */
  'hosts.delete': {
    input: z
      .object({
        uuids: z.array(z.string().min(1).max(255)).min(1).max(50_000),
        deletePackages: z.boolean(),
        deleteInventory: z.boolean(),
      })
      .strict()
      .refine((v) => v.deletePackages || v.deleteInventory, {
        message: 'choose what to delete: the host packages, the inventory, or both',
        path: ['deleteInventory'],
      }),
    output: HostsDeleteResult,
  },
} as const;
