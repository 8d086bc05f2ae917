/**
 * `agent build` as a new user runs it: a real process, a fresh HOME (no wine prefix, no
 * ~/.cache), started from a folder outside the checkout, with the bundled ISCC found next to the
 * program (not in the working directory). And Ctrl+C: one line, previous build intact, no
 * temporary file. The fresh-machine test needs wine (skipped without it); Ctrl+C uses the fake ISCC.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { bundledIsccPath } from '../../../../electron/core/agent-build/iscc-runner';
import { createAdminIdentity, KEY_PASSWORD } from '../../../support/agent-fixtures';

const ROOT = path.resolve('.');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const CLI = path.join(ROOT, 'electron/cli/main.ts');
const FAKE = path.join(ROOT, 'test/fakes/fake-iscc.mjs');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const wineAvailable = process.platform !== 'win32' && has('wine') && bundledIsccPath() !== undefined;

let work: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'agent-fresh-'));
  await createAdminIdentity(work);
  writeFileSync(path.join(work, 'key.pw'), `${KEY_PASSWORD}\n`);
  writeFileSync(
    path.join(work, 'agent.json'),
    JSON.stringify({
      prefix: 'demo',
      repoUrl: 'https://srv/wapt',
      verifyCert: '0',
      certificates: ['admin.crt'],
    }),
  );
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The environment of a new user: own HOME and TMPDIR, none of the console's variables. */
function freshEnv(home: string, tmp: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    ...extra,
  };
  return env;
}

const cliArgs = (out: string, more: string[] = []) => [
  TSX,
  CLI,
  'agent',
  'build',
  'agent.json',
  '--key',
  'admin.pem',
  '--cert',
  'admin.crt',
  '--password-file',
  'key.pw',
  '--out',
  out,
  '--no-upload',
  ...more,
];

describe.skipIf(!wineAvailable)('a fresh machine', () => {
  it('creates the wine prefix and its parents on first use, with a progress line, and finds ISCC next to the program', () => {
    const home = path.join(work, 'home');
    const tmp = path.join(work, 'tmp1');
    mkdirSync(home);
    mkdirSync(tmp);
    // The working directory is outside the checkout: a relative lookup of node_modules would fail.
    const r = spawnSync(process.execPath, cliArgs('out-fresh'), {
      cwd: work,
      env: freshEnv(home, tmp),
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    // Its own step, of unknown length (no percentage: an indeterminate bar in the console), then done.
    expect(r.stderr).toMatch(/^\[ +…\] Preparing the Windows compatibility layer, once/m);
    expect(r.stderr).toMatch(/^\[ +6%\] Windows compatibility layer ready$/m);
    const prefix = path.join(home, '.cache', 'wapt-console', 'wine');
    expect(existsSync(path.join(prefix, 'system.reg'))).toBe(true);
    expect(existsSync(path.join(work, 'out-fresh', 'waptagent.exe'))).toBe(true);
    expect(r.stdout).toContain(`installer script       bundled template`);
    // Second run: the prefix exists, no preparation line.
    const again = spawnSync(process.execPath, cliArgs('out-fresh'), {
      cwd: work,
      env: freshEnv(home, tmp),
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(again.status).toBe(0);
    expect(again.stderr).not.toContain('Windows compatibility layer');
    spawnSync('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: prefix } });
    // Nothing of ours is left in the temporary folder (wine and tsx keep their own folders there).
    expect(readdirSync(tmp).filter((n) => !/^(wine|tsx)-/.test(n))).toEqual([]);
  }, 300_000);
});

describe('Ctrl+C', () => {
  const digest = (dir: string) =>
    Object.fromEntries(
      readdirSync(dir)
        .sort()
        .map((n) => [
          n,
          createHash('sha256')
            .update(readFileSync(path.join(dir, n)))
            .digest('hex'),
        ]),
    );

  /** Runs the CLI, sends SIGINT when stderr shows `when`, and returns what it printed. */
  function interruptWhen(when: string, base: string, tmp: string, env: Record<string, string> = {}) {
    return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, cliArgs('out', ['--iscc', FAKE, '--wapt-base-dir', base]), {
        cwd: work,
        env: freshEnv(path.join(work, 'home-c'), tmp, env),
      });
      let stderr = '';
      let stdout = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!sent && stderr.includes(when)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (code) => resolve({ code, stderr, stdout }));
    });
  }

  it('during the compile and during the waptupgrade step: one line, exit 1, previous build intact, no temporary file', async () => {
    const base = await createDemoBaseDir(path.join(work, 'base-c'));
    // A large, incompressible waptdeploy.exe keeps the waptupgrade step busy long enough to interrupt it.
    const block = randomBytes(1024 * 1024);
    writeFileSync(path.join(base, 'waptdeploy.exe'), Buffer.concat(Array.from({ length: 64 }, () => block)));
    mkdirSync(path.join(work, 'home-c'), { recursive: true });
    const tmp = path.join(work, 'tmp-c');
    mkdirSync(tmp);
    const first = spawnSync(process.execPath, cliArgs('out', ['--iscc', FAKE, '--wapt-base-dir', base]), {
      cwd: work,
      env: freshEnv(path.join(work, 'home-c'), tmp),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(first.stderr).not.toMatch(/error/);
    expect(first.status).toBe(0);
    const before = digest(path.join(work, 'out'));
    for (const [when, env] of [
      ['Compiling waptagent.exe with Inno Setup', { FAKE_ISCC_MODE: 'sleep' }],
      ['Building demo-waptupgrade', {}],
    ] as const) {
      const r = await interruptWhen(when, base, tmp, env);
      const errorLines = r.stderr.split('\n').filter((l) => /error|Error| {4}at /.test(l));
      expect(errorLines, `${when}\n${r.stderr}`).toEqual([
        'error [CANCELLED/CANCELLED]: the agent build was cancelled',
      ]);
      expect(r.code).toBe(1);
      expect(digest(path.join(work, 'out')), when).toEqual(before);
      expect(
        readdirSync(tmp).filter((n) => !/^(wine|tsx)-/.test(n)),
        when,
      ).toEqual([]);
    }
  }, 240_000);
});
