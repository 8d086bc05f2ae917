import { useEffect, useRef, useState } from 'react';
import { wireToError } from '../../../../common/ipc/wire';
import { useApi } from '../../platform/api-client';

export type JobState = {
  jobId: string;
  percent: number | null;
  message: string;
  /** The step as a code (common/progress-steps.ts), said in the user's language by progressText. */
  step?: string | undefined;
  params?: Record<string, string | number> | undefined;
  lines: string[];
  finished: null | 'succeeded' | 'failed' | 'cancelled';
  error: unknown;
};

/** Jobs whose early updates are kept until followed, and updates kept per job (the log's length). */
const EARLY_JOBS = 8;
const EARLY_UPDATES = 450;

function fresh(id: string): JobState {
  return { jobId: id, percent: 0, message: '', lines: [], finished: null, error: null };
}

/**
 * Follows one job through jobs.progress / jobs.finished. A job runs from the moment it is started,
 * so its first updates (the build log's first line) can arrive before the call that started it
 * returns the job's id: updates of jobs not followed yet are kept, and replayed once followed.
 */
export function useJob(jobId: string | null): JobState | null {
  const api = useApi();
  const [state, setState] = useState<JobState | null>(null);
  const followed = useRef<string | null>(null);
  const early = useRef(new Map<string, ((s: JobState) => JobState)[]>());
  useEffect(() => {
    const deliver = (id: string, update: (s: JobState) => JobState) => {
      if (id === followed.current) {
        setState((prev) => update(prev?.jobId === id ? prev : fresh(id)));
        return;
      }
      const kept = early.current.get(id) ?? [];
      if (kept.length < EARLY_UPDATES) kept.push(update);
      early.current.set(id, kept);
      if (early.current.size > EARLY_JOBS) early.current.delete(early.current.keys().next().value!);
    };
    const offProgress = api.on('jobs.progress', (p) =>
      deliver(p.jobId, (s) => ({
        ...s,
        percent: p.percent,
        message: p.message,
        step: p.step,
        params: p.params,
        lines: p.line === undefined ? s.lines : [...s.lines.slice(-400), p.line],
      })),
    );
    const offFinished = api.on('jobs.finished', (p) =>
      deliver(p.jobId, (s) => ({
        ...s,
        finished: p.state as JobState['finished'],
        error: p.error ? wireToError(p.error) : null,
      })),
    );
    return () => {
      offProgress();
      offFinished();
    };
  }, [api]);
  useEffect(() => {
    followed.current = jobId;
    if (jobId === null) return;
    const kept = early.current.get(jobId);
    early.current.delete(jobId);
    if (kept)
      setState((prev) => kept.reduce((s, update) => update(s), prev?.jobId === jobId ? prev : fresh(jobId)));
  }, [jobId]);
  if (jobId === null) return null;
  return state?.jobId === jobId ? state : fresh(jobId);
}
