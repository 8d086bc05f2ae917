import { existsSync } from 'node:fs';
import path from 'node:path';
import { controlList } from '../../common/domain/control';
import { mergeRules, type WuaRulesPackage } from '../../common/domain/wua-rules';
import { readPackageControl } from '../../wapt/packages/index';
import type { PackageRepository } from '../repo/package-repo';
import { safeCompare } from '../repo/package-repo';
import { isoTimestamp, text, type Rng } from '../util';
import {
  hostPackageRequirements,
  hostStatusOf,
  newestVersions,
  packageIdOf,
  packagesUpdateEffect,
  rulesVersionFor,
  simSettingsOf,
  waptwuaRulesColumn,
  wuaAgentStatus,
  wuaOperationEffect,
  wuaSummary,
  type WuaOperation,
} from './agent-effects';
import type { FleetSql } from './fleet-sql';

/**
 * The simulated agents' side of a remote action: reads the host's rows (fleet-sql.ts), computes
 * the outcome (agent-effects.ts) and writes it back, in one transaction per step. Returns the
 * task summary; throws with the summary when the action failed on the host. When an action runs
 * is the scheduler's business (simulator.ts).
 *
 * Windows-update action names are the **inferred** ones of docs/wapt-server-api.md §5.3
 * (`trigger_waptwua_scan|download|install|uninstall`).
 */
export class SimulatedAgents {
  constructor(
    private readonly sql: FleetSql,
    private readonly repo: PackageRepository,
    private readonly rng: Rng,
    private readonly now: () => number,
  ) {}

  async apply(hostId: number, action: Record<string, unknown>): Promise<string> {
    const name = text(action.action);
    const now = this.now();
    switch (name) {
      case 'trigger_waptwua_scan':
        return this.wua(hostId, 'scan', now);
      case 'trigger_waptwua_download':
        return this.wua(hostId, 'download', now);
      case 'trigger_waptwua_install':
        return this.wua(hostId, 'install', now);
      case 'trigger_waptwua_uninstall': {
        const ids = Array.isArray(action.update_ids)
          ? action.update_ids.map(String)
          : Array.isArray(action.updates)
            ? action.updates.map(String)
            : [];
        return this.wua(hostId, 'uninstall', now, ids);
      }
      case 'trigger_host_update':
        return this.packagesUpdate(hostId, false);
      case 'trigger_host_upgrade':
        await this.applyHostPackage(hostId);
        return this.packagesUpdate(hostId, true);
      case 'trigger_install_packages':
        return this.installPackages(
          hostId,
          Array.isArray(action.packages) ? action.packages.map(String) : [],
        );
      case 'trigger_remove_packages':
      case 'trigger_forget_packages': {
        const names = (Array.isArray(action.packages) ? action.packages.map(String) : []).map(packageIdOf);
        this.sql.deleteHostPackages(hostId, names);
        this.refreshHostStatus(hostId);
        return `${names.length} package(s) ${name === 'trigger_remove_packages' ? 'removed' : 'forgotten'}`;
      }
      case 'trigger_change_description': {
        const d = typeof action.computer_description === 'string' ? action.computer_description : '';
        this.sql.setDescription(hostId, d, isoTimestamp(now));
        return `Description changed to ${JSON.stringify(d)}`;
      }
      case 'trigger_host_register':
      case 'trigger_waptservicerestart':
      case 'trigger_longtask':
      case 'trigger_audit_packages':
      case 'show_message':
        this.sql.touchLastSeen(hostId, isoTimestamp(now));
        return 'Done';
      default:
        throw new Error(`Unhandled remote action ${JSON.stringify(name)}`);
    }
  }

  /** Recomputes host_status and last_update_status from the package rows (docs/wapt-server-api.md §3.2.1). */
  refreshHostStatus(hostId: number): void {
    const now = isoTimestamp(this.now());
    const s = hostStatusOf(this.sql.hostPackages(hostId), now);
    this.sql.writeHostStatus(hostId, s.lastUpdateStatus, s.hostStatus, now);
  }

  /** The rules packages the host carries, at the version it applies (agent-effects rulesVersionFor). */
  private hostRules(hostId: number, scan: boolean): WuaRulesPackage[] {
    const repo = this.repo.rulesPackages();
    const out: WuaRulesPackage[] = [];
    for (const c of this.sql.carriedRulesPackages(hostId)) {
      const { chosen, upgradeTo } = rulesVersionFor(c.version, repo.get(c.package) ?? [], scan);
      if (upgradeTo !== null)
        this.sql.setRulesPackageVersion(hostId, c.package, upgradeTo, isoTimestamp(this.now()));
      if (chosen !== undefined)
        out.push({
          package: c.package,
          version: chosen.version,
          rules: chosen.rules as WuaRulesPackage['rules'],
        });
    }
    return out;
  }

  private wua(hostId: number, op: WuaOperation, now: number, uninstallIds: string[] = []): string {
    const outcome = this.sql.transaction(() => {
      const settings = simSettingsOf(this.sql.simSettingsJson(hostId));
      const rulesPkgs = this.hostRules(hostId, op === 'scan');
      const merged = mergeRules(rulesPkgs);
      const result = wuaOperationEffect(
        this.sql.wuaRows(hostId),
        op,
        merged,
        settings,
        now,
        this.rng,
        uninstallIds,
      );
      this.sql.writeWuaRows(hostId, result.changed);
      // Triggers have kept the host's wua_*_count columns exact; derive the agent status from them.
      const current = this.sql.wuaCounts(hostId);
      const status = wuaAgentStatus(current, current, op, result, rulesPkgs, now, this.rng);
      const iso = isoTimestamp(now);
      this.sql.writeWuaStatus(
        hostId,
        status.waptwuaStatus,
        status.wuauservStatus,
        waptwuaRulesColumn(merged, settings),
        iso,
      );
      return result;
    });
    const { summary, failed } = wuaSummary(op, outcome.counts);
    if (failed) throw new Error(summary);
    return summary;
  }

  /** trigger_host_update (mark upgrades) / trigger_host_upgrade (install them, some fail). */
  private packagesUpdate(hostId: number, upgrade: boolean): string {
    const newest = newestVersions(this.sql.packageVersions());
    const settings = simSettingsOf(this.sql.simSettingsJson(hostId));
    const outcome = this.sql.transaction(() => {
      const now = isoTimestamp(this.now());
      const effect = packagesUpdateEffect(
        this.sql.hostPackages(hostId),
        newest,
        upgrade,
        settings.failRate,
        this.rng,
        now,
      );
      this.sql.applyPackageChanges(hostId, effect.changes, now);
      return effect;
    });
    this.refreshHostStatus(hostId);
    if (outcome.failed) throw new Error(outcome.summary);
    return outcome.summary;
  }

  /** Adds the dependencies of the host's own package (`wapt-host/<uuid>.wapt`) that the repository holds. */
  private async applyHostPackage(hostId: number): Promise<void> {
    const uuid = this.sql.hostUuid(hostId);
    if (uuid === undefined) return;
    const file = path.join(this.repo.dirs.waptHost, `${uuid}.wapt`);
    if (!existsSync(file)) return;
    let control;
    try {
      control = await readPackageControl(file);
    } catch {
      return;
    }
    const names = (v: unknown) => controlList(v as string | undefined).map(packageIdOf);
    // Groups the host depends on bring their own depends and conflicts (docs/wapt-package-format.md
    // §12.2, docs/host-packages.md).
    const { depends, conflicts } = hostPackageRequirements(
      control,
      (name) =>
        this.sql.groupControls(name).sort((a, b) => safeCompare(String(b.version), String(a.version)))[0],
      names,
    );
    const installed = new Set(this.sql.hostPackages(hostId).map((r) => r.package));
    // Already installed packages keep their state; new ones wait for this upgrade.
    this.addPackages(
      hostId,
      depends.filter((d) => !installed.has(d)),
      'NEED-INSTALL',
    );
    // Conflicts are removed before anything is installed (§3 #11).
    this.sql.deleteHostPackages(hostId, conflicts);
  }

  private addPackages(hostId: number, names: string[], status: string): string[] {
    const added: string[] = [];
    const missing: string[] = [];
    this.sql.transaction(() => {
      const now = isoTimestamp(this.now());
      for (const name of names) {
        const newest = this.sql.packageRows(name).sort((a, b) => safeCompare(b.version!, a.version!))[0];
        if (newest === undefined) {
          missing.push(name);
          continue;
        }
        this.sql.upsertHostPackage(hostId, name, newest, status, now);
        added.push(name);
      }
    });
    if (missing.length > 0 && status === 'OK')
      throw new Error(`Package(s) not found in the repository: ${missing.join(', ')}`);
    return added;
  }

  private installPackages(hostId: number, requests: string[]): string {
    const names = requests.map(packageIdOf).filter((p) => p !== '');
    const added = this.addPackages(hostId, names, 'OK');
    this.refreshHostStatus(hostId);
    return `${added.length} package(s) installed`;
  }
}
