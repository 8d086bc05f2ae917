import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIscc, parseIsccError } from '../../../../electron/core/agent-build/iscc-runner';
import { ConsoleError } from '../../../../common/errors';
import { useTempDirs } from '../../../support/temp-dir';

const FAKE = path.resolve('test/fakes/fake-iscc.mjs');
const tmp = useTempDirs('agent-iscc-');

function script(dir: string, extra = ''): string {
  const p = path.join(dir, 'custom_waptagent.iss');
  writeFileSync(
    p,
    `#define edition "waptagent"\r\n#define output_dir "waptupgrade"\r\n${extra}AppPublisher={fake-iscc-error}\r\n`,
  );
  return p;
}

async function failure(p: Promise<unknown>): Promise<ConsoleError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConsoleError);
  return err as ConsoleError;
}

afterEach(() => {
  delete process.env.FAKE_ISCC_MODE;
});

describe('runIscc with a fake compiler', () => {
  it('streams lines and resolves on exit 0', async () => {
    const dir = tmp();
    const lines: string[] = [];
    const r = await runIscc({ isccPath: FAKE, scriptPath: script(dir), onLine: (_s, l) => lines.push(l) });
    expect(r.exitCode).toBe(0);
    expect(lines.some((l) => l.includes('Successful compile'))).toBe(true);
    expect(r.args.at(-1)).toBe('custom_waptagent.iss'); // relative: ISCC reads "/..." as a switch
  });

  it('exit 2 → COMPILE_FAILED with the failing line and its source text', async () => {
    const dir = tmp();
    const err = await failure(runIscc({ isccPath: FAKE, scriptPath: script(dir, '; fake-iscc: exit2\r\n') }));
    expect(err.code).toBe('COMPILE_FAILED');
    expect(err.reason).toBe('ISCC_SCRIPT_ERROR');
    expect(err.details).toMatchObject({
      line: 4,
      file: 'custom_waptagent.iss',
      exitCode: 2,
      source: 'AppPublisher={fake-iscc-error}',
    });
    expect(err.message).toMatch(/line 4: Unknown constant "nope"/);
  });

  it('exit 1 → COMPILE_FAILED / ISCC_BAD_COMMAND_LINE with the compiler message', async () => {
    process.env.FAKE_ISCC_MODE = 'exit1';
    const err = await failure(runIscc({ isccPath: FAKE, scriptPath: script(tmp()) }));
    expect(err.code).toBe('COMPILE_FAILED');
    expect(err.reason).toBe('ISCC_BAD_COMMAND_LINE');
    expect(err.message).toContain('Unknown option');
  });

  it('a missing compiler → COMPILER_MISSING naming the path', async () => {
    const missing = path.join(tmp(), 'nowhere', 'ISCC.exe');
    const err = await failure(runIscc({ isccPath: missing, scriptPath: script(tmp()) }));
    expect(err.code).toBe('COMPILER_MISSING');
    expect(err.reason).toBe('ISCC_NOT_FOUND');
    expect(err.message).toContain(missing);
  });

  it('missing wine → COMPILER_MISSING / WINE_MISSING', async () => {
    const dir = tmp();
    const exe = path.join(dir, 'ISCC.exe');
    writeFileSync(exe, 'MZ');
    const err = await failure(
      runIscc({
        isccPath: exe,
        scriptPath: script(dir),
        launcher: 'wine',
        wine: { command: path.join(dir, 'no-wine-here') },
      }),
    );
    expect(err.code).toBe('COMPILER_MISSING');
    expect(err.reason).toBe('WINE_MISSING');
  });

  it('timeout → TIMEOUT and the process is stopped', async () => {
    process.env.FAKE_ISCC_MODE = 'sleep';
    const t = Date.now();
    const err = await failure(runIscc({ isccPath: FAKE, scriptPath: script(tmp()), timeoutMs: 500 }));
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('cancel → CANCELLED while compiling, and before start', async () => {
    process.env.FAKE_ISCC_MODE = 'sleep';
    const ac = new AbortController();
    const lines: string[] = [];
    // Cancel once the compiler is visibly running (its first line), whatever the machine's load.
    const run = runIscc({
      isccPath: FAKE,
      scriptPath: script(tmp()),
      signal: ac.signal,
      onLine: (_s, l) => {
        lines.push(l);
        if (lines.length === 1) ac.abort();
      },
    });
    const err = await failure(run);
    expect(err.code).toBe('CANCELLED');
    expect(lines.length).toBeGreaterThan(0);
    const err2 = await failure(
      runIscc({ isccPath: FAKE, scriptPath: script(tmp()), signal: AbortSignal.abort() }),
    );
    expect(err2.code).toBe('CANCELLED');
  });

  it('killed by a signal → COMPILE_FAILED / ISCC_FAILED', async () => {
    process.env.FAKE_ISCC_MODE = 'crash';
    const err = await failure(runIscc({ isccPath: FAKE, scriptPath: script(tmp()) }));
    expect(err.reason).toBe('ISCC_FAILED');
  });

  it('parses the real ISCC error format, Pascal "Column N:" messages included', () => {
    const out =
      "Compiling [Code] section\r\nError on line 257 in Z:\\tmp\\b\\agent-common.iss: Column 22:\r\nUnknown identifier 'IntToHex'\r\nCompile aborted.\r\n";
    expect(parseIsccError(out, '/nonexistent')).toEqual({
      line: 257,
      file: 'agent-common.iss',
      message: "Column 22: Unknown identifier 'IntToHex'",
    });
  });
});
