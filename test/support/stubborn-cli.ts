/**
 * A CLI process whose "command" ignores Ctrl+C or lets an error escape, for
 * test/electron/cli/interrupt.test.ts: it uses the real terminal io and the real interrupt guard.
 * argv[2]: 'stubborn' (never ends by itself) | 'escape' (an error thrown from a timer).
 * argv[3]: grace period in ms.
 */
import { runWithInterruptGuard } from '../../electron/cli/interrupt';
import { nodeCliIo } from '../../electron/cli/node-io';

const io = nodeCliIo();
const mode = process.argv[2];
const code = await runWithInterruptGuard(
  () =>
    new Promise<number>(() => {
      // Lets the test send a second Ctrl+C only once the first one was taken: registered here,
      // after the guard's own listener, so the guard is ready for the second signal.
      io.interrupted.addEventListener('abort', () => process.stdout.write('interrupt noted\n'));
      process.stdout.write('started\n');
      if (mode === 'escape')
        setTimeout(() => {
          throw new TypeError('Cannot read properties of undefined (reading "x")');
        }, 10);
      setInterval(() => undefined, 1000);
    }),
  io,
  { graceMs: Number(process.argv[3] ?? 5000) },
);
process.exitCode = code;
