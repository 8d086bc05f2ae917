import { z } from 'zod';
import type { HardwareEntry, HostPackageRow, HostSoftwareRow } from '../../../common/ipc/methods/hosts';
import { lenientText as str, lenientBoolean as bool } from '../api/lenient-fields';

/**
 * Host inventory as the server stores it (docs/host-inventory.md) mapped to
 * the console's rows. A genuine server sends null for any column the agent did not fill, so every
 * field is lenient; only rows without any package name are dropped (nothing to show).
 */
export const ServerHostPackage = z
  .object({
    package: str,
    name: str,
    version: str,
    install_status: str,
    section: str,
    architecture: str,
    locale: str,
    maturity: str,
    description: str,
    install_date: str,
    install_output: str,
    last_audit_status: str,
    last_audit_on: str,
    next_audit_on: str,
    signer: str,
  })
  .passthrough();

export const ServerHostSoftware = z
  .object({
    key: str,
    name: str,
    version: str,
    publisher: str,
    install_date: str,
    install_location: str,
    uninstall_string: str,
    system_component: bool,
  })
  .passthrough();

/**
 * The agent's `last_update_status.pending` lists (packages to install, upgrade, remove). Entries
 * are package requirement strings such as `tis-firefox(=115.0-1)`; some agents send
 * `[requirement, …]` pairs. [inferred: the shape comes from the agent's upgrade listing, not from
 * a 1.8.2 server answer; anything else is ignored.]
 */
export const PendingLists = z
  .object({
    pending: z
      .object({ install: z.array(z.unknown()).nullable().optional() })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough()
  .nullable();

/** `tis-firefox(=115.0-1)` → `tis-firefox`; `["tis-7zip", …]` → `tis-7zip`. */
export function requirementName(entry: unknown): string | null {
  const text = Array.isArray(entry) ? entry[0] : entry;
  if (typeof text !== 'string') return null;
  const name = text.trim().split(/[\s(=<>!,]/)[0] ?? '';
  return name === '' ? null : name;
}

export function toPackageRows(
  installed: readonly z.infer<typeof ServerHostPackage>[],
  pending: z.infer<typeof PendingLists>,
): HostPackageRow[] {
  const rows: HostPackageRow[] = [];
  for (const p of installed) {
    const pkg = p.package ?? p.name;
    if (pkg === null) continue;
    rows.push({
      package: pkg,
      name: p.name,
      version: p.version,
      status: p.install_status,
      section: p.section,
      architecture: p.architecture,
      locale: p.locale,
      maturity: p.maturity,
      description: p.description,
      installDate: p.install_date,
      auditStatus: p.last_audit_status,
      auditedOn: p.last_audit_on,
      nextAuditOn: p.next_audit_on,
      installOutput: p.install_output,
      signer: p.signer,
      source: 'installed',
    });
  }
  // A package the agent must install has no HostPackagesStatus row yet: the genuine console shows it
  // as NEED-INSTALL from the agent's pending list (docs/host-inventory.md, inferred).
  const known = new Set(rows.map((r) => r.package));
  for (const entry of pending?.pending?.install ?? []) {
    const pkg = requirementName(entry);
    if (pkg === null || known.has(pkg)) continue;
    known.add(pkg);
    rows.push({
      package: pkg,
      name: null,
      version: null,
      status: 'NEED-INSTALL',
      section: null,
      architecture: null,
      locale: null,
      maturity: null,
      description: null,
      installDate: null,
      auditStatus: null,
      auditedOn: null,
      nextAuditOn: null,
      installOutput: null,
      signer: null,
      source: 'pending',
    });
  }
  return rows;
}

export function toSoftwareRows(rows: readonly z.infer<typeof ServerHostSoftware>[]): HostSoftwareRow[] {
  return rows.map((s) => ({
    key: s.key,
    name: s.name,
    version: s.version,
    publisher: s.publisher,
    installDate: s.install_date,
    installLocation: s.install_location,
    uninstallString: s.uninstall_string,
    systemComponent: s.system_component,
  }));
}

/** Leaves beyond this are counted, not sent (a runaway `wmi` must not flood IPC). */
export const HARDWARE_MAX_ENTRIES = 20_000;

/**
 * Flattens a host's JSON inventory (`dmi`, `host_info`, `wmi`) to leaves with their path, keeping
 * the server's key order; empty objects and lists are leaves too, so nothing silently disappears.
 * `truncated` counts the leaves left out beyond `max`.
 */
export function flattenHardware(
  value: unknown,
  max = HARDWARE_MAX_ENTRIES,
): { entries: HardwareEntry[]; truncated: number } {
  const entries: HardwareEntry[] = [];
  let truncated = 0;
  const push = (e: HardwareEntry) => {
    if (entries.length < max) entries.push(e);
    else truncated++;
  };
  const walk = (v: unknown, path: string[]) => {
    if (v !== null && typeof v === 'object') {
      const children = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      if (children.length === 0) push({ path, value: Array.isArray(v) ? '[]' : '{}' });
      for (const [k, x] of children) walk(x, [...path, k]);
      return;
    }
    push({ path, value: v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v) });
  };
  walk(value, []);
  return { entries, truncated };
}
