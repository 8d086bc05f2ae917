import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload, JobSummary } from '../../../common/ipc/contract';
import { ConsoleError } from '../../../common/errors';
import type { ProgressStep, StepParams } from '../../../common/progress-steps';
import { silentLogger, type Clock, type Logger } from '../ports';

export type EmitFn = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** `step` + `params`: the step as a code the window translates (common/progress-steps.ts). */
  progress(update: {
    percent?: number | null;
    message?: string;
    step?: ProgressStep;
    params?: StepParams;
    line?: string;
  }): void;
}

interface JobRecord {
  summary: JobSummary;
  /** The current step as a code, kept like the message for updates that only move the bar. */
  step?: { step: ProgressStep; params?: StepParams } | undefined;
  controller: AbortController;
  emit: EmitFn;
}

const KEEP_FINISHED = 50;

/**
 * Long work (compiles, bulk signing, host actions) runs as a job: the caller gets a JobRef at once,
 * progress goes only to the requester's `emit`, and `cancel` aborts through an AbortController.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(
    private readonly clock: Clock,
    /** Start and end of each job go to the log file (docs/logging.md); titles and messages do not. */
    private readonly log: Logger = silentLogger,
  ) {}

  start(
    kind: string,
    title: string,
    emit: EmitFn,
    work: (ctx: JobContext) => Promise<void>,
  ): { jobId: string } {
    const jobId = `job-${randomUUID()}`;
    const controller = new AbortController();
    const record: JobRecord = {
      controller,
      emit,
      summary: {
        jobId,
        kind,
        title,
        state: 'running',
        percent: null,
        message: '',
        startedAt: this.clock.now().toISOString(),
        finishedAt: null,
      },
    };
    this.jobs.set(jobId, record);
    this.log.info('job.started', { jobId, kind });
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: ({ percent, message, step, params, line }) => {
        if (record.summary.state !== 'running') return;
        if (percent !== undefined)
          record.summary.percent = percent === null ? null : Math.max(0, Math.min(100, percent));
        if (message !== undefined) {
          record.summary.message = message;
          // A new message without a step is not the previous step any more.
          record.step = step === undefined ? undefined : { step, ...(params ? { params } : {}) };
        }
        emit('jobs.progress', {
          jobId,
          percent: record.summary.percent,
          message: record.summary.message,
          ...(record.step ?? {}),
          ...(line === undefined ? {} : { line }),
        });
      },
    };
    void (async () => {
      try {
        await work(ctx);
        if (controller.signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled');
        this.finish(record, 'succeeded');
      } catch (err) {
        const e =
          err instanceof ConsoleError
            ? err
            : new ConsoleError('INTERNAL', (err as Error)?.message ?? String(err));
        this.finish(record, e.code === 'CANCELLED' || controller.signal.aborted ? 'cancelled' : 'failed', e);
      }
    })();
    return { jobId };
  }

  private finish(record: JobRecord, state: 'succeeded' | 'failed' | 'cancelled', error?: ConsoleError): void {
    record.summary.state = state;
    record.summary.finishedAt = this.clock.now().toISOString();
    if (state === 'succeeded') record.summary.percent = 100;
    const wireError =
      error === undefined || state === 'cancelled'
        ? undefined
        : {
            code: error.code,
            message: error.message,
            retryable: error.retryable,
            ...(error.details ? { details: error.details } : {}),
          };
    const ms = Date.parse(record.summary.finishedAt) - Date.parse(record.summary.startedAt);
    const fields = { jobId: record.summary.jobId, kind: record.summary.kind, state, ms };
    if (wireError)
      this.log.warn('job.finished', { ...fields, code: wireError.code, reason: error?.reason ?? null });
    else this.log.info('job.finished', fields);
    record.emit('jobs.finished', {
      jobId: record.summary.jobId,
      state,
      ...(wireError ? { error: wireError } : {}),
    });
    this.prune();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.summary.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)))
      this.jobs.delete(j.summary.jobId);
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.summary.state !== 'running') return false;
    job.controller.abort(new ConsoleError('CANCELLED', 'cancelled by the user'));
    return true;
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((j) => ({ ...j.summary }));
  }

  /** Aborts everything still running (window closed, app quitting). */
  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }
}
