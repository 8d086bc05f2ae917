#!/usr/bin/env node
// `npm run test:e2e:load [-- RUNS] [SPEC…]`: the browser E2E suite (or only the given spec files,
// e.g. `npm run test:e2e:load -- 3 test/e2e/web/hosts.spec.ts`) RUNS times in a row (default 3),
// with no retries, while one busy-looping process per core keeps the machine saturated. A test
// that waits on timing instead of application state fails here; CI runs the suite once, on a
// quiet machine.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 3;
if (runs < 1) {
  console.error('e2e-under-load: RUNS must be at least 1');
  process.exit(2);
}
// Anything else is handed to Playwright as test filters (spec files or `file:line`).
const specs = args;
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--renderer-only'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

// Each busy process also checks now and then that this script is still alive, so a hard kill of
// the script never leaves cores spinning.
const HOG = `const parent = ${process.pid}; for (let i = 1; ; i++) if (i % 5e7 === 0) { try { process.kill(parent, 0); } catch { process.exit(0); } }`;
const hogs = os.cpus().map(() => spawn(process.execPath, ['-e', HOG], { stdio: 'ignore' }));
const stopHogs = () => hogs.forEach((h) => h.kill('SIGKILL'));
process.on('exit', stopHogs);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

let failedRuns = 0;
for (let i = 1; i <= runs; i++) {
  console.log(
    `\n=== E2E under load: run ${i} of ${runs} (${hogs.length} busy processes)` +
      (specs.length > 0 ? `: ${specs.join(' ')}` : ''),
  );
  const r = spawnSync(
    bin('playwright'),
    ['test', '--project=web', '--retries=0', '--reporter=line', ...specs],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) failedRuns++;
}
stopHogs();
const what = specs.length > 0 ? specs.join(' ') : 'the E2E suite';
console.log(`\n${runs - failedRuns} passed, ${failedRuns} failed (runs of ${what} under load)`);
process.exit(failedRuns === 0 ? 0 : 1);
