import {
  decideUpdate,
  type MergedWuaRules,
  type WuaAgentSettings,
  type WuaRulesPackage,
} from '../../common/domain/wua-rules';
import { safeCompare } from '../repo/package-repo';
import { isoTimestamp, type Rng } from '../util';

/**
 * What a simulated agent's action does to its host's state, as pure functions: rows in, new rows
 * and a summary out, no database, no clock (`now` is a parameter) and no randomness but the `rng`
 * passed in. The simulator's scheduler (simulator.ts) decides when an action runs, the agent
 * (simulated-agent.ts) reads and writes the rows through fleet-sql.ts and calls these in between.
 *
 * Each function draws from `rng` in the order the agent would meet the events (one draw per
 * install attempt, then one for the scan duration), so a seed replays the same fleet.
 * Facts of WAPT the effects follow are in docs/fleet-simulation.md.
 */

/** Agent-side simulation knobs kept per host (`hosts.sim_settings`, not part of the WAPT API). */
export interface SimSettings extends WuaAgentSettings {
  os: string;
  /** Probability that one update install fails on this host. */
  failRate: number;
}

/** The settings of `hosts.sim_settings`, with the defaults of a host generated before a knob existed. */
export function simSettingsOf(json: string | null | undefined): SimSettings {
  const s = json ? (JSON.parse(json) as Partial<SimSettings>) : {};
  return {
    os: s.os ?? 'unknown',
    default_allow: s.default_allow ?? true,
    allowed_severities: s.allowed_severities ?? null,
    install_delay: s.install_delay ?? null,
    failRate: s.failRate ?? 0.02,
  };
}

/** `7-Zip(=23.01)` → `7-Zip`: actions name packages as WAPT requirements, rows by package id. */
export function packageIdOf(request: string): string {
  return request.replace(/\(.*\)$/, '').trim();
}

// ---- packages ---------------------------------------------------------------------------------

export interface HostPackageState {
  package: string;
  version: string;
  install_status: string;
}

export interface HostPackageChange {
  package: string;
  version: string;
  install_status: string;
  install_date: string | null;
  install_output: string;
}

/** Newest version of each package id among the repository's rows (WAPT's version order). */
export function newestVersions(
  rows: ReadonlyArray<{ package: string; version: string }>,
): Map<string, string> {
  const newest = new Map<string, string>();
  for (const r of rows) {
    const cur = newest.get(r.package);
    if (cur === undefined || safeCompare(r.version, cur) > 0) newest.set(r.package, r.version);
  }
  return newest;
}

/**
 * `trigger_host_update` (upgrade = false): installed packages the repository has newer become
 * NEED-UPGRADE. `trigger_host_upgrade` (upgrade = true): every outdated or not-OK package is
 * installed at the newest version, each failing with probability 2 × failRate (1603, the MSI
 * "fatal error" code an installer most often returns).
 */
export function packagesUpdateEffect(
  rows: readonly HostPackageState[],
  newest: ReadonlyMap<string, string>,
  upgrade: boolean,
  failRate: number,
  rng: Rng,
  now: string,
): { changes: HostPackageChange[]; summary: string; failed: boolean } {
  const changes: HostPackageChange[] = [];
  let upgraded = 0;
  let failed = 0;
  let marked = 0;
  for (const r of rows) {
    const n = newest.get(r.package);
    const outdated = n !== undefined && safeCompare(n, r.version) > 0;
    if (!upgrade) {
      if (outdated && r.install_status === 'OK') {
        changes.push({
          package: r.package,
          version: r.version,
          install_status: 'NEED-UPGRADE',
          install_date: null,
          install_output: '',
        });
        marked++;
      }
      continue;
    }
    if (!(outdated || r.install_status !== 'OK')) continue;
    const target = n ?? r.version;
    if (rng() < failRate * 2) {
      changes.push({
        package: r.package,
        version: r.version,
        install_status: 'ERROR',
        install_date: now,
        install_output: `Error installing ${r.package}(=${target}): installer exited with code 1603`,
      });
      failed++;
    } else {
      changes.push({
        package: r.package,
        version: target,
        install_status: 'OK',
        install_date: now,
        install_output: `Installed ${r.package}(=${target})`,
      });
      upgraded++;
    }
  }
  if (!upgrade) return { changes, summary: `${marked} package(s) to upgrade`, failed: false };
  if (failed > 0)
    return { changes, summary: `${upgraded} package(s) upgraded, ${failed} failed`, failed: true };
  return { changes, summary: `${upgraded} package(s) upgraded`, failed: false };
}

/**
 * `host_status` and `last_update_status` from the host's package rows: ERROR when one failed,
 * TO-UPGRADE when one waits for an install or upgrade, OK otherwise (docs/fleet-simulation.md).
 */
export function hostStatusOf(
  rows: ReadonlyArray<{ package: string; install_status: string }>,
  now: string,
): { hostStatus: 'OK' | 'TO-UPGRADE' | 'ERROR'; lastUpdateStatus: Record<string, unknown> } {
  const errors = rows.filter((r) => r.install_status === 'ERROR').map((r) => r.package);
  const upgrades = rows
    .filter((r) => r.install_status === 'NEED-UPGRADE' || r.install_status === 'NEED-INSTALL')
    .map((r) => r.package);
  return {
    hostStatus: errors.length > 0 ? 'ERROR' : upgrades.length > 0 ? 'TO-UPGRADE' : 'OK',
    lastUpdateStatus: {
      date: now,
      runstatus: '',
      running_tasks: [],
      errors,
      upgrades,
      pending: { install: [], upgrade: upgrades, remove: [], additional: [] },
    },
  };
}

/** Names of a control's `depends` / `conflicts` value (a list or a comma-separated text). */
export type ControlNames = (value: unknown) => string[];

/**
 * What the host's own package asks for: its depends, plus the depends and conflicts of the group
 * packages it depends on, transitively (cycles stopped), conflicts winning over depends
 * (docs/host-packages.md). `groupControl` returns the newest control of a group package, or
 * undefined when the name is not a group the repository holds.
 */
export function hostPackageRequirements(
  control: { depends?: unknown; conflicts?: unknown },
  groupControl: (name: string) => { depends?: unknown; conflicts?: unknown } | undefined,
  names: ControlNames,
): { depends: string[]; conflicts: string[] } {
  const depends = new Set<string>();
  const conflicts = new Set(names(control.conflicts));
  const queue = names(control.depends);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (depends.has(name)) continue;
    depends.add(name);
    const group = groupControl(name);
    if (group === undefined) continue;
    queue.push(...names(group.depends));
    for (const c of names(group.conflicts)) conflicts.add(c);
  }
  for (const c of conflicts) depends.delete(c);
  return { depends: [...depends], conflicts: [...conflicts] };
}

// ---- Windows updates ----------------------------------------------------------------------------

export type WuaOperation = 'scan' | 'download' | 'install' | 'uninstall';

/** One row of `host_wsus` joined with the update's facts from `wsus_updates`. */
export interface WuaRow {
  update_ref: number;
  status: string;
  allowed: number;
  installed: number;
  hidden: number;
  downloaded: number;
  delayed: number;
  install_date: string | null;
  history: string | null;
  last_install_failed: number;
  update_id: string;
  title: string;
  kbids: string | null;
  product: string | null;
  classification: string | null;
  severity: string | null;
  changetime: string | null;
  downloaded_on: string | null;
  is_uninstallable: number;
  reboot_behaviour: string | null;
}

export interface WuaCounts {
  installed: number;
  failed: number;
  downloaded: number;
  uninstalled: number;
  changed: number;
}

export interface WuaOperationResult {
  /** The rows whose state or history changed, with their new values (`present` follows `installed`). */
  changed: WuaRow[];
  counts: WuaCounts;
  /** Updates allowed and needed whose files the server does not hold yet. */
  missingDownloads: string[];
  /** Update ids installed by this operation. */
  batch: string[];
  /** One installed update always requires a reboot. */
  reboot: boolean;
}

/**
 * A scan / download / install / uninstall over the host's update rows. Each row's status is
 * decided by the same rules code as the console (common/domain/wua-rules.ts) before and after
 * the operation; downloads come from the server's cache (`downloaded_on`); an install attempt
 * fails with probability `failRate`; uninstall applies to uninstallable updates named by id or by
 * GUID without revision. The rows passed in are not modified. MISSING (allowed, not downloaded)
 * versus PENDING (allowed, downloaded) is an **inferred** split (docs/fleet-simulation.md).
 */
export function wuaOperationEffect(
  rows: readonly WuaRow[],
  op: WuaOperation,
  merged: MergedWuaRules,
  settings: SimSettings,
  now: number,
  rng: Rng,
  uninstallIds: readonly string[] = [],
): WuaOperationResult {
  const counts: WuaCounts = { installed: 0, failed: 0, downloaded: 0, uninstalled: 0, changed: 0 };
  const missingDownloads: string[] = [];
  const batch: string[] = [];
  let reboot = false;
  const changed: WuaRow[] = [];
  const uninstall = new Set(uninstallIds.map((s) => s.toLowerCase()));
  const stateOf = (r: WuaRow) =>
    JSON.stringify([r.status, r.allowed, r.installed, r.downloaded, r.delayed, r.last_install_failed]);
  for (const original of rows) {
    const r = { ...original };
    const before = stateOf(r);
    const facts = {
      update_id: r.update_id,
      kbids: r.kbids ? (JSON.parse(r.kbids) as string[]) : [],
      product: r.product,
      classification: r.classification,
      severity: r.severity,
      changetime: r.changetime,
    };
    const local = () => ({
      installed: r.installed === 1,
      hidden: r.hidden === 1,
      downloaded: r.downloaded === 1,
      lastInstallFailed: r.last_install_failed === 1,
    });
    let d = decideUpdate(facts, merged, settings, now, local());
    const history: unknown[] = r.history ? (JSON.parse(r.history) as unknown[]) : [];
    let historyChanged = false;
    const addHistory = (operation: string, resultCode: string) => {
      historyChanged = true;
      history.push({
        operation,
        update_id: r.update_id,
        date: isoTimestamp(now),
        title: r.title,
        result_code: resultCode,
        application_id: 'WAPT',
        description: '',
        categories: [r.classification, r.product].filter(Boolean),
      });
    };
    if (
      op === 'uninstall' &&
      r.installed === 1 &&
      (uninstall.has(r.update_id.toLowerCase()) || uninstall.has(r.update_id.split('_')[0]!.toLowerCase()))
    ) {
      if (r.is_uninstallable === 1) {
        r.installed = 0;
        r.install_date = null;
        r.downloaded = 1;
        addHistory('Uninstallation', 'Succeeded');
        counts.uninstalled++;
      } else addHistory('Uninstallation', 'Failed');
    }
    if (
      (op === 'download' || op === 'install') &&
      d.allowed &&
      r.installed === 0 &&
      r.hidden === 0 &&
      r.downloaded === 0
    ) {
      if (r.downloaded_on !== null) {
        r.downloaded = 1;
        counts.downloaded++;
      } else missingDownloads.push(r.update_id);
    }
    if (op === 'install') {
      d = decideUpdate(facts, merged, settings, now, local());
      if ((d.status === 'PENDING' || d.status === 'ERROR') && !d.delayed && r.downloaded === 1) {
        if (rng() < settings.failRate) {
          r.last_install_failed = 1;
          addHistory('Installation', 'Failed');
          counts.failed++;
        } else {
          r.installed = 1;
          r.last_install_failed = 0;
          r.install_date = isoTimestamp(now).slice(0, 19);
          addHistory('Installation', 'Succeeded');
          batch.push(r.update_id);
          if (r.reboot_behaviour === 'AlwaysRequiresReboot') reboot = true;
          counts.installed++;
        }
      }
    }
    d = decideUpdate(facts, merged, settings, now, local());
    r.status = d.status;
    r.allowed = d.allowed ? 1 : 0;
    r.delayed = d.delayed ? 1 : 0;
    if (stateOf(r) !== before || historyChanged) {
      if (historyChanged) r.history = JSON.stringify(history);
      changed.push(r);
      counts.changed++;
    }
  }
  return { changed, counts, missingDownloads, batch, reboot };
}

/** The host's update counts per status (kept exact by the database's triggers). */
export interface WuaStatusCounts {
  pending: number;
  missing: number;
  error: number;
}

/**
 * The agent's `waptwua_status` and `wuauserv_status` after an operation: overall status from the
 * counts (ERROR, else PENDING_UPDATES, else OK), the rules packages it applied, scan date and
 * duration (one `rng` draw, 20–220 s), missing downloads, the install batch and its reboot need.
 * The key set of this jsonb document is **inferred** (docs/fleet-simulation.md).
 */
export function wuaAgentStatus(
  previous: { waptwua_status: string | null; wuauserv_status: string | null },
  counts: WuaStatusCounts,
  op: WuaOperation,
  outcome: Pick<WuaOperationResult, 'counts' | 'missingDownloads' | 'batch' | 'reboot'>,
  rulesPackages: readonly WuaRulesPackage[],
  now: number,
  rng: Rng,
): { waptwuaStatus: Record<string, unknown>; wuauservStatus: Record<string, unknown> } {
  const status = (previous.waptwua_status ? JSON.parse(previous.waptwua_status) : {}) as Record<
    string,
    unknown
  >;
  const iso = isoTimestamp(now);
  status.enabled = true;
  status.status = counts.error > 0 ? 'ERROR' : counts.pending + counts.missing > 0 ? 'PENDING_UPDATES' : 'OK';
  status.rules_packages = rulesPackages.map((p) => `${p.package}(=${p.version})`);
  if (op === 'scan') {
    status.last_scan_date = iso;
    status.last_scan_duration = Math.round(20 + rng() * 200);
  }
  if (op === 'download' || op === 'install')
    status.missing_downloads = outcome.missingDownloads.slice(0, 100);
  if (op === 'install') {
    status.last_install_batch = outcome.batch;
    status.last_install_date = iso;
    status.last_install_result = outcome.counts.failed > 0 ? 'ERROR' : 'OK';
    status.last_install_reboot_required = outcome.reboot;
  }
  status.last_error = counts.error > 0 ? `${counts.error} update(s) failed to install` : null;
  const wuauserv = (previous.wuauserv_status ? JSON.parse(previous.wuauserv_status) : {}) as Record<
    string,
    unknown
  >;
  if (outcome.reboot) wuauserv.reboot_needed = true;
  return { waptwuaStatus: status, wuauservStatus: wuauserv };
}

/** The task summary of a Windows-update operation; an install with failures is a failed task. */
export function wuaSummary(op: WuaOperation, counts: WuaCounts): { summary: string; failed: boolean } {
  switch (op) {
    case 'scan':
      return { summary: `Scan done: ${counts.changed} update state(s) changed`, failed: false };
    case 'download':
      return { summary: `${counts.downloaded} update(s) downloaded`, failed: false };
    case 'install':
      if (counts.failed > 0)
        return { summary: `${counts.installed} update(s) installed, ${counts.failed} failed`, failed: true };
      return { summary: `${counts.installed} update(s) installed`, failed: false };
    case 'uninstall':
      return { summary: `${counts.uninstalled} update(s) uninstalled`, failed: false };
  }
}

/**
 * The `hosts.waptwua_rules` value this server writes. The spec gives this jsonb column no shape;
 * this one is the server's choice: the merged rules with the package each value came from, and
 * the agent ini settings that take part in the decision.
 */
export function waptwuaRulesColumn(merged: MergedWuaRules, settings: WuaAgentSettings): unknown {
  return {
    packages: merged.packages,
    rules: Object.fromEntries(Object.entries(merged.lists).map(([k, v]) => [k, v.map((e) => e.value)])),
    default_allow: merged.default_allow?.value ?? null,
    agent: {
      default_allow: settings.default_allow,
      allowed_severities: settings.allowed_severities ?? null,
      install_delay: settings.install_delay ?? null,
    },
  };
}

/**
 * Which version of a rules package the host applies: the one it carries, or the repository's
 * newest when that version left the repository. A scan also moves the host to the newest version
 * (`upgradeTo`); a simplification: a real agent gets it at its next upgrade.
 */
export function rulesVersionFor<V extends { version: string }>(
  carriedVersion: string,
  versionsNewestFirst: readonly V[],
  scan: boolean,
): { chosen: V | undefined; upgradeTo: string | null } {
  const newest = versionsNewestFirst[0];
  const carried = versionsNewestFirst.find((v) => v.version === carriedVersion) ?? newest;
  if (scan && newest !== undefined && safeCompare(newest.version, carriedVersion) > 0)
    return { chosen: newest, upgradeTo: newest.version };
  return { chosen: carried, upgradeTo: null };
}
