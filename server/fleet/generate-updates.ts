import { decideUpdate, mergeRules, type WuaRulesPackage } from '../../common/domain/wua-rules';
import type { Db } from '../db/connection';
import {
  columnNames,
  HOST_WSUS,
  HOSTS,
  insertedColumns,
  insertSql,
  valuesOf,
  WSUS_UPDATE_STATS,
  WSUS_UPDATES,
} from '../db/fleet-tables';
import { WSUS_UPDATE_COLUMNS } from '../db/wsus-columns';
import { intBetween, isoTimestamp, type Rng } from '../util';
import { waptwuaRulesColumn } from './agent-effects';
import { hostTargets, type Catalog, type CatalogUpdate } from './catalog';
import type { GeneratedHost } from './generate-hosts';
import type { DemoPackageRef } from './generate-inventory';

/**
 * The demo fleet's Windows updates: the WUA catalogue (WAPT's `WsusUpdates`), each host's state of
 * each update that applies to it (`HostWsus`), decided by the same rules code as the console
 * (common/domain/wua-rules.ts), the host's WUA status and counts, and the hosts per update and
 * status (`wsus_update_stats`); docs/fleet-tables.md. Every row is built by column name and
 * written in the order of the table's descriptor (server/db/fleet-tables.ts).
 *
 * Speed: the aggregate triggers are dropped during the bulk load (generator.ts), so the counts
 * are kept here and written once at the end; host_wsus rows go in multi-row INSERTs.
 */

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

type UpdateStatus = ReturnType<typeof decideUpdate>['status'];
/** The wsus_update_stats column counting each status (the descriptor names them in lower case). */
const STATS_COLUMN: Record<UpdateStatus, string> = {
  OK: 'ok',
  PENDING: 'pending',
  MISSING: 'missing',
  DISCARDED: 'discarded',
  ERROR: 'error',
};
const STATS_COLUMNS = insertedColumns(WSUS_UPDATE_STATS);
const HOST_WSUS_COLUMNS = insertedColumns(HOST_WSUS);
/** The hosts' per-status counts (`wua_ok_count`…), kept by triggers outside the bulk load. */
const HOST_COUNT_COLUMNS = columnNames(HOSTS, ['aggregate']);
/** host_wsus rows per INSERT statement. */
const HOST_WSUS_BATCH = 64;

export interface UpdatesContext {
  now: number;
  /** The rows' created_on / updated_on (the fleet's generation time). */
  created: string;
  rulesPackages: readonly WuaRulesPackage[];
}

export interface UpdatesWriter {
  /** Inserts the catalogue; first, inside the bulk load's transaction. */
  writeCatalogue(): void;
  /**
   * Writes one host's update states and gives its WUA columns of `hosts` (by name: the status,
   * the rules it applies, the per-status counts).
   */
  writeHost(hostId: number, h: GeneratedHost, carried: readonly DemoPackageRef[]): Record<string, unknown>;
  /** Writes the last host_wsus rows and the per-update counts; gives how many host states were written. */
  finish(): number;
}

/**
 * The updates side of the fleet. `rng` is the fleet stream: which updates the server holds is drawn
 * now, each host's states when it is written, in a fixed order, so a seed gives the same fleet.
 */
export function updatesWriter(db: Db, catalog: Catalog, ctx: UpdatesContext, rng: Rng): UpdatesWriter {
  const lastMonth = catalog.months - 1;
  // Updates for which the server already holds the files (most of them: the demo server "downloaded" what hosts needed).
  const cached = catalog.updates.map((u) => u.month < lastMonth || rng() < 0.5);
  const publishedMs = catalog.updates.map((u) => Date.parse(u.changetime + 'Z'));
  const rulesByName = new Map(ctx.rulesPackages.map((p) => [p.package, p]));
  const decisionCache = new Map<string, ReturnType<typeof decideUpdate>>();
  const mergedCache = new Map<string, ReturnType<typeof mergeRules>>();
  // Aggregates computed here instead of by the triggers (dropped during the bulk load).
  const stats = catalog.updates.map(() => ({
    ok: 0,
    pending: 0,
    missing: 0,
    discarded: 0,
    error: 0,
    total: 0,
  }));
  let hostUpdates = 0;
  let updateRefBase = 0;
  const cabDate = catalog.monthDates[lastMonth]!;

  const insertUpdate = db.prepare(insertSql(WSUS_UPDATES, WSUS_UPDATE_COLUMNS));
  const insertStats = db.prepare(insertSql(WSUS_UPDATE_STATS, STATS_COLUMNS));
  const hostWsusSql = (rows: number) => insertSql(HOST_WSUS, HOST_WSUS_COLUMNS, rows);
  const insertHostWsusBatch = db.prepare(hostWsusSql(HOST_WSUS_BATCH));
  const buffer: unknown[] = [];
  const flush = (all: boolean) => {
    const width = HOST_WSUS_COLUMNS.length;
    while (buffer.length >= HOST_WSUS_BATCH * width)
      insertHostWsusBatch.run(...buffer.splice(0, HOST_WSUS_BATCH * width));
    if (all && buffer.length > 0) db.prepare(hostWsusSql(buffer.length / width)).run(...buffer.splice(0));
  };

  const mergedRules = (carried: readonly DemoPackageRef[]) => {
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
    return { rulesPkgs, rulesKey, merged };
  };

  return {
    writeCatalogue() {
      for (const [k, u] of catalog.updates.entries()) {
        const downloadedOn = cached[k] ? isoTimestamp(publishedMs[k]! + 86_400_000) : null;
        insertUpdate.run(...wsusUpdateRow(u, downloadedOn, ctx.created));
      }
      updateRefBase = (db.prepare('SELECT MIN(id) AS m FROM wsus_updates').get() as { m: number }).m;
    },

    writeHost(hostId, h, carried) {
      const { rulesPkgs, rulesKey, merged } = mergedRules(carried);
      const settingsKey = `${h.settings.default_allow}|${String(h.settings.install_delay)}`;
      const counts: Record<UpdateStatus, number> = { OK: 0, PENDING: 0, MISSING: 0, DISCARDED: 0, ERROR: 0 };
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
            d = decideUpdate(u, merged, h.settings, ctx.now, {
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
          const row = {
            host_id: hostId,
            update_ref: updateRefBase + idx,
            status: d.status,
            allowed: d.allowed ? 1 : 0,
            installed: installed ? 1 : 0,
            present: installed ? 1 : 0,
            hidden: hidden ? 1 : 0,
            downloaded: installed || downloaded ? 1 : 0,
            delayed: d.delayed ? 1 : 0,
            install_date: installDate,
            history: null,
            last_install_failed: failed ? 1 : 0,
          };
          for (const c of HOST_WSUS_COLUMNS) buffer.push(row[c as keyof typeof row]);
          const st = stats[idx]!;
          st[STATS_COLUMN[d.status] as keyof typeof st]++;
          st.total++;
          hostUpdates++;
        }
      }
      flush(false);
      const wuaStatus =
        counts.ERROR > 0 ? 'ERROR' : counts.PENDING + counts.MISSING > 0 ? 'PENDING_UPDATES' : 'OK';
      const columns: Record<string, unknown> = {
        waptwua_status: JSON.stringify({
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
        waptwua_rules: JSON.stringify(waptwuaRulesColumn(merged, h.settings)),
      };
      for (const [status, n] of Object.entries(counts)) columns[`wua_${status.toLowerCase()}_count`] = n;
      return columns;
    },

    finish() {
      flush(true);
      stats.forEach((st, idx) => {
        if (st.total > 0)
          insertStats.run(...valuesOf({ update_ref: updateRefBase + idx, ...st }, STATS_COLUMNS));
      });
      return hostUpdates;
    },
  };
}

/** The hosts' WUA columns `writeHost` gives, in the order the host update sets them. */
export const HOST_WUA_COLUMNS = ['waptwua_status', 'waptwua_rules', ...HOST_COUNT_COLUMNS];
