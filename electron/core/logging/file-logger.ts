/**
 * The console's log file (docs/logging.md): JSON lines in `<user data>/logs/`, written by pino
 * through pino-roll, which starts a new numbered file at `maxFileSize` or each day and keeps the
 * last `keepFiles` besides the current one. A packaged Windows app has no stderr, so this file is
 * what an administrator sends when asking for help. Every record goes through the redaction step
 * (redact.ts) first. Plain Node: the Electron app, browser mode and tests use the same module.
 */
import path from 'node:path';
import { pino } from 'pino';
import pinoRoll, { type RollingStream } from 'pino-roll';
import type { Logger } from '../ports';
import { redactFields, redactText } from './redact';

/** Log files are `wapt-console.<n>.log`, n growing at each rotation. */
export const LOG_FILE_STEM = 'wapt-console';

export function logDirectory(userDataDir: string): string {
  return path.join(userDataDir, 'logs');
}

export interface FileLoggerOptions {
  userDataDir: string;
  /** Which process writes (`main`, `browser-mode`): one field of every record. */
  src: string;
  /** pino-roll size syntax: `5m`, `512k`. Default 5 MB. */
  maxFileSize?: string;
  /** Rotated files kept besides the current one. Default 5. */
  keepFiles?: number;
  /** Records are also given (already redacted) to this logger: stderr during development. */
  echo?: Logger;
}

export interface FileLogger extends Logger {
  readonly directory: string;
  /** Resolves once the file is open and what was logged before that is written to it. */
  readonly ready: Promise<void>;
  /** Resolves when everything logged so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

type Level = 'info' | 'warn' | 'error';

export function createFileLogger(opts: FileLoggerOptions): FileLogger {
  const directory = logDirectory(opts.userDataDir);
  // The file opens asynchronously; records logged before (startup) wait here, bounded.
  const pending: string[] = [];
  let stream: RollingStream | undefined;
  let unavailable = false;
  const sink = {
    write(line: string) {
      if (stream) stream.write(line);
      else if (!unavailable && pending.length < 1000) pending.push(line);
    },
  };
  const logger = pino(
    {
      base: { src: opts.src, pid: process.pid },
      messageKey: 'event',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    sink,
  );
  const ready = pinoRoll({
    file: path.join(directory, LOG_FILE_STEM),
    extension: '.log',
    size: opts.maxFileSize ?? '5m',
    frequency: 'daily',
    limit: { count: opts.keepFiles ?? 5 },
    mkdir: true,
    mode: 0o600,
    // Synchronous writes: a record is on disk when the call returns, so a crash right after
    // loses nothing (a desktop app logs little).
    sync: true,
  })
    // pino-roll answers before the file is open: wait for it, so `ready` means writable.
    .then(
      (s) =>
        new Promise<RollingStream>((resolve, reject) => {
          s.once('ready', () => resolve(s));
          s.once('error', reject);
        }),
    )
    .then(
      (s) => {
        stream = s;
        s.on('error', (err) => opts.echo?.warn('log.write-failed', { directory, message: err.message }));
        for (const line of pending.splice(0)) s.write(line);
      },
      (err: Error) => {
        // No log file (read-only profile, full disk): the console still runs; say it once.
        unavailable = true;
        pending.length = 0;
        opts.echo?.warn('log.file-unavailable', { directory, message: err.message });
      },
    );

  const record = (level: Level) => (event: string, fields?: Record<string, unknown>) => {
    const safe = redactFields(fields);
    logger[level](safe, redactText(event));
    opts.echo?.[level](redactText(event), safe);
  };
  const flush = async () => {
    await ready;
    // Writes are synchronous; a rotation that is due starts on the stream's next 'drain' (next
    // tick): one turn of the event loop lets it open the new file before we answer.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    directory,
    ready,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    flush,
    async close() {
      await flush();
      const s = stream;
      stream = undefined;
      unavailable = true;
      if (s) await new Promise<void>((resolve) => (s.once('close', resolve), s.end()));
    },
  };
}
