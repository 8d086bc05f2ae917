import type Database from 'better-sqlite3';
import type { Db } from '../db/connection';
import { HOST_PACKAGES, insertSql, valuesOf } from '../db/fleet-tables';
import type { HostPackageChange, WuaRow } from './agent-effects';

/**
 * The statements the simulated agents read and write the fleet tables with (`hosts`,
 * `host_packages`, `host_wsus`, `packages`), and nothing else: no decisions here (those are in
 * agent-effects.ts). Statements are prepared once per database.
 */
export class FleetSql {
  private readonly stmts = new Map<string, Database.Statement<unknown[]>>();

  constructor(private readonly db: Db) {}

  private stmt(sql: string): Database.Statement<unknown[]> {
    let s = this.stmts.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one, as better-sqlite3 does). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- hosts ----------------------------------------------------------------------------------

  hostUuid(hostId: number): string | undefined {
    return (this.stmt('SELECT uuid FROM hosts WHERE id = ?').get(hostId) as { uuid: string } | undefined)
      ?.uuid;
  }

  simSettingsJson(hostId: number): string | null {
    const row = this.stmt('SELECT sim_settings FROM hosts WHERE id = ?').get(hostId) as
      { sim_settings: string | null } | undefined;
    return row?.sim_settings ?? null;
  }

  setDescription(hostId: number, description: string, now: string): void {
    this.stmt('UPDATE hosts SET description = ?, updated_on = ? WHERE id = ?').run(description, now, hostId);
  }

  touchLastSeen(hostId: number, now: string): void {
    this.stmt('UPDATE hosts SET last_seen_on = ? WHERE id = ?').run(now, hostId);
  }

  writeHostStatus(hostId: number, lastUpdateStatus: unknown, hostStatus: string, now: string): void {
    this.stmt(
      'UPDATE hosts SET last_update_status = ?, host_status = ?, last_seen_on = ?, updated_on = ? WHERE id = ?',
    ).run(JSON.stringify(lastUpdateStatus), hostStatus, now, now, hostId);
  }

  /** The WUA counts the triggers keep on `hosts`, and the agent's current status documents. */
  wuaCounts(hostId: number): {
    pending: number;
    missing: number;
    error: number;
    waptwua_status: string | null;
    wuauserv_status: string | null;
  } {
    return this.stmt(
      `SELECT wua_pending_count AS pending, wua_missing_count AS missing, wua_error_count AS error,
              waptwua_status, wuauserv_status FROM hosts WHERE id = ?`,
    ).get(hostId) as ReturnType<FleetSql['wuaCounts']>;
  }

  writeWuaStatus(
    hostId: number,
    waptwuaStatus: unknown,
    wuauservStatus: unknown,
    waptwuaRules: unknown,
    now: string,
  ): void {
    this.stmt(
      'UPDATE hosts SET waptwua_status = ?, wuauserv_status = ?, waptwua_rules = ?, last_seen_on = ?, updated_on = ? WHERE id = ?',
    ).run(
      JSON.stringify(waptwuaStatus),
      JSON.stringify(wuauservStatus),
      JSON.stringify(waptwuaRules),
      now,
      now,
      hostId,
    );
  }

  // ---- host_packages ----------------------------------------------------------------------------

  hostPackages(hostId: number): Array<{ package: string; version: string; install_status: string }> {
    return this.stmt('SELECT package, version, install_status FROM host_packages WHERE host_id = ?').all(
      hostId,
    ) as Array<{ package: string; version: string; install_status: string }>;
  }

  /** Rules packages (section wsus) the host carries, by name. */
  carriedRulesPackages(hostId: number): Array<{ package: string; version: string }> {
    return this.stmt(
      "SELECT package, version FROM host_packages WHERE host_id = ? AND section = 'wsus' ORDER BY package",
    ).all(hostId) as Array<{ package: string; version: string }>;
  }

  setRulesPackageVersion(hostId: number, pkg: string, version: string, now: string): void {
    this.stmt(
      "UPDATE host_packages SET version = ?, install_status = 'OK', updated_on = ? WHERE host_id = ? AND package = ?",
    ).run(version, now, hostId, pkg);
  }

  applyPackageChanges(hostId: number, changes: readonly HostPackageChange[], now: string): void {
    const set = this.stmt(
      'UPDATE host_packages SET version = ?, install_status = ?, install_date = ?, install_output = ?, updated_on = ? WHERE host_id = ? AND package = ?',
    );
    for (const c of changes)
      set.run(c.version, c.install_status, c.install_date, c.install_output, now, hostId, c.package);
  }

  deleteHostPackages(hostId: number, names: readonly string[]): void {
    const del = this.stmt('DELETE FROM host_packages WHERE host_id = ? AND package = ?');
    this.transaction(() => names.forEach((n) => del.run(hostId, n)));
  }

  /**
   * Puts a package on the host at the repository's version (`install_status` as given), or
   * updates the row it already has; `install_date` only for an installed (OK) package.
   */
  upsertHostPackage(
    hostId: number,
    name: string,
    repoRow: Record<string, string>,
    status: string,
    now: string,
  ): void {
    const row: Record<string, unknown> = {
      host_id: hostId,
      package_uuid: repoRow.package_uuid,
      name,
      package: name,
      version: repoRow.version,
      architecture: repoRow.architecture,
      maturity: repoRow.maturity,
      section: repoRow.section,
      priority: 'optional',
      signer: repoRow.signer,
      signer_fingerprint: repoRow.signer_fingerprint,
      signature_date: repoRow.signature_date,
      description: repoRow.description,
      install_status: status,
      install_date: status === 'OK' ? now : null,
      explicit_by: 'admin',
      depends: '[]',
      conflicts: '[]',
      impacted_process: '[]',
      uninstall_key: '[]',
      created_on: now,
      updated_on: now,
    };
    const columns = Object.keys(row);
    this.stmt(
      `${insertSql(HOST_PACKAGES, columns)}
       ON CONFLICT(host_id, package) DO UPDATE SET version = excluded.version, install_status = excluded.install_status,
         install_date = excluded.install_date, section = excluded.section, updated_on = excluded.updated_on`,
    ).run(...valuesOf(row, columns));
  }

  // ---- packages (the repository's index) -------------------------------------------------------

  packageVersions(): Array<{ package: string; version: string }> {
    return this.stmt('SELECT package, version FROM packages').all() as Array<{
      package: string;
      version: string;
    }>;
  }

  /** Every version of a package, with the attributes a host package row copies. */
  packageRows(name: string): Array<Record<string, string>> {
    return this.stmt(
      'SELECT package, version, section, architecture, maturity, description, signer, signer_fingerprint, signature_date, package_uuid FROM packages WHERE package = ?',
    ).all(name) as Array<Record<string, string>>;
  }

  groupControls(name: string): Array<Record<string, unknown>> {
    return (
      this.stmt("SELECT control FROM packages WHERE package = ? AND section = 'group'").all(name) as Array<{
        control: string;
      }>
    ).map((g) => JSON.parse(g.control) as Record<string, unknown>);
  }

  // ---- host_wsus ------------------------------------------------------------------------------

  wuaRows(hostId: number): WuaRow[] {
    return this.stmt(
      `SELECT hw.update_ref, hw.status, hw.allowed, hw.installed, hw.hidden, hw.downloaded, hw.delayed, hw.install_date, hw.history,
              hw.last_install_failed, u.update_id, u.title, u.kbids, u.product, u.classification, u.severity, u.changetime, u.downloaded_on,
              u.is_uninstallable, u.reboot_behaviour
       FROM host_wsus hw JOIN wsus_updates u ON u.id = hw.update_ref WHERE hw.host_id = ?`,
    ).all(hostId) as WuaRow[];
  }

  /** Writes changed rows; `present` follows `installed` (an installed update is present). */
  writeWuaRows(hostId: number, rows: readonly WuaRow[]): void {
    const upd = this.stmt(
      `UPDATE host_wsus SET status = ?, allowed = ?, installed = ?, present = ?, downloaded = ?, delayed = ?, install_date = ?, history = ?,
         last_install_failed = ? WHERE host_id = ? AND update_ref = ?`,
    );
    for (const r of rows)
      upd.run(
        r.status,
        r.allowed,
        r.installed,
        r.installed,
        r.downloaded,
        r.delayed,
        r.install_date,
        r.history,
        r.last_install_failed,
        hostId,
        r.update_ref,
      );
  }
}
