import { readPackageControl } from '../../wapt/packages/index';
import { controlList } from '../../common/domain/control';
import { decideUpdate, mergeRules, type WuaRulesPackage } from '../../common/domain/wua-rules';
import type { Db } from '../db/connection';
import type { PackageRepository } from '../repo/package-repo';
import { safeCompare } from '../repo/package-repo';
import { isoTimestamp, prng, text, type Rng } from '../util';
import { waptwuaRulesColumn, type SimSettings } from './generator';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Simulated agents, in process. A triggered action becomes a task in the host's queue; tasks run
 * one at a time per host over simulated time (durations below, divided by `speed`), report
 * progress, sometimes fail, and on completion change the host's rows in the database in one
 * transaction: the console then reads the new states through the ordinary routes.
 *
 * Task lists live in memory (a restarted server starts with empty queues, as a restarted agent
 * would); the states they produced are in the database.
 *
 * Windows-update action names are the **inferred** ones of docs/wapt-server-api.md §5.3
 * (`trigger_waptwua_scan|download|install|uninstall`).
 */

export interface SimTask {
  id: number;
  classname: string;
  priority: number;
  order: number;
  force: boolean;
  create_date: string;
  start_date: string | null;
  finish_date: string | null;
  logs: string;
  result: string | null;
  summary: string;
  progress: number;
  runstatus: string;
  description: string;
  pidlist: string;
  notify_user: boolean;
  notify_server_on_start: boolean;
  notify_server_on_finish: boolean;
  created_by: string | null;
}

interface QueuedTask {
  task: SimTask;
  action: Record<string, unknown>;
  durationMs: number;
  startedMs?: number;
}

interface HostQueue {
  hostId: number;
  uuid: string;
  pending: QueuedTask[];
  running: QueuedTask | null;
  done: SimTask[];
  errors: SimTask[];
  cancelled: SimTask[];
  lastTaskId: number;
  lastEventId: number;
  timer: NodeJS.Timeout | null;
  waiters: Set<() => void>;
}

/** Simulated duration of each action, in seconds (before dividing by `speed`). */
const DURATIONS_S: Record<string, { seconds: number; classname: string; description: string }> = {
  trigger_waptwua_scan: { seconds: 60, classname: 'WaptWUAScanUpdates', description: 'Scan Windows updates' },
  trigger_waptwua_download: {
    seconds: 120,
    classname: 'WaptWUADownloadUpdates',
    description: 'Download pending Windows updates',
  },
  trigger_waptwua_install: {
    seconds: 300,
    classname: 'WaptWUAInstallUpdates',
    description: 'Install pending Windows updates',
  },
  trigger_waptwua_uninstall: {
    seconds: 120,
    classname: 'WaptWUAUninstallUpdates',
    description: 'Uninstall Windows updates',
  },
  trigger_host_update: { seconds: 10, classname: 'WaptUpdate', description: 'Update package list' },
  trigger_host_upgrade: { seconds: 90, classname: 'WaptUpgrade', description: 'Upgrade packages' },
  trigger_install_packages: { seconds: 30, classname: 'WaptPackageInstall', description: 'Install packages' },
  trigger_remove_packages: { seconds: 15, classname: 'WaptPackageRemove', description: 'Remove packages' },
  trigger_forget_packages: { seconds: 1, classname: 'WaptPackageForget', description: 'Forget packages' },
  trigger_change_description: {
    seconds: 2,
    classname: 'WaptChangeDescription',
    description: 'Change computer description',
  },
  trigger_host_register: { seconds: 5, classname: 'WaptRegisterComputer', description: 'Register computer' },
  trigger_waptservicerestart: {
    seconds: 10,
    classname: 'WaptServiceRestart',
    description: 'Restart WAPT service',
  },
  trigger_longtask: { seconds: 60, classname: 'WaptLongTask', description: 'Long task (test)' },
  trigger_audit_packages: { seconds: 30, classname: 'WaptAuditPackage', description: 'Audit packages' },
  show_message: { seconds: 1, classname: 'WaptShowMessage', description: 'Show a message to users' },
};

export interface SimulatorOptions {
  /** Simulated seconds per real second (default 10). */
  speed: number;
  seed: number;
  serverUuid: string;
  repo: PackageRepository;
  log?: (line: string) => void;
}

interface WuaRow {
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

export class FleetSimulator {
  private readonly queues = new Map<number, HostQueue>();
  private readonly rng: Rng;
  private closed = false;
  private readonly pendingWork = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly opts: SimulatorOptions,
  ) {
    this.rng = prng(opts.seed ^ 0x51a7);
  }

  get speed(): number {
    return this.opts.speed;
  }

  private queue(hostId: number, uuid: string): HostQueue {
    let q = this.queues.get(hostId);
    if (q === undefined) {
      q = {
        hostId,
        uuid,
        pending: [],
        running: null,
        done: [],
        errors: [],
        cancelled: [],
        lastTaskId: 0,
        lastEventId: 0,
        timer: null,
        waiters: new Set(),
      };
      this.queues.set(hostId, q);
    }
    return q;
  }

  private event(q: HostQueue): void {
    q.lastEventId++;
    for (const w of q.waiters) w();
    q.waiters.clear();
  }

  /** Queues an action on a connected host. Returns the created task. */
  enqueue(
    host: { id: number; uuid: string },
    action: Record<string, unknown>,
    createdBy: string | null,
  ): SimTask {
    const q = this.queue(host.id, host.uuid);
    const name = text(action.action);
    if (name === 'trigger_cancel_all_tasks') {
      this.cancelAll(q);
      return this.finishedTask(q, 'WaptCancelAll', 'Cancel all tasks', createdBy, 'DONE', 'Tasks cancelled');
    }
    const def = DURATIONS_S[name];
    const packages = Array.isArray(action.packages) ? action.packages.length : 1;
    const seconds =
      (def?.seconds ?? 1) *
      (name === 'trigger_install_packages' || name === 'trigger_remove_packages' ? Math.max(1, packages) : 1);
    const now = isoTimestamp();
    const task: SimTask = {
      id: ++q.lastTaskId,
      classname: def?.classname ?? 'WaptRemoteAction',
      priority: 0,
      order: q.lastTaskId,
      force: action.force === true,
      create_date: now,
      start_date: null,
      finish_date: null,
      logs: '',
      result: null,
      summary: '',
      progress: 0,
      runstatus: 'PENDING',
      description: def?.description ?? `Remote action ${name}`,
      pidlist: '',
      notify_user: action.notify_user === true,
      notify_server_on_start: action.notify_server !== false,
      notify_server_on_finish: action.notify_server !== false,
      created_by: createdBy,
    };
    q.pending.push({ task, action, durationMs: (seconds * 1000) / Math.max(0.001, this.opts.speed) });
    this.event(q);
    this.startNext(q);
    return task;
  }

  private finishedTask(
    q: HostQueue,
    classname: string,
    description: string,
    createdBy: string | null,
    runstatus: string,
    summary: string,
  ): SimTask {
    const now = isoTimestamp();
    const task: SimTask = {
      id: ++q.lastTaskId,
      classname,
      priority: 0,
      order: q.lastTaskId,
      force: false,
      create_date: now,
      start_date: now,
      finish_date: now,
      logs: summary,
      result: null,
      summary,
      progress: 100,
      runstatus,
      description,
      pidlist: '',
      notify_user: false,
      notify_server_on_start: true,
      notify_server_on_finish: true,
      created_by: createdBy,
    };
    q.done.push(task);
    this.event(q);
    return task;
  }

  private cancelAll(q: HostQueue): void {
    const now = isoTimestamp();
    for (const p of q.pending) q.cancelled.push({ ...p.task, runstatus: 'CANCELLED', finish_date: now });
    q.pending = [];
    if (q.running !== null) {
      if (q.timer !== null) clearTimeout(q.timer);
      q.timer = null;
      q.cancelled.push({
        ...q.running.task,
        runstatus: 'CANCELLED',
        finish_date: now,
        progress: this.progressOf(q.running),
      });
      q.running = null;
    }
  }

  private startNext(q: HostQueue): void {
    if (this.closed || q.running !== null) return;
    const next = q.pending.shift();
    if (next === undefined) return;
    q.running = next;
    next.startedMs = Date.now();
    next.task.start_date = isoTimestamp();
    next.task.runstatus = 'RUNNING';
    this.event(q);
    q.timer = setTimeout(() => {
      q.timer = null;
      const work = this.complete(q, next).finally(() => this.pendingWork.delete(work));
      this.pendingWork.add(work);
    }, next.durationMs);
  }

  private progressOf(t: QueuedTask): number {
    if (t.startedMs === undefined) return 0;
    return Math.min(99, Math.floor(((Date.now() - t.startedMs) / Math.max(1, t.durationMs)) * 100));
  }

  private async complete(q: HostQueue, t: QueuedTask): Promise<void> {
    if (q.running !== t) return;
    let summary: string;
    let ok = true;
    try {
      summary = await this.apply(q.hostId, t.action);
    } catch (err) {
      ok = false;
      summary = err instanceof Error ? err.message : String(err);
    }
    if (this.closed || q.running !== t) return;
    const task = t.task;
    task.finish_date = isoTimestamp();
    task.progress = 100;
    task.summary = summary;
    task.logs = `${task.description}\n${summary}`;
    task.result = JSON.stringify({ summary });
    task.runstatus = ok ? 'DONE' : 'ERROR';
    (ok ? q.done : q.errors).push(task);
    if (q.done.length > 50) q.done.splice(0, q.done.length - 50);
    q.running = null;
    this.event(q);
    this.startNext(q);
  }

  /** host_tasks_status result (docs/wapt-server-api.md §5.4). */
  status(hostId: number, uuid: string): Record<string, unknown> {
    const q = this.queue(hostId, uuid);
    const running = q.running === null ? null : { ...q.running.task, progress: this.progressOf(q.running) };
    return {
      running,
      pending: q.pending.map((p) => p.task),
      done: q.done,
      cancelled: q.cancelled,
      errors: q.errors,
      last_task_id: q.lastTaskId,
      last_event_id: q.lastEventId,
    };
  }

  /** One task of the host's queue by id (the `action_results` extension's outcome read). */
  taskState(
    hostId: number,
    uuid: string,
    taskId: number,
  ): { state: 'PENDING' | 'RUNNING' | 'DONE' | 'ERROR' | 'CANCELLED' | 'UNKNOWN'; task: SimTask | null } {
    const q = this.queue(hostId, uuid);
    if (q.running?.task.id === taskId)
      return { state: 'RUNNING', task: { ...q.running.task, progress: this.progressOf(q.running) } };
    const pending = q.pending.find((p) => p.task.id === taskId);
    if (pending) return { state: 'PENDING', task: pending.task };
    for (const [state, list] of [
      ['DONE', q.done],
      ['ERROR', q.errors],
      ['CANCELLED', q.cancelled],
    ] as const) {
      const t = list.find((x) => x.id === taskId);
      if (t) return { state, task: t };
    }
    return { state: 'UNKNOWN', task: null };
  }

  lastEventId(hostId: number): number {
    return this.queues.get(hostId)?.lastEventId ?? 0;
  }

  /** Resolves at the next event of the host, or after `timeoutMs`. */
  waitForEvent(hostId: number, uuid: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const q = this.queue(hostId, uuid);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        q.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      q.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queues.values()) {
      if (q.timer !== null) clearTimeout(q.timer);
      for (const w of [...q.waiters]) w();
    }
    await Promise.allSettled([...this.pendingWork]);
  }

  // ---- effects -------------------------------------------------------------------------------

  private async apply(hostId: number, action: Record<string, unknown>): Promise<string> {
    const name = text(action.action);
    const now = Date.now();
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
        const names = (Array.isArray(action.packages) ? action.packages.map(String) : []).map((p) =>
          p.replace(/\(.*\)$/, '').trim(),
        );
        const del = this.db.prepare('DELETE FROM host_packages WHERE host_id = ? AND package = ?');
        this.db.transaction(() => names.forEach((n) => del.run(hostId, n)))();
        this.refreshHostStatus(hostId);
        return `${names.length} package(s) ${name === 'trigger_remove_packages' ? 'removed' : 'forgotten'}`;
      }
      case 'trigger_change_description': {
        const d = typeof action.computer_description === 'string' ? action.computer_description : '';
        this.db
          .prepare('UPDATE hosts SET description = ?, updated_on = ? WHERE id = ?')
          .run(d, isoTimestamp(now), hostId);
        return `Description changed to ${JSON.stringify(d)}`;
      }
      case 'trigger_host_register':
      case 'trigger_waptservicerestart':
      case 'trigger_longtask':
      case 'trigger_audit_packages':
      case 'show_message':
        this.db.prepare('UPDATE hosts SET last_seen_on = ? WHERE id = ?').run(isoTimestamp(now), hostId);
        return 'Done';
      default:
        throw new Error(`Unhandled remote action ${JSON.stringify(name)}`);
    }
  }

  private hostSettings(hostId: number): SimSettings {
    const row = this.db.prepare('SELECT sim_settings FROM hosts WHERE id = ?').get(hostId) as
      { sim_settings: string | null } | undefined;
    const s = row?.sim_settings ? (JSON.parse(row.sim_settings) as Partial<SimSettings>) : {};
    return {
      os: s.os ?? 'unknown',
      default_allow: s.default_allow ?? true,
      allowed_severities: s.allowed_severities ?? null,
      install_delay: s.install_delay ?? null,
      failRate: s.failRate ?? 0.02,
    };
  }

  /** The rules packages the host carries (section wsus), newest-first fallback when the exact version left the repository. */
  private hostRules(hostId: number, upgrade: boolean): WuaRulesPackage[] {
    const carried = this.db
      .prepare(
        "SELECT package, version FROM host_packages WHERE host_id = ? AND section = 'wsus' ORDER BY package",
      )
      .all(hostId) as Array<{ package: string; version: string }>;
    const repo = this.opts.repo.rulesPackages();
    const out: WuaRulesPackage[] = [];
    const setVersion = this.db.prepare(
      "UPDATE host_packages SET version = ?, install_status = 'OK', updated_on = ? WHERE host_id = ? AND package = ?",
    );
    for (const c of carried) {
      const versions = repo.get(c.package) ?? [];
      const newest = versions[0];
      let chosen = versions.find((v) => v.version === c.version) ?? newest;
      // A scan installs the newest version of the rules packages the host carries (simplification: a
      // real agent gets them at its next upgrade).
      if (upgrade && newest !== undefined && safeCompare(newest.version, c.version) > 0) {
        setVersion.run(newest.version, isoTimestamp(), hostId, c.package);
        chosen = newest;
      }
      if (chosen !== undefined)
        out.push({
          package: c.package,
          version: chosen.version,
          rules: chosen.rules as WuaRulesPackage['rules'],
        });
    }
    return out;
  }

  private wua(
    hostId: number,
    op: 'scan' | 'download' | 'install' | 'uninstall',
    now: number,
    uninstallIds: string[] = [],
  ): string {
    const result = { installed: 0, failed: 0, downloaded: 0, uninstalled: 0, changed: 0 };
    this.db.transaction(() => {
      const settings = this.hostSettings(hostId);
      const rulesPkgs = this.hostRules(hostId, op === 'scan');
      const merged = mergeRules(rulesPkgs);
      const rows = this.db
        .prepare(
          `SELECT hw.update_ref, hw.status, hw.allowed, hw.installed, hw.hidden, hw.downloaded, hw.delayed, hw.install_date, hw.history,
                  hw.last_install_failed, u.update_id, u.title, u.kbids, u.product, u.classification, u.severity, u.changetime, u.downloaded_on,
                  u.is_uninstallable, u.reboot_behaviour
           FROM host_wsus hw JOIN wsus_updates u ON u.id = hw.update_ref WHERE hw.host_id = ?`,
        )
        .all(hostId) as WuaRow[];
      const upd = this.db.prepare(
        `UPDATE host_wsus SET status = ?, allowed = ?, installed = ?, present = ?, downloaded = ?, delayed = ?, install_date = ?, history = ?,
           last_install_failed = ? WHERE host_id = ? AND update_ref = ?`,
      );
      const missingDownloads: string[] = [];
      const batch: string[] = [];
      let reboot = false;
      const uninstall = new Set(uninstallIds.map((s) => s.toLowerCase()));
      for (const r of rows) {
        const before = JSON.stringify([
          r.status,
          r.allowed,
          r.installed,
          r.downloaded,
          r.delayed,
          r.last_install_failed,
        ]);
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
          (uninstall.has(r.update_id.toLowerCase()) ||
            uninstall.has(r.update_id.split('_')[0]!.toLowerCase()))
        ) {
          if (r.is_uninstallable === 1) {
            r.installed = 0;
            r.install_date = null;
            r.downloaded = 1;
            addHistory('Uninstallation', 'Succeeded');
            result.uninstalled++;
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
            result.downloaded++;
          } else missingDownloads.push(r.update_id);
        }
        if (op === 'install') {
          d = decideUpdate(facts, merged, settings, now, local());
          if ((d.status === 'PENDING' || d.status === 'ERROR') && !d.delayed && r.downloaded === 1) {
            if (this.rng() < settings.failRate) {
              r.last_install_failed = 1;
              addHistory('Installation', 'Failed');
              result.failed++;
            } else {
              r.installed = 1;
              r.last_install_failed = 0;
              r.install_date = isoTimestamp(now).slice(0, 19);
              addHistory('Installation', 'Succeeded');
              batch.push(r.update_id);
              if (r.reboot_behaviour === 'AlwaysRequiresReboot') reboot = true;
              result.installed++;
            }
          }
        }
        d = decideUpdate(facts, merged, settings, now, local());
        r.status = d.status;
        r.allowed = d.allowed ? 1 : 0;
        r.delayed = d.delayed ? 1 : 0;
        const after = JSON.stringify([
          r.status,
          r.allowed,
          r.installed,
          r.downloaded,
          r.delayed,
          r.last_install_failed,
        ]);
        if (after !== before || historyChanged) {
          upd.run(
            r.status,
            r.allowed,
            r.installed,
            r.installed,
            r.downloaded,
            r.delayed,
            r.install_date,
            historyChanged ? JSON.stringify(history) : r.history,
            r.last_install_failed,
            hostId,
            r.update_ref,
          );
          result.changed++;
        }
      }
      // Triggers have kept the host's wua_*_count columns exact; derive the agent status from them.
      const c = this.db
        .prepare(
          'SELECT wua_pending_count AS p, wua_missing_count AS m, wua_error_count AS e, waptwua_status AS s, wuauserv_status AS w FROM hosts WHERE id = ?',
        )
        .get(hostId) as {
        p: number;
        m: number;
        e: number;
        s: string | null;
        w: string | null;
      };
      const status = (c.s ? JSON.parse(c.s) : {}) as Record<string, unknown>;
      const iso = isoTimestamp(now);
      status.enabled = true;
      status.status = c.e > 0 ? 'ERROR' : c.p + c.m > 0 ? 'PENDING_UPDATES' : 'OK';
      status.rules_packages = rulesPkgs.map((p) => `${p.package}(=${p.version})`);
      if (op === 'scan') {
        status.last_scan_date = iso;
        status.last_scan_duration = Math.round(20 + this.rng() * 200);
      }
      if (op === 'download' || op === 'install') status.missing_downloads = missingDownloads.slice(0, 100);
      if (op === 'install') {
        status.last_install_batch = batch;
        status.last_install_date = iso;
        status.last_install_result = result.failed > 0 ? 'ERROR' : 'OK';
        status.last_install_reboot_required = reboot;
      }
      status.last_error = c.e > 0 ? `${c.e} update(s) failed to install` : null;
      const wuauserv = (c.w ? JSON.parse(c.w) : {}) as Record<string, unknown>;
      if (reboot) wuauserv.reboot_needed = true;
      this.db
        .prepare(
          'UPDATE hosts SET waptwua_status = ?, wuauserv_status = ?, waptwua_rules = ?, last_seen_on = ?, updated_on = ? WHERE id = ?',
        )
        .run(
          JSON.stringify(status),
          JSON.stringify(wuauserv),
          JSON.stringify(waptwuaRulesColumn(merged, settings)),
          iso,
          iso,
          hostId,
        );
    })();
    switch (op) {
      case 'scan':
        return `Scan done: ${result.changed} update state(s) changed`;
      case 'download':
        return `${result.downloaded} update(s) downloaded`;
      case 'install':
        if (result.failed > 0)
          throw new Error(`${result.installed} update(s) installed, ${result.failed} failed`);
        return `${result.installed} update(s) installed`;
      case 'uninstall':
        return `${result.uninstalled} update(s) uninstalled`;
    }
  }

  /** trigger_host_update (mark upgrades) / trigger_host_upgrade (install them, some fail). */
  private packagesUpdate(hostId: number, upgrade: boolean): string {
    const newest = new Map<string, { version: string; row: Record<string, unknown> }>();
    for (const r of this.db.prepare('SELECT package, version, control FROM packages').all() as Array<{
      package: string;
      version: string;
      control: string;
    }>) {
      const cur = newest.get(r.package);
      if (cur === undefined || safeCompare(r.version, cur.version) > 0)
        newest.set(r.package, { version: r.version, row: JSON.parse(r.control) as Record<string, unknown> });
    }
    const settings = this.hostSettings(hostId);
    let upgraded = 0;
    let failed = 0;
    let marked = 0;
    this.db.transaction(() => {
      const rows = this.db
        .prepare('SELECT package, version, install_status FROM host_packages WHERE host_id = ?')
        .all(hostId) as Array<{ package: string; version: string; install_status: string }>;
      const set = this.db.prepare(
        'UPDATE host_packages SET version = ?, install_status = ?, install_date = ?, install_output = ?, updated_on = ? WHERE host_id = ? AND package = ?',
      );
      const now = isoTimestamp();
      for (const r of rows) {
        const n = newest.get(r.package);
        const outdated = n !== undefined && safeCompare(n.version, r.version) > 0;
        if (!upgrade) {
          if (outdated && r.install_status === 'OK') {
            set.run(r.version, 'NEED-UPGRADE', null, '', now, hostId, r.package);
            marked++;
          }
          continue;
        }
        if (!(outdated || r.install_status !== 'OK')) continue;
        const target = n?.version ?? r.version;
        if (this.rng() < settings.failRate * 2) {
          set.run(
            r.version,
            'ERROR',
            now,
            `Error installing ${r.package}(=${target}): installer exited with code 1603`,
            now,
            hostId,
            r.package,
          );
          failed++;
        } else {
          set.run(target, 'OK', now, `Installed ${r.package}(=${target})`, now, hostId, r.package);
          upgraded++;
        }
      }
    })();
    this.refreshHostStatus(hostId);
    if (!upgrade) return `${marked} package(s) to upgrade`;
    if (failed > 0) throw new Error(`${upgraded} package(s) upgraded, ${failed} failed`);
    return `${upgraded} package(s) upgraded`;
  }

  /** Adds the dependencies of the host's own package (`wapt-host/<uuid>.wapt`) that the repository holds. */
  private async applyHostPackage(hostId: number): Promise<void> {
    const host = this.db.prepare('SELECT uuid FROM hosts WHERE id = ?').get(hostId) as
      { uuid: string } | undefined;
    if (host === undefined) return;
    const file = path.join(this.opts.repo.dirs.waptHost, `${host.uuid}.wapt`);
    if (!existsSync(file)) return;
    let control;
    try {
      control = await readPackageControl(file);
    } catch {
      return;
    }
    const names = (v: unknown) =>
      controlList(v as string | undefined).map((d) => d.replace(/\(.*\)$/, '').trim());
    // Groups the host depends on bring their own depends and conflicts (docs/wapt-package-format.md
    // §12.2, docs/host-packages.md); one level of nesting per pass, cycles stopped by `seen`.
    const depends = new Set<string>();
    const conflicts = new Set(names(control.conflicts));
    const queue = names(control.depends);
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (depends.has(name)) continue;
      depends.add(name);
      const group = this.db
        .prepare("SELECT control FROM packages WHERE package = ? AND section = 'group'")
        .all(name) as Array<{ control: string }>;
      const newest = group
        .map((g) => JSON.parse(g.control) as Record<string, unknown>)
        .sort((a, b) => safeCompare(String(b.version), String(a.version)))[0];
      if (newest === undefined) continue;
      queue.push(...names(newest.depends));
      for (const c of names(newest.conflicts)) conflicts.add(c);
    }
    for (const c of conflicts) depends.delete(c);
    const installed = new Set(
      (
        this.db.prepare('SELECT package FROM host_packages WHERE host_id = ?').all(hostId) as Array<{
          package: string;
        }>
      ).map((r) => r.package),
    );
    // Already installed packages keep their state; new ones wait for this upgrade.
    this.addPackages(
      hostId,
      [...depends].filter((d) => !installed.has(d)),
      'NEED-INSTALL',
    );
    // Conflicts are removed before anything is installed (§3 #11).
    const del = this.db.prepare('DELETE FROM host_packages WHERE host_id = ? AND package = ?');
    this.db.transaction(() => [...conflicts].forEach((c) => del.run(hostId, c)))();
  }

  private addPackages(hostId: number, names: string[], status: string): string[] {
    const added: string[] = [];
    const missing: string[] = [];
    this.db.transaction(() => {
      const now = isoTimestamp();
      for (const name of names) {
        const row = this.db
          .prepare(
            'SELECT package, version, section, architecture, maturity, description, signer, signer_fingerprint, signature_date, package_uuid FROM packages WHERE package = ?',
          )
          .all(name) as Array<Record<string, string>>;
        const newest = row.sort((a, b) => safeCompare(b.version!, a.version!))[0];
        if (newest === undefined) {
          missing.push(name);
          continue;
        }
        this.db
          .prepare(
            `INSERT INTO host_packages (host_id, package_uuid, name, package, version, architecture, maturity, section, priority, signer, signer_fingerprint,
               signature_date, description, install_status, install_date, explicit_by, depends, conflicts, impacted_process, uninstall_key, created_on, updated_on)
             VALUES (?,?,?,?,?,?,?,?,'optional',?,?,?,?,?,?,'admin','[]','[]','[]','[]',?,?)
             ON CONFLICT(host_id, package) DO UPDATE SET version = excluded.version, install_status = excluded.install_status,
               install_date = excluded.install_date, section = excluded.section, updated_on = excluded.updated_on`,
          )
          .run(
            hostId,
            newest.package_uuid,
            name,
            name,
            newest.version,
            newest.architecture,
            newest.maturity,
            newest.section,
            newest.signer,
            newest.signer_fingerprint,
            newest.signature_date,
            newest.description,
            status,
            status === 'OK' ? now : null,
            now,
            now,
          );
        added.push(name);
      }
    })();
    if (missing.length > 0 && status === 'OK')
      throw new Error(`Package(s) not found in the repository: ${missing.join(', ')}`);
    return added;
  }

  private installPackages(hostId: number, requests: string[]): string {
    const names = requests.map((p) => p.replace(/\(.*\)$/, '').trim()).filter((p) => p !== '');
    const added = this.addPackages(hostId, names, 'OK');
    this.refreshHostStatus(hostId);
    return `${added.length} package(s) installed`;
  }

  /** Recomputes host_status and last_update_status from the package rows (docs/wapt-server-api.md §3.2.1). */
  refreshHostStatus(hostId: number): void {
    const rows = this.db
      .prepare('SELECT package, install_status FROM host_packages WHERE host_id = ?')
      .all(hostId) as Array<{ package: string; install_status: string }>;
    const errors = rows.filter((r) => r.install_status === 'ERROR').map((r) => r.package);
    const upgrades = rows
      .filter((r) => r.install_status === 'NEED-UPGRADE' || r.install_status === 'NEED-INSTALL')
      .map((r) => r.package);
    const now = isoTimestamp();
    const lus = {
      date: now,
      runstatus: '',
      running_tasks: [],
      errors,
      upgrades,
      pending: { install: [], upgrade: upgrades, remove: [], additional: [] },
    };
    this.db
      .prepare(
        'UPDATE hosts SET last_update_status = ?, host_status = ?, last_seen_on = ?, updated_on = ? WHERE id = ?',
      )
      .run(
        JSON.stringify(lus),
        errors.length > 0 ? 'ERROR' : upgrades.length > 0 ? 'TO-UPGRADE' : 'OK',
        now,
        now,
        hostId,
      );
  }
}
