import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceServer, type ReferenceServer } from '../../server/index';

export const TEST_ADMIN_PASSWORD = 'reference-server-test-password';

/** A real reference server (HTTP + SQLite + simulated agents) on loopback, in its own temp data dir. */
export async function startTestServer(
  opts: { hosts?: number; speed?: number } = {},
): Promise<ReferenceServer & { stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wapt-refserver-'));
  const server = await startReferenceServer({
    dataDir,
    adminPassword: TEST_ADMIN_PASSWORD,
    demo: true,
    hosts: opts.hosts ?? 30,
    port: 0,
    simulation: { speed: opts.speed ?? 200 },
  });
  return {
    ...server,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
