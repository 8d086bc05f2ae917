/**
 * X.509 certificates. node:crypto's X509Certificate does the checks (dates, issuance, signature,
 * EKU, basicConstraints) natively and reads any key type; node-forge's ASN.1 reader is used only
 * to read the subject CN exactly (node prints names with escaping meant for humans).
 */
import { X509Certificate, createHash } from 'node:crypto';
import forge from 'node-forge';
import { ConsoleError } from '../../common/errors';

export const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/** A parsed certificate with the facts WAPT uses, kept next to its exact DER bytes. */
export interface Certificate {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  /** Canonical PEM: 64-column base64, `\n` after every line (docs/wapt-package-format.md §7). */
  readonly pem: string;
  /** SHA-256 of the DER, lower-case hex: WAPT's `signer_fingerprint`. */
  readonly fingerprintSha256: string;
  readonly cn: string;
}

/** What grids show about a certificate. */
export interface CertificateInfo {
  cn: string;
  subject: string;
  issuer: string;
  issuerCn: string;
  notBefore: string;
  notAfter: string;
  serial: string;
  fingerprintSha256: string;
  codeSigning: boolean;
  isCA: boolean;
  selfSigned: boolean;
  keyType: string;
  keyBits: number | undefined;
}

export function certError(reason: string, message: string, cause?: unknown): ConsoleError {
  return new ConsoleError('CERT_INVALID', message, { details: { reason }, cause });
}

export function derToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = [BEGIN];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  lines.push(END);
  return `${lines.join('\n')}\n`;
}

/** Decodes an ASN.1 directory string as forge leaves it (a binary string) into text. */
function decodeDirectoryString(value: string, tag: number): string {
  const bytes = Buffer.from(value, 'binary');
  // ASN.1 universal tags: 12 UTF8String, 30 BMPString, 28 UniversalString; the rest are 8-bit.
  if (tag === 12) return bytes.toString('utf8');
  if (tag === 30) return bytes.swap16().toString('utf16le');
  if (tag === 28 /* UniversalString */) {
    let s = '';
    for (let i = 0; i + 3 < bytes.length; i += 4) s += String.fromCodePoint(bytes.readUInt32BE(i));
    return s;
  }
  return bytes.toString('latin1');
}

/** The last CN of a name (X509_NAME_get_index_by_NID semantics differ; WAPT uses the subject's CN). */
function commonNames(der: Buffer): { subjectCn: string; issuerCn: string } {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const tbs = (asn1.value as forge.asn1.Asn1[])[0]!;
  const fields = tbs.value as forge.asn1.Asn1[];
  // tbsCertificate: [0] version (optional, context tag), serial, signature, issuer, validity, subject
  const offset = fields[0]!.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const cnOf = (name: forge.asn1.Asn1): string => {
    let cn = '';
    // Exported by forge at run time but missing from its type definitions.
    const pki = forge.pki as unknown as {
      RDNAttributesAsArray: (
        n: forge.asn1.Asn1,
      ) => Array<{ type: string; value: string; valueTagClass: number }>;
    };
    for (const attr of pki.RDNAttributesAsArray(name)) {
      if (attr.type === forge.pki.oids.commonName) cn = decodeDirectoryString(attr.value, attr.valueTagClass);
    }
    return cn;
  };
  return { issuerCn: cnOf(fields[offset + 2]!), subjectCn: cnOf(fields[offset + 4]!) };
}

export function certificateFromDer(der: Uint8Array): Certificate {
  const buf = Buffer.from(der);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(buf);
  } catch (err) {
    throw certError('CERT_UNREADABLE', `the certificate cannot be parsed: ${(err as Error).message}`, err);
  }
  let cn: string;
  try {
    cn = commonNames(buf).subjectCn;
  } catch (err) {
    throw certError(
      'CERT_UNREADABLE',
      `the certificate subject cannot be read: ${(err as Error).message}`,
      err,
    );
  }
  return {
    der: buf,
    x509,
    pem: derToPem(buf),
    fingerprintSha256: createHash('sha256').update(buf).digest('hex'),
    cn,
  };
}

/**
 * Splits PEM text the way the agent does (§7): blocks between lines that are exactly the BEGIN and
 * END markers; CRLF is tolerated by line splitting; anything else between blocks is ignored.
 */
export function splitPemCertificates(text: string): Buffer[] {
  const out: Buffer[] = [];
  let body: string[] | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === BEGIN) {
      body = [];
    } else if (line === END) {
      if (body !== undefined) {
        const b64 = body.join('');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
          throw certError('CERT_UNREADABLE', 'a certificate PEM block contains invalid base64');
        }
        out.push(Buffer.from(b64, 'base64'));
      }
      body = undefined;
    } else if (body !== undefined) body.push(line.trim());
  }
  return out;
}

/** Loads one or more certificates from PEM text (first = signer) or a single DER certificate. */
export function loadCertificates(input: string | Uint8Array): Certificate[] {
  let text: string | undefined;
  if (typeof input === 'string') text = input;
  else {
    const head = Buffer.from(input.subarray(0, 64)).toString('latin1');
    if (head.includes('-----BEGIN')) text = Buffer.from(input).toString('utf8');
    else if (input.length > 0 && input[0] === 0x30) return [certificateFromDer(input)];
  }
  if (text === undefined || !text.includes(BEGIN)) {
    if (text !== undefined && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
      throw certError('NO_CERTIFICATE', 'this file holds a private key, not a certificate');
    }
    throw certError(
      'NO_CERTIFICATE',
      'no certificate found (expected a PEM "-----BEGIN CERTIFICATE-----" block or DER)',
    );
  }
  const blocks = splitPemCertificates(text);
  if (blocks.length === 0) {
    throw certError(
      'NO_CERTIFICATE',
      'no well-formed certificate block: BEGIN/END CERTIFICATE markers must be alone on their lines',
    );
  }
  return blocks.map(certificateFromDer);
}

export function loadCertificate(input: string | Uint8Array): Certificate {
  return loadCertificates(input)[0]!;
}

/** `certificate.crt` content: canonical PEM blocks joined with `\n` (§7). */
export function certificateChainPem(chain: readonly Certificate[]): string {
  return chain.map((c) => c.pem).join('\n');
}

export function hasCodeSigning(cert: Certificate): boolean {
  const eku = cert.x509.keyUsage as string[] | undefined;
  return Array.isArray(eku) && eku.includes(OID_CODE_SIGNING);
}

export function certificateInfo(input: Certificate | string | Uint8Array): CertificateInfo {
  const cert = typeof input === 'string' || input instanceof Uint8Array ? loadCertificate(input) : input;
  const x = cert.x509;
  const { issuerCn } = commonNames(cert.der);
  const details = x.publicKey.asymmetricKeyDetails;
  return {
    cn: cert.cn,
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    issuerCn,
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    serial: x.serialNumber.toLowerCase(),
    fingerprintSha256: cert.fingerprintSha256,
    codeSigning: hasCodeSigning(cert),
    isCA: x.ca,
    selfSigned: x.checkIssued(x) && x.verify(x.publicKey),
    keyType: x.publicKey.asymmetricKeyType ?? 'unknown',
    keyBits: details?.modulusLength,
  };
}
