#!/usr/bin/env node
// `npm start [-- --browser] [-- --port P --no-open --user-data DIR --demo-hosts N]`
// Builds what is stale, then opens the Electron app when its binary is installed and a display
// exists; otherwise starts browser mode (same renderer, router and core over a loopback bridge).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { findElectronBinary } from './electron-binary.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.WAPT_CONSOLE_BROWSER_MODE === '1';
const passThrough = args.filter((a) => a !== '--browser');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const electron = forceBrowser ? undefined : findElectronBinary();
const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const useElectron = electron !== undefined && hasDisplay;

const stamp = path.join(root, 'dist', '.build-stamp');
const sources = ['renderer', 'common', 'preload', 'electron', 'server'].map((d) => path.join(root, d));
const stale =
  !existsSync(stamp) ||
  Math.max(...sources.map(newestMtime)) > statSync(stamp).mtimeMs ||
  (useElectron && !existsSync(path.join(root, 'dist', 'electron', 'main.cjs')));
if (stale) {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'build.mjs'), ...(useElectron ? [] : ['--renderer-only'])],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

let child;
if (useElectron) {
  child = spawn(electron, [root, ...passThrough], { stdio: 'inherit' });
} else {
  const why = forceBrowser
    ? 'browser mode requested'
    : electron === undefined
      ? 'Electron binary not installed'
      : 'no display for a desktop window';
  console.log(`${why}: starting the console in browser mode.`);
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  child = spawn(
    process.execPath,
    [tsx, path.join(root, 'electron', 'browser-mode', 'main.ts'), ...passThrough],
    { stdio: 'inherit' },
  );
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
