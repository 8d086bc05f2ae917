import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../common/errors';
import { parseCommandArgs } from '../../../electron/cli/args';
import { runCli } from '../../../electron/cli/run';
import { readPassword } from '../../../electron/cli/secrets';
import type { CliCommand } from '../../../electron/cli/types';
import { memoryIo } from '../../support/cli-io';
import { useTempDirs } from '../../support/temp-dir';

const echo: CliCommand = {
  path: ['demo', 'echo'],
  summary: 'echo a value',
  usage: 'wapt-console demo echo VALUE [--upper]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { upper: { type: 'boolean' } },
      { min: 1, max: 1, names: 'VALUE' },
    );
    io.out(values.upper ? positionals[0]!.toUpperCase() : positionals[0]!);
    return 0;
  },
};
const failing: CliCommand = {
  path: ['demo', 'fail'],
  summary: 'fails',
  usage: 'wapt-console demo fail',
  async run() {
    throw new ConsoleError('PACKAGE_INVALID', 'zip entry escapes the package: ../x', {
      details: { reason: 'ZIP_SLIP' },
    });
  },
};

describe('runCli', () => {
  it('lists the commands with --help (exit 0) and with no arguments (exit 2, on stderr)', async () => {
    const a = memoryIo();
    expect(await runCli(['--help'], a.io, [echo, failing])).toBe(0);
    expect(a.text()).toContain('demo echo  echo a value');
    const b = memoryIo();
    expect(await runCli([], b.io, [echo, failing])).toBe(2);
    expect(b.errText()).toContain('usage: wapt-console');
  });

  it('runs the longest matching command and shows its usage with --help', async () => {
    const a = memoryIo();
    expect(await runCli(['demo', 'echo', 'x', '--upper'], a.io, [echo])).toBe(0);
    expect(a.out).toEqual(['X']);
    const b = memoryIo();
    expect(await runCli(['demo', 'echo', '--help'], b.io, [echo])).toBe(0);
    expect(b.text()).toBe(echo.usage);
  });

  it('names an unknown command and suggests neighbours', async () => {
    const a = memoryIo();
    expect(await runCli(['demo', 'ech'], a.io, [echo, failing])).toBe(2);
    expect(a.errText()).toContain("unknown command 'demo ech'");
    expect(a.errText()).toContain('did you mean: demo echo, demo fail');
  });

  it('reports usage errors (unknown option, missing argument) with exit 2 and the usage line', async () => {
    const a = memoryIo();
    expect(await runCli(['demo', 'echo', 'x', '--lower'], a.io, [echo])).toBe(2);
    expect(a.errText()).toMatch(/Unknown option '--lower'/);
    expect(a.errText()).toContain('usage: wapt-console demo echo VALUE');
    const b = memoryIo();
    expect(await runCli(['demo', 'echo'], b.io, [echo])).toBe(2);
    expect(b.errText()).toContain('expected VALUE, got nothing');
  });

  it('prints a domain failure as code/reason and message, exit 1, no stack', async () => {
    const a = memoryIo();
    expect(await runCli(['demo', 'fail'], a.io, [failing])).toBe(1);
    expect(a.errText()).toBe('error [PACKAGE_INVALID/ZIP_SLIP]: zip entry escapes the package: ../x');
  });
});

describe('readPassword', () => {
  const tmp = useTempDirs();
  it('reads a password file, stripping only the final line break', async () => {
    const f = path.join(tmp(), 'pw');
    writeFileSync(f, '  pass word \n');
    expect(await readPassword(memoryIo().io, f, 'Password: ')).toBe('  pass word ');
  });
  it('prompts only on a terminal, and refuses clearly otherwise', async () => {
    expect(
      await readPassword(memoryIo({ interactive: true, answers: ['typed'] }).io, undefined, 'Password: '),
    ).toBe('typed');
    await expect(readPassword(memoryIo().io, undefined, 'Password: ')).rejects.toThrow(/--password-file/);
    await expect(readPassword(memoryIo().io, '/nonexistent/pw', 'Password: ')).rejects.toMatchObject({
      code: 'IO',
      details: { reason: 'PASSWORD_FILE' },
    });
  });
});

describe('the real CLI process', () => {
  it('`wapt-console --help` and `version` work through the bin entry point', () => {
    const bin = path.resolve('bin', 'wapt-console.mjs');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('commands:');
    const version = spawnSync(process.execPath, [bin, 'version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = spawnSync(process.execPath, [bin, 'no-such-command'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    // Three real processes, each compiling the CLI through tsx: a bound for a busy machine (Vitest
    // runs three files at a time), not an estimate; it took 37 s once on a saturated one.
  }, 120_000);
});
