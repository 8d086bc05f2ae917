/**
 * Reads a `.wapt` zip with the safety checks an extractor needs (docs/wapt-package-format.md §1, §10.4):
 * every entry name is checked before anything is read, so a hostile archive is refused as a whole.
 * yauzl reads the central directory and streams entries; names are decoded here (decodeStrings
 * false) so that each unsafe form gets its own reason instead of yauzl's generic error.
 */
import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { ConsoleError } from '../../common/errors';
import { ioError, packageError } from './errors';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio accepted for entries above `ratioMinBytes`. */
  maxRatio: number;
  ratioMinBytes: number;
}

/** Generous for real software (installers of several GB), fatal for bombs. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 32 * 1024 ** 3,
  maxRatio: 200,
  ratioMinBytes: 8 * 1024 ** 2,
};

export interface ZipMember {
  readonly name: string;
  readonly size: number;
  readonly compressedSize: number;
  readonly method: number;
  readonly entry: yauzl.Entry;
}

export interface PackageZip {
  readonly path: string;
  readonly members: readonly ZipMember[];
  get(name: string): ZipMember | undefined;
  openStream(member: ZipMember): Promise<Readable>;
  /** Reads a whole member; refuses members larger than `maxBytes` (metadata files are small). */
  readBuffer(member: ZipMember, maxBytes?: number): Promise<Buffer>;
  close(): void;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  const isUtf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
  if (isUtf8) {
    try {
      return utf8Fatal.decode(raw);
    } catch {
      throw packageError(
        'INVALID_NAME_ENCODING',
        'a zip entry is flagged UTF-8 but its name is not valid UTF-8',
      );
    }
  }
  if (raw.some((b) => b >= 0x80)) {
    throw packageError(
      'NON_UTF8_NAME',
      `zip entry name ${JSON.stringify(raw.toString('latin1'))} has non-ASCII characters without the UTF-8 flag; WAPT agents cannot read it`,
    );
  }
  return raw.toString('ascii');
}

/** Name rules of §1: relative, `/`-separated, no `..`, no drive letter, no directory entries. */
export function checkMemberName(name: string): void {
  const q = JSON.stringify(name);
  if (name === '') throw packageError('INVALID_NAME', 'a zip entry has an empty name');
  // eslint-disable-next-line no-control-regex -- control characters in member names are refused
  if (/[\x00-\x1f\x7f]/.test(name))
    throw packageError('INVALID_NAME', `zip entry name ${q} contains control characters`, { member: name });
  if (name.includes('\\'))
    throw packageError('BACKSLASH_PATH', `zip entry name ${q} uses a backslash; WAPT member names use '/'`, {
      member: name,
    });
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name))
    throw packageError('ABSOLUTE_PATH', `zip entry name ${q} is an absolute path`, { member: name });
  const parts = name.split('/');
  if (parts.includes('..'))
    throw packageError('ZIP_SLIP', `zip entry name ${q} escapes the extraction folder with '..'`, {
      member: name,
    });
  if (name.endsWith('/'))
    throw packageError(
      'DIRECTORY_ENTRY',
      `zip entry ${q} is a directory entry; WAPT agents report those as corrupted files`,
      { member: name },
    );
  if (parts.some((p) => p === '' || p === '.'))
    throw packageError('INVALID_NAME', `zip entry name ${q} has an empty or '.' path segment`, {
      member: name,
    });
}

/** Opens a package file, or an in-memory zip (the `Packages` index) when given bytes. */
export async function openPackageZip(
  source: string | Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<PackageZip> {
  const label = typeof source === 'string' ? source : 'the archive';
  const options: yauzl.Options = {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: false,
  };
  let zip: yauzl.ZipFile;
  try {
    if (typeof source === 'string') {
      await refuseEncryptedHostPackage(source);
      zip = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(source, options);
    } else {
      if (Buffer.from(source.subarray(0, 9)).toString('latin1') === 'RSAFERNET') {
        throw packageError(
          'ENCRYPTED_HOST_PACKAGE',
          'this is an encrypted host package (RSAFERNET); it must be decrypted with the host key first',
        );
      }
      zip = await promisify<Buffer, yauzl.Options, yauzl.ZipFile>(yauzl.fromBuffer)(
        Buffer.from(source),
        options,
      );
    }
  } catch (err) {
    if (err instanceof ConsoleError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code !== undefined && e.syscall !== undefined)
      throw ioError('READ_FAILED', `cannot open ${label}: ${e.code}`, err);
    throw packageError('NOT_A_ZIP', `${label} is not a readable zip archive (${e.message})`, {}, err);
  }
  try {
    return await scan(zip, label, limits);
  } catch (err) {
    zip.close();
    throw err;
  }
}

async function refuseEncryptedHostPackage(zipPath: string): Promise<void> {
  let fh;
  try {
    fh = await openFile(zipPath, 'r');
  } catch (err) {
    throw ioError(
      'READ_FAILED',
      `cannot open ${zipPath}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      err,
    );
  }
  try {
    const head = Buffer.alloc(9);
    await fh.read(head, 0, 9, 0);
    if (head.toString('latin1') === 'RSAFERNET') {
      throw packageError(
        'ENCRYPTED_HOST_PACKAGE',
        'this is an encrypted host package (RSAFERNET); it must be decrypted with the host key first',
      );
    }
  } finally {
    await fh.close();
  }
}

function scan(zip: yauzl.ZipFile, zipPath: string, limits: ZipLimits): Promise<PackageZip> {
  if (zip.entryCount > limits.maxEntries) {
    return Promise.reject(
      packageError(
        'TOO_MANY_ENTRIES',
        `the archive has ${zip.entryCount} entries (limit ${limits.maxEntries})`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const members: ZipMember[] = [];
    const byName = new Map<string, ZipMember>();
    const byFolded = new Map<string, string>();
    let total = 0;
    const fail = (err: unknown) => {
      zip.removeAllListeners('entry');
      reject(
        err instanceof ConsoleError
          ? err
          : // yauzl refuses the "strong encryption" flag itself: that is an encrypted entry, not damage.
            /strong encryption/i.test((err as Error).message)
            ? packageError('ENCRYPTED_ENTRY', 'the archive uses zip strong encryption', {}, err)
            : packageError('ZIP_CORRUPT', `the archive is damaged: ${(err as Error).message}`, {}, err),
      );
    };
    zip.on('error', fail);
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        const name = decodeName(entry);
        checkMemberName(name);
        const madeByUnix = entry.versionMadeBy >> 8 === 3;
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        if (madeByUnix && mode === S_IFLNK)
          throw packageError('SYMLINK_ENTRY', `zip entry ${JSON.stringify(name)} is a symbolic link`, {
            member: name,
          });
        if ((madeByUnix && mode === S_IFDIR) || (entry.externalFileAttributes & 0x10) !== 0) {
          throw packageError('DIRECTORY_ENTRY', `zip entry ${JSON.stringify(name)} is a directory entry`, {
            member: name,
          });
        }
        if (byName.has(name))
          throw packageError('DUPLICATE_ENTRY', `the archive holds ${JSON.stringify(name)} twice`, {
            member: name,
          });
        const folded = name.toLowerCase();
        const other = byFolded.get(folded);
        if (other !== undefined) {
          throw packageError(
            'CASE_COLLISION',
            `${JSON.stringify(name)} and ${JSON.stringify(other)} differ only by case and collide on Windows`,
            { member: name },
          );
        }
        if (entry.isEncrypted())
          throw packageError('ENCRYPTED_ENTRY', `zip entry ${JSON.stringify(name)} is encrypted`, {
            member: name,
          });
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          throw packageError(
            'UNSUPPORTED_COMPRESSION',
            `zip entry ${JSON.stringify(name)} uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are allowed`,
            { member: name },
          );
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes)
          throw packageError('TOO_LARGE', `the archive expands to more than ${limits.maxTotalBytes} bytes`);
        if (
          entry.uncompressedSize > limits.ratioMinBytes &&
          entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio
        ) {
          throw packageError(
            'ZIP_BOMB',
            `zip entry ${JSON.stringify(name)} expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}× (limit ${limits.maxRatio}×): refused as a zip bomb`,
            { member: name },
          );
        }
        const m: ZipMember = {
          name,
          size: entry.uncompressedSize,
          compressedSize: entry.compressedSize,
          method: entry.compressionMethod,
          entry,
        };
        members.push(m);
        byName.set(name, m);
        byFolded.set(folded, name);
        zip.readEntry();
      } catch (err) {
        fail(err);
      }
    });
    zip.on('end', () => {
      try {
        checkPathConflicts(members);
        checkOverlaps(members);
      } catch (err) {
        fail(err);
        return;
      }
      resolve(makePackageZip(zip, zipPath, members, byName));
    });
    zip.readEntry();
  });
}

/** `a` as a file and `a/b` as another file cannot both be extracted. */
function checkPathConflicts(members: readonly ZipMember[]): void {
  const files = new Set(members.map((m) => m.name.toLowerCase()));
  for (const m of members) {
    const parts = m.name.toLowerCase().split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (files.has(prefix))
        throw packageError(
          'PATH_CONFLICT',
          `${JSON.stringify(m.name)} lies under ${JSON.stringify(prefix)}, which is a file`,
          { member: m.name },
        );
    }
  }
}

/** Entries whose data overlap are the "overlapping files" zip bomb. */
function checkOverlaps(members: readonly ZipMember[]): void {
  const sorted = [...members].sort(
    (a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader,
  );
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    // 30 bytes of fixed local header precede the data: a lower bound of where the next entry can start.
    if (
      prev.entry.relativeOffsetOfLocalHeader + 30 + prev.compressedSize >
      sorted[i]!.entry.relativeOffsetOfLocalHeader
    ) {
      throw packageError(
        'OVERLAPPING_ENTRIES',
        `zip entries ${JSON.stringify(prev.name)} and ${JSON.stringify(sorted[i]!.name)} overlap: refused as a zip bomb`,
      );
    }
  }
}

function makePackageZip(
  zip: yauzl.ZipFile,
  zipPath: string,
  members: ZipMember[],
  byName: Map<string, ZipMember>,
): PackageZip {
  let closed = false;
  const openStream = (member: ZipMember) =>
    new Promise<Readable>((resolve, reject) => {
      zip.openReadStream(member.entry, (err, stream) => {
        if (err || !stream)
          reject(
            packageError(
              'ZIP_CORRUPT',
              `cannot read ${JSON.stringify(member.name)}: ${err?.message ?? 'no data'}`,
              { member: member.name },
              err,
            ),
          );
        else resolve(stream);
      });
    });
  return {
    path: zipPath,
    members,
    get: (name) => byName.get(name),
    openStream,
    async readBuffer(member, maxBytes = 16 * 1024 ** 2) {
      if (member.size > maxBytes) {
        throw packageError(
          'MEMBER_TOO_LARGE',
          `${member.name} is ${member.size} bytes; at most ${maxBytes} expected`,
          { member: member.name },
        );
      }
      const stream = await openStream(member);
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of stream) chunks.push(chunk as Buffer);
      } catch (err) {
        throw streamError(member, err);
      }
      return Buffer.concat(chunks);
    },
    close: () => {
      if (closed) return;
      closed = true;
      zip.close();
    },
  };
}

/** Errors raised while inflating: size lies (yauzl checks them) or broken deflate data. */
export function streamError(member: ZipMember, err: unknown): ConsoleError {
  if (err instanceof ConsoleError) return err;
  const msg = (err as Error).message ?? String(err);
  const reason = /too many bytes|too few bytes|expected/i.test(msg) ? 'SIZE_MISMATCH' : 'ZIP_CORRUPT';
  return packageError(
    reason,
    `cannot read ${JSON.stringify(member.name)}: ${msg}`,
    { member: member.name },
    err,
  );
}
