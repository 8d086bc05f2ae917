import type { CloseAnswer } from '../../common/ipc/contract';
import type { DemoStartProgress } from '../../common/ipc/methods/demo-server';

/**
 * What the core needs from its environment. Electron supplies real adapters in electron/main.ts;
 * browser mode, the CLI and tests supply Node or in-memory ones. The core never imports 'electron'.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Encrypted at rest where the platform offers it (Electron safeStorage); never readable by the renderer. */
export interface SecretStore {
  readonly encrypted: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Opens a vetted URL in the user's browser. Only electron/adapters/external-links.ts touches `shell`. */
export interface ExternalLinks {
  open(url: string): Promise<boolean>;
}

/**
 * The OS's own file and folder choosers (Electron's dialog, in electron/adapters). Paths main will
 * execute or pack come from here or from the CLI/config, never from the renderer. Absent in
 * browser mode and the CLI. Resolves null when the user cancels.
 */
export interface PathPicker {
  pickFile(opts: {
    title: string;
    filters?: Array<{ name: string; extensions: string[] }>;
  }): Promise<string | null>;
  pickFolder(opts: { title: string }): Promise<string | null>;
}

/**
 * The window's close guard (Electron only: electron/windows/close-guard.ts), told what the renderer
 * knows: whether a form holds unsaved changes, and the answer to a held-back close.
 */
export interface CloseGuardPort {
  setUnsaved(unsaved: boolean): void;
  answer(answer: CloseAnswer): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Structured one-line JSON logs on stderr; secrets never reach a logger (callers pass safe fields only). */
export function consoleLogger(prefix = 'wapt-console'): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) =>
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level, src: prefix, event, ...fields })}\n`,
    );
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

/** Starts the embedded reference server (demo fleet) on loopback and returns how to reach it. */
export interface DemoServerLauncher {
  /**
   * `demoSigner`: the demo's own signing key, generated into its data directory on this workstation.
   * `onProgress` hears the steps of the start (a caller joining a start under way hears the last
   * step at once, then the next ones).
   */
  start(onProgress?: (progress: DemoStartProgress) => void): Promise<{
    url: string;
    user: string;
    password: string;
    demoSigner?: { keyPath: string; certificatePath: string };
  }>;
  stop(): Promise<void>;
}
