#!/usr/bin/env node
// Builds every runnable part into dist/:
//   dist/renderer/            the React renderer (Vite)
//   dist/browser-bridge/      browser mode's window.consoleBridge installer (esbuild, IIFE)
//   dist/preload/index.cjs    the sandboxed Electron preload, one bundled file (esbuild)
//   dist/electron/main.cjs    the Electron main process (esbuild; npm packages stay external)
//   dist/electron/demo-server-child.cjs  the embedded demo server's utility process (esbuild)
//   dist/cli/main.mjs         the CLI (esbuild)
// `--renderer-only` builds the first two (all browser mode and the browser E2E tests need).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererOnly = process.argv.includes('--renderer-only');
const started = Date.now();

await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
await esbuild({
  entryPoints: [path.join(root, 'preload', 'web-bridge.ts')],
  outfile: path.join(root, 'dist', 'browser-bridge', 'web-bridge.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  legalComments: 'none',
});

if (!rendererOnly) {
  // CJS bundles have no import.meta: give modules that locate package.json a file URL for themselves.
  const cjsImportMeta = {
    define: { 'import.meta.url': '__wapt_import_meta_url' },
    banner: { js: "const __wapt_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  };
  await esbuild({
    entryPoints: [path.join(root, 'preload', 'index.ts')],
    outfile: path.join(root, 'dist', 'preload', 'index.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'chrome120',
    external: ['electron'],
  });
  await esbuild({
    entryPoints: [path.join(root, 'electron', 'main.ts')],
    outfile: path.join(root, 'dist', 'electron', 'main.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    ...cjsImportMeta,
  });
  // The embedded demo server's own process (an Electron utility process; electron/demo-server.ts).
  await esbuild({
    entryPoints: [path.join(root, 'electron', 'demo-server-child.ts')],
    outfile: path.join(root, 'dist', 'electron', 'demo-server-child.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    ...cjsImportMeta,
  });
  await esbuild({
    entryPoints: [path.join(root, 'electron', 'cli', 'main.ts')],
    outfile: path.join(root, 'dist', 'cli', 'main.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
  });
}

await mkdir(path.join(root, 'dist'), { recursive: true });
await writeFile(
  path.join(root, 'dist', '.build-stamp'),
  `${new Date().toISOString()} ${rendererOnly ? 'renderer' : 'all'}\n`,
);
console.log(
  `build: ${rendererOnly ? 'renderer + browser bridge' : 'renderer, bridges, main, CLI'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
