#!/usr/bin/env node
// `npm run screenshots:update`: rebuilds the renderer, then runs the screenshot spec
// (test/e2e/web/screenshots.spec.ts) so that it rewrites its comparison baselines
// (test/e2e/web/screenshots.spec.ts-snapshots/) and the README's pictures (docs/screenshots/).
// Run it after a deliberate change of the UI, look at the new pictures, and commit them.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs', '--renderer-only']);
run(
  path.join(root, 'node_modules', '.bin', 'playwright'),
  ['test', 'test/e2e/web/screenshots.spec.ts', '--project=web', '--update-snapshots', '--retries=0'],
  { WAPT_SCREENSHOTS_WRITE: '1' },
);
console.log('screenshots: baselines and docs/screenshots/ rewritten; review them before committing');
