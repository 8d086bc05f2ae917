import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerEdition, ServerProfileName } from '../../server/http/context';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../server/index';

export const TEST_ADMIN_PASSWORD = 'reference-server-test-password';

/** The two server behaviours tests can run against (docs/reference-server.md, "Profiles"). */
export const SERVER_PROFILES: readonly ServerProfileName[] = ['reference', 'wapt-1.8.2'];

export interface TestServerOptions {
  hosts?: number;
  speed?: number;
  /**
   * `reference` (default): with the documented extensions; `wapt-1.8.2`: the strict profile that
   * behaves like a genuine WAPT 1.8.2 server. Run a suite against both with
   * `describe.each(SERVER_PROFILES)`.
   */
  profile?: ServerProfileName;
  /** Default: enterprise for `reference`, community for `wapt-1.8.2`. */
  edition?: ServerEdition;
  /** More console accounts (e.g. one without ACLs: `{ name, password, acls: {} }`). */
  users?: ReferenceServerOptions['users'];
}

/** A real reference server (HTTP + SQLite + simulated agents) on loopback, in its own temp data dir. */
export async function startTestServer(
  opts: TestServerOptions = {},
): Promise<ReferenceServer & { stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wapt-refserver-'));
  const server = await startReferenceServer({
    dataDir,
    adminPassword: TEST_ADMIN_PASSWORD,
    demo: true,
    hosts: opts.hosts ?? 30,
    port: 0,
    simulation: { speed: opts.speed ?? 200 },
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.edition !== undefined ? { edition: opts.edition } : {}),
    ...(opts.users !== undefined ? { users: opts.users } : {}),
  });
  return {
    ...server,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
