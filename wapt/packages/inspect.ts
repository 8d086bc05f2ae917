/**
 * Reading packages without verifying them: for listings and the `package inspect` command. The
 * zip safety checks still apply (a hostile archive is refused before anything is read).
 */
import { basename } from 'node:path';
import { type Control } from '../../common/domain/control';
import { ConsoleError } from '../../common/errors';
import { certificateInfo, loadCertificates, type CertificateInfo } from '../signing/certificate';
import { decodeControlBytes } from './build';
import { packageError } from './errors';
import { CERTIFICATE_PATH, CONTROL_PATH, MANIFEST_PATH, SIGNATURE_PATH } from './manifest';
import { openPackageZip } from './zip-read';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function readPackageControl(packagePath: string): Promise<Control> {
  const zip = await openPackageZip(packagePath);
  try {
    const member = zip.get(CONTROL_PATH);
    if (member === undefined) throw packageError('MISSING_CONTROL', `${packagePath} has no WAPT/control`);
    return decodeControlBytes(await zip.readBuffer(member, 4 * 1024 * 1024), false);
  } finally {
    zip.close();
  }
}

export interface PackageInspection {
  path: string;
  fileName: string;
  size: number;
  sha256: string;
  md5: string;
  control: Control;
  members: Array<{ name: string; size: number; compressedSize: number; method: 'deflate' | 'stored' }>;
  certificates: CertificateInfo[];
  /** Why the certificates could not be read, if so. */
  certificateError?: string;
  hasManifest: boolean;
  hasManifestSignature: boolean;
  hasControlSignature: boolean;
}

export async function inspectPackage(packagePath: string): Promise<PackageInspection> {
  const zip = await openPackageZip(packagePath);
  let result: Omit<PackageInspection, 'size' | 'sha256' | 'md5'>;
  try {
    const member = zip.get(CONTROL_PATH);
    if (member === undefined) throw packageError('MISSING_CONTROL', `${packagePath} has no WAPT/control`);
    const control = decodeControlBytes(await zip.readBuffer(member, 4 * 1024 * 1024), false);
    let certificates: CertificateInfo[] = [];
    let certificateError: string | undefined;
    const certMember = zip.get(CERTIFICATE_PATH);
    if (certMember !== undefined) {
      try {
        certificates = loadCertificates((await zip.readBuffer(certMember, 1024 * 1024)).toString('utf8')).map(
          (c) => certificateInfo(c),
        );
      } catch (err) {
        if (!(err instanceof ConsoleError)) throw err;
        certificateError = err.message;
      }
    }
    result = {
      path: packagePath,
      fileName: basename(packagePath),
      control,
      members: zip.members.map((m) => ({
        name: m.name,
        size: m.size,
        compressedSize: m.compressedSize,
        method: m.method === 8 ? 'deflate' : 'stored',
      })),
      certificates,
      ...(certificateError !== undefined ? { certificateError } : {}),
      hasManifest: zip.get(MANIFEST_PATH) !== undefined,
      hasManifestSignature: zip.get(SIGNATURE_PATH) !== undefined,
      hasControlSignature: String(control.signature ?? '') !== '',
    };
  } finally {
    zip.close();
  }
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  for await (const chunk of createReadStream(packagePath, { highWaterMark: 1024 * 1024 })) {
    sha.update(chunk as Buffer);
    md5.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { ...result, size, sha256: sha.digest('hex'), md5: md5.digest('hex') };
}
