import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { WaptError } from '../http/envelope';

/**
 * File-system helpers of the repository: uploads are streamed to a temporary file in the data
 * directory (same volume as the repository), checked, then renamed into place, so a reader never
 * sees a half-written package and a failed upload leaves nothing behind.
 */

/** werkzeug `secure_filename` semantics (the check WAPT applies to uploaded names, §4.1). */
export function secureFilename(name: string): string {
  let s = name.normalize('NFKD').replace(/[\u0080-\uffff]/g, '');
  s = s.replace(/[/\\]/g, ' ');
  s = s
    .split(/\s+/)
    .filter((x) => x !== '')
    .join('_');
  s = s.replace(/[^A-Za-z0-9_.-]/g, '');
  return s.replace(/^[._]+|[._]+$/g, '');
}

/** ASCII, unchanged by secure_filename, ending in `.wapt` (docs/wapt-server-api.md §4.1, §4.3). */
export function isAcceptablePackageName(name: string): boolean {
  return /^[\x20-\x7e]+$/.test(name) && secureFilename(name) === name && name.endsWith('.wapt');
}

/** A plain file name inside one folder: no separators, no `..`, no hidden or empty names. */
export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !/[/\\]/.test(name) &&
    !name.includes('\0') &&
    !name.startsWith('.') &&
    name !== '..'
  );
}

export interface TempFile {
  path: string;
  size: number;
  md5: string;
}

export class BodyTooLargeError extends WaptError {
  constructor(limit: number) {
    super('requestentitytoolarge', `upload larger than ${limit} bytes`, 413);
  }
}

/** Streams `source` to a new temp file, hashing it; removes the file on any failure. */
export async function streamToTempFile(
  source: Readable,
  tmpDir: string,
  maxBytes: number,
): Promise<TempFile> {
  await mkdir(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `upload-${randomBytes(8).toString('hex')}.part`);
  const md5 = createHash('md5');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > maxBytes) {
        cb(new BodyTooLargeError(maxBytes));
        return;
      }
      md5.update(chunk);
      cb(null, chunk);
    },
  });
  // The source may have failed while the folder was being created (a multipart part cut short
  // errors as soon as the body ends); pipeline() would then wait forever for it.
  const failed = (source as Readable & { errored?: Error | null }).errored;
  if (failed) throw failed;
  if (source.destroyed && !source.readableEnded) throw new Error('the upload stream ended early');
  try {
    await pipeline(source, meter, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return { path: file, size, md5: md5.digest('hex') };
}

/** Moves a checked temp file into the repository (rename: atomic on one volume). */
export async function moveIntoPlace(tmp: string, dest: string): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  await rename(tmp, dest);
}
