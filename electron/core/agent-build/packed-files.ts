/**
 * Every file the installer script will pack, found before compiling so that each can be checked
 * for private keys (docs/agent-build.md "Private key guarantee"). The script is first run through
 * ISCC's own preprocessor (ISPP), so `#define`s, `#include`s and `#if`s resolve exactly as in the
 * real compile; then the `[Files]` entries (wildcards, `recursesubdirs`) and the files named by
 * `[Setup]` and `[Languages]` are resolved on disk. The result is conservative: `Excludes:` is
 * ignored, hidden files are included, and `external` entries (read on the target machine at
 * install time, not packed) are the only ones skipped.
 */
import { readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { runIscc, type IsccRunOptions } from './iscc-runner';

export const PREPROCESS_WRAPPER = 'wapt-console-preprocess.iss';
export const PREPROCESSED_FILE = 'wapt-console-preprocessed.iss';
const DONE_MARKER = 'wapt-console: preprocessing done';

/**
 * Runs ISPP on `scriptPath` without compiling: a wrapper includes the script, saves ISPP's output
 * (`SaveToFile`) and stops with `#error` before the compiler packs anything.
 */
export async function preprocessScript(
  opts: Omit<IsccRunOptions, 'scriptPath' | 'extraArgs'> & { scriptPath: string },
): Promise<string> {
  const dir = path.dirname(path.resolve(opts.scriptPath));
  const wrapper = path.join(dir, PREPROCESS_WRAPPER);
  const output = path.join(dir, PREPROCESSED_FILE);
  await writeFile(
    wrapper,
    [
      `#include "${path.basename(opts.scriptPath)}"`,
      `#expr SaveToFile(AddBackslash(SourcePath) + "${PREPROCESSED_FILE}")`,
      `#error ${DONE_MARKER}`,
      '',
    ].join('\r\n'),
  );
  try {
    // Our own #error line is the expected ending, not something to show in the build log.
    const onLine = opts.onLine;
    const filtered: IsccRunOptions['onLine'] = onLine
      ? (stream, line) => {
          if (!line.includes(DONE_MARKER) && !/^Compile aborted\.?$/.test(line.trim())) onLine(stream, line);
        }
      : undefined;
    await runIscc({ ...opts, scriptPath: wrapper, ...(filtered ? { onLine: filtered } : {}) }).catch(
      (err: unknown) => {
        // The expected ending: ISCC stops at our #error (exit 2) once the output is saved.
        const tail = err instanceof ConsoleError ? err.details?.output : undefined;
        if (
          err instanceof ConsoleError &&
          err.code === 'COMPILE_FAILED' &&
          typeof tail === 'string' &&
          tail.includes(DONE_MARKER)
        )
          return;
        throw err;
      },
    );
    const text = await readFile(output, 'latin1').catch(() => {
      throw new ConsoleError(
        'COMPILE_FAILED',
        'the Inno Setup preprocessor did not produce the expanded script (cannot list the files the installer would contain)',
        { details: { reason: 'PREPROCESS_FAILED' } },
      );
    });
    return text;
  } finally {
    await rm(wrapper, { force: true });
    await rm(output, { force: true });
  }
}

export interface ScriptEntry {
  section: string;
  params: Map<string, string>;
  line: number;
}

/** `Name: value; Name: "quoted ""value"""` parameters of one section line. */
export function parseParams(line: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t' || line[i] === ';') i++;
    const colon = line.indexOf(':', i);
    if (colon < 0) break;
    const name = line.slice(i, colon).trim().toLowerCase();
    i = colon + 1;
    while (line[i] === ' ' || line[i] === '\t') i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i++;
          } else {
            i++;
            break;
          }
        } else value += line[i];
      }
      while (i < line.length && line[i] !== ';') i++;
    } else {
      const end = line.indexOf(';', i);
      value = (end < 0 ? line.slice(i) : line.slice(i, end)).trim();
      i = end < 0 ? line.length : end;
    }
    if (name !== '') params.set(name, value);
  }
  return params;
}

/** The entries of the sections that name files the compiler packs. */
export function parseScriptEntries(text: string): { entries: ScriptEntry[]; setup: Map<string, string> } {
  const entries: ScriptEntry[] = [];
  const setup = new Map<string, string>();
  let section = '';
  text.split(/\r?\n/).forEach((raw, idx) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('//')) return;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.toLowerCase();
      return;
    }
    if (section === 'setup') {
      const eq = line.indexOf('=');
      if (eq > 0) setup.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
    } else if (section === 'files' || section === 'languages') {
      entries.push({ section, params: parseParams(line), line: idx + 1 });
    }
  });
  return { entries, setup };
}

export interface PathContext {
  /** The folder of the compiled script (ISCC's SourceDir). */
  scriptDir: string;
  /** ISCC.exe's folder (for `compiler:` paths). */
  compilerDir: string;
  /** The wine prefix the compiler runs in (drive letters other than Z:). */
  winePrefix?: string;
  platform?: NodeJS.Platform;
}

/** A path as ISCC sees it → the same file on this machine. */
export function hostPath(p: string, ctx: PathContext): string {
  const platform = ctx.platform ?? process.platform;
  if (/^compiler:/i.test(p)) return path.join(ctx.compilerDir, ...p.slice(9).split(/[\\/]/));
  if (platform === 'win32') return path.resolve(ctx.scriptDir, p);
  if (p.startsWith('\\\\'))
    throw new ConsoleError(
      'VALIDATION',
      `the installer script packs files from a network path (${p}); they cannot be checked for private keys`,
      { details: { reason: 'PACKED_PATH_UNCHECKABLE', path: p } },
    );
  const drive = /^([A-Za-z]):[\\/]?(.*)$/.exec(p);
  if (drive) {
    const rest = drive[2]!.split(/[\\/]+/).filter((c) => c !== '');
    if (drive[1]!.toUpperCase() === 'Z') return path.join('/', ...rest);
    if (!ctx.winePrefix)
      throw new ConsoleError(
        'VALIDATION',
        `the installer script packs files from ${p}, outside wine's Z: drive`,
        {
          details: { reason: 'PACKED_PATH_UNCHECKABLE', path: p },
        },
      );
    return path.join(ctx.winePrefix, 'dosdevices', `${drive[1]!.toLowerCase()}:`, ...rest);
  }
  return path.resolve(ctx.scriptDir, ...p.split(/[\\/]+/).filter((c) => c !== ''));
}

/** Windows' wildcard match of one name (case-insensitive; `*.*` also matches names without a dot). */
export function wildcardMatch(pattern: string, name: string): boolean {
  const p = pattern === '*.*' ? '*' : pattern;
  const re = new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'is',
  );
  return re.test(name);
}

const isDir = async (p: string) => (await stat(p).catch(() => undefined))?.isDirectory() ?? false;

/** Wine looks names up case-insensitively on Z:; so does this (an exact match wins). */
async function resolveCaseInsensitive(p: string): Promise<string | undefined> {
  if (await stat(p).catch(() => undefined)) return p;
  const parent = path.dirname(p);
  if (parent === p) return undefined;
  const realParent = await resolveCaseInsensitive(parent);
  if (realParent === undefined) return undefined;
  const names = await readdir(realParent).catch(() => [] as string[]);
  const hit = names.find((n) => n.toLowerCase() === path.basename(p).toLowerCase());
  return hit === undefined ? undefined : path.join(realParent, hit);
}

/** Files matching `pattern` in `dir` and, with `recurse`, in every folder below it (links followed once). */
async function matchFiles(dir: string, pattern: string, recurse: boolean): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (d: string): Promise<void> => {
    const real = await realpath(d).catch(() => d);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(d).catch(() => [] as string[]);
    for (const name of entries.sort()) {
      const full = path.join(d, name);
      const st = await stat(full).catch(() => undefined);
      if (st?.isFile() && wildcardMatch(pattern, name)) out.push(full);
      else if (st?.isDirectory() && recurse) await walk(full);
    }
  };
  await walk(dir);
  return out;
}

export interface PackedFile {
  /** The file on this machine. */
  file: string;
  /** The script line that packs it, for messages. */
  source: string;
}

/** Resolves the entries of a preprocessed script to the files ISCC will read into the installer. */
export async function listPackedFiles(preprocessed: string, ctx: PathContext): Promise<PackedFile[]> {
  const { entries, setup } = parseScriptEntries(preprocessed);
  const out = new Map<string, PackedFile>();
  const add = (file: string, source: string) => {
    if (!out.has(file)) out.set(file, { file, source });
  };
  const addNamed = async (value: string, source: string) => {
    for (const one of value
      .split(',')
      .map((v) => v.trim().replace(/^"|"$/g, ''))
      .filter((v) => v !== '')) {
      const f = await resolveCaseInsensitive(hostPath(one, ctx));
      if (f !== undefined && !(await isDir(f))) add(f, source);
    }
  };
  const sourceDir = setup.get('sourcedir');
  const fileCtx = sourceDir ? { ...ctx, scriptDir: hostPath(sourceDir, ctx) } : ctx;
  for (const key of [
    'licensefile',
    'infobeforefile',
    'infoafterfile',
    'setupiconfile',
    'wizardimagefile',
    'wizardsmallimagefile',
  ]) {
    const v = setup.get(key);
    if (v !== undefined) await addNamed(v, `[Setup] ${key}`);
  }
  for (const e of entries) {
    if (e.section === 'languages') {
      for (const key of ['messagesfile', 'licensefile', 'infobeforefile', 'infoafterfile']) {
        const v = e.params.get(key);
        if (v !== undefined) await addNamed(v, `[Languages] ${key}`);
      }
      continue;
    }
    const source = e.params.get('source');
    if (source === undefined) continue;
    const flags = (e.params.get('flags') ?? '').toLowerCase().split(/\s+/);
    if (flags.includes('external')) continue;
    const label = `[Files] Source: ${source}`;
    const literal = source.replace(/\{\{/g, '{');
    const full = hostPath(literal, fileCtx);
    const base = path.basename(full);
    const recurse = flags.includes('recursesubdirs');
    const dir = await resolveCaseInsensitive(path.dirname(full));
    if (dir === undefined) continue; // ISCC fails (or skips with skipifsourcedoesntexist) on its own
    if (/[*?]/.test(base) || recurse) {
      for (const f of await matchFiles(dir, base, recurse)) add(f, label);
    } else {
      const f = await resolveCaseInsensitive(path.join(dir, base));
      if (f !== undefined && !(await isDir(f))) add(f, label);
    }
  }
  return [...out.values()];
}
