/**
 * Verifies a package as a WAPT agent does before installing it (docs/wapt-package-format.md §10.4):
 * zip safety, control signature, certificate chain, manifest signature, code-signing usage when
 * `setup.py` exists, and a two-way complete manifest whose every hash matches. Each failure
 * throws a ConsoleError with its own (code, reason).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type Control } from '../../common/domain/control';
import { controlSignedPayload } from '../../common/domain/control-signature';
import {
  certificateInfo,
  certError,
  loadCertificates,
  type Certificate,
  type CertificateInfo,
} from '../signing/certificate';
import {
  checkValidity,
  requireCodeSigning,
  toTrustedCertificates,
  verifyChain,
  verifyRsaSha256,
} from '../signing/trust';
import { decodeControlBytes } from './build';
import { ioError, packageError, signatureError } from './errors';
import {
  CERTIFICATE_PATH,
  CONTROL_PATH,
  MANIFEST_EXCLUDED,
  MANIFEST_PATH,
  SIGNATURE_PATH,
  decodeBase64Signature,
  parseManifest,
} from './manifest';
import { DEFAULT_ZIP_LIMITS, openPackageZip, streamError, type PackageZip, type ZipLimits } from './zip-read';

export interface VerifyPackageOptions {
  /** Certificates the agent trusts (its `ssl` folder): parsed certificates or PEM texts. */
  trusted: readonly (Certificate | string)[];
  now?: Date;
  /**
   * Default true: refuse unless the signer chains to `trusted` (an agent refuses without any
   * trusted certificate). False checks integrity and signatures only, with the embedded certificate.
   */
  requireTrust?: boolean;
  limits?: ZipLimits;
}

export interface VerifiedFile {
  path: string;
  sha256: string;
  size: number;
}

export interface VerifiedPackage {
  path: string;
  control: Control;
  signer: CertificateInfo;
  certificateChain: CertificateInfo[];
  /** The same chain parsed (leaf first): lets a caller re-check trust later without re-reading the file. */
  certificates: Certificate[];
  /** True when the chain was checked against trusted certificates. */
  trusted: boolean;
  trustedBy?: CertificateInfo;
  files: VerifiedFile[];
  sha256: string;
  md5: string;
  size: number;
}

async function hashFile(path: string): Promise<{ sha256: string; md5: string; size: number }> {
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      sha.update(chunk as Buffer);
      md5.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    throw ioError(
      'READ_FAILED',
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      err,
    );
  }
  return { sha256: sha.digest('hex'), md5: md5.digest('hex'), size };
}

export async function verifyPackage(
  packagePath: string,
  opts: VerifyPackageOptions,
): Promise<VerifiedPackage> {
  const now = opts.now ?? new Date();
  const trusted = toTrustedCertificates(opts.trusted);
  const requireTrust = opts.requireTrust ?? true;
  // §10.4 step 1: an agent with no trusted certificate refuses everything.
  if (requireTrust && trusted.length === 0)
    throw certError(
      'NO_TRUSTED_CERTIFICATES',
      'no trusted certificate was given: the package signer cannot be trusted',
    );
  const zip = await openPackageZip(packagePath, opts.limits ?? DEFAULT_ZIP_LIMITS);
  try {
    return await verifyOpened(zip, packagePath, trusted, now);
  } finally {
    zip.close();
  }
}

async function verifyOpened(
  zip: PackageZip,
  packagePath: string,
  trusted: Certificate[],
  now: Date,
): Promise<VerifiedPackage> {
  const controlMember = zip.get(CONTROL_PATH);
  if (controlMember === undefined) throw packageError('MISSING_CONTROL', 'the package has no WAPT/control');
  const control = decodeControlBytes(await zip.readBuffer(controlMember, 4 * 1024 * 1024), false);

  const certMember = zip.get(CERTIFICATE_PATH);
  if (certMember === undefined)
    throw packageError('MISSING_CERTIFICATE', 'the package has no WAPT/certificate.crt: it is not signed');
  const chain = loadCertificates((await zip.readBuffer(certMember, 1024 * 1024)).toString('utf8'));
  const leaf = chain[0]!;
  if (leaf.x509.publicKey.asymmetricKeyType !== 'rsa')
    throw certError('NOT_RSA', `signer certificate "${leaf.cn}" does not hold an RSA key`);

  // §10.4 step 3: control signature with the embedded signer certificate.
  const signature = String(control.signature ?? '');
  if (signature === '') throw signatureError('CONTROL_NOT_SIGNED', 'WAPT/control has no signature attribute');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || signature.length % 4 !== 0) {
    throw signatureError(
      'CONTROL_SIGNATURE_ENCODING',
      'the control signature attribute is not single-line base64',
    );
  }
  if (
    !verifyRsaSha256(
      leaf,
      Buffer.from(controlSignedPayload(control), 'ascii'),
      Buffer.from(signature, 'base64'),
    )
  ) {
    throw signatureError(
      'CONTROL_SIGNATURE',
      `the control attributes do not match their signature by "${leaf.cn}" (the control was modified or signed by another key)`,
    );
  }
  // §8.5: agents discard index entries whose fingerprint does not designate the signer.
  if (control.signer_fingerprint !== leaf.fingerprintSha256) {
    throw signatureError(
      'SIGNER_FINGERPRINT_MISMATCH',
      `signer_fingerprint ${String(control.signer_fingerprint ?? '(none)')} is not the SHA-256 of the signer certificate (${leaf.fingerprintSha256})`,
    );
  }
  checkValidity(leaf, now, 'signer');
  const anchor = trusted.length > 0 ? verifyChain(chain, trusted, now).anchor : undefined;

  // §10.4 step 4.
  const manifestMember = zip.get(MANIFEST_PATH);
  if (manifestMember === undefined)
    throw packageError('NOT_SIGNED', 'the package has no WAPT/manifest.sha256');
  const sigMember = zip.get(SIGNATURE_PATH);
  if (sigMember === undefined)
    throw packageError('MISSING_SIGNATURE', 'the package has no WAPT/signature.sha256');
  const manifestBytes = await zip.readBuffer(manifestMember, 64 * 1024 * 1024);
  const manifestSig = decodeBase64Signature((await zip.readBuffer(sigMember, 64 * 1024)).toString('latin1'));
  if (!verifyRsaSha256(leaf, manifestBytes, manifestSig)) {
    throw signatureError(
      'MANIFEST_SIGNATURE',
      `WAPT/manifest.sha256 does not match its signature by "${leaf.cn}"`,
    );
  }
  if (zip.get('setup.py') !== undefined) requireCodeSigning(leaf, 'for a package containing setup.py');
  const manifest = parseManifest(manifestBytes);
  for (const m of zip.members) {
    if (!MANIFEST_EXCLUDED.has(m.name) && !manifest.has(m.name)) {
      throw packageError(
        'MANIFEST_EXTRA_FILE',
        `${JSON.stringify(m.name)} is in the package but not in its manifest (added after signing)`,
        { member: m.name },
      );
    }
  }
  for (const name of manifest.keys()) {
    if (zip.get(name) === undefined)
      throw packageError(
        'MANIFEST_MISSING_FILE',
        `the manifest lists ${JSON.stringify(name)}, which is missing from the package`,
        { member: name },
      );
  }
  const files: VerifiedFile[] = [];
  for (const [name, expected] of manifest) {
    const member = zip.get(name)!;
    const hash = createHash('sha256');
    try {
      for await (const chunk of await zip.openStream(member)) hash.update(chunk as Buffer);
    } catch (err) {
      throw streamError(member, err);
    }
    const actual = hash.digest('hex');
    if (actual !== expected)
      throw packageError(
        'MANIFEST_HASH_MISMATCH',
        `${JSON.stringify(name)} was modified after signing (sha256 ${actual}, manifest ${expected})`,
        { member: name },
      );
    files.push({ path: name, sha256: actual, size: member.size });
  }
  const whole = await hashFile(packagePath);
  return {
    path: packagePath,
    control,
    signer: certificateInfo(leaf),
    certificateChain: chain.map((c) => certificateInfo(c)),
    certificates: chain,
    trusted: anchor !== undefined,
    ...(anchor !== undefined ? { trustedBy: certificateInfo(anchor) } : {}),
    files,
    ...whole,
  };
}
