import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir';

// .ci/install-deps.sh decides whether CI can go on after `apt-get update` fails. It is run here with
// fake `apt-get` and `dpkg` commands first on PATH: `dpkg -s` says nothing is installed (a fresh
// machine), `apt-get update` replays a recorded answer and exit code, and every call is logged.
const root = path.resolve(__dirname, '../..');
const script = path.join(root, '.ci/install-deps.sh');
const freshUpdate = readFileSync(path.join(root, 'test/fixtures/ci/apt-get-update-fresh.txt'), 'utf8');
const tempDir = useTempDirs('install-deps-');

interface FakeMachine {
  updateOutput: string;
  updateExit: number;
  installed?: string[];
  /** `apt-get install -t bookworm …` fails (version skew), the plain install works. */
  pinnedInstallFails?: boolean;
}

function runInstall(machine: FakeMachine) {
  const dir = tempDir();
  const log = path.join(dir, 'calls.log');
  writeFileSync(path.join(dir, 'update-output.txt'), machine.updateOutput);
  writeFileSync(path.join(dir, 'installed.txt'), (machine.installed ?? []).join('\n') + '\n');
  const fake = (name: string, body: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/usr/bin/env bash\necho "${name} $*" >> "${log}"\n${body}\n`);
    chmodSync(file, 0o755);
  };
  fake('dpkg', `if [ "$1" = "-s" ]; then grep -qxF "$2" "${dir}/installed.txt"; exit $?; fi\nexit 0`);
  fake(
    'apt-get',
    [
      `case " $* " in`,
      `  *" update "*) cat "${dir}/update-output.txt"; exit ${machine.updateExit} ;;`,
      `  *" -t bookworm "*) exit ${machine.pinnedInstallFails ? 100 : 0} ;;`,
      `  *) exit 0 ;;`,
      `esac`,
    ].join('\n'),
  );
  const r = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
  });
  let calls: string[] = [];
  try {
    calls = readFileSync(log, 'utf8').trim().split('\n');
  } catch {
    calls = [];
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

const installs = (calls: string[]) => calls.filter((c) => c.startsWith('apt-get') && c.includes(' install '));
const updates = (calls: string[]) => calls.filter((c) => c.startsWith('apt-get') && c.includes(' update'));

describe('.ci/install-deps.sh on a fresh machine', () => {
  it('goes on past the recorded stale i386 index failure and installs every package', () => {
    expect(freshUpdate).toMatch(/^E: Failed to fetch .*binary-i386/m);
    expect(freshUpdate).toMatch(/^E: Some index files failed to download/m);
    const r = runInstall({ updateOutput: freshUpdate, updateExit: 100 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the i386 index is stale (tolerated)');
    expect(r.calls).toContain('dpkg --add-architecture i386');
    expect(updates(r.calls)).toHaveLength(1);
    const [wine = '', others = ''] = installs(r.calls);
    expect(wine).toContain('-t bookworm');
    for (const p of ['wine', 'wine32:i386', 'wine64', 'xvfb', 'xauth']) expect(wine.split(' ')).toContain(p);
    for (const p of ['chromium', 'fonts-liberation', 'openssl', 'zip', 'osslsigncode'])
      expect(others.split(' ')).toContain(p);
  });

  it('falls back to the unpinned install when the pinned one fails', () => {
    const r = runInstall({ updateOutput: freshUpdate, updateExit: 100, pinnedInstallFails: true });
    expect(r.status).toBe(0);
    const wineInstalls = installs(r.calls).filter((c) => c.includes('wine32:i386'));
    expect(wineInstalls).toHaveLength(2);
    expect(wineInstalls[1]).not.toContain('-t bookworm');
  });

  it('stops on a failed amd64 index, printing what apt said, and installs nothing', () => {
    const amd64 = freshUpdate.replace('binary-i386', 'binary-amd64');
    const r = runInstall({ updateOutput: amd64, updateExit: 100 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('binary-amd64');
    expect(r.stdout).toContain('an error other than the stale i386 index');
    expect(installs(r.calls)).toEqual([]);
  });

  it('stops when only the summary line is there (no i386 failure before it)', () => {
    const summaryOnly = freshUpdate
      .split('\n')
      .filter((l) => !l.startsWith('E: Failed to fetch'))
      .join('\n');
    const r = runInstall({ updateOutput: summaryOnly, updateExit: 100 });
    expect(r.status).not.toBe(0);
    expect(installs(r.calls)).toEqual([]);
  });

  it('stops on any other E: line beside the tolerated ones', () => {
    const extra = `${freshUpdate}\nE: The repository 'http://mirror.example/debian bookworm Release' is not signed.\n`;
    const r = runInstall({ updateOutput: extra, updateExit: 100 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('is not signed');
  });

  it('stops when apt-get update fails without any E: line (e.g. killed)', () => {
    const r = runInstall({ updateOutput: 'Reading package lists...\n', updateExit: 100 });
    expect(r.status).not.toBe(0);
    expect(installs(r.calls)).toEqual([]);
  });

  it('asks apt nothing when every package is already installed', () => {
    const all = [
      'wine',
      'wine32:i386',
      'wine64',
      'xvfb',
      'xauth',
      'chromium',
      'fonts-liberation',
      'openssl',
      'zip',
    ];
    const r = runInstall({ updateOutput: freshUpdate, updateExit: 100, installed: [...all, 'osslsigncode'] });
    expect(r.status).toBe(0);
    expect(r.calls.filter((c) => c.startsWith('apt-get'))).toEqual([]);
  });

  it('installs only what is missing, updating the index once', () => {
    const r = runInstall({
      updateOutput: freshUpdate,
      updateExit: 100,
      installed: ['wine', 'wine32:i386', 'wine64', 'xvfb', 'xauth', 'chromium', 'openssl'],
    });
    expect(r.status).toBe(0);
    expect(updates(r.calls)).toHaveLength(1);
    const only = installs(r.calls);
    expect(only).toHaveLength(1);
    expect(only[0]).toMatch(/fonts-liberation zip osslsigncode$/);
    expect(r.calls).not.toContain('dpkg --add-architecture i386');
  });
});
