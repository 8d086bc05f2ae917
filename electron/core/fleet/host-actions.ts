import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';
import type { HostActionKind, HostActionRow, HostActionRun } from '../../../common/ipc/methods/actions';
import type { WaptClient } from '../api/wapt-client';
import type { EmitFn, JobRegistry } from '../jobs/job-registry';
import { signClaim, type ClaimValue, type PackageSigner } from '../signing/index';

/** Agent action names (server-api.md §5.3). The waptwua ones are INFERRED for 1.8.2 Enterprise agents. */
export const AGENT_ACTION: Record<HostActionKind, string> = {
  waptwua_scan: 'trigger_waptwua_scan',
  waptwua_download: 'trigger_waptwua_download',
  waptwua_install: 'trigger_waptwua_install',
  waptwua_uninstall: 'trigger_waptwua_uninstall',
  update: 'trigger_host_update',
  upgrade: 'trigger_host_upgrade',
};

const Task = z
  .object({
    id: z.number(),
    progress: z.number().nullable().optional(),
    summary: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    runstatus: z.string().nullable().optional(),
  })
  .passthrough();
// Either a full status or just `{last_event_id}` when nothing changed during the long poll.
const TasksStatus = z
  .object({
    running: Task.nullable().optional(),
    pending: z.array(Task).default([]),
    done: z.array(Task).default([]),
    errors: z.array(Task).default([]),
    last_task_id: z.number().optional(),
    last_event_id: z.number(),
  })
  .passthrough();
type TasksStatus = z.infer<typeof TasksStatus>;
const TriggerResult = z.unknown();

const POLL_TIMEOUT_S = 5;
const MAX_FOLLOW_MS = 30 * 60_000;

export interface ActionRequest {
  action: HostActionKind;
  hosts: { uuid: string; host: string }[];
  updateIds: string[];
  concurrency: number;
}

interface Run {
  request: ActionRequest;
  rows: Map<string, HostActionRow>;
  finished: boolean;
}

/** Parses WAPT's "<n> actions launched, <e> errors, <s> skipped, …" message (server-api.md §5.2). */
export function parseTriggerMessage(
  msg: string,
): { launched: number; errors: number; skipped: number } | null {
  const m = /(\d+) actions? launched, (\d+) errors?, (\d+) skipped/.exec(msg);
  return m ? { launched: Number(m[1]), errors: Number(m[2]), skipped: Number(m[3]) } : null;
}

async function pool<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  });
  await Promise.all(runners);
}

/**
 * Triggers an action on many hosts: one claim per host, signed here with the administrator's
 * key (it never leaves main), sent in parallel under a concurrency cap, then each host's task is
 * followed through host_tasks_status until it ends. Offline hosts are SKIPPED, not queued.
 */
export class HostActionsService {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly client: () => WaptClient,
    private readonly signer: () => PackageSigner,
    private readonly jobs: JobRegistry,
  ) {}

  start(request: ActionRequest, emit: EmitFn): { jobId: string } {
    // Fail before creating a job when the key is locked: the dialog then asks for the password.
    this.signer();
    const client = this.client();
    const rows = new Map<string, HostActionRow>(
      request.hosts.map((h) => [
        h.uuid,
        { uuid: h.uuid, host: h.host, state: 'QUEUED', progress: null, message: '' },
      ]),
    );
    return this.jobs.start(
      'host-action',
      `${request.action} on ${request.hosts.length} hosts`,
      emit,
      async (job) => {
        const run: Run = { request, rows, finished: false };
        this.runs.set(job.jobId, run);
        let changed: HostActionRow[] = [];
        const flush = () => {
          if (changed.length === 0) return;
          emit('actions.hostStatus', { jobId: job.jobId, rows: changed });
          changed = [];
          const all = [...rows.values()];
          const done = all.filter(
            (r) => r.state !== 'QUEUED' && r.state !== 'SENT' && r.state !== 'RUNNING',
          ).length;
          job.progress({ percent: (done / all.length) * 100, message: `${done}/${all.length}` });
        };
        const ticker = setInterval(flush, 250);
        const update = (uuid: string, patch: Partial<HostActionRow>) => {
          const row = { ...rows.get(uuid)!, ...patch };
          rows.set(uuid, row);
          changed.push(row);
        };
        try {
          await pool(request.hosts, request.concurrency, job.signal, (h) =>
            this.runOne(client, request, h.uuid, job.signal, update),
          );
        } finally {
          clearInterval(ticker);
          for (const r of rows.values())
            if (r.state === 'QUEUED' || r.state === 'SENT' || r.state === 'RUNNING')
              update(r.uuid, { state: 'CANCELLED', message: 'cancelled' });
          flush();
          run.finished = true;
        }
      },
    );
  }

  private async runOne(
    client: WaptClient,
    request: ActionRequest,
    uuid: string,
    signal: AbortSignal,
    update: (uuid: string, patch: Partial<HostActionRow>) => void,
  ): Promise<void> {
    if (signal.aborted) return;
    try {
      const before: TasksStatus | Error = await this.tasks(client, uuid, undefined, 0).catch(
        (err: unknown) => err as Error,
      );
      if (before instanceof ConsoleError && before.details?.waptErrorCode === 'ewapthostunreachable') {
        update(uuid, { state: 'SKIPPED', message: 'Not connected' });
        return;
      }
      const lastTaskId = before instanceof Error ? 0 : (before.last_task_id ?? 0);
      const claim: Record<string, ClaimValue> = {
        action: AGENT_ACTION[request.action],
        uuid,
        notify_server: true,
        force: false,
      };
      if (request.action === 'waptwua_uninstall') claim.update_ids = request.updateIds;
      const signed = signClaim(claim, this.signer());
      const { meta } = await client.requestWithMeta('/api/v3/trigger_host_action', TriggerResult, {
        method: 'POST',
        data: signed,
        params: { timeout: 10, uuid },
      });
      const counts = parseTriggerMessage(meta.msg);
      if (counts && counts.skipped > 0) {
        update(uuid, { state: 'SKIPPED', message: 'Not connected' });
        return;
      }
      update(uuid, { state: 'SENT', message: meta.msg });
      await this.follow(client, uuid, lastTaskId, signal, update);
    } catch (err) {
      if (signal.aborted) return;
      const e = err instanceof ConsoleError ? err : new ConsoleError('INTERNAL', (err as Error).message);
      update(uuid, { state: 'ERROR', message: e.message });
    }
  }

  private tasks(
    client: WaptClient,
    uuid: string,
    lastEventId: number | undefined,
    timeout: number,
  ): Promise<TasksStatus> {
    return client.request('/api/v3/host_tasks_status', TasksStatus, {
      params: {
        uuid,
        timeout,
        client_tasks_timeout: timeout + 5,
        ...(lastEventId === undefined ? {} : { last_event_id: lastEventId }),
      },
      timeout: (timeout + 10) * 1000,
    });
  }

  /** Follows the host's tasks newer than `afterTaskId` until none is pending or running. */
  private async follow(
    client: WaptClient,
    uuid: string,
    afterTaskId: number,
    signal: AbortSignal,
    update: (uuid: string, patch: Partial<HostActionRow>) => void,
  ): Promise<void> {
    const started = Date.now();
    let lastEvent: number | undefined;
    while (!signal.aborted && Date.now() - started < MAX_FOLLOW_MS) {
      const st = await this.tasks(client, uuid, lastEvent, POLL_TIMEOUT_S);
      lastEvent = st.last_event_id;
      const mine = (t: { id: number }) => t.id > afterTaskId;
      const running = st.running && mine(st.running) ? st.running : null;
      const pending = st.pending.filter(mine);
      const failed = st.errors.filter(mine);
      const done = st.done.filter(mine);
      if (running) {
        update(uuid, {
          state: 'RUNNING',
          progress: running.progress ?? null,
          message: running.description ?? running.summary ?? '',
        });
        continue;
      }
      if (pending.length > 0) continue;
      if (failed.length > 0) {
        update(uuid, {
          state: 'ERROR',
          progress: null,
          message: failed[failed.length - 1]!.summary ?? 'the task failed',
        });
        return;
      }
      if (done.length > 0) {
        update(uuid, { state: 'OK', progress: 100, message: done[done.length - 1]!.summary ?? 'done' });
        return;
      }
    }
    if (!signal.aborted) update(uuid, { state: 'ERROR', message: 'no result from the host in time' });
  }

  status(jobId: string): HostActionRun {
    const run = this.runs.get(jobId);
    if (!run)
      throw new ConsoleError('NOT_FOUND', 'no such host-action job', { details: { reason: 'UNKNOWN_JOB' } });
    return { jobId, action: run.request.action, rows: [...run.rows.values()], finished: run.finished };
  }

  /** A new run on the hosts that ended in ERROR (hosts already OK are not touched again). */
  retryFailed(jobId: string, emit: EmitFn): { jobId: string } {
    const run = this.runs.get(jobId);
    if (!run)
      throw new ConsoleError('NOT_FOUND', 'no such host-action job', { details: { reason: 'UNKNOWN_JOB' } });
    if (!run.finished)
      throw new ConsoleError('CONFLICT', 'the run is still going: wait for it to end or cancel it', {
        details: { reason: 'RUNNING' },
      });
    const failed = [...run.rows.values()].filter((r) => r.state === 'ERROR');
    if (failed.length === 0)
      throw new ConsoleError('VALIDATION', 'no failed host to retry', {
        details: { reason: 'NOTHING_TO_RETRY' },
      });
    return this.start({ ...run.request, hosts: failed.map((r) => ({ uuid: r.uuid, host: r.host })) }, emit);
  }
}
