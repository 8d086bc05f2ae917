import { createInterface } from 'node:readline';
import { ConsoleError } from '../../common/errors';
import type { CliIo } from './types';

/** The real terminal. Kept separate from run.ts so tests drive runCli with an in-memory CliIo. */
export function nodeCliIo(): CliIo {
  const controller = new AbortController();
  const stop = () => controller.abort(new ConsoleError('CANCELLED', 'interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
    interrupted: controller.signal,
    promptSecret(question) {
      if (!process.stdin.isTTY)
        return Promise.reject(new ConsoleError('VALIDATION', 'no terminal to prompt for a password'));
      return new Promise((resolve, reject) => {
        const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
        // Echo nothing typed after the question: readline writes through _writeToOutput.
        const rlAny = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
        let asked = false;
        rlAny._writeToOutput = (s: string) => {
          if (!asked) rlAny.output.write(s);
        };
        rl.question(question, (answer) => {
          rl.close();
          process.stderr.write('\n');
          resolve(answer);
        });
        asked = true;
        rl.on('SIGINT', () => {
          rl.close();
          reject(new ConsoleError('CANCELLED', 'password prompt interrupted'));
        });
      });
    },
  };
}
