/**
 * Private key leak detection, by content and never by file name: everything in the build folder
 * is embedded in waptagent.exe (ssl\ is deployed to every host) or zipped into the waptupgrade
 * package, so a private key there would be handed to every computer (agent-build.md §3.3).
 */
import { createPrivateKey } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../common/errors';
import { openPackageZip } from '../packages/index';

export type LeakKind = 'PEM_PRIVATE_KEY' | 'DER_PRIVATE_KEY' | 'PKCS12' | 'PUTTY_KEY';

export interface LeakFinding {
  file: string;
  kind: LeakKind;
}

/** PEM armour of every private key flavour (PKCS#1/#8, encrypted, EC, DSA, OpenSSH). */
const PEM_MARKER = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PUTTY_MARKER = 'PuTTY-User-Key-File-';
const OVERLAP = 64;
const DER_PROBE_LIMIT = 64 * 1024;
// PFX: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data ...
const PFX_VERSION = Buffer.from([0x02, 0x01, 0x03, 0x30]);
const OID_PKCS7_DATA = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);

function derKind(head: Buffer): LeakKind | undefined {
  if (head[0] !== 0x30) return undefined;
  const v = head.indexOf(PFX_VERSION);
  if (v >= 0 && v < 8 && head.subarray(0, 40).indexOf(OID_PKCS7_DATA) > v) return 'PKCS12';
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: head, format: 'der', type });
      return 'DER_PRIVATE_KEY';
    } catch (err) {
      // An encrypted PKCS#8 key parses far enough to ask for its passphrase.
      if (/passphrase/i.test((err as Error).message)) return 'DER_PRIVATE_KEY';
    }
  }
  return undefined;
}

/** Scans one file (streamed; markers split across chunks are caught by an overlap). */
export async function scanFileForPrivateKey(file: string): Promise<LeakKind | undefined> {
  return scanStreamForPrivateKey(createReadStream(file, { highWaterMark: 1024 * 1024 }));
}

export async function scanStreamForPrivateKey(
  stream: AsyncIterable<unknown> & { destroy?: () => void },
): Promise<LeakKind | undefined> {
  try {
    return await scanChunks(stream);
  } finally {
    stream.destroy?.();
  }
}

async function scanChunks(stream: AsyncIterable<unknown>): Promise<LeakKind | undefined> {
  let tail = '';
  let first: Buffer | undefined;
  let small = Buffer.alloc(0);
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (first === undefined) first = buf;
    size += buf.length;
    if (size <= DER_PROBE_LIMIT) small = Buffer.concat([small, buf]);
    const text = tail + buf.toString('latin1');
    if (PEM_MARKER.test(text)) return 'PEM_PRIVATE_KEY';
    if (text.includes(PUTTY_MARKER)) return 'PUTTY_KEY';
    tail = text.slice(-OVERLAP);
  }
  if (size > 0 && size <= DER_PROBE_LIMIT) return derKind(small);
  return undefined;
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(full);
    }
  };
  await walk(root);
  return out.sort();
}

/** Every file under `root` (recursively) that holds private key material. */
export async function scanTreeForPrivateKeys(root: string): Promise<LeakFinding[]> {
  const findings: LeakFinding[] = [];
  for (const file of await listFiles(root)) {
    const kind = await scanFileForPrivateKey(file);
    if (kind !== undefined)
      findings.push({ file: path.relative(root, file).split(path.sep).join('/'), kind });
  }
  return findings;
}

/** Every member of a package archive, scanned uncompressed (the .wapt deflates its members). */
export async function scanPackageForPrivateKeys(packagePath: string): Promise<LeakFinding[]> {
  const zip = await openPackageZip(packagePath);
  try {
    const findings: LeakFinding[] = [];
    for (const m of zip.members) {
      const kind = await scanStreamForPrivateKey(await zip.openStream(m));
      if (kind !== undefined) findings.push({ file: `${path.basename(packagePath)}:${m.name}`, kind });
    }
    return findings;
  } finally {
    zip.close();
  }
}

export function leakError(findings: readonly LeakFinding[], what: string): ConsoleError {
  return new ConsoleError(
    'PRIVATE_KEY_LEAK',
    `refusing to continue: ${what} contains private key material (${findings.map((f) => f.file).join(', ')}); it would be deployed to every host. Only public certificates may be included.`,
    {
      details: {
        reason: 'PRIVATE_KEY_IN_BUILD',
        files: findings.map((f) => f.file),
        kinds: findings.map((f) => f.kind),
      },
    },
  );
}

/** Refuses to go on when the build folder holds private key material; names the files, never their content. */
export async function assertNoPrivateKeys(root: string, what = 'the build folder'): Promise<void> {
  const findings = await scanTreeForPrivateKeys(root);
  if (findings.length > 0) throw leakError(findings, what);
}
