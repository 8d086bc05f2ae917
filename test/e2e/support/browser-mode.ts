import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ConsoleInstance {
  url: string;
  origin: string;
  userDataDir: string;
  output: () => string;
  /** Resolves with the exit code when the console process ends (Ctrl+Q, a crash…). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Starts the console exactly as `npm start -- --browser --no-open` does (a real process with the
 * real router, core and bridge), with its own user-data directory so tests never share state.
 */
export async function startConsole(
  opts: {
    userDataDir?: string;
    env?: Record<string, string>;
    /** More browser-mode options, e.g. `--demo-hosts`. */
    args?: string[];
  } = {},
): Promise<ConsoleInstance> {
  const userDataDir = opts.userDataDir ?? mkdtempSync(path.join(os.tmpdir(), 'wapt-console-e2e-'));
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      tsx,
      path.join(root, 'electron', 'browser-mode', 'main.ts'),
      '--no-open',
      '--user-data',
      userDataDir,
      ...(opts.args ?? []),
    ],
    {
      cwd: root,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // An upper bound for a saturated machine (tsx compiles the console on start), not an estimate.
    const timer = setTimeout(() => reject(new Error(`console did not start in time:\n${out}`)), 120_000);
    const check = () => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`console exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    userDataDir,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
