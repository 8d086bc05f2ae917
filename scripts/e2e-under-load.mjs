#!/usr/bin/env node
// `npm run test:e2e:load [-- RUNS]`: the browser E2E suite RUNS times in a row (default 3), with no
// retries, while one busy-looping process per core keeps the machine saturated. A test that waits
// on timing instead of application state fails here; CI runs the suite once, on a quiet machine.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--renderer-only'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const hogs = os.cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopHogs = () => hogs.forEach((h) => h.kill('SIGKILL'));
process.on('exit', stopHogs);
process.on('SIGINT', () => process.exit(130));

let failedRuns = 0;
for (let i = 1; i <= runs; i++) {
  console.log(`\n=== E2E under load: run ${i} of ${runs} (${hogs.length} busy processes)`);
  const r = spawnSync(bin('playwright'), ['test', '--project=web', '--retries=0', '--reporter=line'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) failedRuns++;
}
stopHogs();
console.log(`\n${runs - failedRuns} passed, ${failedRuns} failed (runs of the E2E suite under load)`);
process.exit(failedRuns === 0 ? 0 : 1);
