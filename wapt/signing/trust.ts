/**
 * Certificate chain checks as the agent performs them (docs/wapt-package-format.md §10.5): validity
 * dates, "pinned" certificates (present in the trusted set), issuers found in the trusted set then
 * among the package's own intermediates, issuer signature, issuers must be CAs [inferred for 1.8.2].
 */
import { verify as nodeVerify } from 'node:crypto';
import { certError, hasCodeSigning, loadCertificates, type Certificate } from './certificate';

export type TrustedCertificate = Certificate;

export function toTrustedCertificates(trusted: readonly (Certificate | string)[]): Certificate[] {
  return trusted.flatMap((t) => (typeof t === 'string' ? loadCertificates(t) : [t]));
}

export function checkValidity(cert: Certificate, now: Date, role: string): void {
  const from = new Date(cert.x509.validFrom);
  const to = new Date(cert.x509.validTo);
  if (now < from)
    throw certError(
      'NOT_YET_VALID',
      `${role} certificate "${cert.cn}" is not valid before ${from.toISOString()}`,
    );
  if (now > to) throw certError('EXPIRED', `${role} certificate "${cert.cn}" expired on ${to.toISOString()}`);
}

export function requireCodeSigning(cert: Certificate, why: string): void {
  if (!hasCodeSigning(cert)) {
    throw certError(
      'NOT_CODE_SIGNING',
      `certificate "${cert.cn}" lacks the code-signing extended key usage, required ${why}`,
    );
  }
}

function issuedBy(child: Certificate, issuer: Certificate): boolean {
  return child.x509.checkIssued(issuer.x509) && child.x509.verify(issuer.x509.publicKey);
}

export interface ChainResult {
  /** The trusted certificate the chain ends on (the leaf itself when pinned). */
  anchor: Certificate;
  /** Leaf first, anchor last. */
  path: Certificate[];
}

/**
 * Checks that `chain[0]` chains to one of `trusted`. `chain[1..]` are intermediates supplied with
 * the package. Throws CERT_INVALID with a specific reason.
 */
export function verifyChain(
  chain: readonly Certificate[],
  trusted: readonly Certificate[],
  now: Date,
): ChainResult {
  const leaf = chain[0];
  if (leaf === undefined) throw certError('NO_CERTIFICATE', 'no signer certificate');
  if (trusted.length === 0)
    throw certError(
      'NO_TRUSTED_CERTIFICATES',
      'no trusted certificate is configured: nothing can be trusted',
    );
  const trustedFp = new Set(trusted.map((t) => t.fingerprintSha256));
  const path: Certificate[] = [];
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    checkValidity(current, now, depth === 0 ? 'signer' : 'issuer');
    path.push(current);
    if (trustedFp.has(current.fingerprintSha256)) return { anchor: current, path };
    const fromTrusted = trusted.find((t) => issuedBy(current, t));
    if (fromTrusted !== undefined) {
      if (!fromTrusted.x509.ca)
        throw certError(
          'ISSUER_NOT_CA',
          `issuer "${fromTrusted.cn}" of "${current.cn}" is not a CA certificate`,
        );
      checkValidity(fromTrusted, now, 'trusted issuer');
      path.push(fromTrusted);
      return { anchor: fromTrusted, path };
    }
    const named = chain.slice(1).find((c) => c !== current && current.x509.checkIssued(c.x509));
    if (named === undefined) break;
    if (!current.x509.verify(named.x509.publicKey)) {
      throw certError(
        'CHAIN_SIGNATURE',
        `certificate "${current.cn}" does not carry a valid signature of its issuer "${named.cn}"`,
      );
    }
    if (!named.x509.ca)
      throw certError('ISSUER_NOT_CA', `issuer "${named.cn}" of "${current.cn}" is not a CA certificate`);
    current = named;
  }
  throw certError(
    'UNTRUSTED',
    `certificate "${leaf.cn}" (sha256 ${leaf.fingerprintSha256.slice(0, 16)}…) does not chain to any trusted certificate`,
  );
}

/** RSA PKCS#1 v1.5 SHA-256 verification with the certificate's public key. */
export function verifyRsaSha256(cert: Certificate, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return nodeVerify('sha256', data, cert.x509.publicKey, signature);
  } catch {
    return false;
  }
}
