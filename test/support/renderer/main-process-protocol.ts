import type { WireResult } from '../../../common/ipc/wire';
import type { TestServerOptions } from '../reference-server';

/** What the test process asks of its main process (main-process.ts), over the fork's IPC channel. */
export type ToMainProcess =
  | { type: 'invoke'; id: number; method: string; input: unknown }
  /** An event main sends on its own (not in answer to a call), e.g. Electron's `app.closeRequested`. */
  | { type: 'emit'; event: string; payload: unknown }
  | { type: 'stop' };

/** What the main process answers: envelopes exactly as the dispatcher made them, and events. */
export type FromMainProcess =
  | {
      type: 'ready';
      /** The reference server's URL, or null when the process runs without one. */
      serverUrl: string | null;
      adminUser: string;
      adminPassword: string;
      userDataDir: string;
    }
  | { type: 'result'; id: number; result: WireResult<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'stopped' };

export interface MainProcessOptions {
  /** Start a real reference server (HTTP + SQLite + simulated agents) for the core to log in to. */
  server?: TestServerOptions;
  /** What `app.info` says the console runs in; `browser` unless told (as browser mode composes it). */
  mode?: 'electron' | 'browser';
}
