/**
 * Admin password hashes in passlib's `$pbkdf2-sha256$<rounds>$<salt>$<checksum>` format, the
 * first format WAPT's `wapt_password` accepts (docs/wapt-server-api.md §2.1), so a hash can move between
 * this server and a real waptserver.ini.
 *
 * Library choice: node:crypto (OpenSSL's PBKDF2, maintained with Node itself) rather than an npm
 * bcrypt/argon2 package: no native add-on to build, no extra dependency, and the format is the
 * one WAPT reads. The async variant keeps the event loop free while hashing.
 */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
/** passlib's default for pbkdf2_sha256. */
export const DEFAULT_ROUNDS = 29_000;

/** passlib "adapted base64": standard alphabet with `.` for `+`, no padding. */
function ab64Encode(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '').replace(/\+/g, '.');
}
function ab64Decode(s: string): Buffer {
  return Buffer.from(s.replace(/\./g, '+'), 'base64');
}

export async function hashPassword(password: string, rounds = DEFAULT_ROUNDS): Promise<string> {
  const salt = randomBytes(16);
  const dk = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, rounds, 32, 'sha256');
  return `$pbkdf2-sha256$${rounds}$${ab64Encode(salt)}$${ab64Encode(dk)}`;
}

/** Constant-time check; false for any hash format this server does not read. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const m = /^\$pbkdf2-sha256\$(\d+)\$([A-Za-z0-9./]*)\$([A-Za-z0-9./]+)$/.exec(hash);
  if (m === null) return false;
  const rounds = Number(m[1]);
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > 10_000_000) return false;
  const expected = ab64Decode(m[3]!);
  const dk = await pbkdf2Async(
    Buffer.from(password, 'utf8'),
    ab64Decode(m[2]!),
    rounds,
    expected.length,
    'sha256',
  );
  return dk.length === expected.length && timingSafeEqual(dk, expected);
}
