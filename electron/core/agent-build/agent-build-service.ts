/**
 * The wizard's side of the agent build, in main: configuration file, certificate store, preview,
 * the build job and the upload job. The key password arrives once, in `start`, goes to the admin
 * key service and is not kept; nothing returned here carries key material.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';
import { ConsoleError } from '../../../common/errors';
import { AgentConfig, checkAgentConfig, type ConfigIssue } from '../../../common/domain/agent-config';
import { renderIss } from '../../../common/domain/iss-render';
import { renderWaptGetIni } from '../../../common/domain/wapt-get-ini';
import type { AgentBuildOutcome, AgentCertificateRow } from '../../../common/ipc/methods/agent-build';
import { highestPackageVersion, uploadPackageFile, uploadWaptsetup } from '../api/uploads';
import type { WaptClient } from '../api/wapt-client';
import { writeFileAtomic } from '../../../wapt/fs/atomic-write';
import type { EmitFn, JobRegistry } from '../jobs/job-registry';
import type { Logger, PathPicker } from '../ports';
import { certificateFromDer, certificateInfo, type PackageSigner } from '../../../wapt/signing/index';
import { createDemoBaseDir, inspectBaseDir, type BaseDirInfo } from './base-dir';
import { buildAgent, resolveTemplateDir, type AgentBuildResult } from './build-agent';
import {
  certFileBase,
  isExpired,
  parseCertificateFile,
  selectCertificates,
  type CertificateRow,
} from './certificates';
import { bundledIsccPath, toWinePath } from './iscc-runner';
import { assertInnoSetupCompiler } from './tool-checks';
import type { CodeSigningFiles } from './authenticode';
import { waptupgradePackageName, type Sha1Sign } from './waptupgrade';

export interface AgentBuildServiceDeps {
  /** userData/agent-build: config.json, certs/, out/, demo-base/. */
  dataDir: string;
  jobs: JobRegistry;
  log: Logger;
  /** The connected server, or undefined. */
  client: () => WaptClient | undefined;
  adminKey: {
    unlock(password: string): Promise<unknown>;
    requireSigner(): PackageSigner;
    status(): Promise<{
      keyPath: string | null;
      certificatePath: string | null;
      certificate: { cn: string; codeSigning: boolean } | null;
    }>;
  };
  /** The user's settings for the tools (ISCC, WAPT base directory); null = the defaults below. */
  tools?: () => Promise<{ isccPath: string | null; waptBaseDir: string | null }>;
  /** Saves a tool path chosen through `pathPicker` (never a path sent by the renderer). */
  saveTools?: (patch: { isccPath?: string | null; waptBaseDir?: string | null }) => Promise<void>;
  /** The OS's file dialogs (Electron); absent in browser mode, where the tools come from the environment. */
  pathPicker?: PathPicker;
}

/** Where the agent build's ISCC comes from: settings (a native dialog), the environment, or the innosetup package. */
type IsccSource = 'settings' | 'environment' | 'bundled';

function toRow(c: CertificateRow, now = new Date()): AgentCertificateRow {
  const i = c.info;
  return {
    path: c.sourcePath,
    fileName: c.fileName,
    cn: i.cn,
    issuer: i.issuerCn || i.issuer,
    notBefore: i.notBefore,
    notAfter: i.notAfter,
    serial: i.serial,
    fingerprintSha256: i.fingerprintSha256,
    codeSigning: i.codeSigning,
    isCA: i.isCA,
    expired: isExpired(i, now),
    included: c.included,
    dropReason: c.dropReason ?? null,
  };
}

interface Outcome {
  value: AgentBuildOutcome;
  result?: AgentBuildResult;
}

export class AgentBuildService {
  private base: { key: string; info: Promise<BaseDirInfo & { demo: boolean }> } | undefined;
  private readonly outcomes = new Map<string, Outcome>();

  constructor(private readonly deps: AgentBuildServiceDeps) {}

  private get certDir(): string {
    return path.join(this.deps.dataDir, 'certs');
  }

  /** Settings first, then the environment (WAPT_CONSOLE_WAPT_BASE_DIR), then a generated demo directory. */
  async baseDir(): Promise<BaseDirInfo & { demo: boolean }> {
    const configured =
      (await this.deps.tools?.())?.waptBaseDir ?? process.env.WAPT_CONSOLE_WAPT_BASE_DIR ?? '';
    if (this.base?.key !== configured) {
      const info = (async () => {
        if (configured) return { ...(await inspectBaseDir(configured)), demo: false };
        const dir = await createDemoBaseDir(path.join(this.deps.dataDir, 'demo-base'));
        return { ...(await inspectBaseDir(dir)), demo: true };
      })();
      const entry = { key: configured, info };
      this.base = entry;
      info.catch(() => {
        if (this.base === entry) this.base = undefined;
      });
    }
    return this.base.info;
  }

  /** Settings first, then WAPT_CONSOLE_ISCC, then the innosetup npm package's ISCC.exe. */
  private async isccChoice(): Promise<{ path: string; source: IsccSource } | null> {
    const fromSettings = (await this.deps.tools?.())?.isccPath;
    if (fromSettings) return { path: fromSettings, source: 'settings' };
    if (process.env.WAPT_CONSOLE_ISCC) return { path: process.env.WAPT_CONSOLE_ISCC, source: 'environment' };
    const bundled = bundledIsccPath();
    return bundled ? { path: bundled, source: 'bundled' } : null;
  }

  async isccPath(): Promise<string | null> {
    return (await this.isccChoice())?.path ?? null;
  }

  /**
   * The compiler main will run, checked to be Inno Setup's (PE version resource). Only an
   * operator's environment variable may name a node stand-in (the test fakes).
   */
  async verifiedIsccPath(): Promise<string> {
    const choice = await this.isccChoice();
    if (choice === null)
      throw new ConsoleError(
        'COMPILER_MISSING',
        'no Inno Setup compiler: install the innosetup npm package or choose ISCC.exe in Tools…',
        { details: { reason: 'ISCC_NOT_FOUND' } },
      );
    return assertInnoSetupCompiler(choice.path, { allowNodeScript: choice.source === 'environment' });
  }

  private requirePicker(): PathPicker {
    if (!this.deps.pathPicker || !this.deps.saveTools)
      throw new ConsoleError(
        'NOT_SUPPORTED',
        'choosing programs and folders needs the desktop app; in browser mode set WAPT_CONSOLE_ISCC and WAPT_CONSOLE_WAPT_BASE_DIR, or use the CLI',
        { details: { reason: 'NO_NATIVE_DIALOG' } },
      );
    return this.deps.pathPicker;
  }

  /** Asks the OS's file dialog for ISCC.exe; saves it only once main has checked it is Inno Setup's compiler. */
  async chooseIscc(): Promise<{ chosen: boolean }> {
    const picked = await this.requirePicker().pickFile({
      title: 'Inno Setup compiler (ISCC.exe)',
      filters: [{ name: 'ISCC.exe', extensions: ['exe'] }],
    });
    if (picked === null) return { chosen: false };
    await this.deps.saveTools!({ isccPath: await assertInnoSetupCompiler(picked) });
    return { chosen: true };
  }

  /** Asks the OS's folder dialog for the WAPT installation; saves it only once its layout is checked. */
  async chooseBaseDir(): Promise<{ chosen: boolean }> {
    const picked = await this.requirePicker().pickFolder({ title: 'WAPT installation folder' });
    if (picked === null) return { chosen: false };
    const info = await inspectBaseDir(picked);
    await this.deps.saveTools!({ waptBaseDir: info.dir });
    return { chosen: true };
  }

  /** Back to the default (the bundled compiler, the demo base directory): nothing to execute is chosen. */
  async resetTool(tool: 'iscc' | 'baseDir'): Promise<{ chosen: boolean }> {
    if (!this.deps.saveTools)
      throw new ConsoleError('NOT_SUPPORTED', 'the tool settings cannot be changed here', {
        details: { reason: 'NO_SETTINGS' },
      });
    await this.deps.saveTools(tool === 'iscc' ? { isccPath: null } : { waptBaseDir: null });
    return { chosen: false };
  }

  /**
   * The Authenticode identity of the build: the console's key and certificate, when that certificate
   * has the codeSigning usage (as the genuine console signs with the personal certificate's .p12).
   */
  async authenticodePlan(): Promise<{ identity: CodeSigningFiles | null; signerCn: string | null }> {
    const st = await this.deps.adminKey.status();
    if (!st.keyPath || !st.certificate?.codeSigning) return { identity: null, signerCn: null };
    if (/\.(p12|pfx)$/i.test(st.keyPath))
      return { identity: { kind: 'pkcs12', p12Path: st.keyPath }, signerCn: st.certificate.cn };
    if (!st.certificatePath) return { identity: null, signerCn: null };
    return {
      identity: { kind: 'pem', certPath: st.certificatePath, keyPath: st.keyPath },
      signerCn: st.certificate.cn,
    };
  }

  async loadConfig() {
    const base = await this.baseDir();
    let config: AgentConfig | undefined;
    let savedAt: string | null = null;
    try {
      const raw = JSON.parse(await readFile(path.join(this.deps.dataDir, 'config.json'), 'utf8')) as unknown;
      const parsed = AgentConfig.safeParse(raw);
      if (parsed.success) config = parsed.data;
      savedAt = (
        await import('node:fs/promises').then((fs) => fs.stat(path.join(this.deps.dataDir, 'config.json')))
      ).mtime.toISOString();
    } catch {
      config = undefined;
    }
    if (config === undefined) {
      const server = this.deps.client()?.baseUrl;
      config = AgentConfig.parse({
        prefix: 'demo',
        repoUrl: server ? `${server}/wapt` : 'https://srvwapt.example.lan/wapt',
        serverUrl: server ?? '',
      });
    }
    return {
      config,
      baseDir: {
        path: base.dir,
        agentVersion: base.agentVersion,
        enterprise: base.enterprise,
        demo: base.demo,
      },
      isccPath: await this.isccPath(),
      template: base.kind === 'installation' ? ('installation' as const) : ('bundled' as const),
      authenticodeSigner: (await this.authenticodePlan()).signerCn,
      nativeDialogs: this.deps.pathPicker !== undefined,
      savedAt,
    };
  }

  async saveConfig(config: AgentConfig): Promise<{ savedAt: string }> {
    await writeFileAtomic(
      path.join(this.deps.dataDir, 'config.json'),
      `${JSON.stringify(config, null, 2)}\n`,
    );
    return { savedAt: new Date().toISOString() };
  }

  /** Stores a certificate sent as file content; expired certificates and files with a key are refused. */
  async addCertificate(fileName: string, contentBase64: string): Promise<AgentCertificateRow[]> {
    const certs = parseCertificateFile(Buffer.from(contentBase64, 'base64'), fileName);
    const now = new Date();
    await mkdir(this.certDir, { recursive: true });
    const rows: AgentCertificateRow[] = [];
    for (const cert of certs) {
      const info = certificateInfo(cert);
      if (isExpired(info, now)) {
        throw new ConsoleError(
          'CERT_INVALID',
          `${fileName}: the certificate "${info.cn}" expired on ${info.notAfter.slice(0, 10)}; agents would refuse packages signed with it`,
          { details: { reason: 'EXPIRED' } },
        );
      }
      const file = path.join(
        this.certDir,
        `${certFileBase(fileName)}-${info.fingerprintSha256.slice(0, 12)}.crt`,
      );
      await writeFileAtomic(file, cert.pem, 0o644);
      rows.push(
        toRow({ sourcePath: file, fileName: path.basename(file), info, pem: cert.pem, included: true }, now),
      );
    }
    return rows;
  }

  async inspectCertificates(paths: string[], includeNonCA: boolean): Promise<AgentCertificateRow[]> {
    return (await selectCertificates(paths, { includeNonCA })).map((r) => toRow(r));
  }

  /** The server's TLS chain, as the 1.8.2 dialog's "Get Server https Certificate" (unverified on purpose: it is what the admin then pins). */
  async fetchServerCertificate(url: string): Promise<{ path: string; certificates: AgentCertificateRow[] }> {
    const u = new URL(url);
    if (u.protocol !== 'https:')
      throw new ConsoleError('VALIDATION', 'the server URL must start with https:// to have a certificate', {
        details: { reason: 'NOT_HTTPS' },
      });
    const ders = await new Promise<Buffer[]>((resolve, reject) => {
      const socket = tls.connect(
        {
          host: u.hostname,
          port: Number(u.port || 443),
          servername: u.hostname,
          rejectUnauthorized: false,
          timeout: 10_000,
        },
        () => {
          const out: Buffer[] = [];
          let c = socket.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
          while (c?.raw && !out.some((d) => d.equals(c!.raw))) {
            out.push(c.raw);
            c = c.issuerCertificate;
          }
          socket.end();
          resolve(out);
        },
      );
      socket.on('timeout', () => socket.destroy(new Error('timeout')));
      socket.on('error', (err) =>
        reject(
          new ConsoleError('NETWORK', `cannot reach ${u.host}: ${err.message}`, {
            details: { reason: 'TLS_FETCH', host: u.host },
          }),
        ),
      );
    });
    if (ders.length === 0)
      throw new ConsoleError('TLS', `${u.host} presented no certificate`, {
        details: { reason: 'NO_CERTIFICATE' },
      });
    const certs = ders.map((d) => certificateFromDer(d));
    await mkdir(path.join(this.certDir, 'server'), { recursive: true });
    const file = path.join(
      this.certDir,
      'server',
      `${(certs[0]!.cn || u.hostname).replace(/^\*\./, '').replace(/[^A-Za-z0-9._-]/g, '_')}.crt`,
    );
    await writeFileAtomic(file, certs.map((c) => c.pem).join(''), 0o644);
    return {
      path: file,
      certificates: certs.map((c) =>
        toRow({
          sourcePath: file,
          fileName: path.basename(file),
          info: certificateInfo(c),
          pem: c.pem,
          included: true,
        }),
      ),
    };
  }

  async preview(raw: unknown): Promise<{ iss: string | null; ini: string | null; issues: ConfigIssue[] }> {
    const base = await this.baseDir();
    const check = checkAgentConfig(raw, { enterprise: base.enterprise });
    const parsed = AgentConfig.safeParse(raw);
    if (!parsed.success) return { iss: null, ini: null, issues: check.issues };
    const installation = base.kind === 'installation';
    const template = await readFile(
      installation ? base.agentScript! : path.join(await resolveTemplateDir(), 'waptagent.iss'),
      'utf8',
    );
    try {
      const iss = renderIss(template, parsed.data, {
        waptBaseDirWin: process.platform === 'win32' ? base.dir : toWinePath(base.dir),
        agentVersion: base.agentVersion,
        enterprise: base.enterprise,
        template: installation ? 'installation' : 'bundled',
        ...(installation ? { outputDir: '<build folder>\\waptupgrade' } : {}),
      });
      return {
        iss,
        ini: renderWaptGetIni(parsed.data, { enterprise: base.enterprise }),
        issues: check.issues,
      };
    } catch (err) {
      if (err instanceof ConsoleError)
        return {
          iss: null,
          ini: null,
          issues: [
            ...check.issues,
            { path: '(template)', code: 'TEMPLATE', message: err.message, severity: 'error' },
          ],
        };
      throw err;
    }
  }

  async start(config: AgentConfig, password: string, emit: EmitFn): Promise<{ jobId: string }> {
    const isccPath = await this.verifiedIsccPath();
    await this.deps.adminKey.unlock(password);
    const plan = await this.authenticodePlan();
    const signer = this.deps.adminKey.requireSigner();
    // The admin key service exposes SHA-1 signing only if its signer offers it (needed for dual sign).
    const sha1Sign: Sha1Sign | undefined = signer.signSha1?.bind(signer);
    if (config.dualSign && sha1Sign === undefined) {
      throw new ConsoleError(
        'VALIDATION',
        'dual SHA-256 + SHA-1 signing needs a key that can also sign with SHA-1; untick it',
        { details: { reason: 'DUAL_SIGN_UNAVAILABLE' } },
      );
    }
    const base = await this.baseDir();
    const client = this.deps.client();
    const existing = client
      ? await highestPackageVersion(client, waptupgradePackageName(config.prefix)).catch(() => null)
      : null;
    const outDir = path.join(this.deps.dataDir, 'out', new Date().toISOString().replace(/[:.]/g, '-'));
    const outcome: Outcome = {
      value: {
        jobId: '',
        state: 'running',
        outDir,
        exePath: null,
        sha256: null,
        packageFile: null,
        packageVersion: null,
        manifestPath: null,
        uploadMessage: null,
        serverUrl: client?.baseUrl ?? null,
      },
    };
    const ref = this.deps.jobs.start('agentBuild', 'Build waptagent.exe', emit, async (job) => {
      try {
        const result = await buildAgent({
          config,
          waptBaseDir: base.dir,
          outDir,
          isccPath,
          signer,
          ...(sha1Sign ? { sha1Sign } : {}),
          existingWaptupgradeVersion: existing,
          ...(plan.identity
            ? {
                authenticode: {
                  identity: { ...plan.identity, ...(password !== '' ? { password } : {}) },
                },
              }
            : {}),
          signal: job.signal,
          onProgress: (p) => job.progress(p),
        });
        outcome.result = result;
        Object.assign(outcome.value, {
          state: 'built',
          exePath: result.exe.path,
          sha256: result.sha256,
          packageFile: result.package.fileName,
          packageVersion: result.package.version,
          manifestPath: result.manifestPath,
        });
        this.deps.log.info('agentBuild.built', { sha256: result.sha256, package: result.package.fileName });
      } catch (err) {
        outcome.value.state = 'failed';
        throw err;
      }
    });
    outcome.value.jobId = ref.jobId;
    this.outcomes.set(ref.jobId, outcome);
    return ref;
  }

  outcome(jobId: string): AgentBuildOutcome {
    const o = this.outcomes.get(jobId);
    if (!o)
      throw new ConsoleError('NOT_FOUND', 'no agent build with this id', { details: { reason: 'NO_BUILD' } });
    return { ...o.value };
  }

  upload(jobId: string, emit: EmitFn): { jobId: string } {
    const o = this.outcomes.get(jobId);
    if (!o?.result)
      throw new ConsoleError('VALIDATION', 'this build has no outputs to upload', {
        details: { reason: 'NOT_BUILT' },
      });
    const client = this.deps.client();
    if (!client)
      throw new ConsoleError('UNAUTHENTICATED', 'not connected to a WAPT server', {
        details: { reason: 'NOT_CONNECTED' },
      });
    const result = o.result;
    return this.deps.jobs.start('agentUpload', 'Upload waptagent.exe', emit, async (job) => {
      o.value.state = 'uploading';
      try {
        const total = result.package.size + result.exe.size;
        job.progress({
          percent: 0,
          step: 'agentBuild.UPLOAD',
          params: { file: result.package.fileName },
          message: `Uploading ${result.package.fileName}`,
        });
        await uploadPackageFile(client, result.package.path, {
          signal: job.signal,
          onProgress: (sent) => job.progress({ percent: (100 * sent) / total }),
        });
        job.progress({
          percent: (100 * result.package.size) / total,
          step: 'agentBuild.UPLOAD',
          params: { file: 'waptagent.exe' },
          message: 'Uploading waptagent.exe',
        });
        const r = await uploadWaptsetup(client, result.exe.path, {
          signal: job.signal,
          onProgress: (sent) => job.progress({ percent: (100 * (result.package.size + sent)) / total }),
        });
        Object.assign(o.value, { state: 'uploaded', uploadMessage: r.message, serverUrl: client.baseUrl });
      } catch (err) {
        o.value.state = 'built';
        throw err;
      }
    });
  }
}
