import { decideUpdate, mergeRules, type WuaRulesPackage } from '../../common/domain/wua-rules';
import { waptwuaRulesColumn, type SimSettings } from './agent-effects';
import type { Db } from '../db/connection';
import { createWsusTriggers, dropWsusTriggers } from '../db/migrations';
import { guid, intBetween, isoTimestamp, pick, prng, type Rng } from '../util';
import { WSUS_UPDATE_COLUMNS } from '../db/wsus-columns';
import {
  HOST_PACKAGES,
  HOST_SOFTWARES,
  HOST_WSUS,
  HOSTS,
  insertedColumns,
  insertSql,
  valuesOf,
  WSUS_UPDATE_STATS,
  WSUS_UPDATES,
} from '../db/fleet-tables';
import {
  generateCatalog,
  hostTargets,
  OS_PROFILES,
  type Catalog,
  type CatalogUpdate,
  type OsProfile,
} from './catalog';

/**
 * Generates the simulated fleet straight into the database: hosts with realistic names,
 * hardware, OS, AD placement and agent data; their installed packages and softwares; the WUA
 * catalogue and each host's state over it, decided by the same rules code as the console
 * (common/domain/wua-rules.ts). Deterministic for a given seed and reference time.
 *
 * Speed: one transaction, prepared statements, the aggregate triggers dropped during the bulk
 * load and the aggregates rebuilt in one GROUP BY pass at the end.
 */

export interface DemoPackageRef {
  package: string;
  /** The control's `name` (e.g. `7-Zip`), shown by host details; the package id when absent. */
  name?: string;
  version: string;
  section: string;
  /** Older version some hosts still run (→ NEED-UPGRADE). */
  previousVersion?: string;
  architecture?: string;
  maturity?: string;
  description?: string;
  signer?: string;
  signer_fingerprint?: string;
  signature_date?: string;
  package_uuid?: string;
  /** Which hosts carry it. */
  audience: 'all' | 'workstations' | 'servers' | 'pilot';
}

export interface FleetOptions {
  hosts: number;
  seed: number;
  now: number;
  serverUuid: string;
  packages: readonly DemoPackageRef[];
  rulesPackages: readonly WuaRulesPackage[];
  repoUrl?: string;
  months?: number;
  /** Called every 5,000 hosts. */
  progress?: (done: number, total: number) => void;
}

const SITES = [
  { name: 'Paris', code: 'PAR', net: 10 },
  { name: 'Lyon', code: 'LYO', net: 20 },
  { name: 'Nantes', code: 'NTE', net: 30 },
  { name: 'Bordeaux', code: 'BDX', net: 40 },
  { name: 'Lille', code: 'LIL', net: 50 },
] as const;
const FIRST = [
  'Claire',
  'Julien',
  'Sophie',
  'Thomas',
  'Camille',
  'Nicolas',
  'Emma',
  'Lucas',
  'Chloé',
  'Hugo',
  'Léa',
  'Antoine',
  'Manon',
  'Pierre',
  'Inès',
  'Mathieu',
  'Sarah',
  'Romain',
  'Julie',
  'Maxime',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
];
const LAPTOPS = [
  ['Dell Inc.', 'Latitude 5440'],
  ['Dell Inc.', 'Latitude 7430'],
  ['HP', 'HP EliteBook 840 G9'],
  ['LENOVO', 'ThinkPad T14 Gen 3'],
  ['LENOVO', 'ThinkPad X1 Carbon Gen 10'],
] as const;
const DESKTOPS = [
  ['Dell Inc.', 'OptiPlex 7010'],
  ['HP', 'HP ProDesk 600 G6 Small Form Factor PC'],
  ['LENOVO', 'ThinkCentre M70q Gen 3'],
  ['Dell Inc.', 'Precision 3660 Tower'],
] as const;
const SERVERS = [
  ['Dell Inc.', 'PowerEdge R650'],
  ['HPE', 'ProLiant DL380 Gen10'],
  ['VMware, Inc.', 'VMware7,1'],
  ['Microsoft Corporation', 'Virtual Machine'],
] as const;
const SERVER_ROLES = ['FS', 'SQL', 'APP', 'DC', 'PRN', 'RDS', 'WEB'];
const WAPT_VERSIONS = [
  '1.8.2.7373',
  '1.8.2.7373',
  '1.8.2.7373',
  '1.8.2.7373',
  '1.8.2.7373',
  '1.8.2.7334',
  '1.8.1.6758',
  '1.7.4.6296',
];

function weighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return items[items.length - 1]![0];
}

const WORKSTATION_OS: ReadonlyArray<readonly [string, number]> = [
  ['win10-22h2-x64', 40],
  ['win10-22h2-x86', 3],
  ['win10-21h2-x64', 12],
  ['win10-1809-x64', 5],
  ['win11-23h2-x64', 28],
  ['win11-22h2-x64', 12],
];
const SERVER_OS: ReadonlyArray<readonly [string, number]> = [
  ['ws2016-x64', 25],
  ['ws2019-x64', 40],
  ['ws2022-x64', 35],
];

export interface GeneratedHost {
  row: Record<string, unknown>;
  kind: 'laptop' | 'desktop' | 'server';
  os: OsProfile;
  office: false | 'x86' | 'x64';
  pilot: boolean;
  patchLag: number;
  settings: SimSettings;
  user: string | null;
}

const j = (v: unknown) => JSON.stringify(v);
const hex = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');

/** One host, a pure function of the PRNG state. */
export function generateHost(
  i: number,
  rng: Rng,
  opts: Pick<FleetOptions, 'now' | 'serverUuid' | 'repoUrl'>,
): GeneratedHost {
  const site = pick(rng, SITES);
  const kind = weighted(rng, [
    ['laptop', 46],
    ['desktop', 46],
    ['server', 8],
  ] as const);
  const osKey = weighted(rng, kind === 'server' ? SERVER_OS : WORKSTATION_OS);
  const os = OS_PROFILES.find((o) => o.key === osKey)!;
  const first = pick(rng, FIRST);
  const last = pick(rng, LAST);
  const login = `${first[0]!.toLowerCase()}${last.toLowerCase()}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  const seq = String(i + 1).padStart(5, '0');
  const name =
    kind === 'server'
      ? `SRV-${site.code}-${pick(rng, SERVER_ROLES)}${String((i % 90) + 1).padStart(2, '0')}`
      : `${site.code}-${kind === 'laptop' ? 'LT' : 'DT'}-${seq}`;
  const computerName = kind === 'server' ? `${name}-${seq}` : name;
  const fqdn = `${computerName.toLowerCase()}.corp.lan`;
  const models: ReadonlyArray<readonly [string, string]> =
    kind === 'laptop' ? LAPTOPS : kind === 'desktop' ? DESKTOPS : SERVERS;
  const [manufacturer, model] = pick(rng, models);
  const serial = Array.from(
    { length: 7 },
    () => '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(rng() * 34)],
  ).join('');
  const uuid = guid(rng, true);
  const reachable = rng() < 0.88;
  const seenAgo = reachable ? intBetween(rng, 5, 3600) : intBetween(rng, 3600 * 2, 3600 * 24 * 30);
  const lastSeen = isoTimestamp(opts.now - seenAgo * 1000);
  const ip = `10.${site.net}.${intBetween(rng, 1, 30)}.${intBetween(rng, 10, 250)}`;
  const mac = Array.from({ length: 6 }, () => hex(rng, 2)).join(':');
  const ouLeaf = kind === 'server' ? 'Servers' : kind === 'laptop' ? 'Laptops' : 'Desktops';
  const ou = `OU=${ouLeaf},OU=${site.name},DC=corp,DC=lan`;
  const user = kind === 'server' ? null : `${login}`;
  const connectedUsers = reachable && user && rng() < 0.8 ? [`CORP\\${user}`] : [];
  const office: false | 'x86' | 'x64' =
    kind !== 'server' && rng() < 0.7 ? (os.arch === 'x86' || rng() < 0.6 ? 'x86' : 'x64') : false;
  const pilot = kind !== 'server' && rng() < 0.1;
  const patchLag = weighted(rng, [
    [0, 50],
    [1, 25],
    [2, 12],
    [3, 6],
    [5, 4],
    [8, 3],
  ] as const);
  const waptVersion = pick(rng, WAPT_VERSIONS);
  const settings: SimSettings = {
    os: os.key,
    default_allow: kind === 'server' ? false : rng() < 0.3,
    allowed_severities: null,
    install_delay: kind === 'server' ? '14d' : rng() < 0.7 ? '7d' : null,
    failRate: rng() < 0.1 ? 0.25 : 0.02,
  };
  const memory = kind === 'server' ? pick(rng, [16, 32, 64, 128]) : pick(rng, [8, 16, 16, 32]);
  const description =
    kind === 'server'
      ? `${site.name} server`
      : `${kind === 'laptop' ? 'Laptop' : 'Desktop'} of ${first} ${last}`;
  const certFp = hex(rng, 64);
  const capabilities = {
    uuid,
    language: 'fr',
    os: 'Windows',
    os_version: os.osVersion,
    architecture: os.arch,
    dn: `CN=${computerName},${ou}`,
    fqdn,
    site: site.name,
    wapt_version: waptVersion,
    wapt_edition: 'enterprise',
    packages_trusted_ca_fingerprints: [],
    packages_blacklist: [],
    packages_whitelist: [],
    packages_locales: ['fr', 'en'],
    packages_maturities: ['PROD'],
    use_host_packages: true,
    host_packages_names: [],
    host_profiles: [],
    host_certificate_fingerprint: certFp,
    host_certificate_authority_key_identifier: null,
    on_date: lastSeen,
  };
  const row: Record<string, unknown> = {
    uuid,
    computer_fqdn: fqdn,
    description,
    computer_name: computerName,
    computer_type: kind === 'server' ? 'Server' : kind === 'laptop' ? 'Laptop' : 'Desktop',
    computer_architecture: os.arch,
    manufacturer,
    productname: model,
    serialnr: serial,
    host_certificate: null,
    registration_auth_user: rng() < 0.9 ? 'Kerberos' : 'admin',
    authorized_certificates_sha256: j([]),
    os_name: os.osName,
    os_version: os.osVersion,
    os_architecture: os.arch,
    platform: 'Windows',
    connected_users: j(connectedUsers),
    connected_ips: j([ip]),
    mac_addresses: j([mac]),
    gateways: j([`10.${site.net}.0.1`]),
    networks: j([`10.${site.net}.0.0/16`]),
    dnsdomain: 'corp.lan',
    computer_ad_site: site.name,
    computer_ad_ou: ou,
    computer_ad_groups: j([
      `GG_Computers_${site.name}`,
      kind === 'server' ? 'GG_Servers' : 'GG_Workstations',
    ]),
    reachable: reachable ? 'OK' : 'DISCONNECTED',
    server_uuid: reachable ? opts.serverUuid : null,
    listening_protocol: reachable ? 'websockets' : null,
    listening_address: reachable ? hex(rng, 20) : null,
    listening_port: null,
    listening_timestamp: reachable ? lastSeen : null,
    repositories: opts.repoUrl ?? 'https://srvwapt.corp.lan/wapt',
    host_status: 'OK',
    last_seen_on: lastSeen,
    last_logged_on_user: user === null ? null : `CORP\\${user}`,
    audit_status: weighted(rng, [
      ['OK', 85],
      ['WARNING', 10],
      ['ERROR', 5],
    ] as const),
    wapt_version: waptVersion,
    wapt_status: j({ 'wapt-exe-version': waptVersion, 'wapt-setup-version': waptVersion }),
    last_update_status: null,
    host_info: j({
      computer_name: computerName,
      computer_fqdn: fqdn,
      description,
      domain_name: 'corp.lan',
      domain_controller: `\\\\DC01.corp.lan`,
      windows_version: os.osVersion,
      windows_product_infos: { version: os.osName },
      cpu_name:
        kind === 'server' ? 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz' : 'Intel(R) Core(TM) i5-1245U',
      physical_memory: memory * 1073741824,
      system_manufacturer: manufacturer,
      system_productname: model,
      connected_ips: [ip],
      mac: [mac],
      main_ip: ip,
      current_user: connectedUsers,
    }),
    host_capabilities: j(capabilities),
    host_metrics: j({
      physical_memory: memory * 1073741824,
      cpu_count: kind === 'server' ? 16 : 4,
      boot_count: intBetween(rng, 10, 900),
    }),
    dmi: j({
      System_Information: {
        Manufacturer: manufacturer,
        Product_Name: model,
        Serial_Number: serial,
        UUID: uuid,
      },
      Chassis_Information: {
        Type: kind === 'laptop' ? 'Notebook' : kind === 'server' ? 'Rack Mount Chassis' : 'Desktop',
      },
      BIOS_Information: { Vendor: manufacturer, Version: `1.${intBetween(rng, 2, 30)}.0` },
    }),
    wmi: j({
      Win32_ComputerSystem: { Domain: 'corp.lan', Model: model, TotalPhysicalMemory: memory * 1073741824 },
    }),
    wuauserv_status: j({
      start_mode: 'Disabled',
      running: false,
      auto_update: false,
      use_wuserver: false,
      disable_os_upgrade: true,
      disable_access: false,
      policy_disable_access: false,
      gwx_disable: true,
      reboot_needed: false,
      agent_version: `${os.osVersion}.${intBetween(rng, 1000, 4000)}`,
    }),
    waptwua_status: null,
    waptwua_rules: null,
    status_hashes: null,
    created_on: isoTimestamp(opts.now - intBetween(rng, 30, 700) * 86_400_000),
    updated_on: lastSeen,
    created_by: null,
    updated_by: null,
    sim_settings: j(settings),
  };
  return { row, kind, os, office, pilot, patchLag, settings, user };
}

/** The hosts columns a generated row fills (`GeneratedHost.row` is keyed by them). */
const HOST_COLUMNS = insertedColumns(HOSTS);

export { WSUS_UPDATE_COLUMNS };
export { waptwuaRulesColumn, type SimSettings };

/** Row values of a catalogue update for `wsus_updates` (arrays as JSON, booleans as 0/1). */
export function wsusUpdateRow(u: CatalogUpdate, downloadedOn: string | null, createdOn: string): unknown[] {
  const rec: Record<string, unknown> = {
    ...u,
    downloaded_on: downloadedOn,
    created_on: createdOn,
    updated_on: createdOn,
  };
  return WSUS_UPDATE_COLUMNS.map((c) => {
    const v = rec[c];
    if (Array.isArray(v)) return JSON.stringify(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    return v ?? null;
  });
}

/**
 * One entry of a host's software inventory (`HostSoftwares`, docs/wapt-server-api.md §3.3). `key` is the
 * uninstall registry key: an MSI product code (`msi`) or a plain name; `location` the install folder.
 */
interface SoftwareSpec {
  name: string;
  version: string;
  publisher: string;
  key: 'msi' | string;
  location: string | null;
  system?: boolean;
}

const SOFTWARES: readonly SoftwareSpec[] = [
  {
    name: '7-Zip 23.01 (x64)',
    version: '23.01',
    publisher: 'Igor Pavlov',
    key: '7-Zip',
    location: 'C:\\Program Files\\7-Zip\\',
  },
  {
    name: 'Mozilla Firefox (x64 fr)',
    version: '126.0.1',
    publisher: 'Mozilla',
    key: 'Mozilla Firefox 126.0.1 (x64 fr)',
    location: 'C:\\Program Files\\Mozilla Firefox',
  },
  {
    name: 'Microsoft Edge',
    version: '125.0.2535.85',
    publisher: 'Microsoft Corporation',
    key: 'Microsoft Edge',
    location: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application',
  },
  {
    name: 'Adobe Acrobat Reader DC - Français',
    version: '24.002.20759',
    publisher: 'Adobe',
    key: 'msi',
    location: 'C:\\Program Files\\Adobe\\Acrobat DC\\',
  },
  {
    name: 'Notepad++ (64-bit x64)',
    version: '8.6.7',
    publisher: 'Notepad++ Team',
    key: 'Notepad++',
    location: 'C:\\Program Files\\Notepad++',
  },
  {
    name: 'VLC media player',
    version: '3.0.20',
    publisher: 'VideoLAN',
    key: 'VLC media player',
    location: 'C:\\Program Files\\VideoLAN\\VLC',
  },
  {
    name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64)',
    version: '14.38.33135.0',
    publisher: 'Microsoft Corporation',
    key: 'msi',
    location: null,
  },
];

const BASE_SOFTWARES = (waptVersion: string): SoftwareSpec[] => [
  {
    name: `WAPT ${waptVersion}`,
    version: waptVersion,
    publisher: 'Tranquil IT',
    key: 'WAPT_is1',
    location: 'C:\\Program Files (x86)\\wapt\\',
  },
  {
    name: 'Microsoft Visual C++ 2022 X64 Minimum Runtime - 14.38.33135',
    version: '14.38.33135',
    publisher: 'Microsoft Corporation',
    key: 'msi',
    location: null,
    system: true,
  },
  {
    name: 'Microsoft Visual C++ 2022 X64 Additional Runtime - 14.38.33135',
    version: '14.38.33135',
    publisher: 'Microsoft Corporation',
    key: 'msi',
    location: null,
    system: true,
  },
  {
    name: 'Microsoft Update Health Tools',
    version: '5.72.0.0',
    publisher: 'Microsoft Corporation',
    key: 'msi',
    location: null,
    system: true,
  },
];

function softwareRow(
  hostId: number,
  sw: SoftwareSpec,
  productCode: string,
  inv: Rng,
  now: number,
  created: string,
): Record<string, unknown> {
  const key = sw.key === 'msi' ? productCode : sw.key;
  const uninstall =
    sw.key === 'msi'
      ? `MsiExec.exe /X${productCode}`
      : sw.location !== null
        ? `"${sw.location.replace(/\\$/, '')}\\uninstall.exe"`
        : null;
  // Windows writes InstallDate as YYYYMMDD.
  const installDate = isoTimestamp(now - intBetween(inv, 5, 900) * 86_400_000)
    .slice(0, 10)
    .replace(/-/g, '');
  return {
    host_id: hostId,
    name: sw.name,
    version: sw.version,
    publisher: sw.publisher,
    key,
    system_component: sw.system === true ? 1 : 0,
    uninstall_string: uninstall,
    install_date: installDate,
    install_location: sw.location,
    created_on: created,
    updated_on: created,
  };
}

/** What `last_audit_output` says for each audit result [wording inferred; WAPT shows the audit's own log]. */
const AUDIT_OUTPUT = {
  OK: (pkg: string) => `Audit of ${pkg}: OK`,
  WARNING: (pkg: string) => `Audit of ${pkg}: WARNING - installed version differs from the expected one`,
  ERROR: (pkg: string) => `Audit of ${pkg}: ERROR - uninstall key not found in the registry`,
} as const;
/** Packages are audited again a week later (the audit period used here) [inferred default]. */
const AUDIT_PERIOD_MS = 7 * 86_400_000;

const CPUS = {
  server: { name: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz', cores: 16, threads: 32, mhz: 2400 },
  workstation: { name: 'Intel(R) Core(TM) i5-1245U', cores: 10, threads: 12, mhz: 1600 },
} as const;

/**
 * Hardware inventory a host-details view shows (the `dmi` and `host_info` trees): processor,
 * memory modules, baseboard, disks and network adapters on top of what generateHost sets. The
 * section names follow dmidecode's as WAPT's agent reports them (docs/wapt-server-api.md §3.2.1: raw agent
 * data) [layout inferred].
 */
function addHardwareDetails(h: GeneratedHost, inv: Rng): void {
  const dmi = JSON.parse(String(h.row.dmi)) as Record<string, Record<string, unknown>>;
  const info = JSON.parse(String(h.row.host_info)) as Record<string, unknown>;
  const cpu = h.kind === 'server' ? CPUS.server : CPUS.workstation;
  const memoryBytes = Number(info.physical_memory);
  const modules = h.kind === 'server' ? 4 : 2;
  const moduleGb = Math.max(1, Math.round(memoryBytes / 1073741824 / modules));
  dmi.Processor_Information = {
    Socket_Designation: 'CPU0',
    Type: 'Central Processor',
    Manufacturer: 'Intel(R) Corporation',
    Version: cpu.name,
    Core_Count: cpu.cores,
    Thread_Count: cpu.threads,
    Current_Speed: `${cpu.mhz} MHz`,
  };
  dmi.Memory_Device = Object.fromEntries(
    Array.from({ length: modules }, (_, n) => [
      `DIMM${n}`,
      { Size: `${moduleGb} GB`, Type: 'DDR4', Speed: '3200 MT/s', Manufacturer: 'Samsung' },
    ]),
  );
  dmi.Base_Board_Information = {
    Manufacturer: dmi.System_Information?.Manufacturer ?? null,
    Product_Name: `${hex(inv, 4).toUpperCase()}`,
    Serial_Number: `/${hex(inv, 7).toUpperCase()}/`,
  };
  const diskGb = h.kind === 'server' ? 480 : inv() < 0.5 ? 256 : 512;
  info.cpu_count = cpu.cores;
  info.cpu_identifier = 'Intel64 Family 6 Model 154 Stepping 4';
  info.disks = [
    {
      name: 'C:',
      filesystem: 'NTFS',
      size: diskGb * 1_000_000_000,
      free: Math.floor(diskGb * 1_000_000_000 * (0.1 + inv() * 0.6)),
    },
  ];
  info.networking = [
    {
      description:
        h.kind === 'laptop' ? 'Intel(R) Wi-Fi 6E AX211 160MHz' : 'Intel(R) Ethernet Connection (16) I219-LM',
      mac: (info.mac as string[] | undefined)?.[0] ?? null,
      addr: (info.connected_ips as string[] | undefined)?.[0] ?? null,
      dhcp: h.kind !== 'server',
    },
  ];
  h.row.dmi = JSON.stringify(dmi);
  h.row.host_info = JSON.stringify(info);
}

export interface FleetResult {
  hosts: number;
  updates: number;
  hostUpdates: number;
  catalog: Catalog;
}

/** Fills an empty database with the demo fleet. */
export function generateFleet(db: Db, opts: FleetOptions): FleetResult {
  const rng = prng(opts.seed);
  // Inventory details (package audits, software, hardware) draw from their own stream, so that
  // richer inventory never shifts the hosts and Windows-update states a seed gives.
  const inv = prng(opts.seed + 0x5bd1e995);
  const repoUrl = opts.repoUrl ?? 'https://srvwapt.corp.lan/wapt';
  const catalog = generateCatalog({ seed: opts.seed, now: opts.now, months: opts.months ?? 20 });
  const created = isoTimestamp(opts.now);
  const lastMonth = catalog.months - 1;

  // Column lists come from the tables' descriptors (server/db/fleet-tables.ts).
  const insertUpdate = db.prepare(insertSql(WSUS_UPDATES, WSUS_UPDATE_COLUMNS));
  const insertHost = db.prepare(insertSql(HOSTS, HOST_COLUMNS));
  // host_wsus rows go in multi-row batches; values are pushed in the descriptor's column order.
  const HW_COLUMNS = insertedColumns(HOST_WSUS);
  const HW_COLS = HW_COLUMNS.length;
  const HW_BATCH = 64;
  const hwSql = (n: number) => insertSql(HOST_WSUS, HW_COLUMNS, n);
  const insertHwBatch = db.prepare(hwSql(HW_BATCH));
  const hwBuffer: unknown[] = [];
  const flushHw = (all: boolean) => {
    while (hwBuffer.length >= HW_BATCH * HW_COLS)
      insertHwBatch.run(...hwBuffer.splice(0, HW_BATCH * HW_COLS));
    if (all && hwBuffer.length > 0) db.prepare(hwSql(hwBuffer.length / HW_COLS)).run(...hwBuffer.splice(0));
  };
  const PKG_COLUMNS = insertedColumns(HOST_PACKAGES);
  const insertPkg = db.prepare(insertSql(HOST_PACKAGES, PKG_COLUMNS));
  const SOFT_COLUMNS = insertedColumns(HOST_SOFTWARES);
  const insertSoftStmt = db.prepare(insertSql(HOST_SOFTWARES, SOFT_COLUMNS));
  const insertSoft = (row: Record<string, unknown>) => insertSoftStmt.run(...valuesOf(row, SOFT_COLUMNS));
  const updateHostStatus = db.prepare(
    `UPDATE hosts SET waptwua_status = ?, waptwua_rules = ?, last_update_status = ?, host_status = ?,
       wua_ok_count = ?, wua_pending_count = ?, wua_missing_count = ?, wua_discarded_count = ?, wua_error_count = ? WHERE id = ?`,
  );
  // update_ref, then the counts in STATUS_INDEX order and the total (the descriptor's order).
  const insertStats = db.prepare(insertSql(WSUS_UPDATE_STATS, insertedColumns(WSUS_UPDATE_STATS)));
  const STATUS_INDEX = { OK: 0, PENDING: 1, MISSING: 2, DISCARDED: 3, ERROR: 4 } as const;
  // Aggregates computed here instead of by the triggers (dropped during the bulk load).
  const stats = catalog.updates.map(() => [0, 0, 0, 0, 0, 0]);

  // Updates for which the server already holds the files (most of them: the demo server "downloaded" what hosts needed).
  const cached = catalog.updates.map((u) => u.month < lastMonth || rng() < 0.5);
  const publishedMs = catalog.updates.map((u) => Date.parse(u.changetime + 'Z'));
  const rulesByName = new Map(opts.rulesPackages.map((p) => [p.package, p]));
  const decisionCache = new Map<string, ReturnType<typeof decideUpdate>>();
  const mergedCache = new Map<string, ReturnType<typeof mergeRules>>();
  let hostUpdates = 0;

  const run = db.transaction(() => {
    dropWsusTriggers(db);
    for (let k = 0; k < catalog.updates.length; k++) {
      const u = catalog.updates[k]!;
      insertUpdate.run(
        ...wsusUpdateRow(
          u,
          cached[k] ? isoTimestamp(Date.parse(u.changetime + 'Z') + 86_400_000) : null,
          created,
        ),
      );
    }
    const updateRefBase = (db.prepare('SELECT MIN(id) AS m FROM wsus_updates').get() as { m: number }).m;
    const cabDate = catalog.monthDates[lastMonth]!;

    // About a hundred progress reports whatever the fleet size (a progress bar, not a log flood).
    const progressEvery = Math.max(50, Math.ceil(opts.hosts / 100));
    for (let i = 0; i < opts.hosts; i++) {
      const h = generateHost(i, rng, opts);
      addHardwareDetails(h, inv);
      const hostId = Number(insertHost.run(...valuesOf(h.row, HOST_COLUMNS)).lastInsertRowid);

      // Packages the host carries.
      const carried = opts.packages.filter(
        (p) =>
          p.audience === 'all' ||
          (p.audience === 'servers'
            ? h.kind === 'server'
            : p.audience === 'workstations'
              ? h.kind !== 'server'
              : h.pilot),
      );
      const upgrades: string[] = [];
      const errors: string[] = [];
      // The host's audit_status is the worst of its packages' last audits (WAPT's rule): one
      // package carries the WARNING or ERROR, the others passed.
      const auditCulprit = h.row.audit_status === 'OK' ? -1 : Math.floor(inv() * carried.length);
      for (const [k, p] of carried.entries()) {
        const old = p.previousVersion !== undefined && rng() < 0.3;
        const failed = !old && p.section === 'base' && rng() < 0.03;
        // A package the host should have but has not installed yet (e.g. just added to its group).
        const missing = !old && !failed && p.section === 'base' && h.kind !== 'server' && inv() < 0.04;
        const version = old ? p.previousVersion! : p.version;
        const status = failed ? 'ERROR' : old ? 'NEED-UPGRADE' : missing ? 'NEED-INSTALL' : 'OK';
        if (old || missing) upgrades.push(p.package);
        if (failed) errors.push(p.package);
        const installedMs = opts.now - intBetween(rng, 1, 200) * 86_400_000;
        const audit = missing
          ? null
          : failed
            ? 'ERROR'
            : k === auditCulprit
              ? String(h.row.audit_status)
              : 'OK';
        const auditedMs = Math.min(opts.now, installedMs + intBetween(inv, 0, 6) * 86_400_000);
        insertPkg.run(
          ...valuesOf(
            {
              host_id: hostId,
              package_uuid: p.package_uuid ?? null,
              name: p.name || p.package,
              package: p.package,
              version,
              architecture: p.architecture ?? 'all',
              maturity: p.maturity ?? 'PROD',
              section: p.section,
              priority: 'optional',
              signer: p.signer ?? null,
              signer_fingerprint: p.signer_fingerprint ?? null,
              signature_date: p.signature_date ?? null,
              description: p.description ?? null,
              install_status: status,
              install_date: missing ? null : isoTimestamp(installedMs),
              install_output: failed ? 'Error: installer exited with code 1603' : '',
              explicit_by: 'host',
              repo_url: repoUrl,
              depends: '[]',
              conflicts: '[]',
              impacted_process: '[]',
              uninstall_key: '[]',
              last_audit_status: audit,
              last_audit_on: audit === null ? null : isoTimestamp(auditedMs),
              last_audit_output:
                audit === null ? null : AUDIT_OUTPUT[audit as keyof typeof AUDIT_OUTPUT](p.package),
              next_audit_on: audit === null ? null : isoTimestamp(auditedMs + AUDIT_PERIOD_MS),
              created_on: created,
              updated_on: created,
            },
            PKG_COLUMNS,
          ),
        );
      }
      for (const sw of SOFTWARES) {
        if (h.kind === 'server' && !sw.name.startsWith('Microsoft') && !sw.name.startsWith('7-Zip')) continue;
        // guid() is drawn from the fleet stream whatever the key, to keep a seed's fleet unchanged.
        const productCode = `{${guid(rng, true)}}`;
        insertSoft(softwareRow(hostId, sw, productCode, inv, opts.now, created));
      }
      // The WAPT agent itself and the runtimes a real inventory always shows (the latter hidden
      // from Programs and Features: system_component).
      for (const sw of BASE_SOFTWARES(String(h.row.wapt_version)))
        insertSoft(softwareRow(hostId, sw, `{${guid(inv, true)}}`, inv, opts.now, created));
      if (h.office) {
        insertSoft({
          host_id: hostId,
          name: 'Microsoft Office Professionnel Plus 2016',
          version: '16.0.4266.1001',
          publisher: 'Microsoft Corporation',
          key: 'Office16.PROPLUS',
          system_component: 0,
          uninstall_string: null,
          install_date: '20230301',
          install_location: null,
          created_on: created,
          updated_on: created,
        });
      }

      // WUA state.
      const rulesPkgs = carried
        .filter((p) => p.section === 'wsus')
        .map((p) => rulesByName.get(p.package))
        .filter((p): p is WuaRulesPackage => p !== undefined);
      const rulesKey = rulesPkgs.map((p) => p.package).join(',');
      let merged = mergedCache.get(rulesKey);
      if (merged === undefined) {
        merged = mergeRules(rulesPkgs);
        mergedCache.set(rulesKey, merged);
      }
      const settingsKey = `${h.settings.default_allow}|${String(h.settings.install_delay)}`;
      const counts = { OK: 0, PENDING: 0, MISSING: 0, DISCARDED: 0, ERROR: 0 };
      const missingDownloads: string[] = [];
      let lastInstall: string | null = null;
      for (const target of hostTargets(h.os, h.office)) {
        for (const idx of catalog.byTarget.get(target) ?? []) {
          const u = catalog.updates[idx]!;
          const installed = u.month <= lastMonth - h.patchLag && rng() > 0.01;
          const hidden = !installed && rng() < 0.005;
          const failed = !installed && rng() < h.settings.failRate / 2;
          const downloaded = !installed && cached[idx]! && rng() < 0.6;
          const flags = `${installed ? 1 : 0}${hidden ? 1 : 0}${failed ? 1 : 0}${downloaded ? 1 : 0}`;
          const key = `${rulesKey}|${settingsKey}|${idx}|${flags}`;
          let d = decisionCache.get(key);
          if (d === undefined) {
            d = decideUpdate(u, merged, h.settings, opts.now, {
              installed,
              hidden,
              downloaded,
              lastInstallFailed: failed,
            });
            decisionCache.set(key, d);
          }
          counts[d.status]++;
          if (d.status === 'MISSING' && !cached[idx]) missingDownloads.push(u.update_id);
          const installDate = installed
            ? new Date(publishedMs[idx]! + intBetween(rng, 1, 20) * 86_400_000).toISOString().slice(0, 19)
            : null;
          if (installDate !== null && (lastInstall === null || installDate > lastInstall))
            lastInstall = installDate;
          hwBuffer.push(
            hostId,
            updateRefBase + idx,
            d.status,
            d.allowed ? 1 : 0,
            installed ? 1 : 0,
            installed ? 1 : 0,
            hidden ? 1 : 0,
            installed || downloaded ? 1 : 0,
            d.delayed ? 1 : 0,
            installDate,
            null,
            failed ? 1 : 0,
          );
          const st = stats[idx]!;
          st[STATUS_INDEX[d.status]]!++;
          st[5]!++;
          hostUpdates++;
        }
      }
      const wuaStatus =
        counts.ERROR > 0 ? 'ERROR' : counts.PENDING + counts.MISSING > 0 ? 'PENDING_UPDATES' : 'OK';
      const lus = {
        date: h.row.last_seen_on,
        runstatus: '',
        running_tasks: [],
        errors,
        upgrades,
        pending: { install: [], upgrade: upgrades, remove: [], additional: [] },
      };
      updateHostStatus.run(
        JSON.stringify({
          enabled: true,
          status: wuaStatus,
          wsusscn2cab_date: cabDate,
          last_scan_date: h.row.last_seen_on,
          last_scan_duration: intBetween(rng, 40, 400),
          last_install_batch: [],
          last_install_date: lastInstall,
          last_install_result: lastInstall ? 'OK' : null,
          last_install_reboot_required: false,
          missing_downloads: missingDownloads.slice(0, 50),
          rules_packages: rulesPkgs.map((p) => `${p.package}(=${p.version})`),
          last_error: counts.ERROR > 0 ? 'Some updates failed to install' : null,
        }),
        JSON.stringify(waptwuaRulesColumn(merged, h.settings)),
        JSON.stringify(lus),
        errors.length > 0 ? 'ERROR' : upgrades.length > 0 ? 'TO-UPGRADE' : 'OK',
        counts.OK,
        counts.PENDING,
        counts.MISSING,
        counts.DISCARDED,
        counts.ERROR,
        hostId,
      );
      flushHw(false);
      if (opts.progress && ((i + 1) % progressEvery === 0 || i + 1 === opts.hosts))
        opts.progress(i + 1, opts.hosts);
    }
    flushHw(true);
    stats.forEach((st, idx) => {
      if (st[5]! > 0) insertStats.run(updateRefBase + idx, ...st);
    });
    createWsusTriggers(db);
  });
  run();
  return { hosts: opts.hosts, updates: catalog.updates.length, hostUpdates, catalog };
}
