/**
 * Creates an RSA key and an X.509 certificate with the options the WAPT console offers:
 * self-signed or issued by a CA key, code-signing and/or CA. Extensions follow what WAPT
 * generates for admin certificates (docs/wapt-package-format.md §7).
 *
 * The key pair comes from node:crypto (native; forge's pure-JS generation takes seconds for 2048
 * bits and much longer for 4096). The certificate is built and signed by node-forge.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { ConsoleError } from '../../common/errors';
import { certificateFromDer, type Certificate } from './certificate';
import { keyMatchesCertificate, type PrivateKey } from './keys';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface SubjectFields {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  locality?: string;
  state?: string;
  /** Two-letter country code. */
  country?: string;
  email?: string;
}

export interface CreateKeyAndCertificateOptions extends SubjectFields {
  /** Encrypts the key (PKCS#8, AES-256-CBC, PBKDF2-SHA256). Omit only for a deliberately clear key. */
  password?: string;
  keyBits?: 2048 | 3072 | 4096;
  /** Validity in days (WAPT: 10 years). */
  days?: number;
  /** EKU codeSigning (critical): required to sign packages that contain setup.py. */
  codeSigning?: boolean;
  /** basicConstraints CA:TRUE (critical) and keyCertSign/cRLSign. */
  isCA?: boolean;
  /** Issue the certificate with this CA instead of self-signing it. */
  issuer?: { key: PrivateKey; certificate: Certificate };
  now?: Date;
}

export interface CreatedKeyAndCertificate {
  /** PEM; encrypted PKCS#8 when a password was given. */
  keyPem: string;
  certificate: Certificate;
  certificatePem: string;
}

function subjectAttrs(f: SubjectFields): forge.pki.CertificateField[] {
  // UTF8String so that non-ASCII names survive (forge defaults to PrintableString; it encodes UTF-8 itself).
  const utf8 = (shortName: string, value: string | undefined): forge.pki.CertificateField[] =>
    value === undefined || value === ''
      ? []
      : [{ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }];
  return [
    ...(f.country ? [{ shortName: 'C', value: f.country }] : []),
    ...utf8('ST', f.state),
    ...utf8('L', f.locality),
    ...utf8('O', f.organization),
    ...utf8('OU', f.organizationalUnit),
    ...utf8('CN', f.commonName),
    ...(f.email ? [{ name: 'emailAddress', value: f.email }] : []),
  ];
}

export async function createKeyAndCertificate(
  options: CreateKeyAndCertificateOptions,
): Promise<CreatedKeyAndCertificate> {
  if (options.commonName.trim() === '')
    throw new ConsoleError('VALIDATION', 'the certificate needs a common name (CN)', {
      details: { reason: 'CN_REQUIRED' },
    });
  if (options.country !== undefined && options.country !== '' && !/^[A-Z]{2}$/.test(options.country)) {
    throw new ConsoleError('VALIDATION', 'country must be a two-letter upper-case code such as FR', {
      details: { reason: 'INVALID_COUNTRY' },
    });
  }
  const days = options.days ?? 3650;
  if (!Number.isInteger(days) || days < 1 || days > 36500) {
    throw new ConsoleError('VALIDATION', 'days must be a whole number between 1 and 36500', {
      details: { reason: 'INVALID_DAYS' },
    });
  }
  const bits = options.keyBits ?? 2048;
  const issuer = options.issuer;
  if (issuer !== undefined) {
    if (!keyMatchesCertificate(issuer.key, issuer.certificate)) {
      throw new ConsoleError('KEY_INVALID', 'the CA key does not belong to the CA certificate', {
        details: { reason: 'KEY_CERT_MISMATCH' },
      });
    }
    if (!issuer.certificate.x509.ca) {
      throw new ConsoleError(
        'CERT_INVALID',
        `the issuer certificate "${issuer.certificate.cn}" is not a CA (basicConstraints CA:TRUE)`,
        { details: { reason: 'ISSUER_NOT_CA' } },
      );
    }
  }

  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  // Positive 128-bit serial (high bit cleared so the DER INTEGER stays positive).
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = options.now ?? new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * 86_400_000);
  const subject = subjectAttrs(options);
  cert.setSubject(subject);
  const issuerForge = issuer === undefined ? undefined : forge.pki.certificateFromPem(issuer.certificate.pem);
  cert.setIssuer(issuerForge === undefined ? subject : issuerForge.subject.attributes);

  const isCA = options.isCA === true;
  const extensions: object[] = [
    { name: 'basicConstraints', cA: isCA, critical: isCA },
    {
      name: 'keyUsage',
      critical: true,
      digitalSignature: true,
      nonRepudiation: true,
      keyEncipherment: !isCA,
      dataEncipherment: true,
      keyCertSign: isCA,
      cRLSign: isCA,
    },
  ];
  if (options.codeSigning === true)
    extensions.push({ name: 'extKeyUsage', critical: true, codeSigning: true });
  extensions.push({ name: 'subjectKeyIdentifier' });
  if (issuer !== undefined) {
    const ski = issuerForge!.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
    if (ski?.subjectKeyIdentifier)
      extensions.push({
        name: 'authorityKeyIdentifier',
        keyIdentifier: forge.util.hexToBytes(ski.subjectKeyIdentifier),
      });
  }
  cert.setExtensions(extensions);
  const signingKeyPem = (issuer === undefined ? privateKey : issuer.key.keyObject).export({
    type: 'pkcs1',
    format: 'pem',
  }) as string;
  cert.sign(forge.pki.privateKeyFromPem(signingKeyPem), forge.md.sha256.create());

  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const certificate = certificateFromDer(der);
  const keyPem =
    options.password !== undefined && options.password !== ''
      ? (privateKey.export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: options.password,
        }) as string)
      : (privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  return { keyPem, certificate, certificatePem: certificate.pem };
}
