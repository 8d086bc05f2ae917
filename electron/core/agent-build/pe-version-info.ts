/**
 * Reads the version resource (VS_VERSIONINFO) of a Windows PE file: the fixed file version and the
 * StringFileInfo strings (ProductName, CompanyName, FileDescription…). Used to check that the
 * program main is about to run as "the Inno Setup compiler" really is one (docs/agent-build.md
 * "Which programs main runs"). Layout from the PE/COFF specification and the VS_VERSIONINFO,
 * StringFileInfo, StringTable and String structures documented by Microsoft.
 */
import { open } from 'node:fs/promises';

export interface PeVersionInfo {
  fileVersion?: string;
  /** StringFileInfo values of the first string table (e.g. ProductName, CompanyName). */
  strings: Record<string, string>;
}

const RT_VERSION = 16;
const MAX_PE_BYTES = 64 * 1024 * 1024;

interface Section {
  va: number;
  size: number;
  raw: number;
  rawSize: number;
}

function rvaToOffset(sections: readonly Section[], rva: number): number | undefined {
  for (const s of sections) {
    if (rva >= s.va && rva < s.va + Math.max(s.size, s.rawSize)) {
      const off = s.raw + (rva - s.va);
      return off < s.raw + s.rawSize ? off : undefined;
    }
  }
  return undefined;
}

/** The first leaf of the resource tree under type `type` (any name, any language). */
function findResource(buf: Buffer, rsrc: number, rsrcEnd: number, type: number): number | undefined {
  const entries = (dirOff: number) => {
    if (dirOff + 16 > rsrcEnd) return [];
    const n = buf.readUInt16LE(dirOff + 12) + buf.readUInt16LE(dirOff + 14);
    const out: Array<{ id: number; named: boolean; target: number; isDir: boolean }> = [];
    for (let i = 0; i < n && dirOff + 16 + i * 8 + 8 <= rsrcEnd; i++) {
      const e = dirOff + 16 + i * 8;
      const name = buf.readUInt32LE(e);
      const data = buf.readUInt32LE(e + 4);
      out.push({
        id: name & 0xffff,
        named: (name & 0x80000000) !== 0,
        target: rsrc + (data & 0x7fffffff),
        isDir: (data & 0x80000000) !== 0,
      });
    }
    return out;
  };
  const typeEntry = entries(rsrc).find((e) => !e.named && e.id === type && e.isDir);
  if (!typeEntry) return undefined;
  let node = typeEntry.target;
  for (let depth = 0; depth < 2; depth++) {
    const first = entries(node)[0];
    if (!first) return undefined;
    if (!first.isDir) return first.target;
    node = first.target;
  }
  return undefined;
}

interface Block {
  key: string;
  valueStart: number;
  valueLength: number;
  type: number;
  childrenStart: number;
  end: number;
}

const align4 = (n: number, base: number) => base + ((n - base + 3) & ~3);

function readBlock(buf: Buffer, off: number, limit: number, base: number): Block | undefined {
  if (off + 6 > limit) return undefined;
  const length = buf.readUInt16LE(off);
  const valueLength = buf.readUInt16LE(off + 2);
  const type = buf.readUInt16LE(off + 4);
  const end = off + length;
  if (length < 6 || end > limit) return undefined;
  let p = off + 6;
  let key = '';
  while (p + 2 <= end) {
    const c = buf.readUInt16LE(p);
    p += 2;
    if (c === 0) break;
    key += String.fromCharCode(c);
  }
  const valueStart = align4(p, base);
  // wType 1 = text: wValueLength counts UTF-16 characters; 0 = binary: bytes.
  const valueBytes = type === 1 ? valueLength * 2 : valueLength;
  const childrenStart = align4(valueStart + valueBytes, base);
  return { key, valueStart, valueLength: valueBytes, type, childrenStart, end };
}

function* children(buf: Buffer, parent: Block, base: number): Generator<Block> {
  let p = parent.childrenStart;
  while (p < parent.end) {
    const b = readBlock(buf, p, parent.end, base);
    if (!b) return;
    yield b;
    if (b.end <= p) return;
    p = align4(b.end, base);
  }
}

function utf16z(buf: Buffer, start: number, bytes: number): string {
  return buf
    .subarray(start, start + bytes)
    .toString('utf16le')
    .replace(/\0[\s\S]*$/, '');
}

/** Parses VS_VERSIONINFO from its bytes (the RT_VERSION resource). */
export function parseVersionResource(buf: Buffer, base = 0): PeVersionInfo {
  const root = readBlock(buf, base, buf.length, base);
  if (!root || root.key !== 'VS_VERSION_INFO') return { strings: {} };
  const info: PeVersionInfo = { strings: {} };
  if (root.valueLength >= 52 && buf.readUInt32LE(root.valueStart) === 0xfeef04bd) {
    const ms = buf.readUInt32LE(root.valueStart + 8);
    const ls = buf.readUInt32LE(root.valueStart + 12);
    info.fileVersion = `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
  }
  for (const c of children(buf, root, base)) {
    if (c.key !== 'StringFileInfo') continue;
    const table = children(buf, c, base).next().value;
    if (!table) continue;
    for (const s of children(buf, table, base))
      info.strings[s.key] = utf16z(buf, s.valueStart, s.valueLength);
  }
  return info;
}

/** The version resource of a PE file, or undefined when the file is not a PE or has none. */
export function readPeVersionInfoFromBuffer(buf: Buffer): PeVersionInfo | undefined {
  if (buf.length < 0x40 || buf.readUInt16LE(0) !== 0x5a4d) return undefined; // "MZ"
  const pe = buf.readUInt32LE(0x3c);
  if (pe + 24 > buf.length || buf.readUInt32LE(pe) !== 0x00004550) return undefined; // "PE\0\0"
  const sectionCount = buf.readUInt16LE(pe + 6);
  const optSize = buf.readUInt16LE(pe + 20);
  const opt = pe + 24;
  if (opt + optSize > buf.length) return undefined;
  const magic = buf.readUInt16LE(opt);
  const dirBase = magic === 0x20b ? opt + 112 : magic === 0x10b ? opt + 96 : undefined;
  if (dirBase === undefined || dirBase + 24 > opt + optSize) return undefined;
  const rsrcRva = buf.readUInt32LE(dirBase + 16);
  const rsrcSize = buf.readUInt32LE(dirBase + 20);
  if (rsrcRva === 0) return undefined;
  const sections: Section[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const s = opt + optSize + i * 40;
    if (s + 40 > buf.length) break;
    sections.push({
      size: buf.readUInt32LE(s + 8),
      va: buf.readUInt32LE(s + 12),
      rawSize: buf.readUInt32LE(s + 16),
      raw: buf.readUInt32LE(s + 20),
    });
  }
  const rsrc = rvaToOffset(sections, rsrcRva);
  if (rsrc === undefined) return undefined;
  const leaf = findResource(buf, rsrc, Math.min(buf.length, rsrc + rsrcSize), RT_VERSION);
  if (leaf === undefined || leaf + 8 > buf.length) return undefined;
  const dataOff = rvaToOffset(sections, buf.readUInt32LE(leaf));
  const dataSize = buf.readUInt32LE(leaf + 4);
  if (dataOff === undefined || dataOff + dataSize > buf.length) return undefined;
  return parseVersionResource(Buffer.from(buf.subarray(dataOff, dataOff + dataSize)));
}

export async function readPeVersionInfo(file: string): Promise<PeVersionInfo | undefined> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size > MAX_PE_BYTES) return undefined;
    const buf = Buffer.alloc(size);
    await fh.read(buf, 0, size, 0);
    return readPeVersionInfoFromBuffer(buf);
  } finally {
    await fh.close();
  }
}
