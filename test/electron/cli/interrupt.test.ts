/**
 * Issue 12 point 7: Ctrl+C in a long CLI command ends with exactly one line on stderr and no
 * stack trace, whether the command stops itself (package build), ignores the interruption, or
 * lets an error escape. Real child processes receive a real SIGINT; the moment to send it is
 * taken from the process's own state (its "started" line, its temporary file), never a delay.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../wapt/packages/helpers';

const tmp = tempDir('wapt-sigint-');
const d = tmp.dir;
afterAll(() => tmp.cleanup());

interface Ended {
  code: number | null;
  stderr: string[];
  stdout: string;
}

function start(args: string[], onStarted: (send: () => void, stdout: string) => boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: path.resolve('.'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  const send = () => {
    if (!sent) child.kill('SIGINT');
    sent = true;
  };
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (!sent) onStarted(send, stdout);
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const ended = new Promise<Ended>((resolve) =>
    child.on('exit', (code) =>
      resolve({ code, stdout, stderr: stderr.split('\n').filter((l) => l.trim() !== '') }),
    ),
  );
  return { child, send, ended };
}

const noStack = (lines: string[]) => {
  for (const l of lines) expect(l).not.toMatch(/^\s+at |node:internal|Error: /);
};

describe('Ctrl+C in the CLI', () => {
  it('a command that ignores the interruption ends after the grace period with one line', async () => {
    const p = start(['test/support/stubborn-cli.ts', 'stubborn', '200'], (send, out) => {
      if (out.includes('started')) send();
      return true;
    });
    const r = await p.ended;
    expect(r.code).toBe(130);
    expect(r.stderr).toEqual([
      'error [CANCELLED/INTERRUPTED]: interrupted before the command could stop cleanly',
    ]);
  }, 60_000);

  it('a second Ctrl+C ends it at once, still with one line', async () => {
    const p = start(['test/support/stubborn-cli.ts', 'stubborn', '600000'], (send, out) => {
      if (out.includes('started')) send();
      return true;
    });
    // The first SIGINT is taken (the process keeps running, says so); the second one ends it.
    p.child.stdout.on('data', (c: Buffer) => {
      if (c.toString().includes('interrupt noted')) p.child.kill('SIGINT');
    });
    const r = await p.ended;
    expect(r.code).toBe(130);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^error \[CANCELLED\/INTERRUPTED\]: /);
  }, 60_000);

  it('an error escaping every handler is one INTERNAL line, not a stack dump', async () => {
    const p = start(['test/support/stubborn-cli.ts', 'escape', '5000'], () => true);
    const r = await p.ended;
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['error [INTERNAL]: Cannot read properties of undefined (reading "x")']);
    noStack(r.stderr);
  }, 60_000);

  it('`package build` of a large tree stops, leaves nothing behind and prints one line', async () => {
    const src = path.join(d, 'big');
    mkdirSync(path.join(src, 'WAPT'), { recursive: true });
    writeFileSync(path.join(src, 'WAPT/control'), 'package: test-big\nversion: 1\n');
    execFileSync('sh', [
      '-c',
      `head -c ${200 * 1024 * 1024} /dev/urandom > "${path.join(src, 'payload.bin')}"`,
    ]);
    execFileSync(
      'openssl',
      ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(d, 'k.pem')],
      {
        stdio: 'pipe',
      },
    );
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        path.join(d, 'k.pem'),
        '-subj',
        '/CN=Sigint',
        '-days',
        '2',
        '-addext',
        'extendedKeyUsage=critical,codeSigning',
        '-out',
        path.join(d, 'k.crt'),
      ],
      { stdio: 'pipe' },
    );
    const out = path.join(d, 'out');
    const p = start(
      [
        'electron/cli/main.ts',
        'package',
        'build',
        src,
        '--key',
        path.join(d, 'k.pem'),
        '--cert',
        path.join(d, 'k.crt'),
        '--out',
        out,
      ],
      () => true,
    );
    // Interrupt once the package is being written: its temporary file exists.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const writing = existsSync(out) && readdirSync(out).some((f) => f.endsWith('.tmp'));
        if (writing || p.child.exitCode !== null) {
          clearInterval(poll);
          p.send();
          resolve();
        }
      }, 10);
    });
    const r = await p.ended;
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^error \[CANCELLED[^\]]*\]: /);
    noStack(r.stderr);
    expect(r.code).not.toBe(0);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);
});
