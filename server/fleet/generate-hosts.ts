import type { Db } from '../db/connection';
import { HOSTS, insertedColumns, insertSql, valuesOf } from '../db/fleet-tables';
import { guid, intBetween, isoTimestamp, pick, type Rng } from '../util';
import type { SimSettings } from './agent-effects';
import { OS_PROFILES, type OsProfile } from './catalog';

/**
 * The demo fleet's hosts (WAPT's `Hosts`, docs/fleet-tables.md): realistic names, hardware, OS,
 * AD placement and agent data. One host is a pure function of the PRNG state; generator.ts draws
 * them in order, so a seed always gives the same fleet.
 */

/** What a host row takes from the fleet's options. */
export interface HostContext {
  now: number;
  serverUuid: string;
  repoUrl?: string | undefined;
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
export function generateHost(i: number, rng: Rng, opts: HostContext): GeneratedHost {
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
export function addHardwareDetails(h: GeneratedHost, inv: Rng): void {
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

/** The hosts columns a generated row fills (`GeneratedHost.row` is keyed by them). */
const HOST_COLUMNS = insertedColumns(HOSTS);

/** Inserts generated hosts; gives the host's id (the key its packages, software and updates use). */
export function hostInserter(db: Db): (h: GeneratedHost) => number {
  const insert = db.prepare(insertSql(HOSTS, HOST_COLUMNS));
  return (h) => Number(insert.run(...valuesOf(h.row, HOST_COLUMNS)).lastInsertRowid);
}
