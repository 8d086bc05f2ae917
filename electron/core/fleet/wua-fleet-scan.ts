import { z } from 'zod';
import type { StatusCounts } from '../../../common/domain/compliance';
import { ConsoleError } from '../../../common/errors';
import type { FleetScanStatus } from '../../../common/ipc/methods/audit';
import type { WaptClient } from '../api/wapt-client';
import type { EmitFn, JobRegistry } from '../jobs/job-registry';
import { requireWua, type CapabilitiesSource } from '../session/feature-guard';
import { lenientText as str } from '../api/lenient-fields';

/**
 * Per-update and per-host Windows-update counts computed in the console from each host's own
 * data, for servers that do not aggregate them (a genuine 1.8.2 server: docs/server-capabilities.md,
 * "Counts and audit"). One `host_data?uuid=…&field=wsusupdates` per host, a few at a time, as a
 * cancellable job; the result is kept for the session and stamped with the server time of the
 * hosts list ("data as of").
 */

/** Hosts asked at once: enough to finish 450 hosts in seconds, few enough not to load the server. */
export const FLEET_SCAN_CONCURRENCY = 8;
/** The hosts list is read in one request (a genuine server honours only `limit`). */
export const FLEET_SCAN_MAX_HOSTS = 50_000;

/** The `local_status_status` values counted; others (e.g. SUPERSEDED, inferred) are not counted. */
const COUNTED = {
  OK: 'ok',
  PENDING: 'pending',
  MISSING: 'missing',
  ERROR: 'error',
  DISCARDED: 'discarded',
} as const;

export interface FleetWuaSnapshot {
  /** Server time (HTTP Date) of the hosts list the counts were computed for. */
  asOf: string;
  finishedAt: string;
  hostsTotal: number;
  /** The hosts list hit FLEET_SCAN_MAX_HOSTS: hosts beyond it are not counted. */
  limitReached: boolean;
  /** Hosts whose data could not be read (other than "no data"). */
  hostsFailed: number;
  /** Hosts that never reported Windows updates (`empty_data`). */
  hostsWithoutData: number;
  perHost: ReadonlyMap<string, StatusCounts>;
  perUpdate: ReadonlyMap<string, StatusCounts>;
}

const zero = (): StatusCounts => ({ ok: 0, pending: 0, missing: 0, error: 0, discarded: 0 });

const HostRef = z.object({ uuid: z.string() }).passthrough();
const HostUpdateStatus = z.object({ update_id: z.string(), local_status_status: str }).passthrough();

/** Counts one host's rows into its own totals and the fleet's per-update totals. */
export function countHostUpdates(
  rows: readonly { update_id: string; local_status_status: string | null }[],
  perUpdate: Map<string, StatusCounts>,
): StatusCounts {
  const mine = zero();
  for (const r of rows) {
    const key = COUNTED[(r.local_status_status ?? '').toUpperCase() as keyof typeof COUNTED];
    if (!key) continue;
    mine[key]++;
    const u = perUpdate.get(r.update_id) ?? zero();
    u[key]++;
    perUpdate.set(r.update_id, u);
  }
  return mine;
}

interface Running {
  jobId: string;
  client: WaptClient;
  done: number;
  total: number | null;
}

export class FleetWuaScan {
  private snapshotOf: { client: WaptClient; snapshot: FleetWuaSnapshot } | null = null;
  private running: Running | null = null;
  private lastError: { client: WaptClient; message: string; cancelled: boolean } | null = null;

  constructor(
    private readonly client: () => WaptClient,
    private readonly caps: CapabilitiesSource,
    private readonly jobs: JobRegistry,
    private readonly opts: { concurrency?: number; maxHosts?: number } = {},
  ) {}

  /** The session's computed counts, or null (never computed, or computed for another session). */
  snapshot(): FleetWuaSnapshot | null {
    const c = this.snapshotOf;
    try {
      return c && c.client === this.client() ? c.snapshot : null;
    } catch {
      return null;
    }
  }

  status(): FleetScanStatus {
    const caps = this.caps();
    const client = this.client();
    const snap = this.snapshot();
    const run = this.running && this.running.client === client ? this.running : null;
    const err = this.lastError && this.lastError.client === client ? this.lastError : null;
    return {
      needed: caps.wua && !caps.wuaHostCounts,
      state: run ? 'running' : snap ? 'ready' : err ? (err.cancelled ? 'cancelled' : 'failed') : 'none',
      jobId: run?.jobId ?? null,
      done: run?.done ?? snap?.hostsTotal ?? 0,
      total: run ? run.total : (snap?.hostsTotal ?? null),
      asOf: snap?.asOf ?? null,
      hostsFailed: snap?.hostsFailed ?? 0,
      hostsWithoutData: snap?.hostsWithoutData ?? 0,
      limitReached: snap?.limitReached ?? false,
      error: run || snap || !err || err.cancelled ? null : err.message,
    };
  }

  /** Starts a scan (or returns the one already running for this session). */
  start(emit: EmitFn): { jobId: string } {
    requireWua(this.caps());
    const client = this.client();
    if (this.running && this.running.client === client) return { jobId: this.running.jobId };
    const concurrency = this.opts.concurrency ?? FLEET_SCAN_CONCURRENCY;
    const maxHosts = this.opts.maxHosts ?? FLEET_SCAN_MAX_HOSTS;
    const ref = this.jobs.start(
      'wua-fleet-scan',
      'Windows-update counts from every host',
      emit,
      async (job) => {
        const run: Running = { jobId: job.jobId, client, done: 0, total: null };
        this.running = run;
        try {
          this.snapshotOf = { client, snapshot: await this.scan(client, job, run, concurrency, maxHosts) };
          this.lastError = null;
        } catch (err) {
          this.lastError = {
            client,
            cancelled: job.signal.aborted,
            message: err instanceof Error ? err.message : String(err),
          };
          throw err;
        } finally {
          if (this.running === run) this.running = null;
        }
      },
    );
    return ref;
  }

  private async scan(
    client: WaptClient,
    job: { signal: AbortSignal; progress: (u: { percent?: number | null; message?: string }) => void },
    run: Running,
    concurrency: number,
    maxHosts: number,
  ): Promise<FleetWuaSnapshot> {
    const { result: hosts, asOf } = await client.requestWithMeta('/api/v1/hosts', z.array(HostRef), {
      params: { columns: 'uuid', limit: String(maxHosts) },
      signal: job.signal,
    });
    run.total = hosts.length;
    job.progress({ percent: hosts.length === 0 ? 100 : 0, message: `0/${hosts.length}` });
    const perHost = new Map<string, StatusCounts>();
    const perUpdate = new Map<string, StatusCounts>();
    let failed = 0;
    let withoutData = 0;
    let lastReport = 0;
    let next = 0;
    const worker = async () => {
      while (next < hosts.length) {
        if (job.signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled by the user');
        const uuid = hosts[next++]!.uuid;
        try {
          const rows = await client.request('/api/v1/host_data', z.array(HostUpdateStatus), {
            params: { uuid, field: 'wsusupdates' },
            signal: job.signal,
          });
          perHost.set(uuid, countHostUpdates(rows, perUpdate));
        } catch (err) {
          if (job.signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled by the user');
          // A host that never reported updates answers `empty_data`: it has nothing to count.
          if (err instanceof ConsoleError && err.details?.waptErrorCode === 'empty_data') {
            withoutData++;
            perHost.set(uuid, zero());
          } else if (err instanceof ConsoleError && err.code === 'UNAUTHENTICATED') throw err;
          else failed++;
        }
        run.done++;
        const now = Date.now();
        if (now - lastReport > 200 || run.done === hosts.length) {
          lastReport = now;
          job.progress({ percent: (run.done / hosts.length) * 100, message: `${run.done}/${hosts.length}` });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, hosts.length) }, worker));
    return {
      asOf,
      finishedAt: new Date().toISOString(),
      hostsTotal: hosts.length,
      limitReached: hosts.length >= maxHosts,
      hostsFailed: failed,
      hostsWithoutData: withoutData,
      perHost,
      perUpdate,
    };
  }
}
