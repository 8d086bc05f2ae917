import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

let cached: string | undefined;

/** The version in package.json, read once (works from sources run by tsx and from the bundles in dist/). */
export function appVersion(): string {
  if (cached !== undefined) return cached;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'wapt-console' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      /* keep walking up */
    }
    if (path.dirname(dir) === dir) return (cached = '0.0.0');
  }
}
