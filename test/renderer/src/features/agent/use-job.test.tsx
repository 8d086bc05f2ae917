import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ConsoleBridge } from '../../../../../common/ipc/contract';
import { ApiContext, createClient } from '../../../../../renderer/src/platform/api-client';
import { useJob } from '../../../../../renderer/src/features/agent/use-job';

/*
 * useJob (renderer/src/features/agent/use-job.ts) follows a job's progress and log. A job runs as
 * soon as it is started, so its first updates can reach the renderer before the call that started
 * it returns the job's id: they must not be lost (the build log's first line, "Installer script:
 * …", was, when the compile was quick to start).
 */
function fakeBridge() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const bridge = {
    invoke: () => Promise.resolve({ ok: true, value: null }),
    on: (event: string, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as ConsoleBridge;
  const emit = (event: string, payload: unknown) =>
    act(() => listeners.get(event)?.forEach((l) => l(payload)));
  return { bridge, emit };
}

/** Follows job `id` once its button is clicked (as the wizard does when the start call returns). */
function Job({ id }: { id: string }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  return (
    <>
      <button onClick={() => setJobId(id)}>follow</button>
      <pre data-testid="log">{job?.lines.join('\n')}</pre>
      <span data-testid="finished">{job?.finished ?? 'running'}</span>
    </>
  );
}

/** Renders a follower of job `id` over a fake bridge; returns the bridge's event emitter. */
function renderJob(id: string) {
  const { bridge, emit } = fakeBridge();
  render(
    <ApiContext.Provider value={createClient(bridge)}>
      <Job id={id} />
    </ApiContext.Provider>,
  );
  return emit;
}

const progress = (jobId: string, line: string) => ({ jobId, percent: 5, message: 'step', line });

describe('useJob', () => {
  it('keeps the updates that arrive before the job is followed, and only that job’s', () => {
    const emit = renderJob('job-1');
    emit('jobs.progress', progress('job-other', 'not ours'));
    emit('jobs.progress', progress('job-1', "Installer script: the console's bundled template"));
    fireEvent.click(screen.getByText('follow'));
    expect(screen.getByTestId('log').textContent).toBe("Installer script: the console's bundled template");
    emit('jobs.progress', progress('job-1', 'Compiling'));
    emit('jobs.progress', progress('job-other', 'still not ours'));
    expect(screen.getByTestId('log').textContent).toBe(
      "Installer script: the console's bundled template\nCompiling",
    );
    expect(screen.getByTestId('finished').textContent).toBe('running');
    emit('jobs.finished', { jobId: 'job-1', state: 'succeeded' });
    expect(screen.getByTestId('finished').textContent).toBe('succeeded');
  });

  it('keeps a job’s end when it comes before the job is followed', () => {
    const emit = renderJob('job-2');
    emit('jobs.progress', progress('job-2', 'only line'));
    emit('jobs.finished', { jobId: 'job-2', state: 'failed' });
    fireEvent.click(screen.getByText('follow'));
    expect(screen.getByTestId('log').textContent).toBe('only line');
    expect(screen.getByTestId('finished').textContent).toBe('failed');
  });
});
