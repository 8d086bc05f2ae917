import type { Db } from '../db/connection';
import type { PackageRepository } from '../repo/package-repo';
import { isoTimestamp, prng, text } from '../util';
import { FleetSql } from './fleet-sql';
import { SimulatedAgents } from './simulated-agent';

/**
 * Simulated agents, in process: the scheduler. A triggered action becomes a task in the host's
 * queue; tasks run one at a time per host over simulated time (durations below, divided by
 * `speed`), report progress, and on completion hand the action to the agents
 * (simulated-agent.ts), which change the host's rows in the database in one transaction: the
 * console then reads the new states through the ordinary routes. The scheduler owns timers,
 * queues and events only; what an action does is in agent-effects.ts, how rows are read and
 * written in fleet-sql.ts (docs/fleet-simulation.md).
 *
 * Task lists live in memory (a restarted server starts with empty queues, as a restarted agent
 * would); the states they produced are in the database.
 */

/** Time as the scheduler sees it; tests inject one they advance by hand. */
export interface SimClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: SimClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

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
  timer: unknown;
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
  /** Defaults to the system clock. */
  clock?: SimClock;
}

export class FleetSimulator {
  private readonly queues = new Map<number, HostQueue>();
  private readonly clock: SimClock;
  private readonly agents: SimulatedAgents;
  private closed = false;
  private readonly pendingWork = new Set<Promise<unknown>>();

  constructor(
    db: Db,
    private readonly opts: SimulatorOptions,
  ) {
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    const clock = this.clock;
    this.agents = new SimulatedAgents(new FleetSql(db), opts.repo, prng(opts.seed ^ 0x51a7), () =>
      clock.now(),
    );
  }

  /** Recomputes a host's host_status and last_update_status from its package rows. */
  refreshHostStatus(hostId: number): void {
    this.agents.refreshHostStatus(hostId);
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
    const now = isoTimestamp(this.clock.now());
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
    const now = isoTimestamp(this.clock.now());
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
    const now = isoTimestamp(this.clock.now());
    for (const p of q.pending) q.cancelled.push({ ...p.task, runstatus: 'CANCELLED', finish_date: now });
    q.pending = [];
    if (q.running !== null) {
      if (q.timer !== null) this.clock.clearTimeout(q.timer);
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
    next.startedMs = this.clock.now();
    next.task.start_date = isoTimestamp(this.clock.now());
    next.task.runstatus = 'RUNNING';
    this.event(q);
    q.timer = this.clock.setTimeout(() => {
      q.timer = null;
      const work = this.complete(q, next).finally(() => this.pendingWork.delete(work));
      this.pendingWork.add(work);
    }, next.durationMs);
  }

  private progressOf(t: QueuedTask): number {
    if (t.startedMs === undefined) return 0;
    return Math.min(99, Math.floor(((this.clock.now() - t.startedMs) / Math.max(1, t.durationMs)) * 100));
  }

  private async complete(q: HostQueue, t: QueuedTask): Promise<void> {
    if (q.running !== t) return;
    let summary: string;
    let ok = true;
    try {
      summary = await this.agents.apply(q.hostId, t.action);
    } catch (err) {
      ok = false;
      summary = err instanceof Error ? err.message : String(err);
    }
    if (this.closed || q.running !== t) return;
    const task = t.task;
    task.finish_date = isoTimestamp(this.clock.now());
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
        this.clock.clearTimeout(timer);
        q.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.clock.setTimeout(done, timeoutMs);
      q.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queues.values()) {
      if (q.timer !== null) this.clock.clearTimeout(q.timer);
      for (const w of [...q.waiters]) w();
    }
    await Promise.allSettled([...this.pendingWork]);
  }
}
