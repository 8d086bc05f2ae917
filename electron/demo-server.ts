import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DemoStartProgress } from '../common/ipc/methods/demo-server';
import type { DemoServerLauncher, Logger } from './core/ports';
import {
  isFromDemoServer,
  type DemoServerChild,
  type DemoServerSpawner,
  type FromDemoServer,
} from './demo-server-protocol';

export interface DemoServerOptions {
  userDataDir: string;
  log: Logger;
  /** Starts the child process (node fork in browser mode, Electron's utilityProcess in the app). */
  spawn: DemoServerSpawner;
  hosts?: number;
  simulationSpeed?: number;
  /** How long a stop may take before the child is killed (default 5 s). */
  stopTimeoutMs?: number;
}

/**
 * The console's embedded default: the reference WAPT server (server/) with a demo fleet, on a
 * random loopback port, its database kept under the user-data directory so the fleet survives
 * restarts. It runs in a child process (demo-server-child.ts) so a long request on the server never
 * blocks the console's own event loop, its other requests or its shutdown. The admin password is
 * random per launch, goes to the child over the IPC channel only, and is never written to disk.
 */
export function createDemoServerLauncher(opts: DemoServerOptions): DemoServerLauncher {
  interface Running {
    child: DemoServerChild;
    exited: Promise<void>;
    /** Who hears the start's steps, and the last step (for a caller that joins late). */
    progressListeners: Set<(progress: DemoStartProgress) => void>;
    lastProgress?: DemoStartProgress;
    ready: Promise<{
      url: string;
      user: string;
      password: string;
      demoSigner?: { keyPath: string; certificatePath: string };
    }>;
  }
  let running: Running | undefined;

  const launch = (): Running => {
    const child = opts.spawn();
    const password = randomBytes(18).toString('base64url');
    let settle: ((m: FromDemoServer | { type: 'exit'; code: number | null }) => void) | undefined;
    const first = new Promise<FromDemoServer | { type: 'exit'; code: number | null }>((resolve) => {
      settle = resolve;
    });
    const exited = new Promise<void>((resolve) =>
      child.onExit((code) => {
        settle?.({ type: 'exit', code });
        if (running?.child === child) running = undefined;
        resolve();
      }),
    );
    const progressListeners = new Set<(progress: DemoStartProgress) => void>();
    child.onMessage((m) => {
      if (!isFromDemoServer(m)) return;
      if (m.type === 'progress') {
        const progress: DemoStartProgress = { step: m.step, done: m.done, total: m.total };
        if (running?.child === child) running.lastProgress = progress;
        for (const listener of progressListeners) listener(progress);
      } else if (m.type === 'log') opts.log.info('demo-server', { line: m.line });
      else if (m.type === 'ready' || m.type === 'failed') settle?.(m);
    });
    child.send({
      type: 'start',
      dataDir: path.join(opts.userDataDir, 'demo-server'),
      adminPassword: password,
      ...(opts.hosts === undefined ? {} : { hosts: opts.hosts }),
      // Simulated agents run faster than real ones so a demo (and its tests) need not wait minutes.
      simulationSpeed: opts.simulationSpeed ?? 20,
    });
    const ready = first.then((m) => {
      if (m.type === 'ready') {
        opts.log.info('demo-server.started', { url: m.url, pid: m.pid });
        return {
          url: m.url,
          user: m.user,
          password,
          ...(m.demoSigner ? { demoSigner: m.demoSigner } : {}),
        };
      }
      const why =
        m.type === 'failed'
          ? m.message
          : `the demo server process exited (code ${String(m.type === 'exit' ? m.code : null)})`;
      throw new Error(`the demo server could not start: ${why}`);
    });
    return { child, exited, ready, progressListeners };
  };

  return {
    start(onProgress) {
      running ??= launch();
      const r = running;
      if (onProgress) {
        if (r.lastProgress) onProgress(r.lastProgress);
        r.progressListeners.add(onProgress);
        const done = () => r.progressListeners.delete(onProgress);
        r.ready.then(done, done);
      }
      r.ready.catch(() => {
        if (running === r) running = undefined;
        r.child.kill();
      });
      return r.ready;
    },
    async stop() {
      const r = running;
      running = undefined;
      if (r === undefined) return;
      r.child.send({ type: 'stop' });
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), opts.stopTimeoutMs ?? 5000).unref(),
      );
      if ((await Promise.race([r.exited, timeout])) === 'timeout') {
        opts.log.warn('demo-server.kill', { reason: 'did not stop in time' });
        r.child.kill();
        await r.exited;
      }
    },
  };
}

/**
 * A spawner for plain Node (browser mode, tests): `child_process.fork` of the child entry. A
 * TypeScript entry (a checkout run through tsx) gets tsx's loader; a bundled `.cjs` runs as is.
 */
export function nodeDemoServerSpawner(entry: string, packageRoot: string): DemoServerSpawner {
  return () => {
    const execArgv = entry.endsWith('.ts')
      ? ['--import', pathToFileURL(path.join(packageRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href]
      : [];
    const cp = fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return {
      get pid() {
        return cp.pid;
      },
      send: (m) => {
        if (cp.connected) cp.send(m);
      },
      onMessage: (l) => cp.on('message', (m) => l(m as FromDemoServer)),
      onExit: (l) => cp.once('exit', (code) => l(code)),
      kill: () => {
        if (cp.exitCode === null && cp.signalCode === null) cp.kill('SIGKILL');
      },
    };
  };
}
