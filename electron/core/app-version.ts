import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

let root: { dir: string; version: string } | undefined;

function locate(): { dir: string; version: string } {
  if (root) return root;
  // Works from the sources run by tsx and from the bundles in dist/: walk up to our package.json.
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'wapt-console' && typeof pkg.version === 'string')
        return (root = { dir, version: pkg.version });
    } catch {
      /* keep walking up */
    }
    if (path.dirname(dir) === dir) throw new Error('cannot locate the wapt-console package root');
  }
}

/** The version in package.json. */
export const appVersion = (): string => locate().version;

/** The directory holding package.json (the checkout, or the app inside app.asar). */
export const packageRoot = (): string => locate().dir;
