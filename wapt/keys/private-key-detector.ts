/**
 * Finds private-key material in bytes, by content and never by file name: a key renamed
 * `logo.png`, a key appended to a DLL, or a key inside a PKCS#12 is still a key. Used before
 * anything is packed for deployment (the agent installer, the waptupgrade package, `package
 * build`): whatever is packed ends up on every host (docs/agent-build.md "Private key guarantee").
 *
 * Recognised: PEM armour of every `… PRIVATE KEY` form (PKCS#1, PKCS#8, encrypted PKCS#8, legacy
 * encrypted `Proc-Type` PEM, EC, DSA, OpenSSH, SSH2), DER PKCS#1 RSA, DER PKCS#8 (clear and
 * encrypted: PBES1/PBES2/PKCS#12 PBE), DER SEC1 EC keys, PKCS#12/PFX, OpenSSH's binary format
 * and PuTTY `.ppk` files. DER structures are found at any offset, not only at the start of a file.
 * Not recognised (documented limits): keys inside compressed archives, base64 without armour,
 * UTF-16 text.
 *
 * Stable API (also called by `package build`): `findPrivateKeyMaterial`, `scanFileForPrivateKeyMaterial`,
 * `scanStreamForPrivateKeyMaterial`, `scanDirectoryForPrivateKeys`, `scanFilesForPrivateKeys`.
 */
import { createPrivateKey } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type PrivateKeyFormat =
  'PEM' | 'DER_PKCS1' | 'DER_PKCS8' | 'DER_PKCS8_ENCRYPTED' | 'DER_SEC1' | 'PKCS12' | 'OPENSSH' | 'PUTTY';

export interface PrivateKeyMatch {
  format: PrivateKeyFormat;
  /** Byte offset of the match in the scanned buffer or file. */
  offset: number;
}

export interface PrivateKeyFinding {
  /** The file, relative to the scanned root (`/` separators) or as given. */
  file: string;
  format: PrivateKeyFormat;
}

/** `-----BEGIN <anything> PRIVATE KEY-----` (PKCS#1/#8, ENCRYPTED, EC, DSA, OPENSSH, ANY…) and SSH2's four-dash form. */
const PEM_ARMOUR = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----|---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----/;
const PUTTY_MAGIC = Buffer.from('PuTTY-User-Key-File-');
const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0');

// DER landmarks; each is searched anywhere, then the enclosing SEQUENCE is parsed and checked.
const INT0_THEN_INT = Buffer.from([0x02, 0x01, 0x00, 0x02]); // PKCS#1: version 0, modulus
const INT0_THEN_SEQ = Buffer.from([0x02, 0x01, 0x00, 0x30]); // PKCS#8: version 0, AlgorithmIdentifier
const INT1_THEN_OCTETS = Buffer.from([0x02, 0x01, 0x01, 0x04]); // SEC1: version 1, private key octets
const PFX_VERSION = Buffer.from([0x02, 0x01, 0x03, 0x30]); // PFX: version 3, authSafe ContentInfo
const OID_PKCS7_DATA = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);
/** pkcs-5 (1.2.840.113549.1.5.x: PBES1/PBES2) and pkcs-12 PBE (1.2.840.113549.1.12.1.x) OID prefixes. */
const OID_PKCS5_PREFIX = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05]);
const OID_PKCS12_PBE_PREFIX = Buffer.from([0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01]);
/** PBES2 (…5.13), PBES1 with MD5/SHA1 and DES/RC2 (…5.1, 3, 4, 6, 10, 11). */
const PKCS5_ENCRYPTION_SCHEMES = new Set([0x0d, 0x01, 0x03, 0x04, 0x06, 0x0a, 0x0b]);

interface Tlv {
  tag: number;
  /** Offset of the content. */
  start: number;
  /** Offset just past the content. */
  end: number;
}

/** One DER TLV at `at` (definite lengths only, up to 4 length bytes), or undefined. */
function readTlv(buf: Uint8Array, at: number, limit = buf.length): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = buf[at]!;
  const first = buf[at + 1]!;
  let len: number;
  let start: number;
  if (first < 0x80) {
    len = first;
    start = at + 2;
  } else {
    const n = first & 0x7f;
    if (n === 0 || n > 4 || at + 2 + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i]!;
    // DER uses the shortest length form: a long form below 128 is not DER (cuts false positives).
    if (len < 0x80 || (n > 1 && buf[at + 2] === 0)) return undefined;
    start = at + 2 + n;
  }
  const end = start + len;
  if (end > limit) return undefined;
  return { tag, start, end };
}

/** Offsets where a SEQUENCE header could start so that its content begins at `contentStart`. */
function sequenceStartsBefore(buf: Uint8Array, contentStart: number): number[] {
  const out: number[] = [];
  for (const hdr of [2, 3, 4, 5, 6]) {
    const s = contentStart - hdr;
    if (s < 0 || buf[s] !== 0x30) continue;
    const t = readTlv(buf, s);
    if (t?.start === contentStart) out.push(s);
  }
  return out;
}

function parsesAsKey(der: Uint8Array, type: 'pkcs1' | 'pkcs8' | 'sec1'): boolean {
  try {
    createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type });
    return true;
  } catch {
    return false;
  }
}

function* indexesOf(buf: Buffer, needle: Buffer, from = 0): Generator<number> {
  for (let i = buf.indexOf(needle, from); i >= 0; i = buf.indexOf(needle, i + 1)) yield i;
}

/** The earliest DER key structure (an RSA PKCS#8 holds a PKCS#1 key: the outer one is reported). */
function findDer(buf: Buffer): PrivateKeyMatch | null {
  const hits = [findClearDer(buf), findPkcs12(buf), findEncryptedPkcs8(buf)].filter(
    (h): h is PrivateKeyMatch => h !== null,
  );
  return hits.sort((a, b) => a.offset - b.offset)[0] ?? null;
}

function findClearDer(buf: Buffer): PrivateKeyMatch | null {
  let best: PrivateKeyMatch | null = null;
  // Clear keys: the enclosing SEQUENCE must parse as a key with OpenSSL (node:crypto).
  const clear: Array<[Buffer, 'pkcs1' | 'pkcs8' | 'sec1', PrivateKeyFormat]> = [
    [INT0_THEN_INT, 'pkcs1', 'DER_PKCS1'],
    [INT0_THEN_SEQ, 'pkcs8', 'DER_PKCS8'],
    [INT1_THEN_OCTETS, 'sec1', 'DER_SEC1'],
  ];
  for (const [marker, type, format] of clear) {
    for (const i of indexesOf(buf, marker)) {
      for (const s of sequenceStartsBefore(buf, i)) {
        const t = readTlv(buf, s)!;
        if ((best === null || s < best.offset) && parsesAsKey(buf.subarray(s, t.end), type))
          best = { format, offset: s };
      }
      if (best !== null && best.offset < i) break;
    }
  }
  return best;
}

function findPkcs12(buf: Buffer): PrivateKeyMatch | null {
  // PKCS#12: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data … } } (BER indefinite lengths allowed).
  for (const i of indexesOf(buf, PFX_VERSION)) {
    const oid = buf.indexOf(OID_PKCS7_DATA, i + 4);
    if (oid < 0 || oid > i + 10) continue;
    for (let s = i - 6; s <= i - 2; s++)
      if (s >= 0 && buf[s] === 0x30) return { format: 'PKCS12', offset: s };
  }
  return null;
}

function findEncryptedPkcs8(buf: Buffer): PrivateKeyMatch | null {
  // Encrypted PKCS#8: SEQUENCE { SEQUENCE { OID pbe…, params }, OCTET STRING }, lengths consistent.
  const encrypted = (oidAt: number, ok: boolean) => {
    if (!ok) return null;
    for (const inner of sequenceStartsBefore(buf, oidAt)) {
      const innerTlv = readTlv(buf, inner)!;
      for (const outer of sequenceStartsBefore(buf, inner)) {
        const outerTlv = readTlv(buf, outer)!;
        const octets = readTlv(buf, innerTlv.end, outerTlv.end);
        if (octets?.tag === 0x04 && octets.end === outerTlv.end && octets.end - octets.start >= 16)
          return { format: 'DER_PKCS8_ENCRYPTED' as const, offset: outer };
      }
    }
    return null;
  };
  for (const i of indexesOf(buf, OID_PKCS5_PREFIX)) {
    const hit = encrypted(i, PKCS5_ENCRYPTION_SCHEMES.has(buf[i + OID_PKCS5_PREFIX.length]!));
    if (hit) return hit;
  }
  for (const i of indexesOf(buf, OID_PKCS12_PBE_PREFIX)) {
    const hit = encrypted(i, true);
    if (hit) return hit;
  }
  return null;
}

/**
 * The first private key found in `data`, or null. Text forms (PEM, PuTTY, OpenSSH armour) are
 * reported before binary ones.
 */
export function findPrivateKeyMaterial(data: Uint8Array): PrivateKeyMatch | null {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const pem = findPem(buf);
  if (pem) return pem;
  const putty = buf.indexOf(PUTTY_MAGIC);
  if (putty >= 0) return { format: 'PUTTY', offset: putty };
  const openssh = buf.indexOf(OPENSSH_MAGIC);
  if (openssh >= 0) return { format: 'OPENSSH', offset: openssh };
  return findDer(buf);
}

const PEM_TAIL = Buffer.from('PRIVATE KEY-----');
const SSH2_HEAD = Buffer.from('---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----');

/** Armour lines, found with native byte searches first (no text conversion of large binaries). */
function findPem(buf: Buffer): PrivateKeyMatch | null {
  const ssh2 = buf.indexOf(SSH2_HEAD);
  let best: PrivateKeyMatch | null = ssh2 >= 0 ? { format: 'PEM', offset: ssh2 } : null;
  for (const i of indexesOf(buf, PEM_TAIL)) {
    // The armour line is short: look back at most 80 bytes for "-----BEGIN ".
    const from = Math.max(0, i - 80);
    const m = PEM_ARMOUR.exec(buf.subarray(from, i + PEM_TAIL.length).toString('latin1'));
    if (m && m[1] !== undefined) {
      const offset = from + m.index;
      if (best === null || offset < best.offset)
        best = { format: m[1] === 'OPENSSH ' ? 'OPENSSH' : 'PEM', offset };
      break;
    }
  }
  return best;
}

const CHUNK = 4 * 1024 * 1024;
/** Larger than any DER key or PEM block worth finding (an RSA-16384 PKCS#1 key is about 9.3 KB). */
const OVERLAP = 64 * 1024;

/**
 * Scans a stream of any size in overlapping windows of about 4 MiB, so a key across a chunk
 * boundary is still found.
 */
export async function scanStreamForPrivateKeyMaterial(
  chunks: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<PrivateKeyMatch | null> {
  let carry = Buffer.alloc(0);
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let position = 0; // offset of `carry`'s end in the stream
  const flush = (): PrivateKeyMatch | null => {
    signal?.throwIfAborted();
    const window = Buffer.concat([carry, ...pending]);
    const hit = findPrivateKeyMaterial(window);
    if (hit) return { format: hit.format, offset: position - carry.length + hit.offset };
    position += pendingSize;
    carry = window.subarray(Math.max(0, window.length - OVERLAP));
    pending = [];
    pendingSize = 0;
    return null;
  };
  for await (const c of chunks) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    pending.push(b);
    pendingSize += b.length;
    if (pendingSize >= CHUNK) {
      const hit = flush();
      if (hit) return hit;
    }
  }
  return pendingSize > 0 || position === 0 ? flush() : null;
}

export async function scanFileForPrivateKeyMaterial(
  file: string,
  signal?: AbortSignal,
): Promise<PrivateKeyMatch | null> {
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  try {
    return await scanStreamForPrivateKeyMaterial(stream, signal);
  } finally {
    stream.destroy();
  }
}

/** Scans the given files; `root` makes the reported names relative to it. */
export async function scanFilesForPrivateKeys(
  files: readonly string[],
  root?: string,
  signal?: AbortSignal,
): Promise<PrivateKeyFinding[]> {
  const findings: PrivateKeyFinding[] = [];
  for (const file of files) {
    const hit = await scanFileForPrivateKeyMaterial(file, signal);
    if (hit === null) continue;
    const name = root === undefined ? file : path.relative(root, file).split(path.sep).join('/');
    findings.push({ file: name, format: hit.format });
  }
  return findings;
}

/**
 * Every file under `dir`, recursively, sorted. Symbolic links are followed (a compiler or zip
 * library packs what they point to), each real directory once.
 */
export async function listFilesRecursively(dir: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (d: string): Promise<void> => {
    const real = await realpath(d);
    if (seen.has(real)) return;
    seen.add(real);
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const st = e.isSymbolicLink() ? await stat(full).catch(() => undefined) : e;
      if (st?.isDirectory()) await walk(full);
      else if (st?.isFile()) out.push(full);
    }
  };
  await walk(dir);
  return out.sort();
}

/** Every file under `dir` (recursively) that holds private-key material, named relative to `dir`. */
export async function scanDirectoryForPrivateKeys(
  dir: string,
  signal?: AbortSignal,
): Promise<PrivateKeyFinding[]> {
  return scanFilesForPrivateKeys(await listFilesRecursively(dir), dir, signal);
}
