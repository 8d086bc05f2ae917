/**
 * Test helpers for the package core. `rawZip` writes archives byte by byte on purpose: hostile
 * inputs (`..`, absolute names, bad flags, overlapping entries) are exactly what a real zip
 * library refuses to produce.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync as zDeflate, crc32 } from 'node:zlib';
import {
  createKeyAndCertificate,
  createSigner,
  loadPrivateKey,
  type PackageSigner,
} from '../../../wapt/signing/index';
import { signControl } from '../../../wapt/packages/control-sign';
import { mimeBase64, serializeManifest } from '../../../wapt/packages/manifest';
import { createControl, type Control } from '../../../common/domain/control';

export interface RawEntry {
  name: string | Buffer;
  data: Buffer;
  method?: number;
  /** Extra general-purpose flags (bit 11 UTF-8 is set for string names unless utf8Flag false). */
  flags?: number;
  utf8Flag?: boolean;
  declaredSize?: number;
  externalAttr?: number;
  versionMadeBy?: number;
  /** Point this central entry at the local header of an earlier entry (overlap bomb). */
  sameOffsetAs?: number;
}

export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const method = e.method ?? 8;
    const comp = method === 8 ? zDeflate(e.data) : e.data;
    const flags = (e.flags ?? 0) | ((e.utf8Flag ?? typeof e.name === 'string') ? 0x800 : 0);
    const crc = crc32(e.data) >>> 0;
    const size = e.declaredSize ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const localOffset = e.sameOffsetAs !== undefined ? offsets[e.sameOffsetAs]! : offset;
    offsets.push(localOffset);
    if (e.sameOffsetAs === undefined) {
      locals.push(lh, name, comp);
      offset += lh.length + name.length + comp.length;
    }
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(e.versionMadeBy ?? (3 << 8) | 20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(e.externalAttr ?? (0o100644 << 16) >>> 0, 38);
    ch.writeUInt32LE(localOffset, 42);
    centrals.push(ch, name);
    void i;
  });
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export interface AssembleOptions {
  control?: Partial<Control>;
  /** Replace the final control text. */
  controlText?: (text: string) => string;
  certificatePem?: string;
  /** Replace the manifest bytes before signing (signed) or after (`tamperManifest`). */
  manifest?: (entries: [string, string][]) => string;
  tamperManifest?: (manifest: string) => string;
  signatureText?: (sig: string) => string;
  omit?: string[];
  /** Members added after the manifest is computed (not listed). */
  extra?: RawEntry[];
}

/**
 * A signed package assembled by hand from `payload`, so that tests can break exactly one thing
 * while everything else stays correctly signed.
 */
export function assemble(
  payload: Record<string, string | Buffer>,
  signer: PackageSigner,
  opts: AssembleOptions = {},
): Buffer {
  const draft = createControl({ package: 'test-pkg', version: '1.0-1', ...(opts.control ?? {}) });
  const { text } = signControl(draft, signer, {});
  const controlText = opts.controlText ? opts.controlText(text) : text;
  const cert = opts.certificatePem ?? signer.certificatePem;
  const files: [string, Buffer][] = [
    ...Object.entries(payload).map(([k, v]) => [k, Buffer.from(v)] as [string, Buffer]),
    ['WAPT/control', Buffer.from(controlText, 'utf8')],
    ['WAPT/certificate.crt', Buffer.from(cert, 'utf8')],
  ];
  const entries = files.map(([n, b]) => [n, sha256(b)] as [string, string]);
  let manifest = opts.manifest ? opts.manifest(entries) : serializeManifest(entries);
  const sig = mimeBase64(signer.sign(Buffer.from(manifest, 'utf8')));
  if (opts.tamperManifest) manifest = opts.tamperManifest(manifest);
  const all: RawEntry[] = [
    ...files.map(([n, b]) => ({ name: n, data: b })),
    { name: 'WAPT/manifest.sha256', data: Buffer.from(manifest, 'utf8') },
    {
      name: 'WAPT/signature.sha256',
      data: Buffer.from(opts.signatureText ? opts.signatureText(sig) : sig, 'ascii'),
    },
    ...(opts.extra ?? []),
  ].filter((e) => !(opts.omit ?? []).includes(String(e.name)));
  return rawZip(all);
}

export interface TestIdentity {
  signer: PackageSigner;
  keyPem: string;
  certPem: string;
}

export async function makeIdentity(
  opts: {
    cn?: string;
    codeSigning?: boolean;
    isCA?: boolean;
    days?: number;
    now?: Date;
    issuer?: TestIdentity;
    keyBits?: 2048 | 4096;
  } = {},
): Promise<TestIdentity> {
  const issuer = opts.issuer;
  const created = await createKeyAndCertificate({
    commonName: opts.cn ?? 'Test Signer',
    codeSigning: opts.codeSigning ?? true,
    isCA: opts.isCA ?? true,
    days: opts.days ?? 365,
    ...(opts.keyBits ? { keyBits: opts.keyBits } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(issuer
      ? { issuer: { key: loadPrivateKey(issuer.keyPem), certificate: issuer.signer.certificateChain[0]! } }
      : {}),
  });
  const signer = createSigner({
    key: loadPrivateKey(created.keyPem),
    certificateChain: issuer
      ? [created.certificate, ...issuer.signer.certificateChain]
      : [created.certificate],
  });
  return { signer, keyPem: created.keyPem, certPem: created.certificatePem };
}

export function tempDir(prefix = 'wapt-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTemp(dir: string, name: string, data: Buffer | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
}

export function openssl(args: string[], input?: Buffer | string): string {
  return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}
