/**
 * `WAPT/manifest.sha256` and `WAPT/signature.sha256` (docs/wapt-package-format.md §5, §6).
 */
import { canonicalJson } from '../../common/domain/canonical-json';
import { packageError, signatureError } from './errors';

/** Members never listed in the manifest (PackageEntry.manifest_filename_excludes). */
export const MANIFEST_EXCLUDED: ReadonlySet<string> = new Set([
  'WAPT/signature',
  'WAPT/signature.sha256',
  'WAPT/manifest.sha256',
  'WAPT/manifest.sha1',
]);

export const CONTROL_PATH = 'WAPT/control';
export const CERTIFICATE_PATH = 'WAPT/certificate.crt';
export const MANIFEST_PATH = 'WAPT/manifest.sha256';
export const SIGNATURE_PATH = 'WAPT/signature.sha256';

/** Payload names the builder generates itself and therefore refuses from sources. */
export const GENERATED_MEMBERS: ReadonlySet<string> = new Set([
  ...MANIFEST_EXCLUDED,
  CONTROL_PATH,
  CERTIFICATE_PATH,
]);

export type ManifestEntry = readonly [path: string, sha256: string];

/**
 * Entry order is free (agents do not depend on it). We sort case-insensitively, then by code unit,
 * for reproducible output; for the §13 vector this happens to be the order WAPT wrote.
 */
export function sortManifest(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort(([a], [b]) => {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Compact, ASCII-escaped JSON, one line, no final newline. */
export function serializeManifest(entries: readonly ManifestEntry[]): string {
  return canonicalJson(sortManifest(entries).map(([p, h]) => [p, h]));
}

export function parseManifest(bytes: Buffer): Map<string, string> {
  if (bytes.includes(0x0d) || bytes.includes(0x0a)) {
    throw packageError(
      'MANIFEST_INVALID',
      'WAPT/manifest.sha256 contains line breaks; Windows agents read it in text mode and could never verify it',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw packageError('MANIFEST_INVALID', 'WAPT/manifest.sha256 is not valid JSON');
  }
  if (!Array.isArray(parsed))
    throw packageError(
      'MANIFEST_INVALID',
      'WAPT/manifest.sha256 must be a JSON list of [path, sha256] pairs',
    );
  const out = new Map<string, string>();
  for (const item of parsed) {
    if (
      !Array.isArray(item) ||
      item.length !== 2 ||
      typeof item[0] !== 'string' ||
      typeof item[1] !== 'string' ||
      !/^[0-9a-f]{64}$/.test(item[1])
    ) {
      throw packageError(
        'MANIFEST_INVALID',
        `WAPT/manifest.sha256 has a malformed entry ${JSON.stringify(item).slice(0, 120)} (expected [path, lower-case sha256 hex])`,
      );
    }
    if (out.has(item[0]))
      throw packageError(
        'MANIFEST_DUPLICATE',
        `WAPT/manifest.sha256 lists ${JSON.stringify(item[0])} twice`,
        { member: item[0] },
      );
    out.set(item[0], item[1]);
  }
  return out;
}

/** Python 2 `str.encode('base64')`: 76-column lines, each ending with `\n`. */
export function mimeBase64(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 76) out += `${b64.slice(i, i + 76)}\n`;
  return out;
}

/** Lenient reader: any whitespace, standard alphabet, padding required. */
export function decodeBase64Signature(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw signatureError('MANIFEST_SIGNATURE_ENCODING', 'WAPT/signature.sha256 is not valid base64');
  }
  return Buffer.from(compact, 'base64');
}
