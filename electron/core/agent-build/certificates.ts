/**
 * Trusted package certificates for `ssl\` (docs/wapt-agent-build.md §2, §3.3): only what parses as an X.509
 * certificate is kept, re-encoded as canonical PEM, so nothing else in a source file (a key pasted
 * below the certificate, comments) can ride along. Expired certificates are always dropped; non-CA
 * ones unless "include non-CA" is ticked.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import {
  certificateInfo,
  loadCertificates,
  type Certificate,
  type CertificateInfo,
} from '../../../wapt/signing/index';

export type DropReason = 'expired' | 'not_ca' | 'duplicate';

export interface CertificateRow {
  sourcePath: string;
  /** File name inside `ssl\`. */
  fileName: string;
  info: CertificateInfo;
  pem: string;
  included: boolean;
  dropReason?: DropReason;
}

const PRIVATE_KEY_MARKER = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

export function certFileBase(sourcePath: string): string {
  const base = path.basename(sourcePath).replace(/\.(crt|pem|cer|der)$/i, '');
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe === '' ? 'certificate' : safe;
}

/** Parses a certificate file's bytes; a file holding a private key is refused outright. */
export function parseCertificateFile(bytes: Uint8Array, displayName: string): Certificate[] {
  if (PRIVATE_KEY_MARKER.test(Buffer.from(bytes).toString('latin1'))) {
    throw new ConsoleError(
      'PRIVATE_KEY_LEAK',
      `${displayName} contains a private key: only public certificates may be deployed to hosts. Export the certificate alone (.crt).`,
      {
        details: { reason: 'KEY_IN_CERTIFICATE_FILE', file: displayName },
      },
    );
  }
  return loadCertificates(bytes);
}

export async function readCertificateFile(file: string): Promise<Certificate[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ConsoleError(
      'IO',
      `cannot read certificate ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      { details: { reason: 'READ_FAILED', file } },
    );
  }
  try {
    return parseCertificateFile(bytes, path.basename(file));
  } catch (err) {
    if (err instanceof ConsoleError && err.code === 'CERT_INVALID') {
      throw new ConsoleError('CERT_INVALID', `${path.basename(file)}: ${err.message}`, {
        details: { ...err.details, context: 'CERTIFICATE_FILE', file },
      });
    }
    throw err;
  }
}

export function isExpired(info: CertificateInfo, now: Date): boolean {
  return new Date(info.notAfter).getTime() < now.getTime();
}

/** Applies WAPT's selection rules to the configured certificate files, in order. */
export async function selectCertificates(
  files: readonly string[],
  opts: { includeNonCA: boolean; now?: Date },
): Promise<CertificateRow[]> {
  const now = opts.now ?? new Date();
  const rows: CertificateRow[] = [];
  const seen = new Set<string>();
  const usedNames = new Set<string>();
  for (const file of files) {
    const certs = await readCertificateFile(file);
    certs.forEach((cert, i) => {
      const info = certificateInfo(cert);
      let fileName = `${certFileBase(file)}${certs.length > 1 ? `-${i + 1}` : ''}.crt`;
      for (let n = 2; usedNames.has(fileName.toLowerCase()); n++) fileName = `${certFileBase(file)}-${n}.crt`;
      let dropReason: DropReason | undefined;
      if (seen.has(info.fingerprintSha256)) dropReason = 'duplicate';
      else if (isExpired(info, now)) dropReason = 'expired';
      else if (!opts.includeNonCA && !info.isCA) dropReason = 'not_ca';
      if (dropReason === undefined) {
        seen.add(info.fingerprintSha256);
        usedNames.add(fileName.toLowerCase());
      }
      rows.push({
        sourcePath: file,
        fileName,
        info,
        pem: cert.pem,
        included: dropReason === undefined,
        ...(dropReason ? { dropReason } : {}),
      });
    });
  }
  return rows;
}
