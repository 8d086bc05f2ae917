/**
 * The repository index `Packages` (docs/wapt-package-format.md §11): a zip holding the `Packages` text
 * and the signer certificates under `ssl/<sha256-fingerprint>.crt`.
 */
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { type Control } from '../../common/domain/control';
import { parsePackagesText, serializePackagesText } from '../../common/domain/packages-index-text';
import { ConsoleError } from '../../common/errors';
import { loadCertificates, type Certificate } from '../signing/certificate';
import { packageError } from './errors';
import { openPackageZip } from './zip-read';

export interface PackagesIndex {
  packages: Control[];
  /** Certificates found under `ssl/`, keyed by their SHA-256 fingerprint. */
  certificates: Map<string, Certificate>;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** Reads the index from the zip served at `<repo>/Packages`, or from the bare `Packages` text. */
export async function readPackagesIndex(input: string | Uint8Array): Promise<PackagesIndex> {
  const isZip =
    typeof input !== 'string' &&
    input.length >= 4 &&
    input[0] === 0x50 &&
    input[1] === 0x4b &&
    input[2] === 0x03 &&
    input[3] === 0x04;
  if (!isZip) {
    let text: string;
    try {
      text = typeof input === 'string' ? input : utf8Fatal.decode(input);
    } catch {
      throw packageError('INDEX_INVALID', 'the Packages index is neither a zip nor UTF-8 text');
    }
    return { packages: parsePackagesText(text), certificates: new Map() };
  }
  const zip = await openPackageZip(input);
  try {
    const member = zip.get('Packages');
    if (member === undefined)
      throw packageError('INDEX_INVALID', 'the Packages zip has no "Packages" member');
    let text: string;
    try {
      text = utf8Fatal.decode(await zip.readBuffer(member, 512 * 1024 * 1024));
    } catch (err) {
      if (err instanceof ConsoleError) throw err;
      throw packageError('INDEX_INVALID', 'the Packages text is not valid UTF-8');
    }
    const certificates = new Map<string, Certificate>();
    for (const m of zip.members) {
      if (!/^ssl\/[^/]+\.crt$/.test(m.name)) continue;
      for (const c of loadCertificates((await zip.readBuffer(m, 1024 * 1024)).toString('utf8')))
        certificates.set(c.fingerprintSha256, c);
    }
    return { packages: parsePackagesText(text), certificates };
  } finally {
    zip.close();
  }
}

export interface WritePackagesIndexOptions {
  /** Signer and intermediate certificates to publish under `ssl/`. */
  certificates?: readonly Certificate[];
  /** Zip date of the `Packages` member. */
  now?: Date;
}

/** Writes the index zip. Controls should carry `filename`, `size` and `md5sum`. */
export async function writePackagesIndex(
  controls: readonly Control[],
  opts: WritePackagesIndexOptions = {},
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(serializePackagesText(controls), 'utf8'), 'Packages', {
    mtime: opts.now ?? new Date(),
  });
  const seen = new Set<string>();
  for (const c of opts.certificates ?? []) {
    if (seen.has(c.fingerprintSha256)) continue;
    seen.add(c.fingerprintSha256);
    zip.addBuffer(Buffer.from(c.pem, 'utf8'), `ssl/${c.fingerprintSha256}.crt`, {
      mtime: new Date(c.x509.validFrom),
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(zip.outputStream)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
