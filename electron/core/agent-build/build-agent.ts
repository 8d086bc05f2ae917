/**
 * The agent build, shared by the wizard (as a job) and the CLI: build folder → private key check →
 * ISCC → waptagent.sha256 → `<prefix>-waptupgrade` → output check → build manifest
 * (agent-build.md §1). Uploading is a separate step (uploads.ts) so the wizard can ask first.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { AgentConfig, verifyCertMode } from '../../../common/domain/agent-config';
import { caBundleFileName, renderIss } from '../../../common/domain/iss-render';
import { certificateInfo, type PackageSigner } from '../signing/index';
import { inspectBaseDir, type BaseDirInfo } from './base-dir';
import { parseCertificateFile, selectCertificates, type CertificateRow } from './certificates';
import { runIscc, toWinePath, type WineOptions } from './iscc-runner';
import {
  assertNoPrivateKeys,
  leakError,
  scanFileForPrivateKey,
  scanPackageForPrivateKeys,
  type LeakFinding,
} from './key-leak';
import { buildWaptupgradePackage, type Sha1Sign } from './waptupgrade';
import { packageRoot } from '../app-version';

export const ISS_FILE = 'custom_waptagent.iss';
export const COMMON_ISS_FILE = 'agent-common.iss';
export const MANIFEST_FILE = 'waptagent-build.json';

export interface BuildProgress {
  percent: number;
  message: string;
  line?: string;
}

export interface AgentBuildOptions {
  /** Parsed or raw CONFIG.json content; relative paths resolve against `configDir`. */
  config: unknown;
  configDir?: string;
  waptBaseDir: string;
  outDir: string;
  isccPath: string;
  signer: PackageSigner;
  sha1Sign?: Sha1Sign;
  templateDir?: string;
  wine?: WineOptions;
  isccLauncher?: 'auto' | 'wine' | 'node' | 'direct';
  timeoutMs?: number;
  /** Highest `<prefix>-waptupgrade` version in the repository (for the build counter). */
  existingWaptupgradeVersion?: string | null;
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress) => void;
  /** Keep the build folder for inspection (it is deleted otherwise, success or failure). */
  keepBuildDir?: boolean;
  now?: Date;
}

export interface OutputFile {
  path: string;
  sha256: string;
  size: number;
}

export interface AgentBuildResult {
  outDir: string;
  exe: OutputFile;
  sha256File: string;
  /** The sha256 of waptagent.exe (the GPO hash). */
  sha256: string;
  package: OutputFile & { name: string; version: string; fileName: string };
  manifestPath: string;
  agentVersion: string;
  certificates: CertificateRow[];
  buildDir?: string;
  timings: { totalMs: number; compileMs: number };
}

/** Where the template files are: explicit, env, the checkout, next to the running script, the app's resources. */
export async function resolveTemplateDir(explicit?: string): Promise<string> {
  const candidates = [
    explicit,
    process.env.WAPT_CONSOLE_ISS_TEMPLATE_DIR,
    // A checkout or an unpacked install: next to package.json, whatever the working directory.
    path.join(packageRoot(), 'build', 'innosetup'),
    path.resolve(process.cwd(), 'build', 'innosetup'),
    process.argv[1]
      ? path.resolve(path.dirname(process.argv[1]), '..', '..', 'build', 'innosetup')
      : undefined,
    (process as { resourcesPath?: string }).resourcesPath
      ? path.join((process as { resourcesPath?: string }).resourcesPath!, 'innosetup')
      : undefined,
  ].filter((c): c is string => c !== undefined && c !== '');
  for (const dir of candidates) {
    if ((await stat(path.join(dir, 'waptagent.iss')).catch(() => undefined))?.isFile()) return dir;
  }
  throw new ConsoleError(
    'IO',
    `the installer template (waptagent.iss) was not found (looked in ${candidates.join(', ')})`,
    { details: { reason: 'TEMPLATE_MISSING' } },
  );
}

export async function hashFile(file: string): Promise<OutputFile> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { path: file, sha256: h.digest('hex'), size };
}

/** `<sha256>  waptagent.exe`, no newline (agent-build.md §4.4, as the 1.8.2 console writes it). */
export function sha256FileContent(sha256: string): string {
  return `${sha256}  waptagent.exe`;
}

export function parseConfig(raw: unknown): AgentConfig {
  const parsed = AgentConfig.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConsoleError('VALIDATION', `invalid agent configuration: ${first.join('; ')}`, {
      details: {
        reason: 'CONFIG_INVALID',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    });
  }
  return parsed.data;
}

function buildDirName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `wapt${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}T${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}-`;
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new ConsoleError('CANCELLED', 'the agent build was cancelled', {
      details: { reason: 'CANCELLED' },
    });
}

export interface PreparedBuild {
  buildDir: string;
  issPath: string;
  issText: string;
  base: BaseDirInfo;
  config: AgentConfig;
  certificates: CertificateRow[];
  caBundleFile?: string;
}

/**
 * Writes the build folder (agent-build.md §3.3) and refuses it if any file holds private key
 * material. Exported for the benchmark (a bare compile of the same script) and the tests.
 */
export async function prepareBuildFolder(
  opts: Pick<AgentBuildOptions, 'config' | 'configDir' | 'waptBaseDir' | 'templateDir' | 'now'> & {
    buildDir: string;
  },
): Promise<PreparedBuild> {
  const config = parseConfig(opts.config);
  const rel = (p: string) => path.resolve(opts.configDir ?? process.cwd(), p);
  const base = await inspectBaseDir(opts.waptBaseDir);
  const templateDir = await resolveTemplateDir(opts.templateDir);
  const certificates = await selectCertificates(config.certificates.map(rel), {
    includeNonCA: config.includeNonCA,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const included = certificates.filter((c) => c.included);
  if (included.length === 0) {
    const why =
      certificates.length === 0
        ? 'no certificate is configured'
        : `every configured certificate was dropped (${certificates.map((c) => `${c.fileName}: ${c.dropReason}`).join(', ')})`;
    throw new ConsoleError(
      'VALIDATION',
      `no trusted package certificate to deploy: ${why}; agents would refuse every package`,
      { details: { reason: 'NO_TRUSTED_CERTIFICATES' } },
    );
  }
  const { buildDir } = opts;
  await mkdir(path.join(buildDir, 'ssl', 'server'), { recursive: true });
  for (const c of included) await writeFile(path.join(buildDir, 'ssl', c.fileName), c.pem);
  let caBundleFile: string | undefined;
  const verify = verifyCertMode(config.verifyCert);
  if (verify.kind === 'bundle') {
    const source = rel(verify.path);
    const bytes = await readFile(source).catch((err: NodeJS.ErrnoException) => {
      throw new ConsoleError('IO', `cannot read the HTTPS CA bundle ${source}: ${err.code ?? 'error'}`, {
        details: { reason: 'CA_BUNDLE_UNREADABLE' },
      });
    });
    // Only certificates go to hosts: the bundle is re-encoded, so anything else in the file is dropped.
    const certs = parseCertificateFile(bytes, path.basename(source));
    caBundleFile = caBundleFileName(source);
    await writeFile(path.join(buildDir, 'ssl', 'server', caBundleFile), certs.map((c) => c.pem).join(''));
  }
  await cp(path.join(base.dir, 'waptupgrade'), path.join(buildDir, 'waptupgrade'), { recursive: true });
  const template = await readFile(path.join(templateDir, 'waptagent.iss'), 'utf8');
  const issText = renderIss(template, config, {
    waptBaseDirWin: process.platform === 'win32' ? base.dir : toWinePath(base.dir),
    agentVersion: base.agentVersion,
    enterprise: base.enterprise,
  });
  const issPath = path.join(buildDir, ISS_FILE);
  await writeFile(issPath, issText, 'utf8');
  await copyFile(path.join(templateDir, COMMON_ISS_FILE), path.join(buildDir, COMMON_ISS_FILE));
  await assertNoPrivateKeys(buildDir);
  return {
    buildDir,
    issPath,
    issText,
    base,
    config,
    certificates,
    ...(caBundleFile ? { caBundleFile } : {}),
  };
}

export async function buildAgent(opts: AgentBuildOptions): Promise<AgentBuildResult> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const report = (percent: number, message: string, line?: string) =>
    opts.onProgress?.({ percent, message, ...(line === undefined ? {} : { line }) });
  const outDir = path.resolve(opts.outDir);
  const buildDir = await mkdtemp(path.join(os.tmpdir(), buildDirName(now)));
  try {
    report(2, 'Preparing the build folder');
    const prepared = await prepareBuildFolder({ ...opts, buildDir, now });
    const { config, base } = prepared;
    checkAborted(opts.signal);
    report(12, 'Compiling waptagent.exe with Inno Setup');
    let lines = 0;
    const compile = await runIscc({
      isccPath: opts.isccPath,
      scriptPath: prepared.issPath,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.wine ? { wine: opts.wine } : {}),
      ...(opts.isccLauncher ? { launcher: opts.isccLauncher } : {}),
      onLine: (_stream, line) => {
        lines++;
        report(Math.min(75, 12 + lines), 'Compiling waptagent.exe with Inno Setup', line);
      },
    });
    const exeInBuild = path.join(buildDir, 'waptupgrade', 'waptagent.exe');
    if (!(await stat(exeInBuild).catch(() => undefined))?.isFile()) {
      throw new ConsoleError(
        'COMPILE_FAILED',
        'the Inno Setup compiler reported success but waptagent.exe was not written',
        { details: { reason: 'NO_OUTPUT' } },
      );
    }
    checkAborted(opts.signal);
    report(80, 'Writing waptagent.sha256');
    const exeHash = await hashFile(exeInBuild);
    await writeFile(
      path.join(buildDir, 'waptupgrade', 'waptagent.sha256'),
      sha256FileContent(exeHash.sha256),
    );
    await mkdir(outDir, { recursive: true });
    const exePath = path.join(outDir, 'waptagent.exe');
    const sha256File = path.join(outDir, 'waptagent.sha256');
    await copyFile(exeInBuild, exePath);
    await writeFile(sha256File, sha256FileContent(exeHash.sha256));
    report(85, `Building ${config.prefix}-waptupgrade`);
    const pkg = await buildWaptupgradePackage({
      sourceDir: path.join(buildDir, 'waptupgrade'),
      waptBaseDir: base.dir,
      prefix: config.prefix,
      agentVersion: base.agentVersion,
      existingVersion: opts.existingWaptupgradeVersion ?? null,
      signer: opts.signer,
      dualSign: config.dualSign,
      ...(opts.sha1Sign ? { sha1Sign: opts.sha1Sign } : {}),
      outDir,
      ...(opts.signal ? { signal: opts.signal } : {}),
      now,
    });
    report(95, 'Checking the outputs for private key material');
    const findings: LeakFinding[] = [...(await scanPackageForPrivateKeys(pkg.path))];
    for (const f of [exePath, sha256File]) {
      const kind = await scanFileForPrivateKey(f);
      if (kind) findings.push({ file: path.basename(f), kind });
    }
    if (findings.length > 0) {
      await rm(pkg.path, { force: true });
      await rm(exePath, { force: true });
      throw leakError(findings, 'the build output');
    }
    const manifestPath = path.join(outDir, MANIFEST_FILE);
    const commonIss = await readFile(path.join(buildDir, COMMON_ISS_FILE), 'utf8');
    const signer = certificateInfo(opts.signer.certificateChain[0]!);
    const manifest = {
      format: 'wapt-console-agent-build/1',
      builtAt: now.toISOString(),
      settings: config,
      baseDir: { path: base.dir, agentVersion: base.agentVersion, enterprise: base.enterprise },
      certificates: prepared.certificates.map((c) => ({
        file: c.fileName,
        source: c.sourcePath,
        cn: c.info.cn,
        issuer: c.info.issuerCn,
        notAfter: c.info.notAfter,
        fingerprintSha256: c.info.fingerprintSha256,
        codeSigning: c.info.codeSigning,
        isCA: c.info.isCA,
        included: c.included,
        ...(c.dropReason ? { dropReason: c.dropReason } : {}),
      })),
      ...(prepared.caBundleFile ? { caBundle: `ssl/server/${prepared.caBundleFile}` } : {}),
      signer: { cn: signer.cn, fingerprintSha256: signer.fingerprintSha256 },
      compiler: {
        path: opts.isccPath,
        command: compile.command,
        durationMs: compile.durationMs,
        exitCode: compile.exitCode,
      },
      iss: {
        [ISS_FILE]: {
          sha256: createHash('sha256').update(prepared.issText).digest('hex'),
          text: prepared.issText,
        },
        [COMMON_ISS_FILE]: { sha256: createHash('sha256').update(commonIss).digest('hex') },
      },
      outputs: {
        'waptagent.exe': { sha256: exeHash.sha256, size: exeHash.size },
        'waptagent.sha256': { content: sha256FileContent(exeHash.sha256) },
        [path.basename(pkg.path)]: {
          package: pkg.control.package,
          version: pkg.control.version,
          sha256: pkg.sha256,
          size: pkg.size,
          dualSign: config.dualSign,
        },
      },
    };
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    report(100, 'waptagent.exe and the waptupgrade package are ready');
    return {
      outDir,
      exe: { ...exeHash, path: exePath },
      sha256File,
      sha256: exeHash.sha256,
      package: {
        path: pkg.path,
        sha256: pkg.sha256,
        size: pkg.size,
        name: String(pkg.control.package),
        version: String(pkg.control.version),
        fileName: path.basename(pkg.path),
      },
      manifestPath,
      agentVersion: base.agentVersion,
      certificates: prepared.certificates,
      ...(opts.keepBuildDir ? { buildDir } : {}),
      timings: { totalMs: Date.now() - started, compileMs: compile.durationMs },
    };
  } finally {
    if (!opts.keepBuildDir) await rm(buildDir, { recursive: true, force: true });
  }
}
