import type { CliIo } from './types';

/** Exit code of a process ended by Ctrl+C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Ctrl+C in any CLI command ends with exactly one line and no stack trace. Commands that honour
 * `io.interrupted` stop themselves, clean up (temporary files) and report CANCELLED through
 * runCli; a step that cannot be interrupted (a read of a large package, say) gets `graceMs`,
 * then the process ends with one `error [CANCELLED/INTERRUPTED]` line. A second Ctrl+C ends it at
 * once. Errors that escape every handler (a stream failing after its command settled) become one
 * `error [INTERNAL]` line instead of Node's stack dump; WAPT_CONSOLE_DEBUG=1 adds the stack.
 */
export async function runWithInterruptGuard(
  run: () => Promise<number>,
  io: CliIo,
  opts: {
    graceMs?: number;
    exit?: (code: number) => never;
    onSecondSignal?: (listener: () => void) => void;
    onEscapedError?: (listener: (err: unknown) => void) => void;
  } = {},
): Promise<number> {
  const graceMs = opts.graceMs ?? 5_000;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let settled = false;
  let reported = false;
  const stop = (line: string, code: number) => {
    if (settled || reported) return;
    reported = true;
    io.err(line);
    exit(code);
  };
  const interrupted = () =>
    stop(
      'error [CANCELLED/INTERRUPTED]: interrupted before the command could stop cleanly',
      EXIT_INTERRUPTED,
    );

  io.interrupted.addEventListener(
    'abort',
    () => {
      setTimeout(interrupted, graceMs).unref();
      (opts.onSecondSignal ?? ((l) => process.once('SIGINT', l)))(interrupted);
    },
    { once: true },
  );
  (opts.onEscapedError ?? installProcessErrorHooks)((err) => {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
    if (io.env.WAPT_CONSOLE_DEBUG === '1') io.err(String((err as Error)?.stack ?? err));
    // After Ctrl+C the command may still be cleaning up: the grace period ends it, not this.
    if (!io.interrupted.aborted) stop(`error [INTERNAL]: ${message}`, 1);
  });
  try {
    return await run();
  } finally {
    settled = !reported;
  }
}

function installProcessErrorHooks(listener: (err: unknown) => void): void {
  process.on('uncaughtException', listener);
  process.on('unhandledRejection', listener);
}
