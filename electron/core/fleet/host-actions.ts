import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';
import { reasonParams } from '../../../common/error-reasons';
import type { ProgressStep, StepParams } from '../../../common/progress-steps';
import type { HostActionKind, HostActionRow, HostActionRun } from '../../../common/ipc/methods/actions';
import { waptFailure } from '../api/envelope';
import type { WaptClient } from '../api/wapt-client';
import type { EmitFn, JobRegistry } from '../jobs/job-registry';
import {
  REFERENCE_DEFAULT_CAPABILITIES,
  requireWua,
  type CapabilitiesSource,
} from '../session/feature-guard';
import type { PackageSigner } from '../../../wapt/signing/index';
import {
  batches,
  CLAIMS_PER_REQUEST,
  pool,
  Semaphore,
  SEND_CONCURRENCY,
  signHostClaims,
  type HostClaim,
} from './action-batches';

export { AGENT_ACTION } from './action-batches';

const Task = z
  .object({
    id: z.number(),
    progress: z.number().nullable().optional(),
    summary: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    runstatus: z.string().nullable().optional(),
  })
  .passthrough();
const TaskList = z
  .array(Task)
  .nullable()
  .optional()
  .transform((v) => v ?? []);
/**
 * Either a full status or just `{last_event_id}` when nothing changed during the long poll. A
 * genuine server sends `last_event_id: null` for an idle agent (docs/server-capabilities.md).
 */
const TasksStatus = z
  .object({
    running: Task.nullable().optional(),
    pending: TaskList,
    done: TaskList,
    errors: TaskList,
    cancelled: TaskList,
    last_task_id: z.number().nullable().optional(),
    last_event_id: z.number().nullable().optional(),
  })
  .passthrough();
type TasksStatus = z.infer<typeof TasksStatus>;
/**
 * Per-host answers relayed by a server with the `action_results` extension, in the envelope's
 * `action_results` key: whether the agent took the action, its message, and the task it queued
 * (docs/server-capabilities.md). A genuine server relays nothing; anything unreadable counts as
 * "no answer relayed", and the task is then followed from the host's task list alone.
 */
const RelayedResults = z
  .array(
    z
      .object({
        uuid: z.string(),
        status: z.string(),
        msg: z.string().nullable().optional(),
        task: z.object({ id: z.number() }).passthrough().nullable().optional(),
      })
      .passthrough(),
  )
  .catch([]);

/** The envelope of trigger_host_action, read as is (see sendBatch). */
const TriggerAnswer = z
  .object({
    success: z.boolean(),
    msg: z.string().nullable().optional(),
    error_code: z.string().nullable().optional(),
    action_results: z.unknown().optional(),
  })
  .passthrough();

/** The `action_results` extension's bulk read of relayed tasks (docs/server-api-extensions.md). */
const BulkOutcomes = z.array(
  z
    .object({
      uuid: z.string(),
      task_id: z.number(),
      state: z.string(),
      progress: z.number().nullable().optional(),
      summary: z.string().nullable().optional(),
      description: z.string().nullable().optional(),
    })
    .passthrough(),
);
/** Hosts per bulk read: the server answers 500 in one short SQL-and-memory pass. */
const OUTCOMES_PER_REQUEST = 500;
/** A bulk read costs one request per 500 hosts: it may come back often. */
const MAX_BULK_POLL_MS = 1000;

const LONG_POLL_S = 5;
/**
 * Short polls (no long poll) when more hosts are followed than requests may be in flight: a long
 * poll holds one of the pool's slots for up to LONG_POLL_S. The interval starts small and grows,
 * so a long task costs a few requests, not one per FIRST_POLL_MS (docs/host-actions.md, "Following").
 */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 3000;
const POLL_BACKOFF = 1.5;
/** Follow-up time per host when no setting says otherwise (setting `hostActionTimeoutMinutes`). */
export const DEFAULT_FOLLOW_MINUTES = 10;

export interface ActionRequest {
  action: HostActionKind;
  hosts: { uuid: string; host: string }[];
  updateIds: string[];
  /** Package names, for the package actions (install, remove, forget, audit). */
  packages?: string[];
  /** Requests in flight at once to follow hosts (host_tasks_status). */
  concurrency: number;
}

/** What one run cost and how long its parts took (the benchmark and tests read it). */
export interface RunStats {
  signed: number;
  signMs: number;
  triggerRequests: number;
  statusRequests: number;
  /** From the start of the run to the last batch answered. */
  sentMs: number;
}

interface Run {
  request: ActionRequest;
  rows: Map<string, HostActionRow>;
  finished: boolean;
  stats: RunStats;
}

type Update = (uuid: string, patch: Partial<HostActionRow>) => void;
/** Signs the claims of one batch (one signer, one signature date for the whole action). */
type SignBatch = (uuids: string[]) => HostClaim[];

const FINAL_STATES: ReadonlySet<HostActionRow['state']> = new Set([
  'OK',
  'ERROR',
  'TIMEOUT',
  'SKIPPED',
  'CANCELLED',
]);
export const isFinal = (r: HostActionRow): boolean => FINAL_STATES.has(r.state);

/** Parses WAPT's "<n> actions launched, <e> errors, <s> skipped, …" message (docs/host-actions.md). */
export function parseTriggerMessage(
  msg: string,
): { launched: number; errors: number; skipped: number } | null {
  const m = /(\d+) actions? launched, (\d+) errors?, (\d+) skipped/.exec(msg);
  return m ? { launched: Number(m[1]), errors: Number(m[2]), skipped: Number(m[3]) } : null;
}

/** The newest task id in a status answer (when the server sends no `last_task_id`). */
function maxTaskId(st: TasksStatus): number {
  const all = [...(st.running ? [st.running] : []), ...st.pending, ...st.done, ...st.errors, ...st.cancelled];
  return all.reduce((m, t) => Math.max(m, t.id), 0);
}

/** Waits `ms` or until aborted; the abort listener goes away either way (many hosts sleep at once). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const unreachable = (err: unknown) =>
  err instanceof ConsoleError && err.details?.waptErrorCode === 'ewapthostunreachable';
const unknownHost = (err: unknown) =>
  err instanceof ConsoleError && err.details?.waptErrorCode === 'ewaptunknownhost';
const asConsoleError = (err: unknown) =>
  err instanceof ConsoleError ? err : new ConsoleError('INTERNAL', (err as Error).message);

/**
 * A row sentence of main's own: English in `message` (the CLI prints it) and a step code the
 * window says in the user's language (docs/i18n.md).
 */
function note(
  step: ProgressStep,
  message: string,
  params?: StepParams,
): Pick<HostActionRow, 'message' | 'note'> {
  return { message, note: { step, ...(params ? { params } : {}) } };
}

/** A failed host: main's English message, and the error as code + reason + parameters for the window. */
function failure(err: unknown): Pick<HostActionRow, 'message' | 'error'> {
  const e = asConsoleError(err);
  return {
    message: e.message,
    error: { code: e.code, reason: e.reason ?? null, params: reasonParams(e.details) },
  };
}

/**
 * Triggers an action on many hosts. All claims are signed first, here in main with the
 * administrator's key (it never leaves main); they go to the server as JSON arrays, a few
 * requests for the whole fleet; each host then shows SENT at once and its real outcome as its
 * task reports, followed through host_tasks_status with a bounded number of requests in flight
 * (docs/host-actions.md). Hosts that are not connected end SKIPPED and can be queued
 * (action-queue.ts).
 */
export class HostActionsService {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly client: () => WaptClient,
    private readonly signer: () => PackageSigner,
    private readonly jobs: JobRegistry,
    /** The server's capabilities; absent = the reference server's default profile (tests). */
    private readonly caps: CapabilitiesSource = () => REFERENCE_DEFAULT_CAPABILITIES,
    /** Minutes to follow each host's task before giving up (TIMEOUT). */
    private readonly followMinutes: () => Promise<number> = async () => DEFAULT_FOLLOW_MINUTES,
    /** Claims per request and requests in flight (tests and the benchmark change them). */
    private readonly tuning: { claimsPerRequest: number; sendConcurrency: number } = {
      claimsPerRequest: CLAIMS_PER_REQUEST,
      sendConcurrency: SEND_CONCURRENCY,
    },
  ) {}

  start(request: ActionRequest, emit: EmitFn): { jobId: string } {
    this.checkStartable(request);
    const rows = initialRows(request);
    return this.jobs.start(
      'host-action',
      `${request.action} on ${request.hosts.length} hosts`,
      emit,
      async (job) => {
        const run: Run = { request, rows, finished: false, stats: emptyStats() };
        this.runs.set(job.jobId, run);
        let changed: HostActionRow[] = [];
        const flush = () => {
          if (changed.length === 0) return;
          emit('actions.hostStatus', { jobId: job.jobId, rows: changed });
          changed = [];
          const all = [...rows.values()];
          const done = all.filter(isFinal).length;
          job.progress({ percent: (done / all.length) * 100, message: `${done}/${all.length}` });
        };
        const ticker = setInterval(flush, 250);
        try {
          await this.execute(request, rows, job.signal, (row) => changed.push(row), run.stats);
        } finally {
          clearInterval(ticker);
          flush();
          run.finished = true;
        }
      },
    );
  }

  /** Refuses before anything is signed or sent: WUA actions on a community server, a locked key. */
  checkStartable(request: Pick<ActionRequest, 'action'>): void {
    if (request.action.startsWith('waptwua_')) requireWua(this.caps());
    if (request.action === 'audit_packages') requireAuditAction(this.caps());
    // Fail before creating a job when the key is locked: the dialog then asks for the password.
    this.signer();
  }

  /**
   * The whole action: sign, send in batches, follow every host to its outcome. Rows change in
   * place in `rows`; `changed` hears every change. Rows still open when it ends are CANCELLED.
   * Also used by the queue of actions for hosts that were offline.
   */
  async execute(
    request: ActionRequest,
    rows: Map<string, HostActionRow>,
    signal: AbortSignal,
    changed: (row: HostActionRow) => void = () => undefined,
    stats: RunStats = emptyStats(),
  ): Promise<void> {
    const caps = this.caps();
    const client = this.client();
    const followMs = (await this.followMinutes()) * 60_000;
    const update: Update = (uuid, patch) => {
      const row = { ...rows.get(uuid)!, ...patch };
      // A new message replaces the previous one's code: an agent's summary has none.
      if (patch.message !== undefined) {
        if (patch.note === undefined) delete row.note;
        if (patch.error === undefined) delete row.error;
      }
      rows.set(uuid, row);
      changed(row);
    };
    const t0 = performance.now();
    // One signer and one signature date for the whole action. Claims are signed batch by batch
    // just before their batch leaves, so the server reads one batch while the next is signed; a
    // key locked meanwhile fails the batches not yet signed (KEY_LOCKED on their hosts).
    const signer = this.signer();
    const now = new Date();
    const sign: SignBatch = (uuids) => {
      const s0 = performance.now();
      const claims = signHostClaims(
        request.action,
        uuids,
        { updateIds: request.updateIds, packages: request.packages ?? [] },
        signer,
        now,
      );
      stats.signMs += performance.now() - s0;
      stats.signed += claims.length;
      return claims;
    };
    const uuids = request.hosts.map((h) => h.uuid);
    const requests = new Semaphore(request.concurrency);
    // Few hosts: each can hold a long poll, which answers at the agent's next event.
    const longPoll = request.hosts.length <= request.concurrency;
    const followers: Promise<void>[] = [];
    // Every followed host sleeps on this signal between questions: a thousand listeners is expected.
    setMaxListeners(0, signal);
    const follow = (uuid: string, afterTaskId: number) =>
      followers.push(
        this.follow(client, uuid, afterTaskId, signal, update, followMs, requests, longPoll, stats),
      );
    try {
      if (caps.actionResults) {
        // The server tells per host whether it relayed and which task the agent queued: no
        // question before sending, and the tasks' states come back many hosts per request.
        const open = new Map<string, number>();
        const sending = { done: false };
        followers.push(this.followRelayed(client, open, sending, signal, update, followMs, stats, follow));
        await this.sendAll(client, uuids, sign, signal, update, stats, (uuid, answer) => {
          if (answer?.status === 'ERROR')
            update(uuid, {
              state: 'ERROR',
              ...(answer.msg
                ? { message: answer.msg }
                : note('hostAction.AGENT_REFUSED', 'the agent refused the action')),
            });
          else if (answer?.status === 'SKIPPED')
            update(uuid, { state: 'SKIPPED', ...note('hostAction.NOT_CONNECTED', 'Not connected') });
          else {
            update(uuid, { state: 'SENT', message: '' });
            if (answer?.task) open.set(uuid, answer.task.id);
            else follow(uuid, 0);
          }
        });
        sending.done = true;
      } else {
        await this.sendAfterBaseline(
          client,
          uuids,
          sign,
          request.concurrency,
          requests,
          signal,
          update,
          stats,
          follow,
        );
      }
      stats.sentMs = performance.now() - t0;
      await Promise.all(followers);
    } finally {
      await Promise.allSettled(followers);
      for (const r of rows.values())
        if (!isFinal(r))
          update(r.uuid, {
            state: 'CANCELLED',
            progress: null,
            ...note('hostAction.CANCELLED', 'cancelled'),
          });
    }
  }

  /**
   * A server that relays no answer (genuine 1.8.2) says neither which hosts were connected nor
   * which task is ours. So each host's task list is read first (bounded pool): an unreachable
   * host is SKIPPED, and the newest task id is the line after which the action's task appears.
   * Claims go out in batches as soon as enough hosts are known.
   */
  private async sendAfterBaseline(
    client: WaptClient,
    uuids: string[],
    sign: SignBatch,
    concurrency: number,
    requests: Semaphore,
    signal: AbortSignal,
    update: Update,
    stats: RunStats,
    follow: (uuid: string, afterTaskId: number) => void,
  ): Promise<void> {
    const baseline = new Map<string, number>();
    let ready: string[] = [];
    const sends: Promise<void>[] = [];
    const sender = new Semaphore(this.tuning.sendConcurrency);
    const onSent = (uuid: string) => {
      update(uuid, { state: 'SENT', message: '' });
      follow(uuid, baseline.get(uuid) ?? 0);
    };
    const ship = () => {
      const batch = ready;
      ready = [];
      if (batch.length === 0) return;
      let claims: HostClaim[];
      try {
        claims = sign(batch);
      } catch (err) {
        for (const uuid of batch) update(uuid, { state: 'ERROR', ...failure(err) });
        return;
      }
      sends.push(
        sender.run(() => this.sendBatch(client, claims, signal, update, stats, (uuid) => onSent(uuid))),
      );
    };
    await pool(uuids, concurrency, signal, async (uuid) => {
      try {
        const st = await requests.run(() => this.tasks(client, uuid, undefined, 0, stats));
        baseline.set(uuid, st.last_task_id ?? maxTaskId(st));
      } catch (err) {
        if (unreachable(err))
          return update(uuid, { state: 'SKIPPED', ...note('hostAction.NOT_CONNECTED', 'Not connected') });
        if (unknownHost(err)) return update(uuid, { state: 'ERROR', ...failure(err) });
        // Unreadable task list: send anyway and take every task as possibly ours.
        baseline.set(uuid, 0);
      }
      ready.push(uuid);
      if (ready.length >= this.tuning.claimsPerRequest) ship();
    });
    if (!signal.aborted) ship();
    await Promise.all(sends);
  }

  /** Sends every claim in batches, a few requests at once (`tuning`). */
  private async sendAll(
    client: WaptClient,
    uuids: string[],
    sign: SignBatch,
    signal: AbortSignal,
    update: Update,
    stats: RunStats,
    onSent: (uuid: string, answer: z.infer<typeof RelayedResults>[number] | undefined) => void,
  ): Promise<void> {
    const { claimsPerRequest, sendConcurrency } = this.tuning;
    await pool(batches(uuids, claimsPerRequest), sendConcurrency, signal, async (batch) => {
      let claims: HostClaim[];
      try {
        claims = sign(batch);
      } catch (err) {
        for (const uuid of batch) update(uuid, { state: 'ERROR', ...failure(err) });
        return;
      }
      // Let the previous batch's answer and the other sender's request through before more signing.
      await new Promise((resolve) => setImmediate(resolve));
      await this.sendBatch(client, claims, signal, update, stats, onSent);
    });
  }

  /** One `trigger_host_action` call carrying a JSON array of claims. */
  private async sendBatch(
    client: WaptClient,
    batch: HostClaim[],
    signal: AbortSignal,
    update: Update,
    stats: RunStats,
    onSent: (uuid: string, answer: z.infer<typeof RelayedResults>[number] | undefined) => void,
  ): Promise<void> {
    if (signal.aborted) return;
    try {
      stats.triggerRequests++;
      // Read raw: a batch where one host is unknown comes back `success:false`, yet the server
      // relayed every other claim of it (its message counts them, docs/host-actions.md).
      const env = await client.postBody(
        '/api/v3/trigger_host_action?timeout=10',
        JSON.stringify(batch.map((c) => c.claim)),
        { 'Content-Type': 'application/json' },
        TriggerAnswer,
        { raw: true, signal },
      );
      if (!env.success && parseTriggerMessage(env.msg ?? '') === null)
        throw waptFailure(env.error_code, env.msg ?? undefined, '/api/v3/trigger_host_action');
      const answers = new Map(RelayedResults.parse(env.action_results).map((a) => [a.uuid, a]));
      for (const c of batch) onSent(c.uuid, answers.get(c.uuid));
    } catch (err) {
      if (signal.aborted) return;
      // The whole request was refused (bad signature, forbidden…): nothing of it was relayed.
      for (const c of batch) update(c.uuid, { state: 'ERROR', ...failure(err) });
    }
  }

  /**
   * Follows the relayed tasks through the `action_results` extension's bulk read: one request
   * per OUTCOMES_PER_REQUEST hosts and round, where host_tasks_status costs one request per host
   * (docs/host-actions.md, "Following"). Falls back to host by host if the read fails.
   */
  private async followRelayed(
    client: WaptClient,
    open: Map<string, number>,
    sending: { done: boolean },
    signal: AbortSignal,
    update: Update,
    followMs: number,
    stats: RunStats,
    follow: (uuid: string, afterTaskId: number) => void,
  ): Promise<void> {
    const started = Date.now();
    let interval = FIRST_POLL_MS;
    const left = () => followMs - (Date.now() - started);
    while (!signal.aborted && left() > 0 && (!sending.done || open.size > 0)) {
      await sleep(Math.min(interval, Math.max(0, left())), signal);
      interval = Math.min(MAX_BULK_POLL_MS, interval * POLL_BACKOFF);
      for (const chunk of batches([...open], OUTCOMES_PER_REQUEST)) {
        if (signal.aborted) return;
        let answers: z.infer<typeof BulkOutcomes>;
        try {
          stats.statusRequests++;
          answers = await client.request('/api/v3/action_results', BulkOutcomes, {
            method: 'POST',
            data: { tasks: chunk.map(([uuid, taskId]) => ({ uuid, task_id: taskId })) },
          });
        } catch {
          if (signal.aborted) return;
          for (const [uuid, taskId] of open) follow(uuid, taskId - 1);
          open.clear();
          return;
        }
        for (const a of answers) {
          if (!open.has(a.uuid)) continue;
          const outcome = bulkOutcome(a);
          if (outcome === null) continue;
          update(a.uuid, outcome);
          if (outcome.state !== 'RUNNING') open.delete(a.uuid);
        }
      }
    }
    if (!signal.aborted)
      for (const uuid of open.keys())
        update(uuid, { state: 'TIMEOUT', progress: null, ...timeoutNote(followMs) });
  }

  private async tasks(
    client: WaptClient,
    uuid: string,
    lastEventId: number | undefined,
    timeout: number,
    stats: RunStats,
  ): Promise<TasksStatus> {
    stats.statusRequests++;
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
    update: Update,
    followMs: number,
    requests: Semaphore,
    longPoll: boolean,
    stats: RunStats,
  ): Promise<void> {
    const started = Date.now();
    let lastEvent: number | undefined;
    let interval = FIRST_POLL_MS;
    try {
      while (!signal.aborted && Date.now() - started < followMs) {
        const left = Math.floor((followMs - (Date.now() - started)) / 1000);
        const pollS = longPoll ? Math.max(0, Math.min(LONG_POLL_S, left)) : 0;
        const st = await requests.run(() =>
          this.tasks(client, uuid, longPoll ? lastEvent : undefined, pollS, stats),
        );
        // An idle agent says `last_event_id: null`: keep asking for anything newer than before.
        lastEvent = st.last_event_id ?? lastEvent;
        const outcome = taskOutcome(st, afterTaskId);
        if (outcome !== null && outcome.state !== 'RUNNING' && outcome.state !== 'PENDING') {
          update(uuid, outcome.row);
          return;
        }
        if (outcome?.state === 'RUNNING') update(uuid, outcome.row);
        // Without a long poll (or an event id to wait on) the server answers at once: pace the questions.
        if (!longPoll) {
          await sleep(Math.min(interval, Math.max(0, followMs - (Date.now() - started))), signal);
          interval = Math.min(MAX_POLL_MS, interval * POLL_BACKOFF);
        } else if (pollS === 0 || lastEvent === undefined) await sleep(1000, signal);
      }
      if (!signal.aborted) update(uuid, { state: 'TIMEOUT', progress: null, ...timeoutNote(followMs) });
    } catch (err) {
      if (signal.aborted) return;
      // The host went away after the claim was relayed: its outcome cannot be read any more.
      if (unreachable(err))
        update(uuid, {
          state: 'TIMEOUT',
          progress: null,
          ...note('hostAction.HOST_DISCONNECTED', 'the host disconnected'),
        });
      else update(uuid, { state: 'ERROR', progress: null, ...failure(err) });
    }
  }

  status(jobId: string): HostActionRun {
    const run = this.runs.get(jobId);
    if (!run)
      throw new ConsoleError('NOT_FOUND', 'no such host-action job', { details: { reason: 'UNKNOWN_JOB' } });
    return { jobId, action: run.request.action, rows: [...run.rows.values()], finished: run.finished };
  }

  /** The request, rows and costs of a run (the queue reads the skipped hosts and the action). */
  runOf(jobId: string): Readonly<Run> {
    const run = this.runs.get(jobId);
    if (!run)
      throw new ConsoleError('NOT_FOUND', 'no such host-action job', { details: { reason: 'UNKNOWN_JOB' } });
    return run;
  }

  /** A new run on the hosts that ended in ERROR (hosts already OK are not touched again). */
  retryFailed(jobId: string, emit: EmitFn): { jobId: string } {
    const run = this.runOf(jobId);
    if (!run.finished)
      throw new ConsoleError('CONFLICT', 'the run is still going: wait for it to end or cancel it', {
        details: { reason: 'RUNNING' },
      });
    const failed = [...run.rows.values()].filter((r) => r.state === 'ERROR' || r.state === 'TIMEOUT');
    if (failed.length === 0)
      throw new ConsoleError('VALIDATION', 'no failed host to retry', {
        details: { reason: 'NOTHING_TO_RETRY' },
      });
    return this.start({ ...run.request, hosts: failed.map((r) => ({ uuid: r.uuid, host: r.host })) }, emit);
  }
}

/**
 * The package audit action exists only on Enterprise agents (WAPT's 1.8.2 community console hides
 * it and its community agent has no handler): refused up front elsewhere (docs/host-actions.md).
 */
function requireAuditAction(caps: ReturnType<CapabilitiesSource>): void {
  if (caps.edition !== 'enterprise')
    throw new ConsoleError(
      'NOT_SUPPORTED',
      `package audit is not offered by this server (${caps.edition} edition)`,
      {
        retryable: false,
        details: { reason: 'EDITION', feature: 'audit', edition: caps.edition },
      },
    );
}

function timeoutNote(followMs: number): Pick<HostActionRow, 'message' | 'note'> {
  const [amount, unit] =
    followMs >= 60_000 ? [Math.round(followMs / 60_000), 'min'] : [Math.round(followMs / 1000), 's'];
  return note('hostAction.NO_OUTCOME', `no outcome from the agent within ${amount} ${unit}`, {
    amount,
    unit,
  });
}

/** The agent's summary when it wrote one, else main's own sentence for that outcome. */
const summaryOr = (summary: string | null | undefined, step: ProgressStep, fallback: string) =>
  summary ? { message: summary } : note(step, fallback);

/** A row change from one entry of the bulk read, or null while the task waits in the queue. */
function bulkOutcome(
  a: z.infer<typeof BulkOutcomes>[number],
): (Partial<HostActionRow> & { state: HostActionRow['state'] }) | null {
  switch (a.state) {
    case 'RUNNING':
      return { state: 'RUNNING', progress: a.progress ?? null, message: a.description ?? a.summary ?? '' };
    case 'DONE':
      return { state: 'OK', progress: 100, ...summaryOr(a.summary, 'hostAction.DONE', 'done') };
    case 'ERROR':
      return {
        state: 'ERROR',
        progress: null,
        ...summaryOr(a.summary, 'hostAction.TASK_FAILED', 'the task failed'),
      };
    case 'CANCELLED':
      return {
        state: 'CANCELLED',
        progress: null,
        ...summaryOr(a.summary, 'hostAction.CANCELLED_ON_HOST', 'cancelled on the host'),
      };
    case 'UNREACHABLE':
      return {
        state: 'TIMEOUT',
        progress: null,
        ...note('hostAction.HOST_DISCONNECTED', 'the host disconnected'),
      };
    case 'UNKNOWN_HOST':
      return { state: 'ERROR', progress: null, ...note('hostAction.UNKNOWN_HOST', 'unknown host') };
    case 'UNKNOWN':
      return {
        state: 'TIMEOUT',
        progress: null,
        ...note('hostAction.TASK_GONE', 'the agent no longer lists the task'),
      };
    default:
      return null;
  }
}

function emptyStats(): RunStats {
  return { signed: 0, signMs: 0, triggerRequests: 0, statusRequests: 0, sentMs: 0 };
}

export function initialRows(request: Pick<ActionRequest, 'hosts'>): Map<string, HostActionRow> {
  return new Map(
    request.hosts.map((h) => [
      h.uuid,
      { uuid: h.uuid, host: h.host, state: 'QUEUED', progress: null, message: '' },
    ]),
  );
}

/** What a host's task list says about the tasks after `afterTaskId`, or null when none is there yet. */
function taskOutcome(
  st: TasksStatus,
  afterTaskId: number,
): { state: HostActionRow['state'] | 'PENDING'; row: Partial<HostActionRow> } | null {
  const mine = (t: { id: number }) => t.id > afterTaskId;
  const running = st.running && mine(st.running) ? st.running : null;
  if (running)
    return {
      state: 'RUNNING',
      row: {
        state: 'RUNNING',
        progress: running.progress ?? null,
        message: running.description ?? running.summary ?? '',
      },
    };
  if (st.pending.some(mine)) return { state: 'PENDING', row: {} };
  const failed = st.errors.filter(mine);
  if (failed.length > 0)
    return {
      state: 'ERROR',
      row: {
        state: 'ERROR',
        progress: null,
        ...summaryOr(failed.at(-1)!.summary, 'hostAction.TASK_FAILED', 'the task failed'),
      },
    };
  const done = st.done.filter(mine);
  if (done.length > 0)
    return {
      state: 'OK',
      row: { state: 'OK', progress: 100, ...summaryOr(done.at(-1)!.summary, 'hostAction.DONE', 'done') },
    };
  const cancelled = st.cancelled.filter(mine);
  if (cancelled.length > 0)
    return {
      state: 'CANCELLED',
      row: {
        state: 'CANCELLED',
        progress: null,
        ...summaryOr(cancelled.at(-1)!.summary, 'hostAction.CANCELLED_ON_HOST', 'cancelled on the host'),
      },
    };
  return null;
}
