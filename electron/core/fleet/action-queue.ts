import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';
import { QueuedAction, type HostActionKind } from '../../../common/ipc/methods/actions';
import type { WaptClient } from '../api/wapt-client';
import { writeFileAtomic } from '../../../wapt/fs/atomic-write';
import type { Clock, Logger } from '../ports';
import { batches } from './action-batches';
import { initialRows, type HostActionsService } from './host-actions';
import { cancelledEntry, expiredEntry, outcomeOf, sentEntry, withChange } from './queued-action-states';

/**
 * "Queue until online": actions for hosts that were skipped as not connected wait here, in a file
 * of the user-data folder (written atomically; it holds host uuids, names and action names, never
 * key material). While the console runs it looks for queued hosts that are connected again and
 * sends each a freshly signed claim, once: an entry is marked SENT and saved *before* its claim
 * leaves, so a crash or restart can never send it twice (docs/host-actions.md, "Queue").
 */
const FILE_NAME = 'host-action-queue.json';
const StoredQueue = z.object({ schemaVersion: z.literal(1), entries: z.array(QueuedAction) });
type StoredQueue = z.infer<typeof StoredQueue>;
const EMPTY: StoredQueue = { schemaVersion: 1, entries: [] };

/** The connection columns of `/api/v1/hosts` (docs/host-actions.md, "Queue"). */
const HostLinks = z.array(
  z.object({ uuid: z.string(), listening_protocol: z.string().nullable().optional() }).passthrough(),
);
/** uuids per listing request: 100 uuids keep the URL far below servers' 8 KiB line limits. */
const UUIDS_PER_LISTING = 100;
/** How often the running console looks for queued hosts (CoreDeps can change it). */
export const QUEUE_CHECK_MS = 30_000;

export class ActionQueue {
  private cache: StoredQueue | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private ticking: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly userDataDir: string,
    private readonly actions: HostActionsService,
    private readonly client: () => WaptClient,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  private get file(): string {
    return path.join(this.userDataDir, FILE_NAME);
  }

  async list(): Promise<QueuedAction[]> {
    return [...(await this.load()).entries];
  }

  /** Queues the run's hosts that ended SKIPPED (not connected); returns how many were queued. */
  async queueSkipped(jobId: string, expiryHours: number, uuids?: readonly string[]): Promise<number> {
    const run = this.actions.runOf(jobId);
    const wanted = uuids === undefined ? null : new Set(uuids);
    const skipped = [...run.rows.values()].filter(
      (r) => r.state === 'SKIPPED' && (wanted === null || wanted.has(r.uuid)),
    );
    if (skipped.length === 0)
      throw new ConsoleError('VALIDATION', 'no host of this run was skipped as not connected', {
        details: { reason: 'NOTHING_TO_QUEUE' },
      });
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + expiryHours * 3_600_000).toISOString();
    const { action, updateIds } = run.request;
    const packages = run.request.packages ?? [];
    await this.mutate((q) => {
      const entries = [...q.entries];
      for (const r of skipped) {
        // The same action already waiting for this host: extend it rather than queue it twice.
        const same = entries.findIndex(
          (e) => e.state === 'WAITING' && e.uuid === r.uuid && sameAction(e, action, updateIds, packages),
        );
        const entry: QueuedAction = {
          id: same >= 0 ? entries[same]!.id : randomUUID(),
          action,
          uuid: r.uuid,
          host: r.host,
          updateIds: [...updateIds],
          packages: [...packages],
          queuedAt: now.toISOString(),
          expiresAt,
          sentAt: null,
          state: 'WAITING',
          message: '',
        };
        if (same >= 0) entries[same] = entry;
        else entries.push(entry);
      }
      return { ...q, entries };
    });
    return skipped.length;
  }

  /** Cancels waiting entries; entries already sent keep their history. */
  async cancel(ids: readonly string[]): Promise<QueuedAction[]> {
    const wanted = new Set(ids);
    await this.mutate((q) => ({
      ...q,
      entries: q.entries.map((e) => (wanted.has(e.id) && e.state === 'WAITING' ? cancelledEntry(e) : e)),
    }));
    return this.list();
  }

  /** Checks the queue every `intervalMs` while the console runs (the timer never keeps it alive). */
  watch(intervalMs = QUEUE_CHECK_MS): void {
    if (this.timer !== undefined || intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) =>
        this.log.warn('actions.queue-check-failed', { message: (err as Error).message }),
      );
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops watching and following; actions already sent stay SENT (never sent again). */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    await this.idle();
  }

  /** Resolves when no check and no send of the queue is under way. */
  async idle(): Promise<void> {
    while (this.ticking !== undefined || this.inflight.size > 0)
      await Promise.allSettled([this.ticking, ...this.inflight]);
  }

  /**
   * One check: expire what waited too long, then send to the queued hosts that are connected now.
   * Their outcome is followed in the background (see `idle`). Checks never overlap.
   */
  tick(): Promise<void> {
    this.ticking ??= this.check().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async check(): Promise<void> {
    const now = this.clock.now();
    await this.mutate((q) => ({
      ...q,
      entries: q.entries.map((e) =>
        e.state === 'WAITING' && Date.parse(e.expiresAt) <= now.getTime() ? expiredEntry(e) : e,
      ),
    }));
    const waiting = (await this.list()).filter((e) => e.state === 'WAITING');
    if (waiting.length === 0 || this.stopping.signal.aborted) return;
    let client: WaptClient;
    try {
      client = this.client();
      this.actions.checkStartable({ action: 'update' });
    } catch {
      // Not connected to a server, or the key is locked: the queue waits.
      return;
    }
    const online = await connectedHosts(client, [...new Set(waiting.map((e) => e.uuid))]);
    const due = waiting.filter((e) => online.has(e.uuid));
    if (due.length === 0) return;
    // Saved as SENT before any claim leaves: at most once, whatever happens next.
    const sentAt = this.clock.now().toISOString();
    const ids = new Set(due.map((e) => e.id));
    await this.mutate((q) => ({
      ...q,
      entries: q.entries.map((e) => (ids.has(e.id) ? sentEntry(e, sentAt) : e)),
    }));
    const groups = new Map<string, QueuedAction[]>();
    for (const e of due) {
      const key = `${e.action}\u0000${e.updateIds.join(',')}\u0000${e.packages.join(',')}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    for (const group of groups.values()) {
      const work = this.send(group).finally(() => this.inflight.delete(work));
      this.inflight.add(work);
    }
  }

  private async send(group: QueuedAction[]): Promise<void> {
    const first = group[0]!;
    const request = {
      action: first.action,
      hosts: group.map((e) => ({ uuid: e.uuid, host: e.host })),
      updateIds: first.updateIds,
      packages: first.packages,
      concurrency: 8,
    };
    const rows = initialRows(request);
    try {
      if (first.action.startsWith('waptwua_') || first.action === 'audit_packages')
        this.actions.checkStartable(request);
      await this.actions.execute(request, rows, this.stopping.signal);
    } catch {
      // It failed before signing or sending (key locked meanwhile, disconnected): nothing left,
      // so the entries wait again.
      for (const e of group) rows.set(e.uuid, { ...rows.get(e.uuid)!, state: 'SKIPPED' });
    }
    const byEntry = new Map(group.map((e) => [e.id, rows.get(e.uuid)!]));
    await this.mutate((q) => ({
      ...q,
      entries: q.entries.map((e) => {
        const row = byEntry.get(e.id);
        return row === undefined || e.state !== 'SENT' ? e : withChange(e, outcomeOf(row));
      }),
    }));
  }

  private async load(): Promise<StoredQueue> {
    if (this.cache) return this.cache;
    let raw: string | undefined;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new ConsoleError('IO', `cannot read the queue of host actions: ${(err as Error).message}`);
    }
    if (raw === undefined) return (this.cache = EMPTY);
    try {
      this.cache = StoredQueue.parse(JSON.parse(raw));
    } catch {
      // Kept aside for a look, never half-read: the queue starts empty.
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await writeFileAtomic(aside, raw);
      this.log.warn('actions.queue-corrupt-file-set-aside', { aside });
      this.cache = EMPTY;
    }
    return this.cache;
  }

  /** Read-modify-write steps one at a time, each saved atomically before the next starts. */
  private mutate(change: (q: StoredQueue) => StoredQueue): Promise<void> {
    const step = this.writes.then(async () => {
      const next = change(await this.load());
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
      this.cache = next;
    });
    this.writes = step.catch(() => undefined);
    return step;
  }
}

function sameAction(
  e: QueuedAction,
  action: HostActionKind,
  updateIds: readonly string[],
  packages: readonly string[],
): boolean {
  return (
    e.action === action &&
    e.updateIds.join(',') === updateIds.join(',') &&
    e.packages.join(',') === packages.join(',')
  );
}

/**
 * The queued hosts connected now: `listening_protocol` is `websockets` (what the server checks
 * before relaying, docs/host-actions.md). A host attached to another server passes this test but
 * is then skipped by the server, and simply waits again.
 */
async function connectedHosts(client: WaptClient, uuids: string[]): Promise<Set<string>> {
  const online = new Set<string>();
  for (const chunk of batches(uuids, UUIDS_PER_LISTING)) {
    const rows = await client.request('/api/v1/hosts', HostLinks, {
      params: { uuid: chunk.join(','), columns: 'uuid,listening_protocol', limit: chunk.length },
    });
    for (const r of rows) if (r.listening_protocol === 'websockets') online.add(r.uuid);
  }
  return online;
}
