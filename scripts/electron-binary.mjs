// Finds the Electron executable without side effects. Since electron 42, `require('electron')`
// downloads the binary when it is missing (and fails where downloads are impossible, printing
// "Downloading Electron binary..."), so the start script and the Electron smoke tests ask here
// instead: the override variable electron itself honours, then the path its installer records.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The Electron executable's absolute path, or undefined when the binary is not installed. */
export function findElectronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined; // the npm package itself is absent
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative || 'electron')
    : relative
      ? path.join(pkgDir, 'dist', relative)
      : undefined;
  return candidate && existsSync(candidate) ? candidate : undefined;
}
