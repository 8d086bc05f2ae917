import type { DemoStartProgress } from '../common/ipc/methods/demo-server';

/**
 * Messages between the console and the child process that hosts its embedded demo server
 * (electron/demo-server.ts ↔ electron/demo-server-child.ts). The server runs in its own process so
 * nothing it does (a long host search, a fleet generation) can hold the console's event loop.
 */
export type ToDemoServer =
  | {
      type: 'start';
      dataDir: string;
      /** Random per launch; travels over the IPC channel only (never argv or the environment). */
      adminPassword: string;
      hosts?: number;
      simulationSpeed: number;
    }
  | { type: 'stop' };

export type FromDemoServer =
  | {
      type: 'ready';
      url: string;
      user: string;
      pid: number;
      demoSigner?: { keyPath: string; certificatePath: string };
    }
  | { type: 'log'; line: string }
  /** A step of the start (the first one generates the fleet); common/ipc/methods/demo-server.ts. */
  | ({ type: 'progress' } & DemoStartProgress)
  | { type: 'failed'; message: string }
  | { type: 'stopped' };

/** The child as the launcher sees it, whatever started it (node fork or Electron utilityProcess). */
export interface DemoServerChild {
  readonly pid: number | undefined;
  send(message: ToDemoServer): void;
  onMessage(listener: (message: FromDemoServer) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** Hard stop (SIGKILL), for a child that did not stop when asked. */
  kill(): void;
}

export type DemoServerSpawner = () => DemoServerChild;

export function isFromDemoServer(m: unknown): m is FromDemoServer {
  return (
    typeof m === 'object' &&
    m !== null &&
    ['ready', 'log', 'progress', 'failed', 'stopped'].includes(String((m as { type?: unknown }).type))
  );
}
