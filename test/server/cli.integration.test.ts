import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { CliIo } from '../../electron/cli/types';
import { until } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'wapt-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function memoryIo(controller: AbortController): CliIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
    interactive: false,
    cwd: dir,
    env: {},
    promptSecret: () => Promise.reject(new Error('no prompt in tests')),
    interrupted: controller.signal,
  };
}

describe('wapt-console server start', () => {
  it('starts a demo server on loopback, logs its URL, and stops cleanly when interrupted', async () => {
    const pw = path.join(dir, 'pw.txt');
    writeFileSync(pw, 'cli-password-123\n');
    const controller = new AbortController();
    const io = memoryIo(controller);
    const exit = runCli(
      [
        'server',
        'start',
        '--demo',
        '--hosts',
        '5',
        '--port',
        '0',
        '--data',
        path.join(dir, 'data'),
        '--admin-password-file',
        pw,
      ],
      io,
    );
    const url = await until(
      async () =>
        io.outLines.map((l) => /(http:\/\/127\.0\.0\.1:\d+)/.exec(l)?.[1]).find((u) => u !== undefined),
      60_000,
    );
    const r = await fetch(`${url}/api/v1/hosts`, {
      headers: { authorization: `Basic ${Buffer.from('admin:cli-password-123').toString('base64')}` },
    });
    expect(((await r.json()) as { result: unknown[] }).result).toHaveLength(5);
    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
  });

  it('refuses bad options with exit code 2', async () => {
    const io = memoryIo(new AbortController());
    expect(await runCli(['server', 'start', '--hosts', 'many'], io)).toBe(2);
    expect(io.errLines.join('\n')).toMatch(/--hosts/);
    expect(await runCli(['server', 'start', '--password', 'x'], io)).toBe(2);
  });
});
