/**
 * Authenticode signature of waptagent.exe with osslsigncode (Debian package `osslsigncode`), as the
 * genuine console does with signtool.exe (docs/wapt-agent-build.md §4.3): antivirus products block unsigned
 * agent upgrades. The key stays where it is: osslsigncode reads it from its own file and the
 * password goes through its standard input (`-readpass -`), never on a command line or in a file.
 */
import { spawn } from 'node:child_process';
import { readFile, rename, rm } from 'node:fs/promises';
import { ConsoleError } from '../../../common/errors';
import {
  certificateInfo,
  hasCodeSigning,
  keyMatchesCertificate,
  loadCertificates,
  loadPkcs12,
  loadPrivateKey,
  type Certificate,
} from '../../../wapt/signing/index';

export type CodeSigningFiles =
  /** A PEM (or DER) certificate chain file and its PEM key file. */
  | { kind: 'pem'; certPath: string; keyPath: string }
  /** A PKCS#12 (.p12/.pfx) file holding the key and its certificate. */
  | { kind: 'pkcs12'; p12Path: string };

export type CodeSigningIdentity = CodeSigningFiles & { password?: string };

export interface AuthenticodeOptions {
  exe: string;
  identity: CodeSigningIdentity;
  /** RFC 3161 time-stamping authority, e.g. http://timestamp.digicert.com (optional). */
  timestampUrl?: string;
  /** The signed content's description (`-n`). */
  description?: string;
  signal?: AbortSignal;
  command?: string;
}

export interface AuthenticodeResult {
  signerCn: string;
  signerFingerprintSha256: string;
  timestamped: boolean;
}

const PKCS12_NAME = /\.(p12|pfx)$/i;

/** Chooses the identity kind from the file name: `.p12`/`.pfx` is PKCS#12, anything else PEM cert + key. */
export function codeSigningIdentity(
  certOrP12: string,
  keyPath: string | undefined,
  password: string | undefined,
): CodeSigningIdentity {
  const pw = password === undefined ? {} : { password };
  if (PKCS12_NAME.test(certOrP12)) return { kind: 'pkcs12', p12Path: certOrP12, ...pw };
  if (keyPath === undefined)
    throw new ConsoleError(
      'VALIDATION',
      'an Authenticode certificate in PEM needs its key file too (or give a .p12 holding both)',
      { details: { reason: 'AUTHENTICODE_KEY_MISSING' } },
    );
  return { kind: 'pem', certPath: certOrP12, keyPath, ...pw };
}

/**
 * Opens the identity with the console's own loaders first, so that a wrong password, a key that
 * does not match, or a certificate without the codeSigning usage fails with a clear message
 * before osslsigncode runs.
 */
export async function checkCodeSigningIdentity(identity: CodeSigningIdentity): Promise<Certificate> {
  let cert: Certificate;
  if (identity.kind === 'pkcs12') {
    const p12 = loadPkcs12(await readFile(identity.p12Path), identity.password ?? '');
    cert = p12.certificateChain[0]!;
  } else {
    const key = loadPrivateKey(await readFile(identity.keyPath), identity.password);
    const certs = loadCertificates(await readFile(identity.certPath));
    const match = certs.find((c) => keyMatchesCertificate(key, c));
    if (match === undefined)
      throw new ConsoleError('KEY_INVALID', 'the Authenticode key does not match its certificate', {
        details: { reason: 'KEY_CERT_MISMATCH' },
      });
    cert = match;
  }
  if (!hasCodeSigning(cert))
    throw new ConsoleError(
      'CERT_INVALID',
      `the certificate "${certificateInfo(cert).cn}" is not a code-signing certificate (no codeSigning extended key usage): waptagent.exe cannot be Authenticode-signed with it`,
      { details: { reason: 'NOT_CODE_SIGNING' } },
    );
  return cert;
}

export function authenticodeArgs(opts: AuthenticodeOptions, output: string): string[] {
  const id = opts.identity;
  return [
    'sign',
    ...(id.kind === 'pkcs12' ? ['-pkcs12', id.p12Path] : ['-certs', id.certPath, '-key', id.keyPath]),
    ...(id.password !== undefined ? ['-readpass', '-'] : []),
    '-h',
    'sha256',
    '-n',
    opts.description ?? 'WAPT Agent',
    ...(opts.timestampUrl ? ['-ts', opts.timestampUrl] : []),
    '-in',
    opts.exe,
    '-out',
    output,
  ];
}

function runTool(
  command: string,
  args: string[],
  stdin: string | undefined,
  signal?: AbortSignal,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const onAbort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      reject(
        err.code === 'ENOENT'
          ? new ConsoleError(
              'COMPILER_MISSING',
              `${command} was not found: Authenticode signing needs osslsigncode (Debian package "osslsigncode")`,
              { details: { reason: 'OSSLSIGNCODE_MISSING' } },
            )
          : err,
      );
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ code, output });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin === undefined ? undefined : `${stdin}\n`);
  });
}

/** Signs `exe` in place (through a sibling file renamed over it once the signature is written). */
export async function signAuthenticode(opts: AuthenticodeOptions): Promise<AuthenticodeResult> {
  const cert = await checkCodeSigningIdentity(opts.identity);
  const signed = `${opts.exe}.signed`;
  const command = opts.command ?? 'osslsigncode';
  try {
    const r = await runTool(command, authenticodeArgs(opts, signed), opts.identity.password, opts.signal);
    if (opts.signal?.aborted)
      throw new ConsoleError('CANCELLED', 'the agent build was cancelled', {
        details: { reason: 'CANCELLED' },
      });
    if (r.code !== 0) {
      // osslsigncode's own explanation, not OpenSSL's error stack ("…:error:…:file.c:line:").
      const own = r.output
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/:error:[0-9A-F]+:/.test(l));
      const telling = own.filter((l) => /fail|unable|invalid|error|wrong/i.test(l) && l !== 'Failed');
      const last = (telling.length > 0 ? telling : own).slice(-3).join(' / ');
      throw new ConsoleError(
        opts.timestampUrl && /timestamp|TSA|connect/i.test(r.output) ? 'NETWORK' : 'KEY_INVALID',
        `Authenticode signing of waptagent.exe failed (osslsigncode exit ${r.code}): ${last}`,
        { details: { reason: 'AUTHENTICODE_FAILED' } },
      );
    }
    await rename(signed, opts.exe);
  } finally {
    await rm(signed, { force: true });
  }
  const info = certificateInfo(cert);
  return {
    signerCn: info.cn,
    signerFingerprintSha256: info.fingerprintSha256,
    timestamped: !!opts.timestampUrl,
  };
}

/** `osslsigncode verify`: the signature is intact and chains to `caFile` (used by tests and the docs' recipe). */
export async function verifyAuthenticode(
  exe: string,
  opts: { caFile?: string; tsaCaFile?: string; command?: string } = {},
): Promise<{ ok: boolean; output: string }> {
  const r = await runTool(
    opts.command ?? 'osslsigncode',
    [
      'verify',
      ...(opts.caFile ? ['-CAfile', opts.caFile] : []),
      ...(opts.tsaCaFile ? ['-TSA-CAfile', opts.tsaCaFile] : []),
      '-in',
      exe,
    ],
    undefined,
  );
  return { ok: r.code === 0, output: r.output };
}
