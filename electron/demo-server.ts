import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DemoServerLauncher, Logger } from './core/ports';

export interface DemoServerOptions {
  userDataDir: string;
  log: Logger;
  hosts?: number;
  simulationSpeed?: number;
}

/**
 * The console's embedded default: the reference WAPT server (server/) with a demo fleet, on a
 * random loopback port, its database kept under the user-data directory so the fleet survives
 * restarts. The admin password is random per launch and lives only in this process: it is set
 * on the server at each start and never written to disk by the console.
 */
export function createDemoServerLauncher(opts: DemoServerOptions): DemoServerLauncher {
  let running:
    | Promise<{
        url: string;
        user: string;
        password: string;
        demoSigner?: { keyPath: string; certificatePath: string };
        close(): Promise<void>;
      }>
    | undefined;
  return {
    start() {
      running ??= (async () => {
        const { startReferenceServer } = await import('../server/index');
        const password = randomBytes(18).toString('base64url');
        const server = await startReferenceServer({
          host: '127.0.0.1',
          port: 0,
          dataDir: path.join(opts.userDataDir, 'demo-server'),
          demo: true,
          ...(opts.hosts === undefined ? {} : { hosts: opts.hosts }),
          adminPassword: password,
          logger: (line: string) => opts.log.info('demo-server', { line }),
          // Simulated agents run faster than real ones so a demo (and its tests) need not wait minutes.
          simulation: { speed: opts.simulationSpeed ?? 20 },
        });
        opts.log.info('demo-server.started', { url: server.url });
        return {
          url: server.url,
          user: server.adminUser,
          password,
          ...(server.demoSigner ? { demoSigner: server.demoSigner } : {}),
          close: () => server.close(),
        };
      })();
      running.catch(() => {
        running = undefined;
      });
      return running.then(({ url, user, password, demoSigner }) => ({
        url,
        user,
        password,
        ...(demoSigner ? { demoSigner } : {}),
      }));
    },
    async stop() {
      const r = running;
      running = undefined;
      if (r) await (await r).close();
    },
  };
}
