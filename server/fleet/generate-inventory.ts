import type { Db } from '../db/connection';
import { HOST_PACKAGES, HOST_SOFTWARES, insertedColumns, insertSql, valuesOf } from '../db/fleet-tables';
import { guid, intBetween, isoTimestamp, type Rng } from '../util';
import type { GeneratedHost } from './generate-hosts';

/**
 * What the demo fleet's hosts carry: their packages and install / audit state (WAPT's
 * `HostPackagesStatus`) and their software inventory (`HostSoftwares`), docs/fleet-tables.md.
 * The column lists come from the tables' descriptors (server/db/fleet-tables.ts).
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

/** The packages a host carries, by each package's audience. */
export function carriedPackages(packages: readonly DemoPackageRef[], h: GeneratedHost): DemoPackageRef[] {
  return packages.filter(
    (p) =>
      p.audience === 'all' ||
      (p.audience === 'servers'
        ? h.kind === 'server'
        : p.audience === 'workstations'
          ? h.kind !== 'server'
          : h.pilot),
  );
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

export interface InventoryContext {
  now: number;
  /** The rows' created_on / updated_on (the fleet's generation time). */
  created: string;
  repoUrl: string;
}

/** Which of the host's packages need an upgrade or install, and which failed (its update status). */
export interface HostPackageState {
  upgrades: string[];
  errors: string[];
}

/**
 * Writes one host's packages and software. `rng` is the fleet stream, `inv` the inventory one:
 * the draws are made in a fixed order, so a seed always gives the same rows.
 */
export function inventoryWriter(
  db: Db,
  ctx: InventoryContext,
): (
  hostId: number,
  h: GeneratedHost,
  carried: readonly DemoPackageRef[],
  rng: Rng,
  inv: Rng,
) => HostPackageState {
  const PKG_COLUMNS = insertedColumns(HOST_PACKAGES);
  const insertPkg = db.prepare(insertSql(HOST_PACKAGES, PKG_COLUMNS));
  const SOFT_COLUMNS = insertedColumns(HOST_SOFTWARES);
  const insertSoftStmt = db.prepare(insertSql(HOST_SOFTWARES, SOFT_COLUMNS));
  const insertSoft = (row: Record<string, unknown>) => insertSoftStmt.run(...valuesOf(row, SOFT_COLUMNS));
  return (hostId, h, carried, rng, inv) => {
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
      const installedMs = ctx.now - intBetween(rng, 1, 200) * 86_400_000;
      const audit = missing
        ? null
        : failed
          ? 'ERROR'
          : k === auditCulprit
            ? String(h.row.audit_status)
            : 'OK';
      const auditedMs = Math.min(ctx.now, installedMs + intBetween(inv, 0, 6) * 86_400_000);
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
            repo_url: ctx.repoUrl,
            depends: '[]',
            conflicts: '[]',
            impacted_process: '[]',
            uninstall_key: '[]',
            last_audit_status: audit,
            last_audit_on: audit === null ? null : isoTimestamp(auditedMs),
            last_audit_output:
              audit === null ? null : AUDIT_OUTPUT[audit as keyof typeof AUDIT_OUTPUT](p.package),
            next_audit_on: audit === null ? null : isoTimestamp(auditedMs + AUDIT_PERIOD_MS),
            created_on: ctx.created,
            updated_on: ctx.created,
          },
          PKG_COLUMNS,
        ),
      );
    }
    for (const sw of SOFTWARES) {
      if (h.kind === 'server' && !sw.name.startsWith('Microsoft') && !sw.name.startsWith('7-Zip')) continue;
      // guid() is drawn from the fleet stream whatever the key, to keep a seed's fleet unchanged.
      const productCode = `{${guid(rng, true)}}`;
      insertSoft(softwareRow(hostId, sw, productCode, inv, ctx.now, ctx.created));
    }
    // The WAPT agent itself and the runtimes a real inventory always shows (the latter hidden
    // from Programs and Features: system_component).
    for (const sw of BASE_SOFTWARES(String(h.row.wapt_version)))
      insertSoft(softwareRow(hostId, sw, `{${guid(inv, true)}}`, inv, ctx.now, ctx.created));
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
        created_on: ctx.created,
        updated_on: ctx.created,
      });
    }
    return { upgrades, errors };
  };
}

/** The hosts columns a host's package state sets: WAPT's last update status and the host status. */
export function packageStatusColumns(h: GeneratedHost, state: HostPackageState): Record<string, unknown> {
  const { errors, upgrades } = state;
  return {
    last_update_status: JSON.stringify({
      date: h.row.last_seen_on,
      runstatus: '',
      running_tasks: [],
      errors,
      upgrades,
      pending: { install: [], upgrade: upgrades, remove: [], additional: [] },
    }),
    host_status: errors.length > 0 ? 'ERROR' : upgrades.length > 0 ? 'TO-UPGRADE' : 'OK',
  };
}
