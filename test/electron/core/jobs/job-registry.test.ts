import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import { JobRegistry, type EmitFn } from '../../../../electron/core/jobs/job-registry';
import { systemClock } from '../../../../electron/core/ports';

function recorder() {
  const events: [string, Record<string, unknown>][] = [];
  const emit = ((name: string, payload: Record<string, unknown>) => events.push([name, payload])) as EmitFn;
  const finished = (jobId: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const t = setInterval(() => {
        const f = events.find(([n, p]) => n === 'jobs.finished' && p.jobId === jobId);
        if (f) {
          clearInterval(t);
          resolve(f[1]);
        }
      }, 2);
    });
  return { events, emit, finished };
}

describe('JobRegistry', () => {
  it('returns at once, reports progress to the requester, and finishes succeeded', async () => {
    const jobs = new JobRegistry(systemClock);
    const r = recorder();
    const { jobId } = jobs.start('compile', 'Compile', r.emit, async (ctx) => {
      ctx.progress({ percent: 10, message: 'starting', line: 'ISCC 6.4.1' });
      ctx.progress({ percent: 150 });
    });
    expect(jobs.list()[0]).toMatchObject({ jobId, state: 'running' });
    expect(await r.finished(jobId)).toEqual({ jobId, state: 'succeeded' });
    expect(r.events.filter(([n]) => n === 'jobs.progress').map(([, p]) => p.percent)).toEqual([10, 100]);
    expect(jobs.list()[0]).toMatchObject({ state: 'succeeded', percent: 100 });
  });

  it('reports a failure with its error code', async () => {
    const jobs = new JobRegistry(systemClock);
    const r = recorder();
    const { jobId } = jobs.start('x', 'X', r.emit, async () => {
      throw new ConsoleError('COMPILE_FAILED', 'line 12: unknown identifier');
    });
    expect(await r.finished(jobId)).toMatchObject({
      state: 'failed',
      error: { code: 'COMPILE_FAILED', message: 'line 12: unknown identifier' },
    });
  });

  it('cancels through the AbortSignal and reports cancelled', async () => {
    const jobs = new JobRegistry(systemClock);
    const r = recorder();
    const { jobId } = jobs.start(
      'long',
      'Long',
      r.emit,
      (ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
        ),
    );
    expect(jobs.cancel(jobId)).toBe(true);
    expect(await r.finished(jobId)).toEqual({ jobId, state: 'cancelled' });
    expect(jobs.cancel(jobId)).toBe(false);
    expect(jobs.cancel('job-unknown')).toBe(false);
  });
});
