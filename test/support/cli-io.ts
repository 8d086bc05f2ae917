import type { CliIo } from '../../electron/cli/types';

/** An in-memory terminal for driving runCli in-process. */
export function memoryIo(
  opts: { interactive?: boolean; answers?: string[]; cwd?: string; env?: Record<string, string> } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  const answers = [...(opts.answers ?? [])];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: opts.interactive ?? false,
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    interrupted: controller.signal,
    promptSecret: async () => {
      const a = answers.shift();
      if (a === undefined) throw new Error('no scripted answer');
      return a;
    },
  };
  return {
    io,
    out,
    err,
    interrupt: () => controller.abort(),
    text: () => out.join('\n'),
    errText: () => err.join('\n'),
  };
}
