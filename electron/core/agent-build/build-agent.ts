/**
 * The agent build, shared by the wizard (as a job) and the CLI (docs/agent-build.md):
 * build folder → list every file the script packs and refuse any private key → ISCC →
 * Authenticode → waptagent.sha256 → `<prefix>-waptupgrade` → output check → build manifest, all
 * written into a staging folder inside the output folder and renamed into place only when the
 * whole set is ready. Uploading is a separate step (uploads.ts) so the wizard can ask first.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import type { ProgressStep, StepParams } from '../../../common/progress-steps';
import { zodIssueParams } from '../../../common/domain/issue-codes';
import { AgentConfig, verifyCertMode } from '../../../common/domain/agent-config';
import { caBundleFileName, renderIss } from '../../../common/domain/iss-render';
import { certificateInfo, type PackageSigner } from '../../../wapt/signing/index';
import { inspectBaseDir, type BaseDirInfo } from './base-dir';
import { parseCertificateFile, selectCertificates, type CertificateRow } from './certificates';
import { ensureWinePrefix, resolveLauncher, runIscc, toWinePath, type WineOptions } from './iscc-runner';
import {
  leakError,
  scanPackageForPrivateKeys,
  scanTreeForPrivateKeys,
  type LeakFinding,
} from '../../../wapt/keys/key-leak';
import {
  findPrivateKeyMaterial,
  scanFileForPrivateKeyMaterial,
} from '../../../wapt/keys/private-key-detector';
import { listPackedFiles, preprocessScript } from './packed-files';
import {
  checkCodeSigningIdentity,
  signAuthenticode,
  type AuthenticodeResult,
  type CodeSigningIdentity,
} from './authenticode';
import { buildWaptupgradePackage, type Sha1Sign } from './waptupgrade';
import { packageRoot } from '../app-version';

export const ISS_FILE = 'custom_waptagent.iss';
export const COMMON_ISS_FILE = 'agent-common.iss';
export const MANIFEST_FILE = 'waptagent-build.json';

export interface BuildProgress {
  /** Null: a step whose length cannot be measured (an indeterminate bar), e.g. the wine prefix. */
  percent: number | null;
  /** The step as a code the window translates (common/progress-steps.ts), with its parameters. */
  step: ProgressStep;
  params?: StepParams;
  /** The same step in English, for the CLI's output and the log. */
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
  /** Authenticode-sign waptagent.exe with this code-signing identity (osslsigncode); unsigned without. */
  authenticode?: { identity: CodeSigningIdentity; timestampUrl?: string; command?: string };
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
  /** Which installer script was compiled. */
  template: BuildTemplate;
  /** Null when waptagent.exe is not Authenticode-signed. */
  authenticode: AuthenticodeResult | null;
  /** How many files the script packs (each checked for private keys). */
  packedFileCount: number;
  buildDir?: string;
  timings: { totalMs: number; compileMs: number };
}

export interface BuildTemplate {
  /** `installation`: the WAPT installation's own waptsetup\waptagent.iss; `bundled`: the console's template (demo base directory). */
  kind: 'installation' | 'bundled';
  /** The script the generated custom_waptagent.iss was rewritten from. */
  source: string;
}

/** One line for the build log and the CLI saying which script is compiled. */
export function templateDescription(t: BuildTemplate): string {
  return t.kind === 'installation'
    ? `Installer script: the WAPT installation's own ${t.source}`
    : `Installer script: the console's bundled template (${t.source}), for the demo base directory`;
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

/** `<sha256>  waptagent.exe`, no newline (docs/wapt-agent-build.md §4.4, as the 1.8.2 console writes it). */
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
        // Code + parameters: the window says each issue in the user's language (docs/i18n.md).
        issues: parsed.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
          ...zodIssueParams(i),
        })),
      },
    });
  }
  return parsed.data;
}

function buildDirName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `wapt${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}T${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}-`;
}

export interface PreparedBuild {
  buildDir: string;
  issPath: string;
  issText: string;
  base: BaseDirInfo;
  config: AgentConfig;
  certificates: CertificateRow[];
  template: BuildTemplate;
  /** Other script files copied into the build folder (the bundled template's sections). */
  extraScripts: string[];
  caBundleFile?: string;
}

/**
 * Writes the build folder (docs/wapt-agent-build.md §3.3): trusted certificates in ssl\, the CA bundle in
 * ssl\server\, the waptupgrade sources, and custom_waptagent.iss rewritten from the WAPT
 * installation's own waptsetup\waptagent.iss (§3.1), or from the bundled template for the demo
 * base directory. Exported for the benchmark (a bare compile of the same script) and the tests.
 */
export async function prepareBuildFolder(
  opts: Pick<AgentBuildOptions, 'config' | 'configDir' | 'waptBaseDir' | 'templateDir' | 'now'> & {
    buildDir: string;
  },
): Promise<PreparedBuild> {
  const config = parseConfig(opts.config);
  const rel = (p: string) => path.resolve(opts.configDir ?? process.cwd(), p);
  const base = await inspectBaseDir(opts.waptBaseDir);
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
        details: { reason: 'CA_BUNDLE_UNREADABLE', file: source },
      });
    });
    // Only certificates go to hosts: the bundle is re-encoded, so anything else in the file is dropped.
    const certs = parseCertificateFile(bytes, path.basename(source));
    caBundleFile = caBundleFileName(source);
    await writeFile(path.join(buildDir, 'ssl', 'server', caBundleFile), certs.map((c) => c.pem).join(''));
  }
  await cp(path.join(base.dir, 'waptupgrade'), path.join(buildDir, 'waptupgrade'), { recursive: true });
  const win = (p: string) => (process.platform === 'win32' ? p : toWinePath(p));
  let template: BuildTemplate;
  let templateText: string;
  const extraScripts: string[] = [];
  if (base.kind === 'installation') {
    template = { kind: 'installation', source: base.agentScript! };
    templateText = await readFile(base.agentScript!, 'utf8');
  } else {
    const templateDir = await resolveTemplateDir(opts.templateDir);
    template = { kind: 'bundled', source: path.join(templateDir, 'waptagent.iss') };
    templateText = await readFile(template.source, 'utf8');
    await copyFile(path.join(templateDir, COMMON_ISS_FILE), path.join(buildDir, COMMON_ISS_FILE));
    extraScripts.push(COMMON_ISS_FILE);
  }
  const issText = renderIss(templateText, config, {
    waptBaseDirWin: win(base.dir),
    agentVersion: base.agentVersion,
    enterprise: base.enterprise,
    template: template.kind,
    // WAPT writes the absolute <BuildDir>\waptupgrade into the installation's script (§3.1).
    ...(template.kind === 'installation' ? { outputDir: `${win(buildDir)}\\waptupgrade` } : {}),
  });
  const issPath = path.join(buildDir, ISS_FILE);
  await writeFile(issPath, issText, 'utf8');
  return {
    buildDir,
    issPath,
    issText,
    base,
    config,
    certificates,
    template,
    extraScripts,
    ...(caBundleFile ? { caBundleFile } : {}),
  };
}

function cancelled(): ConsoleError {
  return new ConsoleError('CANCELLED', 'the agent build was cancelled', { details: { reason: 'CANCELLED' } });
}

/** A file's name for a leak message: relative to the base directory or the build folder when inside them. */
function displayName(file: string, base: string, buildDir: string): string {
  const inside = (root: string) => {
    const r = path.relative(root, file);
    return r !== '' && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : undefined;
  };
  const b = inside(base);
  if (b !== undefined) return b;
  const d = inside(buildDir);
  return d !== undefined ? `(build folder) ${d}` : file;
}

/**
 * Before anything is compiled: every file the script will pack (resolved by ISCC's own
 * preprocessor, then on disk), the expanded script itself, and everything in the build folder are
 * checked by content. Refuses naming each offending file.
 */
async function assertNothingSecretPacked(
  prepared: PreparedBuild,
  opts: AgentBuildOptions,
  winePrefix: string | undefined,
  onLine: (line: string) => void,
): Promise<number> {
  const preprocessed = await preprocessScript({
    isccPath: opts.isccPath,
    scriptPath: prepared.issPath,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.wine ? { wine: opts.wine } : {}),
    ...(opts.isccLauncher ? { launcher: opts.isccLauncher } : {}),
    onLine: (_s, l) => onLine(l),
  });
  const packed = await listPackedFiles(preprocessed, {
    scriptDir: prepared.buildDir,
    compilerDir: path.dirname(path.resolve(opts.isccPath)),
    ...(winePrefix ? { winePrefix } : {}),
  });
  const findings: LeakFinding[] = [];
  const seen = new Set<string>();
  for (const { file } of packed) {
    const hit = await scanFileForPrivateKeyMaterial(file, opts.signal);
    const name = displayName(file, prepared.base.dir, prepared.buildDir);
    if (hit !== null && !seen.has(name)) {
      seen.add(name);
      findings.push({ file: name, kind: hit.format });
    }
  }
  const inScript = findPrivateKeyMaterial(Buffer.from(preprocessed, 'latin1'));
  if (inScript !== null) findings.push({ file: `(expanded script) ${ISS_FILE}`, kind: inScript.format });
  for (const f of await scanTreeForPrivateKeys(prepared.buildDir, opts.signal)) {
    const name = `(build folder) ${f.file}`;
    if (!seen.has(name)) findings.push({ file: name, kind: f.kind });
  }
  if (findings.length > 0) throw leakError(findings, 'the files the installer would pack');
  return packed.length;
}

interface PreviousBuild {
  packageFile?: string;
}

async function readPreviousBuild(outDir: string): Promise<PreviousBuild> {
  try {
    const m = JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), 'utf8')) as {
      outputs?: Record<string, { package?: string }>;
    };
    const pkg = Object.entries(m.outputs ?? {}).find(([, v]) => v.package !== undefined)?.[0];
    return pkg !== undefined && /^[\w.-]+\.wapt$/.test(pkg) ? { packageFile: pkg } : {};
  } catch {
    return {};
  }
}

export async function buildAgent(opts: AgentBuildOptions): Promise<AgentBuildResult> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const report = (
    percent: number | null,
    step: ProgressStep,
    message: string,
    extra: { line?: string; params?: StepParams } = {},
  ) => opts.onProgress?.({ percent, step, message, ...extra });
  const outDir = path.resolve(opts.outDir);
  const check = () => {
    if (opts.signal?.aborted) throw cancelled();
  };
  await mkdir(outDir, { recursive: true });
  // Everything is written here first, then renamed into outDir as a set (same file system).
  const staging = await mkdtemp(path.join(outDir, '.waptagent-build-'));
  const buildDir = await mkdtemp(path.join(os.tmpdir(), buildDirName(now)));
  try {
    // A wrong password or a certificate without codeSigning should not cost a compile.
    if (opts.authenticode) await checkCodeSigningIdentity(opts.authenticode.identity);
    report(2, 'agentBuild.PREPARE', 'Preparing the build folder');
    const prepared = await prepareBuildFolder({ ...opts, buildDir, now });
    const { config, base } = prepared;
    // Also a log line: the wizard's build log and `--verbose` keep it.
    report(
      4,
      prepared.template.kind === 'installation'
        ? 'agentBuild.TEMPLATE_INSTALLATION'
        : 'agentBuild.TEMPLATE_BUNDLED',
      templateDescription(prepared.template),
      { line: templateDescription(prepared.template), params: { file: prepared.template.source } },
    );
    check();
    let winePrefix: string | undefined;
    if (
      resolveLauncher({
        isccPath: opts.isccPath,
        ...(opts.isccLauncher ? { launcher: opts.isccLauncher } : {}),
      }) === 'wine'
    ) {
      // The first compile under wine creates its prefix: a step of its own, of unknown length
      // (about a minute on a slow machine), shown as an indeterminate bar, then done.
      let firstUse = false;
      winePrefix = await ensureWinePrefix(
        opts.wine,
        () => {
          firstUse = true;
          report(
            null,
            'agentBuild.WINE_PREFIX',
            'Preparing the Windows compatibility layer, once (wine, about a minute)',
          );
        },
        opts.signal,
      );
      if (firstUse) report(6, 'agentBuild.WINE_READY', 'Windows compatibility layer ready');
    }
    check();
    const checkingPacked = 'Checking every file the installer will contain for private keys';
    report(8, 'agentBuild.CHECK_PACKED', checkingPacked);
    const packedFileCount = await assertNothingSecretPacked(prepared, opts, winePrefix, (l) =>
      report(8, 'agentBuild.CHECK_PACKED', checkingPacked, { line: l }),
    );
    report(12, 'agentBuild.PACKED_CLEAN', `${packedFileCount} files to pack, none holds a private key`, {
      params: { count: packedFileCount },
    });
    check();
    report(12, 'agentBuild.COMPILE', 'Compiling waptagent.exe with Inno Setup');
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
        report(Math.min(70, 12 + lines), 'agentBuild.COMPILE', 'Compiling waptagent.exe with Inno Setup', {
          line,
        });
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
    check();
    let authenticode: AuthenticodeResult | null = null;
    if (opts.authenticode) {
      report(72, 'agentBuild.AUTHENTICODE', 'Signing waptagent.exe (Authenticode)');
      authenticode = await signAuthenticode({
        exe: exeInBuild,
        identity: opts.authenticode.identity,
        ...(opts.authenticode.timestampUrl ? { timestampUrl: opts.authenticode.timestampUrl } : {}),
        ...(opts.authenticode.command ? { command: opts.authenticode.command } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } else {
      report(
        72,
        'agentBuild.NOT_AUTHENTICODE',
        'waptagent.exe is not Authenticode-signed (no code-signing certificate given)',
      );
    }
    check();
    report(80, 'agentBuild.SHA256', 'Writing waptagent.sha256');
    // After signing: the hash (and the waptupgrade package) carry the signed file (§4.4).
    const exeHash = await hashFile(exeInBuild);
    await writeFile(
      path.join(buildDir, 'waptupgrade', 'waptagent.sha256'),
      sha256FileContent(exeHash.sha256),
    );
    const exeStaged = path.join(staging, 'waptagent.exe');
    const sha256Staged = path.join(staging, 'waptagent.sha256');
    await copyFile(exeInBuild, exeStaged);
    await writeFile(sha256Staged, sha256FileContent(exeHash.sha256));
    check();
    report(85, 'agentBuild.WAPTUPGRADE', `Building ${config.prefix}-waptupgrade`, {
      params: { name: `${config.prefix}-waptupgrade` },
    });
    const pkg = await buildWaptupgradePackage({
      sourceDir: path.join(buildDir, 'waptupgrade'),
      waptBaseDir: base.dir,
      prefix: config.prefix,
      agentVersion: base.agentVersion,
      existingVersion: opts.existingWaptupgradeVersion ?? null,
      signer: opts.signer,
      dualSign: config.dualSign,
      ...(opts.sha1Sign ? { sha1Sign: opts.sha1Sign } : {}),
      outDir: staging,
      ...(opts.signal ? { signal: opts.signal } : {}),
      now,
      beforeZip: async (dir) => {
        const found = await scanTreeForPrivateKeys(dir, opts.signal);
        if (found.length > 0)
          throw leakError(
            found.map((f) => ({ ...f, file: `(waptupgrade package) ${f.file}` })),
            'the files of the waptupgrade package',
          );
      },
    });
    check();
    report(95, 'agentBuild.CHECK_OUTPUTS', 'Checking the outputs for private key material');
    const findings: LeakFinding[] = [...(await scanPackageForPrivateKeys(pkg.path, opts.signal))];
    for (const f of [exeStaged, sha256Staged]) {
      const hit = await scanFileForPrivateKeyMaterial(f, opts.signal);
      if (hit) findings.push({ file: path.basename(f), kind: hit.format });
    }
    if (findings.length > 0) throw leakError(findings, 'the build output');
    const signer = certificateInfo(opts.signer.certificateChain[0]!);
    const scripts: Record<string, { sha256: string; text?: string }> = {
      [ISS_FILE]: {
        sha256: createHash('sha256').update(prepared.issText).digest('hex'),
        text: prepared.issText,
      },
    };
    for (const extra of prepared.extraScripts) {
      const text = await readFile(path.join(buildDir, extra), 'utf8');
      scripts[extra] = { sha256: createHash('sha256').update(text).digest('hex') };
    }
    const manifest = {
      format: 'wapt-console-agent-build/1',
      builtAt: now.toISOString(),
      settings: config,
      baseDir: {
        path: base.dir,
        kind: base.kind,
        agentVersion: base.agentVersion,
        enterprise: base.enterprise,
      },
      template: prepared.template,
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
      authenticode,
      privateKeyCheck: { packedFiles: packedFileCount, findings: 0 },
      compiler: {
        path: opts.isccPath,
        command: compile.command,
        durationMs: compile.durationMs,
        exitCode: compile.exitCode,
      },
      iss: scripts,
      outputs: {
        'waptagent.exe': { sha256: exeHash.sha256, size: exeHash.size, authenticode: authenticode !== null },
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
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    check();
    // The set is complete: rename into place (the manifest last, so it always describes files present).
    const previous = await readPreviousBuild(outDir);
    const pkgName = path.basename(pkg.path);
    for (const name of ['waptagent.exe', 'waptagent.sha256', pkgName, MANIFEST_FILE])
      await rename(path.join(staging, name), path.join(outDir, name));
    if (previous.packageFile !== undefined && previous.packageFile !== pkgName)
      await rm(path.join(outDir, previous.packageFile), { force: true });
    report(100, 'agentBuild.DONE', 'waptagent.exe and the waptupgrade package are ready');
    const exePath = path.join(outDir, 'waptagent.exe');
    return {
      outDir,
      exe: { ...exeHash, path: exePath },
      sha256File: path.join(outDir, 'waptagent.sha256'),
      sha256: exeHash.sha256,
      package: {
        path: path.join(outDir, pkgName),
        sha256: pkg.sha256,
        size: pkg.size,
        name: String(pkg.control.package),
        version: String(pkg.control.version),
        fileName: pkgName,
      },
      manifestPath: path.join(outDir, MANIFEST_FILE),
      agentVersion: base.agentVersion,
      certificates: prepared.certificates,
      template: prepared.template,
      authenticode,
      packedFileCount,
      ...(opts.keepBuildDir ? { buildDir } : {}),
      timings: { totalMs: Date.now() - started, compileMs: compile.durationMs },
    };
  } catch (err) {
    // Whatever broke while cancelling (a killed compiler, an aborted stream) is a cancellation.
    if (opts.signal?.aborted && !(err instanceof ConsoleError && err.code === 'PRIVATE_KEY_LEAK'))
      throw cancelled();
    throw err;
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (!opts.keepBuildDir) await rm(buildDir, { recursive: true, force: true });
  }
}
