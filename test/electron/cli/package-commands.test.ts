import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import type { CliIo } from '../../../electron/cli/types';
import { tempDir } from '../../wapt/packages/helpers';

const tmp = tempDir('wapt-cli-');
const d = tmp.dir;
afterAll(() => tmp.cleanup());

function memoryIo(opts: { interactive?: boolean; answers?: string[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const prompts: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: opts.interactive ?? false,
    cwd: d,
    env: {},
    interrupted: new AbortController().signal,
    promptSecret: async (q) => {
      prompts.push(q);
      return answers.shift() ?? '';
    },
  };
  return { io, out, err, prompts };
}

async function cli(argv: string[], opts?: Parameters<typeof memoryIo>[0]) {
  const m = memoryIo(opts);
  const code = await runCli(argv, m.io);
  return { code, ...m };
}

describe('CLI: keys and packages', () => {
  writeFileSync(path.join(d, 'pw.txt'), 'correct horse\n');
  writeFileSync(path.join(d, 'bad.txt'), 'wrong horse\n');

  it('creates keys, builds, verifies, re-signs and inspects', async () => {
    const keys = await cli([
      'keys',
      'create',
      '--name',
      'admin',
      '--out',
      'keys',
      '--password-file',
      'pw.txt',
      '--code-signing',
      '--ca',
      '--days',
      '30',
    ]);
    expect(keys.code).toBe(0);
    expect(keys.out).toEqual([path.join(d, 'keys/admin.pem'), path.join(d, 'keys/admin.crt')]);
    expect(
      execFileSync(
        'openssl',
        ['pkey', '-in', path.join(d, 'keys/admin.pem'), '-passin', 'pass:correct horse', '-noout'],
        { stdio: 'pipe' },
      ),
    ).toBeDefined();
    expect(
      (await cli(['keys', 'create', '--name', 'admin', '--out', 'keys', '--password-file', 'pw.txt'])).code,
    ).toBe(1);
    // Interactive: asked twice.
    const inter = await cli(
      ['keys', 'create', '--name', 'other', '--out', 'keys', '--cn', 'Other Signer', '--code-signing'],
      { interactive: true, answers: ['pw2', 'pw2'] },
    );
    expect(inter.code).toBe(0);
    expect(inter.prompts).toHaveLength(2);
    // Not interactive and no password file: refused, nothing written.
    const noPw = await cli(['keys', 'create', '--name', 'third', '--out', 'keys']);
    expect(noPw.code).toBe(2);
    expect(existsSync(path.join(d, 'keys/third.pem'))).toBe(false);

    mkdirSync(path.join(d, 'src/WAPT'), { recursive: true });
    writeFileSync(path.join(d, 'src/WAPT/control'), 'package: tis-cli\nversion: 1.0-1\nmaturity: PROD\n');
    writeFileSync(path.join(d, 'src/setup.py'), 'def install():\n    pass\n');
    const build = await cli([
      'package',
      'build',
      'src',
      '--key',
      'keys/admin.pem',
      '--cert',
      'keys/admin.crt',
      '--password-file',
      'pw.txt',
      '--out',
      'out',
    ]);
    expect(build.code).toBe(0);
    const pkg = build.out.at(-1)!;
    expect(pkg).toBe(path.join(d, 'out/tis-cli_1.0-1_PROD.wapt'));

    const wrong = await cli([
      'package',
      'build',
      'src',
      '--key',
      'keys/admin.pem',
      '--cert',
      'keys/admin.crt',
      '--password-file',
      'bad.txt',
      '--out',
      'out2',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.err.join('\n')).toContain('KEY_INVALID/WRONG_PASSWORD');
    expect(wrong.err.join('\n')).not.toContain('horse');
    expect(existsSync(path.join(d, 'out2')) ? readdirSync(path.join(d, 'out2')) : []).toEqual([]);

    expect((await cli(['package', 'verify', pkg, '--trusted', 'keys/admin.crt'])).code).toBe(0);
    expect((await cli(['package', 'verify', pkg, '--trusted', 'keys'])).code).toBe(0);
    const untrusted = await cli(['package', 'verify', pkg, '--trusted', 'keys/other.crt']);
    expect(untrusted.code).toBe(1);
    expect(untrusted.err[0]).toMatch(/^error \[CERT_INVALID\/UNTRUSTED\]: certificate "admin"/);

    const sign = await cli(['package', 'sign', pkg, '--key', 'keys/other.pem', '--cert', 'keys/other.crt'], {
      interactive: true,
      answers: ['pw2'],
    });
    expect(sign.code).toBe(0);
    expect((await cli(['package', 'verify', pkg, '--trusted', 'keys/other.crt'])).code).toBe(0);

    const inspect = await cli(['package', 'inspect', pkg]);
    expect(inspect.code).toBe(0);
    const json = JSON.parse(inspect.out.join('\n'));
    expect(json.control.signer).toBe('Other Signer');
    expect(json.members.map((m: { name: string }) => m.name)).toContain('setup.py');
  });

  it('rejects passwords on the command line and unknown options as usage errors', async () => {
    const r = await cli([
      'package',
      'build',
      'src',
      '--key',
      'k',
      '--cert',
      'c',
      '--password',
      'secret',
      '--out',
      'o',
    ]);
    expect(r.code).toBe(2);
    expect((await cli(['package', 'verify'])).code).toBe(2);
  });

  it('runs as a real process: exit 0 for a valid package, 1 with the reason on stderr otherwise', () => {
    const main = path.resolve('electron/cli/main.ts');
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    const pkg = path.join(d, 'out/tis-cli_1.0-1_PROD.wapt');
    const ok = spawnSync(
      process.execPath,
      [tsx, main, 'package', 'verify', pkg, '--trusted', path.join(d, 'keys/other.crt')],
      { encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('valid: tis-cli 1.0-1 signed by "Other Signer"');
    writeFileSync(path.join(d, 'junk.wapt'), 'not a zip');
    const bad = spawnSync(process.execPath, [tsx, main, 'package', 'verify', path.join(d, 'junk.wapt')], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('PACKAGE_INVALID/NOT_A_ZIP');
    // Real processes compiling the CLI through tsx: a bound for a busy machine, not an estimate.
  }, 120_000);
});
