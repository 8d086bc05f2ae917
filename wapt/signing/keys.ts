/**
 * Private keys: PEM (PKCS#1 or PKCS#8, encrypted or not), DER, and PKCS#12, decrypted with
 * node-forge. The decrypted key is turned into a node:crypto KeyObject for signing (native RSA is
 * ~100× faster than forge's and gives byte-identical PKCS#1 v1.5 signatures, RECIPES.md).
 *
 * Error messages never quote key material or passwords.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { ConsoleError } from '../../common/errors';
import { certificateFromDer, type Certificate } from './certificate';

export interface PrivateKey {
  readonly keyObject: KeyObject;
  readonly bits: number;
}

function keyError(reason: string, message: string, cause?: unknown): ConsoleError {
  // The cause is kept for debugging only when it cannot carry key bytes (forge errors can embed them).
  return new ConsoleError('KEY_INVALID', message, {
    details: { reason },
    cause: cause instanceof ConsoleError ? cause : undefined,
  });
}

/**
 * The smallest RSA modulus the console signs with. `keys create` never makes smaller keys, and
 * a key loaded for signing (PEM, DER, PKCS#12, the key vault, the CLI) is held to the same floor:
 * 1024-bit RSA is factorable with public means, so a signature made with it proves nothing.
 */
export const MIN_RSA_BITS = 2048;

/** Refuses a signing key under {@link MIN_RSA_BITS}: KEY_INVALID / KEY_TOO_SMALL. */
export function assertSigningKeySize(bits: number): void {
  if (bits < MIN_RSA_BITS) {
    throw keyError(
      'KEY_TOO_SMALL',
      `the private key is ${bits}-bit RSA; signing needs at least ${MIN_RSA_BITS} bits (create a new key with "keys create")`,
    );
  }
}

function fromForgeKey(key: forge.pki.rsa.PrivateKey): PrivateKey {
  const bits = key.n.bitLength();
  assertSigningKeySize(bits);
  const keyObject = createPrivateKey(forge.pki.privateKeyToPem(key));
  return { keyObject, bits };
}

function fromKeyObject(keyObject: KeyObject): PrivateKey {
  if (keyObject.asymmetricKeyType !== 'rsa') {
    throw keyError(
      'NOT_RSA',
      `the private key is ${keyObject.asymmetricKeyType ?? 'not RSA'}; WAPT signs with RSA keys only`,
    );
  }
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  assertSigningKeySize(bits);
  return { keyObject, bits };
}

function requirePassword(password: string | undefined): string {
  if (password === undefined || password === '') {
    throw keyError('PASSWORD_REQUIRED', 'the private key is encrypted: a password is required');
  }
  return password;
}

const PEM_KEY = /-----BEGIN ((?:RSA |ENCRYPTED |EC |DSA |OPENSSH )?PRIVATE KEY)-----/;

/**
 * Loads an RSA private key. `password` is needed only for encrypted keys; a wrong one is a
 * KEY_INVALID / WRONG_PASSWORD error, never a stack trace.
 */
export function loadPrivateKey(pemOrDer: string | Uint8Array, password?: string): PrivateKey {
  const text =
    typeof pemOrDer === 'string'
      ? pemOrDer
      : Buffer.from(pemOrDer.subarray(0, 4096)).toString('latin1').includes('-----BEGIN')
        ? Buffer.from(pemOrDer).toString('utf8')
        : undefined;
  if (text === undefined) return loadDerKey(Buffer.from(pemOrDer as Uint8Array), password);
  const m = PEM_KEY.exec(text);
  if (m === null) {
    if (text.includes('-----BEGIN CERTIFICATE-----'))
      throw keyError('NO_PRIVATE_KEY', 'this file holds a certificate, not a private key');
    throw keyError(
      'NO_PRIVATE_KEY',
      'no PEM private key found (expected "-----BEGIN [RSA |ENCRYPTED ]PRIVATE KEY-----")',
    );
  }
  const type = m[1]!;
  if (type === 'EC PRIVATE KEY' || type === 'DSA PRIVATE KEY' || type === 'OPENSSH PRIVATE KEY') {
    throw keyError(
      'NOT_RSA',
      `the key is an ${type.replace(' PRIVATE KEY', '')} key; WAPT signs with RSA keys only`,
    );
  }
  const start = m.index;
  const endMarker = `-----END ${type}-----`;
  const end = text.indexOf(endMarker, start);
  if (end < 0) throw keyError('MALFORMED', `the PEM key has no "${endMarker}" line`);
  const pem = text.slice(start, end + endMarker.length);
  const encrypted = type === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(pem);

  if (encrypted) {
    const pw = requirePassword(password);
    let key: forge.pki.rsa.PrivateKey | null;
    try {
      key = forge.pki.decryptRsaPrivateKey(pem, pw);
    } catch (err) {
      const msg = (err as Error).message ?? '';
      if (/Unsupported|not supported|Cannot read encrypted PBE/i.test(msg)) return loadWithNode(pem, pw);
      // Forge throws on garbage produced by a wrong key (bad padding, bad ASN.1) as well as on real corruption.
      throw keyError(
        'WRONG_PASSWORD',
        'the private key could not be decrypted: wrong password, or the file is damaged',
      );
    }
    if (key === null)
      throw keyError('WRONG_PASSWORD', 'the private key could not be decrypted: wrong password');
    if (!('n' in key)) throw keyError('NOT_RSA', 'the decrypted key is not an RSA key');
    return fromForgeKey(key);
  }
  try {
    return fromForgeKey(forge.pki.privateKeyFromPem(pem));
  } catch {
    // forge reads only RSA; let node tell a non-RSA PKCS#8 key from a damaged one.
    return loadWithNode(pem, undefined);
  }
}

function loadWithNode(pem: string, password: string | undefined): PrivateKey {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(password === undefined ? pem : { key: pem, passphrase: password });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (
      password !== undefined &&
      /BAD_DECRYPT|DECODE|bad decrypt/i.test(`${code} ${(err as Error).message}`)
    ) {
      throw keyError('WRONG_PASSWORD', 'the private key could not be decrypted: wrong password');
    }
    throw keyError('MALFORMED', 'the private key is damaged or not in a supported format');
  }
  return fromKeyObject(keyObject);
}

function loadDerKey(der: Buffer, password: string | undefined): PrivateKey {
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return fromKeyObject(createPrivateKey({ key: der, format: 'der', type }));
    } catch (err) {
      if (err instanceof ConsoleError) throw err;
    }
  }
  // Encrypted PKCS#8 DER.
  try {
    const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
    return loadPrivateKey(pem, password);
  } catch (err) {
    if (err instanceof ConsoleError) throw err;
    throw keyError('MALFORMED', 'the file is neither a PEM nor a DER private key');
  }
}

/** True when the key is the private half of the certificate's public key. */
export function keyMatchesCertificate(key: PrivateKey, cert: Certificate): boolean {
  const a = createPublicKey(key.keyObject).export({ format: 'der', type: 'spki' });
  const b = cert.x509.publicKey.export({ format: 'der', type: 'spki' });
  return Buffer.compare(a, b) === 0;
}

export interface Pkcs12Contents {
  key: PrivateKey;
  /** Signer first (the certificate matching the key), then the others in issuing order when possible. */
  certificateChain: Certificate[];
}

/** Loads a PKCS#12 (.p12/.pfx) bundle. */
export function loadPkcs12(data: Uint8Array, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(data).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (err) {
    const msg = (err as Error).message ?? '';
    if (/MAC could not be verified|Invalid password|decrypt/i.test(msg)) {
      throw keyError('WRONG_PASSWORD', 'the PKCS#12 file could not be opened: wrong password');
    }
    if (/Unsupported|not supported/i.test(msg))
      throw keyError(
        'UNSUPPORTED_PKCS12',
        `the PKCS#12 file uses an unsupported algorithm (${msg.slice(0, 80)})`,
      );
    throw keyError('MALFORMED', 'the file is not a readable PKCS#12 bundle');
  }
  const keys: forge.pki.rsa.PrivateKey[] = [];
  const certs: Certificate[] = [];
  for (const safe of p12.safeContents) {
    for (const bag of safe.safeBags) {
      if ((bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) && bag.key)
        keys.push(bag.key);
      if (bag.type === forge.pki.oids.certBag) {
        if (bag.cert)
          certs.push(
            certificateFromDer(
              Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes(), 'binary'),
            ),
          );
        else if (bag.asn1) {
          // forge leaves non-RSA certificates undecoded; the DER sits in the bag's ASN.1.
          try {
            const inner = (bag.asn1.value as forge.asn1.Asn1[])[1];
            const der = forge.asn1.toDer(
              (
                ((inner?.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[1]!
                  .value as forge.asn1.Asn1[]
              )[0]!,
            );
            certs.push(certificateFromDer(Buffer.from(forge.asn1.fromDer(der).value as string, 'binary')));
          } catch {
            /* a certificate we cannot read cannot be in the chain of an RSA signer anyway */
          }
        }
      }
    }
  }
  if (keys.length === 0)
    throw keyError('NO_PRIVATE_KEY', 'the PKCS#12 file holds no private key (or no RSA one)');
  const key = fromForgeKey(keys[0]!);
  const leafIndex = certs.findIndex((c) => keyMatchesCertificate(key, c));
  if (leafIndex < 0)
    throw keyError('KEY_CERT_MISMATCH', 'the PKCS#12 file holds no certificate for its private key');
  return {
    key,
    certificateChain: orderChain(
      certs[leafIndex]!,
      certs.filter((_, i) => i !== leafIndex),
    ),
  };
}

/** Leaf first, then each issuer found among `others`, then the rest. */
export function orderChain(leaf: Certificate, others: Certificate[]): Certificate[] {
  const chain = [leaf];
  const rest = [...others];
  for (;;) {
    const last = chain[chain.length - 1]!;
    if (last.x509.checkIssued(last.x509)) break;
    const i = rest.findIndex((c) => last.x509.checkIssued(c.x509));
    if (i < 0) break;
    chain.push(rest.splice(i, 1)[0]!);
  }
  return [...chain, ...rest];
}
