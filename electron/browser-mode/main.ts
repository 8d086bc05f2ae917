import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../compose';
import { appVersion, packageRoot } from '../core/app-version';
import { createFileLogger } from '../core/logging/file-logger';
import { MemorySecretStore } from '../core/memory-secret-store';
import { consoleLogger } from '../core/ports';
import { defaultUserDataDir } from '../core/user-data-dir';
import { createDemoServerLauncher, nodeDemoServerSpawner } from '../demo-server';
import { createDispatcher } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers/index';
import { startBridgeServer } from './bridge-server';
import { openInChromium } from './open-browser';

// Browser mode: the console's router and core in plain Node, the renderer in any Chromium, joined
// by the loopback bridge. Used where the Electron binary is missing, and by the browser E2E tests.
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
    'user-data': { type: 'string' },
    'demo-hosts': { type: 'string' },
  },
  strict: true,
});

const root = packageRoot();
const userDataDir = values['user-data'] ? path.resolve(values['user-data']) : defaultUserDataDir();
// The same log file as the app (docs/logging.md), echoed on stderr as before.
const log = createFileLogger({ userDataDir, src: 'browser-mode', echo: consoleLogger('browser-mode') });
log.info('app.start', {
  version: appVersion(),
  mode: 'browser',
  node: process.versions.node,
  platform: process.platform,
  arch: process.arch,
  userDataDir,
});
const demoServer = createDemoServerLauncher({
  userDataDir,
  log,
  // Its own Node process: a long server request never holds this process's event loop.
  spawn: nodeDemoServerSpawner(path.join(root, 'electron', 'demo-server-child.ts'), root),
  ...(values['demo-hosts'] ? { hosts: Number(values['demo-hosts']) } : {}),
  ...(process.env.WAPT_CONSOLE_DEMO_SPEED
    ? { simulationSpeed: Number(process.env.WAPT_CONSOLE_DEMO_SPEED) }
    : {}),
});
const core = createCore({
  mode: 'browser',
  userDataDir,
  log,
  secrets: new MemorySecretStore(),
  // A browser tab can open links itself; main only vets them (links.open answers opened:false).
  links: { open: async () => false },
  demoServer,
  quit: () => stop(),
});
const bridge = await startBridgeServer({
  rendererRoot: path.join(root, 'dist', 'renderer'),
  webBridgeScript: path.join(root, 'dist', 'browser-bridge', 'web-bridge.js'),
  dispatch: createDispatcher(createHandlers(core), log),
  log,
  ...(values.port ? { port: Number(values.port) } : {}),
});

const opened = !values['no-open'] && openInChromium(bridge.launchUrl);
process.stdout.write(`WAPT Console (browser mode) at ${bridge.launchUrl}\n`);
// The origin only: the launch URL carries the access token.
log.info('bridge.listening', { origin: new URL(bridge.launchUrl).origin });
if (!opened)
  process.stdout.write("Open that URL in Chromium or Chrome (it carries this launch's access token).\n");
process.stdout.write(`User data: ${userDataDir}. Press Ctrl+C to stop.\n`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  core.jobs.cancelAll();
  void Promise.allSettled([bridge.close(), demoServer.stop()]).then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
