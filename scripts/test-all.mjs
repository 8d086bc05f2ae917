#!/usr/bin/env node
// `npm test`: everything CI runs — type-check, lint and format check (side by side, each output
// printed as one block when it ends), then the unit/contract/integration tests (Vitest), then the
// browser end-to-end tests (Playwright + Debian's Chromium) — and one closing line
// `N passed, N failed, N skipped` counted from the runners' JSON reports (type-check, lint and the
// format check count as one check each). Exit code 0 only when nothing failed. Vitest and
// Playwright one after the other: side by side, with three Vitest files at a time, the real CLI
// processes and wine compiles of the integration tests missed their bounds on two cores.
//   npm test -- --skip-e2e     unit layers only
//   npm test -- --only-e2e     browser end-to-end only
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

/**
 * Runs a command with its output shown live; resolves with its success. Never spawnSync: a runner
 * started aside must keep being read meanwhile, or it stalls on a full pipe.
 */
function run(label, cmd, cmdArgs, env = {}) {
  console.log(`\n=== ${label}`);
  const started = Date.now();
  const child = spawn(cmd, cmdArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: process.env.CI ?? '1', ...env },
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      console.log(
        `=== ${label}: ${code === 0 ? 'ok' : `exit ${code ?? signal}`} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
      resolve(code === 0);
    });
  });
}

/** Starts a runner with its output kept aside; resolves once it ended, after printing that output. */
function runAside(label, cmd, cmdArgs, env = {}) {
  const started = Date.now();
  const child = spawn(cmd, cmdArgs, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: process.env.CI ?? '1', ...env },
  });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      console.log(`\n=== ${label}`);
      process.stdout.write(Buffer.concat(chunks));
      console.log(
        `=== ${label}: ${code === 0 ? 'ok' : `exit ${code ?? signal}`} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
      resolve(code === 0);
    });
  });
}

function check(label, ok) {
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

mkdirSync(path.join(root, 'reports'), { recursive: true });

if (!args.has('--only-e2e')) {
  const [typecheck, lint, format] = await Promise.all([
    runAside('typecheck (tsc -b)', bin('tsc'), ['-b']),
    runAside('lint (eslint)', bin('eslint'), ['.', '--max-warnings', '0']),
    runAside('format (prettier --check; fix with npm run format)', bin('prettier'), [
      '--check',
      '.',
      '--log-level',
      'warn',
    ]),
  ]);
  check('typecheck', typecheck);
  check('lint', lint);
  check('format', format);
}

if (!args.has('--only-e2e')) {
  const vitestReport = path.join(root, 'reports', 'vitest.json');
  rmSync(vitestReport, { force: true });
  const vitestOk = await run('unit, contract and integration tests (vitest)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
  ]);
  const v = readJson(vitestReport);
  if (v) {
    totals.passed += v.numPassedTests ?? 0;
    // A suite that fails to load has no failed tests of its own: count it once.
    const brokenSuites = (v.numFailedTestSuites ?? 0) > 0 && (v.numFailedTests ?? 0) === 0 ? 1 : 0;
    totals.failed += (v.numFailedTests ?? 0) + brokenSuites;
    totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
    if (!vitestOk) failures.push('vitest');
  } else check('vitest (no report)', false);
}

if (!args.has('--skip-e2e')) {
  const built = await run('build the renderer for browser mode', process.execPath, [
    path.join(root, 'scripts', 'build.mjs'),
    '--renderer-only',
  ]);
  check('renderer build', built);
  if (built) {
    const pwReport = path.join(root, 'reports', 'playwright.json');
    rmSync(pwReport, { force: true });
    const pwOk = await run('browser end-to-end tests (playwright, /usr/bin/chromium)', bin('playwright'), [
      'test',
    ]);
    const p = readJson(pwReport);
    if (p?.stats) {
      // A test that passed only on its retry is a failure (playwright.config.ts: failOnFlakyTests).
      const failed = (p.stats.unexpected ?? 0) + (p.stats.flaky ?? 0);
      totals.passed += p.stats.expected ?? 0;
      totals.failed += failed;
      totals.skipped += p.stats.skipped ?? 0;
      if (!pwOk && failed === 0) check('playwright (runner error)', false);
    } else check('playwright (no report)', existsSync(pwReport) && pwOk);
  }
}

if (failures.length > 0) console.log(`\nfailed: ${failures.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && failures.length === 0 ? 0 : 1);
