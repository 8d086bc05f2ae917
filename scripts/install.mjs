// `npm ci` that also works on a machine without access to github.com and nodejs.org (this
// project's CI, a locked-down workstation) and with an empty HOME. better-sqlite3 is a native
// module: its install tries a prebuilt binary from github.com, then compiles with node-gyp, which
// downloads Node's headers from nodejs.org unless npm's `nodedir` says where they are. Machines
// that have Node's headers installed beside it (Debian's nodejs-dev: /usr/include/node) usually
// set `nodedir` in the user's ~/.npmrc, which a fresh HOME lacks; then this points npm at them.
// A `nodedir` the user configured is left alone, and nothing is set where the headers are absent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `nodedir` to give npm, or undefined to leave npm's own setting. `configured` is what
 * `npm config get nodedir` printed ('undefined' or '' when unset).
 */
export function nodedirFor({ configured, execPath, exists }) {
  if (configured !== undefined && configured !== '' && configured !== 'undefined') return undefined;
  const prefix = path.dirname(path.dirname(execPath));
  return exists(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const configured = spawnSync(npm, ['config', 'get', 'nodedir'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout?.trim();
  const nodedir = nodedirFor({ configured, execPath: process.execPath, exists: existsSync });
  const env = { ...process.env, ...(nodedir ? { npm_config_nodedir: nodedir } : {}) };
  if (nodedir) console.log(`install: native modules are built against this Node's headers in ${nodedir}`);
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(r.status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
