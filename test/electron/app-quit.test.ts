import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../electron/core/ports';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers/index';
import { makeTestCore } from '../support/fake-core';
import { useTempDirs } from '../support/temp-dir';

describe('app.quit (Ctrl+Q)', () => {
  const tmp = useTempDirs();
  it('answers first, cancels running jobs, then quits', async () => {
    vi.useFakeTimers();
    try {
      const quit = vi.fn();
      const { core } = makeTestCore(tmp(), { quit });
      let aborted = false;
      core.jobs.start(
        'long',
        'Long',
        () => undefined,
        (job) =>
          new Promise((resolve) => job.signal.addEventListener('abort', () => ((aborted = true), resolve()))),
      );
      const res = await createDispatcher(createHandlers(core), silentLogger)(
        'app.quit',
        {},
        { transport: 'browser', emit: () => undefined },
      );
      expect(res).toEqual({ ok: true, value: null });
      expect(aborted).toBe(true);
      expect(quit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(100);
      expect(quit).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
