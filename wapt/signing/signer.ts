/**
 * The signing capability handed to package and claim code: it signs bytes and names its
 * certificate chain, and never exposes the key.
 */
import { sign as nodeSign } from 'node:crypto';
import { ConsoleError } from '../../common/errors';
import { certificateChainPem, type Certificate } from './certificate';
import { assertSigningKeySize, keyMatchesCertificate, type PrivateKey } from './keys';

export interface PackageSigner {
  /** RSA PKCS#1 v1.5 with SHA-256 over `data`. Throws KEY_LOCKED when the key is locked. */
  sign(data: Uint8Array): Uint8Array;
  /** Signer certificate first, then optional intermediates (docs/wapt-package-format.md §7). */
  readonly certificateChain: readonly Certificate[];
  /** `certificate.crt` content. */
  readonly certificatePem: string;
  /** SHA-256 fingerprint of the signer certificate (DER), lower-case hex. */
  readonly keyId: string;
  /**
   * RSA PKCS#1 v1.5 with SHA-1: only for the legacy second signature of dual-signed
   * `<prefix>-waptupgrade` packages (docs/wapt-agent-build.md §6), which old agents still read.
   */
  signSha1?(data: Uint8Array): Uint8Array;
}

export function rsaSha256Sign(key: PrivateKey, data: Uint8Array): Buffer {
  return nodeSign('sha256', data, key.keyObject);
}

export function createSigner(opts: {
  key: PrivateKey;
  certificateChain: readonly Certificate[];
}): PackageSigner {
  const chain = [...opts.certificateChain];
  const leaf = chain[0];
  if (leaf === undefined)
    throw new ConsoleError('CERT_INVALID', 'a signer needs its certificate', {
      details: { reason: 'NO_CERTIFICATE' },
    });
  // Checked again here (loading already refuses small keys) because a PrivateKey can be built
  // without the loaders, and every signature of the console goes through this function.
  assertSigningKeySize(opts.key.keyObject.asymmetricKeyDetails?.modulusLength ?? opts.key.bits);
  if (!keyMatchesCertificate(opts.key, leaf)) {
    throw new ConsoleError('KEY_INVALID', `the private key does not belong to the certificate "${leaf.cn}"`, {
      details: { reason: 'KEY_CERT_MISMATCH' },
    });
  }
  if (leaf.x509.publicKey.asymmetricKeyType !== 'rsa') {
    throw new ConsoleError('CERT_INVALID', 'WAPT signer certificates must hold an RSA key', {
      details: { reason: 'NOT_RSA' },
    });
  }
  const key = opts.key;
  return {
    sign: (data) => rsaSha256Sign(key, data),
    signSha1: (data) => nodeSign('sha1', data, key.keyObject),
    certificateChain: chain,
    certificatePem: certificateChainPem(chain),
    keyId: leaf.fingerprintSha256,
  };
}
