/**
 * Builds and signs packages: from a source folder (as `wapt-get build-package` does), from files
 * held in memory (rule packages, waptupgrade), or by re-signing an existing archive.
 */
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open as openFile, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { ConsoleError } from '../../common/errors';
import { parseControl, type Control } from '../../common/domain/control';
import { findPrivateKeyMaterial, scanFilesForPrivateKeys } from '../keys/private-key-detector';
import type { PackageSigner } from '../signing/signer';
import { ioError, packageError } from './errors';
import { CONTROL_PATH, GENERATED_MEMBERS } from './manifest';
import { writeSignedPackage, type PayloadSource, type Progress, type WrittenPackage } from './package-writer';
import { openPackageZip } from './zip-read';

export interface CommonBuildOptions {
  signer: PackageSigner;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Pinned values, for reproducible builds and test vectors. */
  signatureDate?: string;
  packageUuid?: string;
  compressionLevel?: number;
}

export interface BuildPackageOptions extends CommonBuildOptions {
  sourceDir: string;
  outDir: string;
  /** Attributes to set on top of the source `WAPT/control` (e.g. a bumped version). */
  controlOverrides?: Partial<Control>;
}

/** Version-control folders are never package content (a choice of this console, not a spec fact). */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', '.svn', '.hg']);
// ignoreBOM keeps a BOM in the text so that the parser can refuse it (TextDecoder strips it by default).
const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a control file: UTF-8, BOM tolerated in sources because we rewrite the file anyway. */
export function decodeControlBytes(bytes: Uint8Array, allowBom: boolean): Control {
  let text: string;
  try {
    text = utf8Fatal.decode(bytes);
  } catch {
    throw new ConsoleError('CONTROL_INVALID', 'WAPT/control is not valid UTF-8', {
      details: { reason: 'NOT_UTF8' },
    });
  }
  return parseControl(allowBom ? text.replace(/^\ufeff/, '') : text);
}

/**
 * Installers and archives are already compressed: deflating them again costs ~25 s/GB for
 * nothing. A fast trial on the first 64 KiB decides; such members are STORED, which every zip
 * reader (and WAPT, §1) accepts.
 */
async function looksCompressible(file: string, size: number): Promise<boolean> {
  if (size < 256 * 1024) return true;
  const fh = await openFile(file, 'r');
  try {
    const sample = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(sample, 0, sample.length, 0);
    return deflateRawSync(sample.subarray(0, bytesRead), { level: 1 }).length < bytesRead * 0.95;
  } finally {
    await fh.close();
  }
}

async function listSourceFiles(root: string): Promise<PayloadSource[]> {
  const out: PayloadSource[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const name = rel === '' ? e.name : `${rel}/${e.name}`;
      const full = path.join(dir, e.name);
      if (e.isSymbolicLink()) {
        throw packageError(
          'SYMLINK_IN_SOURCE',
          `${name} is a symbolic link; copy the file into the package folder instead`,
          { member: name },
        );
      }
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) await walk(full, name);
      } else if (e.isFile()) {
        if (name === CONTROL_PATH || GENERATED_MEMBERS.has(name)) continue;
        const st = await lstat(full);
        out.push({
          name,
          size: st.size,
          mtime: st.mtime,
          compress: await looksCompressible(full, st.size),
          open: () => createReadStream(full, { highWaterMark: 1024 * 1024 }),
        });
      } else {
        throw packageError('SPECIAL_FILE_IN_SOURCE', `${name} is not a regular file`, { member: name });
      }
    }
  };
  await walk(root, '');
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

/**
 * A package is downloaded by every host that may install it: a private key in its source would be
 * handed to all of them. Every file that goes into the package (and the control) is scanned by
 * content with the agent build's detector (wapt/keys/private-key-detector.ts), before
 * anything is written. Findings name files and formats, never content.
 */
async function assertNoPrivateKeyInSource(
  root: string,
  controlBytes: Uint8Array,
  payload: readonly PayloadSource[],
): Promise<void> {
  const findings = await scanFilesForPrivateKeys(
    payload.map((p) => path.join(root, ...p.name.split('/'))),
    root,
  );
  const inControl = findPrivateKeyMaterial(controlBytes);
  if (inControl !== null) findings.unshift({ file: CONTROL_PATH, format: inControl.format });
  if (findings.length === 0) return;
  throw new ConsoleError(
    'PRIVATE_KEY_LEAK',
    `refusing to build: the package source contains private key material (${findings
      .map((f) => `${f.file} [${f.format}]`)
      .join(
        ', ',
      )}); every host installing the package would receive it. Keep keys outside the package folder.`,
    {
      details: {
        reason: 'PRIVATE_KEY_IN_SOURCE',
        files: findings.map((f) => f.file),
        kinds: findings.map((f) => f.format),
      },
    },
  );
}

/** Builds `<outDir>/<canonical name>.wapt` from a package source folder holding `WAPT/control`. */
export async function buildPackage(opts: BuildPackageOptions): Promise<WrittenPackage> {
  let root: string;
  try {
    root = await realpath(opts.sourceDir);
    if (!(await lstat(root)).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (err) {
    throw ioError(
      'SOURCE_UNREADABLE',
      `cannot read the package source folder ${opts.sourceDir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      err,
    );
  }
  let controlBytes: Buffer;
  try {
    controlBytes = await readFile(path.join(root, 'WAPT', 'control'));
  } catch {
    throw packageError(
      'MISSING_CONTROL',
      `${opts.sourceDir} has no WAPT/control file; it is not a package source folder`,
    );
  }
  const control = { ...decodeControlBytes(controlBytes, true), ...(opts.controlOverrides ?? {}) } as Control;
  const payload = await listSourceFiles(root);
  await assertNoPrivateKeyInSource(root, controlBytes, payload);
  await mkdir(opts.outDir, { recursive: true });
  return writeSignedPackage({ ...opts, outPath: opts.outDir, outIsDir: true, payload, control });
}

export interface InMemoryFile {
  /** Member name inside the package, `/`-separated (e.g. `WAPT/waptwua_rules.json`). */
  path: string;
  content: Uint8Array | string;
}

export interface BuildFromFilesOptions extends CommonBuildOptions {
  files: readonly InMemoryFile[];
  control: Control;
  outDir: string;
  /** Exact output path instead of `<outDir>/<canonical name>` (e.g. `<uuid>.wapt` for hosts). */
  outPath?: string;
}

/** Builds a package whose files are in memory: rule packages from JSON, host/group packages. */
export async function buildPackageFromFiles(opts: BuildFromFilesOptions): Promise<WrittenPackage> {
  const payload: PayloadSource[] = opts.files
    .filter((f) => f.path !== CONTROL_PATH)
    .map((f) => {
      const bytes = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content);
      return { name: f.path, size: bytes.length, open: () => Readable.from([bytes]) };
    });
  if (opts.files.some((f) => f.path === CONTROL_PATH)) {
    throw packageError('RESERVED_MEMBER', 'pass the control as `control`, not as a WAPT/control file');
  }
  await mkdir(opts.outDir, { recursive: true });
  return writeSignedPackage({
    ...opts,
    outPath: opts.outPath ?? opts.outDir,
    outIsDir: opts.outPath === undefined,
    payload,
  });
}

export interface SignPackageOptions {
  packagePath: string;
  signer: PackageSigner;
  now?: Date;
  /** Write the re-signed package here instead of replacing `packagePath`. */
  outPath?: string;
  signatureDate?: string;
  packageUuid?: string;
  signal?: AbortSignal;
}

/**
 * Re-signs an existing package: new `package_uuid` and signature date, signer attributes,
 * certificate, manifest and manifest signature; payload bytes unchanged. Replaces the file
 * atomically. It does not vouch for the old content: verify first if its origin matters.
 */
export async function signPackage(opts: SignPackageOptions): Promise<{ path: string; control: Control }> {
  const zip = await openPackageZip(opts.packagePath);
  try {
    const controlMember = zip.get(CONTROL_PATH);
    if (controlMember === undefined)
      throw packageError('MISSING_CONTROL', `${opts.packagePath} has no WAPT/control`);
    const control = decodeControlBytes(await zip.readBuffer(controlMember, 1024 * 1024), false);
    const payload: PayloadSource[] = zip.members
      .filter((m) => !GENERATED_MEMBERS.has(m.name))
      .map((m) => ({
        name: m.name,
        size: m.size,
        compress: m.method !== 0,
        open: () => zip.openStream(m),
      }));
    const written = await writeSignedPackage({
      ...opts,
      outPath: opts.outPath ?? opts.packagePath,
      payload,
      control,
      // Windows cannot replace a file that is still open.
      beforeCommit: () => zip.close(),
    });
    return { path: written.path, control: written.control };
  } finally {
    zip.close();
  }
}
