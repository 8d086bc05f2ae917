import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../electron/cli/run';
import { memoryIo } from './cli-io';
import { TEST_ADMIN_PASSWORD, type startTestServer } from './reference-server';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * Fills `dir` with the demo signer's key, its certificate and the server password file under
 * relative names, so that CLI tests run from another working directory as a packager would.
 */
export function fillCliWorkDir(dir: string, server: TestServer): string {
  copyFileSync(server.demoSigner!.keyPath, path.join(dir, 'admin.pem'));
  copyFileSync(server.demoSigner!.certificatePath, path.join(dir, 'admin.crt'));
  writeFileSync(path.join(dir, 'server.pw'), `${TEST_ADMIN_PASSWORD}\n`);
  return dir;
}

/** The server options matching fillCliWorkDir's password file. */
export const cliServerArgs = (url: string) => [
  '--server',
  url,
  '--user',
  'admin',
  '--password-file',
  'server.pw',
];

/** The key options matching fillCliWorkDir's key and certificate. */
export const CLI_KEY_ARGS = ['--key', 'admin.pem', '--cert', 'admin.crt'];

/** Runs the CLI in-process from `cwd`, with its output captured. */
export async function runCliIn(cwd: string, argv: string[]) {
  const m = memoryIo({ cwd });
  const code = await runCli(argv, m.io);
  return { code, out: m.text(), err: m.errText() };
}
