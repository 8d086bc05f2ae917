/**
 * Runs the Inno Setup compiler. ISCC.exe is a Windows program: on Linux/macOS it runs under wine
 * (docs/agent-build.md "Wine setup": 32-bit prefix, paths passed relative because ISCC reads any argument that
 * starts with "/" as a switch). Arguments always go as an array with shell: false.
 * Exit codes (Inno Setup docs): 0 success, 1 bad command line or internal error, 2 compile failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { packageRoot } from '../app-version';

export interface WineOptions {
  /** The wine prefix (created on first use, ~7 s). */
  prefix?: string;
  command?: string;
}

export interface IsccRunOptions {
  isccPath: string;
  /** The script; ISCC gets it relative to `cwd` (its folder by default). */
  scriptPath: string;
  signal?: AbortSignal;
  /** Default 1 hour, as WAPT. */
  timeoutMs?: number;
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** How to start `isccPath`: `auto` = wine for .exe off Windows, node for .mjs/.js (test fakes). */
  launcher?: 'auto' | 'wine' | 'node' | 'direct';
  wine?: WineOptions;
  extraArgs?: readonly string[];
}

export interface CompileResult {
  exitCode: number;
  combinedOutput: string;
  command: string;
  args: readonly string[];
  durationMs: number;
}

export const DEFAULT_ISCC_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * The ISCC.exe shipped by the `innosetup` npm package, when it is installed, found from the
 * application's own folder (never the working directory: the CLI may run from anywhere).
 */
export function bundledIsccPath(fromDir = packageRoot()): string | undefined {
  try {
    return createRequire(path.join(fromDir, 'package.json')).resolve('innosetup/bin/ISCC.exe');
  } catch {
    return undefined;
  }
}

export function defaultWinePrefix(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WAPT_CONSOLE_WINEPREFIX) return env.WAPT_CONSOLE_WINEPREFIX;
  const cache = env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(cache, 'wapt-console', 'wine');
}

/** Wine environment of the recipe: 32-bit prefix, no debug output, no Mono/Gecko install prompts. */
export function wineEnv(prefix: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    WINEPREFIX: prefix,
    WINEARCH: 'win32',
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
  };
}

/**
 * Creates the wine prefix on first use: its parent folders (wine does not create them and fails
 * with "chdir to … No such file or directory"), then the prefix itself with `wineboot --init`
 * (several seconds, once). `onFirstUse` is called before the slow part, for a progress line.
 */
export async function ensureWinePrefix(
  wine: WineOptions | undefined,
  onFirstUse?: () => void,
  signal?: AbortSignal,
): Promise<string> {
  const prefix = path.resolve(wine?.prefix ?? defaultWinePrefix());
  await mkdir(path.dirname(prefix), { recursive: true });
  if ((await stat(path.join(prefix, 'system.reg')).catch(() => undefined))?.isFile()) return prefix;
  onFirstUse?.();
  const env = wineEnv(prefix);
  const run = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(cmd, args, { env, stdio: 'ignore', shell: false });
      const onAbort = () => child.kill('SIGTERM');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (err: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        reject(
          err.code === 'ENOENT'
            ? compilerError(
                'COMPILER_MISSING',
                'WINE_MISSING',
                `ISCC.exe needs wine on ${process.platform}, and "${cmd}" was not found: install wine (with 32-bit support, see docs/agent-build.md)`,
              )
            : err,
        );
      });
      child.on('close', (code) => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) reject(compilerError('CANCELLED', 'CANCELLED', 'the agent build was cancelled'));
        else if (code === 0) resolve();
        else
          reject(
            compilerError(
              'COMPILER_MISSING',
              'WINE_PREFIX_FAILED',
              `wine could not prepare its folder ${prefix} (wineboot exit ${code})`,
            ),
          );
      });
    });
  const wineCmd = wine?.command ?? 'wine';
  await run(wineCmd, ['wineboot', '--init']);
  // Let wineboot's background processes finish before the compiler starts in the same prefix.
  const wineserver =
    wine?.command === undefined ? 'wineserver' : path.join(path.dirname(wine.command), 'wineserver');
  await run(wineserver, ['-w']).catch(() => undefined);
  return prefix;
}

/** A Linux path as wine's default Z: drive shows it. */
export function toWinePath(p: string): string {
  return `Z:${path.resolve(p).replace(/\//g, '\\')}`;
}

export function resolveLauncher(
  opts: Pick<IsccRunOptions, 'launcher' | 'isccPath'>,
): 'wine' | 'node' | 'direct' {
  if (opts.launcher !== undefined && opts.launcher !== 'auto') return opts.launcher;
  if (/\.(mjs|cjs|js)$/i.test(opts.isccPath)) return 'node';
  if (/\.exe$/i.test(opts.isccPath) && process.platform !== 'win32') return 'wine';
  return 'direct';
}

export function compilerError(
  code: 'COMPILER_MISSING' | 'COMPILE_FAILED' | 'CANCELLED' | 'TIMEOUT',
  reason: string,
  message: string,
  extra: Record<string, unknown> = {},
): ConsoleError {
  return new ConsoleError(code, message, { details: { reason, ...extra } });
}

/** The first "Error on line N in FILE: MESSAGE" of ISCC's output, with the failing source line. */
export function parseIsccError(
  output: string,
  scriptDir: string,
): { line: number; file: string; message: string; source?: string } | undefined {
  const m = /Error on line (\d+) in (.+?): (.+)(?:\r?\n(.+))?/.exec(output);
  if (!m) return undefined;
  // Pascal errors come as "Column N:" with the message on the next line.
  const message =
    m[3]!.trim().endsWith(':') && m[4] !== undefined ? `${m[3]!.trim()} ${m[4].trim()}` : m[3]!.trim();
  const line = Number(m[1]);
  const file = m[2]!.split(/[\\/]/).pop()!;
  let source: string | undefined;
  try {
    source = readFileSync(path.join(scriptDir, file), 'utf8').split(/\r?\n/)[line - 1];
  } catch {
    source = undefined;
  }
  return { line, file, message, ...(source === undefined ? {} : { source: source.trim() }) };
}

async function killTree(
  child: ChildProcess,
  launcher: string,
  env: NodeJS.ProcessEnv,
  wine: WineOptions | undefined,
): Promise<void> {
  child.kill('SIGTERM');
  const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
  hard.unref();
  if (launcher === 'wine') {
    // The wine process tree lives in the wineserver of our own prefix: ending that server ends them all.
    await new Promise<void>((resolve) => {
      const k = spawn(
        wine?.command === undefined ? 'wineserver' : path.join(path.dirname(wine.command), 'wineserver'),
        ['-k'],
        { env, stdio: 'ignore' },
      );
      k.on('error', () => resolve());
      k.on('exit', () => resolve());
    });
  }
}

export async function runIscc(opts: IsccRunOptions): Promise<CompileResult> {
  const launcher = resolveLauncher(opts);
  const isccPath = path.resolve(opts.isccPath);
  const st = await stat(isccPath).catch(() => undefined);
  if (!st?.isFile()) {
    throw compilerError(
      'COMPILER_MISSING',
      'ISCC_NOT_FOUND',
      `the Inno Setup compiler was not found at ${isccPath}: install the innosetup npm package or set the ISCC path (--iscc)`,
      { path: isccPath },
    );
  }
  const cwd = path.dirname(path.resolve(opts.scriptPath));
  const args = [...(opts.extraArgs ?? []), path.basename(opts.scriptPath)];
  const env = launcher === 'wine' ? wineEnv(opts.wine?.prefix ?? defaultWinePrefix()) : process.env;
  const command =
    launcher === 'wine' ? (opts.wine?.command ?? 'wine') : launcher === 'node' ? process.execPath : isccPath;
  const fullArgs = launcher === 'direct' ? args : [isccPath, ...args];
  if (opts.signal?.aborted)
    throw compilerError('CANCELLED', 'CANCELLED_BEFORE_START', 'the compilation was cancelled');
  const started = Date.now();
  const chunks: string[] = [];

  return new Promise<CompileResult>((resolve, reject) => {
    let settled = false;
    let stopReason: 'cancel' | 'timeout' | undefined;
    const child = spawn(command, fullArgs, {
      cwd,
      env,
      shell: false,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
    const onData = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
      // ISCC writes in the ANSI code page (RECIPES.md): decode as cp1252's superset latin1 rather than UTF-8.
      const text = data.toString('latin1');
      chunks.push(text);
      const lines = (pending[stream] + text).split(/\r?\n/);
      pending[stream] = lines.pop() ?? '';
      for (const l of lines) if (l.trim() !== '') opts.onLine?.(stream, l);
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));

    const stop = (reason: 'cancel' | 'timeout') => {
      if (stopReason !== undefined || settled) return;
      stopReason = reason;
      void killTree(child, launcher, env, opts.wine);
    };
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs ?? DEFAULT_ISCC_TIMEOUT_MS);
    const onAbort = () => stop('cancel');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (err.code === 'ENOENT' && launcher === 'wine') {
        reject(
          compilerError(
            'COMPILER_MISSING',
            'WINE_MISSING',
            `ISCC.exe needs wine on ${process.platform}, and "${command}" was not found: install wine (with 32-bit support, see docs/agent-build.md)`,
          ),
        );
      } else {
        reject(
          compilerError(
            'COMPILER_MISSING',
            'SPAWN_FAILED',
            `cannot start the Inno Setup compiler (${err.code ?? err.message})`,
          ),
        );
      }
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      cleanup();
      for (const stream of ['stdout', 'stderr'] as const)
        if (pending[stream].trim() !== '') opts.onLine?.(stream, pending[stream]);
      const combinedOutput = chunks.join('');
      const durationMs = Date.now() - started;
      const result: CompileResult = {
        exitCode: code ?? -1,
        combinedOutput,
        command,
        args: fullArgs,
        durationMs,
      };
      if (stopReason === 'cancel')
        return reject(compilerError('CANCELLED', 'CANCELLED', 'the compilation was cancelled'));
      if (stopReason === 'timeout') {
        return reject(
          compilerError(
            'TIMEOUT',
            'ISCC_TIMEOUT',
            `the Inno Setup compiler did not finish within ${Math.round((opts.timeoutMs ?? DEFAULT_ISCC_TIMEOUT_MS) / 1000)} s and was stopped`,
          ),
        );
      }
      if (code === 0) return resolve(result);
      const tail = combinedOutput.trim().split(/\r?\n/).slice(-5).join('\n');
      if (code === 2) {
        const at = parseIsccError(combinedOutput, cwd);
        const where = at
          ? ` at ${at.file} line ${at.line}: ${at.message}${at.source !== undefined ? `\n  ${at.line} | ${at.source}` : ''}`
          : `: ${tail}`;
        return reject(
          compilerError(
            'COMPILE_FAILED',
            'ISCC_SCRIPT_ERROR',
            `the installer script does not compile (ISCC exit 2)${where}`,
            { exitCode: 2, ...(at ?? {}), output: tail },
          ),
        );
      }
      if (code === 1) {
        return reject(
          compilerError(
            'COMPILE_FAILED',
            'ISCC_BAD_COMMAND_LINE',
            `the Inno Setup compiler rejected its command line or failed internally (ISCC exit 1): ${tail}`,
            { exitCode: 1, output: tail },
          ),
        );
      }
      return reject(
        compilerError(
          'COMPILE_FAILED',
          'ISCC_FAILED',
          `the Inno Setup compiler stopped with ${code === null ? `signal ${signal}` : `exit code ${code}`}${launcher === 'wine' ? ' (under wine)' : ''}: ${tail}`,
          { exitCode: code, output: tail },
        ),
      );
    });
  });
}
