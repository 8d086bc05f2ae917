import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../server/index';

/**
 * Reference servers with demo fleets for benchmarks. The databases are kept under
 * .tsbuild/bench-server/hosts-<N>/ and reused by later runs (generating 50,000 hosts takes tens
 * of seconds); delete the folder to regenerate.
 */
export const BENCH_ADMIN_PASSWORD = 'bench-password';

export async function startBenchFleet(
  hosts: number,
  log: (l: string) => void = () => undefined,
): Promise<ReferenceServer> {
  const dataDir = path.resolve('.tsbuild', 'bench-server', `hosts-${hosts}`);
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
  const t0 = Date.now();
  const server = await startReferenceServer({
    dataDir,
    demo: true,
    hosts,
    adminPassword: BENCH_ADMIN_PASSWORD,
    seed: 1,
    logger: (l) => (l.includes('demo fleet generated') ? log(l) : undefined),
  });
  log(`  ${hosts} hosts ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return server;
}

/**
 * The same stored fleet served by the CLI's `server start` in its own process, as a real server
 * would be: a reference server inside the bench process would block the bench's own event loop
 * (and so Playwright's observation of the page) while it builds a 50,000-host answer. The fleet
 * must already exist (startBenchFleet generates it).
 */
export async function startBenchFleetProcess(
  hosts: number,
  profile: NonNullable<ReferenceServerOptions['profile']>,
): Promise<{ url: string; close(): Promise<void> }> {
  const dataDir = path.resolve('.tsbuild', 'bench-server', `hosts-${hosts}`);
  const passwordFile = path.join(dataDir, 'bench-admin-password');
  writeFileSync(passwordFile, BENCH_ADMIN_PASSWORD);
  const child = spawn(
    process.execPath,
    [
      path.resolve('node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.resolve('electron', 'cli', 'main.ts'),
      'server',
      'start',
      '--demo',
      '--hosts',
      String(hosts),
      '--seed',
      '1',
      '--port',
      '0',
      '--data',
      dataDir,
      '--admin-password-file',
      passwordFile,
      '--profile',
      profile,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /WAPT reference server: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
