import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startReferenceServer, type ReferenceServer } from '../server/index';

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
