/**
 * MD5 of a package name, for the one case where WAPT's `.wapt` file name uses it: a name with
 * characters outside the file-name rule (docs/wapt-package-format.md §4). Not a
 * security use. The library runs in Node only, so Node's crypto computes it.
 */
import { createHash } from 'node:crypto';

export function md5Hex(input: string | Uint8Array): string {
  return createHash('md5').update(input).digest('hex');
}
