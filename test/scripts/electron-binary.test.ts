import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir';

// electron ≥ 42 downloads its binary on the first require('electron'); the start script and the
// Electron smoke tests must find (or not find) the binary without that side effect.
const root = path.resolve(__dirname, '../..');
const tempDir = useTempDirs('electron-binary-');

function locate(env: Record<string, string | undefined>) {
  const code = `import('${path.join(root, 'scripts/electron-binary.mjs')}').then((m) => console.log(JSON.stringify(m.findElectronBinary() ?? null)))`;
  const r = spawnSync(process.execPath, ['-e', code], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: undefined, ...env },
  });
  return {
    value: JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as string | null,
    out: r.stdout + r.stderr,
  };
}

describe('findElectronBinary', () => {
  it('answers "not installed" without trying to download the binary', () => {
    const r = locate({});
    expect(r.value).toBeNull();
    expect(r.out).not.toContain('Downloading');
  });

  it('finds a binary through ELECTRON_OVERRIDE_DIST_PATH, as electron itself does', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'electron'), '');
    expect(locate({ ELECTRON_OVERRIDE_DIST_PATH: dir }).value).toBe(path.join(dir, 'electron'));
  });
});
