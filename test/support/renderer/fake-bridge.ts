import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConsoleBridge, EventName, EventPayload, In, Method, Out } from '../../../common/ipc/contract';
import { wireToError } from '../../../common/ipc/wire';
import type { WireResult } from '../../../common/ipc/wire';
import { createBridge } from '../../../preload/bridge';
import type { FromMainProcess, MainProcessOptions, ToMainProcess } from './main-process-protocol';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ENTRY = path.join(ROOT, 'test', 'support', 'renderer', 'main-process.ts');
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
/** Generous: the fork loads the whole core (and the reference server) through tsx on a busy machine. */
const READY_TIMEOUT_MS = 90_000;

export interface MainProcess {
  /** The bridge the renderer sees: preload/bridge.ts's createBridge over the fork's IPC channel. */
  readonly bridge: ConsoleBridge;
  /** The reference server's URL (null without one), and its administrator's credentials. */
  readonly serverUrl: string | null;
  readonly adminUser: string;
  readonly adminPassword: string;
  /** The core's user-data directory (settings, drafts, the action queue). */
  readonly userDataDir: string;
  /** Every method the renderer (or the test) invoked, in order: what crossed the bridge. */
  readonly invoked: readonly string[];
  /** The same calls with their inputs. */
  readonly calls: readonly { method: string; input: unknown }[];
  /**
   * Has main send `event` on its own, as Electron's main does outside any call (the window's
   * held-back close: `app.closeRequested`); the payload is checked against the contract.
   */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Arranges state through the same bridge (e.g. log in before rendering a tab); throws the ConsoleError. */
  call<M extends Method>(method: M, input: In<M>): Promise<Out<M>>;
  stop(): Promise<void>;
}

/**
 * Starts the console's main process for a component test (main-process.ts: the real core,
 * handlers and dispatcher, as browser mode composes them) and gives the bridge to it. Nothing
 * here answers a call itself: every answer is the dispatcher's envelope, JSON-serialised on the
 * way as over browser mode's HTTP bridge.
 */
export async function startMainProcess(options: MainProcessOptions = {}): Promise<MainProcess> {
  const child: ChildProcess = fork(ENTRY, [JSON.stringify(options)], {
    execArgv: ['--import', TSX_LOADER],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const pending = new Map<number, (result: WireResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const invoked: string[] = [];
  const calls: { method: string; input: unknown }[] = [];
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      // Calls still waiting would hang the test: answer them as the bridge would when main is gone.
      for (const [id, settle] of pending) {
        pending.delete(id);
        settle({
          ok: false,
          error: { code: 'NETWORK', message: 'the main process has exited', retryable: false },
        });
      }
      resolve();
    }),
  );

  const ready = new Promise<Extract<FromMainProcess, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the main process did not start within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the main process exited before it was ready (code ${code})`));
    });
    child.on('message', (raw) => {
      const m = raw as FromMainProcess;
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      } else if (m.type === 'result') {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      } else if (m.type === 'event') {
        for (const l of listeners.get(m.event) ?? []) l(m.payload);
      }
    });
  });

  const post = (m: ToMainProcess) => {
    if (child.connected) child.send(m);
  };
  const bridge = createBridge({
    invoke(method, input) {
      invoked.push(method);
      calls.push({ method, input });
      if (exited)
        return Promise.resolve({
          ok: false,
          error: { code: 'NETWORK', message: 'the main process has exited', retryable: false },
        });
      const id = nextId++;
      return new Promise<WireResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        post({ type: 'invoke', id, method, input });
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });

  const info = await ready;
  return {
    bridge,
    serverUrl: info.serverUrl,
    adminUser: info.adminUser,
    adminPassword: info.adminPassword,
    userDataDir: info.userDataDir,
    invoked,
    calls,
    emit(event, payload) {
      post({ type: 'emit', event, payload });
    },
    async call(method, input) {
      const res = await bridge.invoke(method, input);
      if (res.ok) return res.value;
      throw wireToError(res.error);
    },
    async stop() {
      if (exited) return;
      post({ type: 'stop' });
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

/**
 * A main process with a reference server whose administrator is already logged in: the set-up of
 * every component test that renders a connected screen.
 */
export async function startConnectedMainProcess(
  server: NonNullable<MainProcessOptions['server']>,
  options: Omit<MainProcessOptions, 'server'> = {},
): Promise<MainProcess> {
  const main = await startMainProcess({ ...options, server });
  await main.call('session.connect', {
    serverUrl: main.serverUrl!,
    user: main.adminUser,
    password: main.adminPassword,
    verifyTls: true,
  });
  return main;
}
