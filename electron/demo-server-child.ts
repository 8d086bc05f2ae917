import { startReferenceServer, type ReferenceServer } from '../server/index';
import type { FromDemoServer, ToDemoServer } from './demo-server-protocol';

/**
 * Entry of the process that hosts the console's embedded demo server (see demo-server.ts). Runs
 * under plain Node (`child_process.fork`, browser mode) or as an Electron utility process
 * (`process.parentPort`). It stops on `{type:'stop'}`, on SIGTERM / SIGINT, and when its parent
 * goes away; a stop that takes longer than STOP_GRACE_MS ends the process anyway.
 */
const STOP_GRACE_MS = 3000;

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: FromDemoServer): void {
  if (parentPort !== undefined) parentPort.postMessage(message);
  else if (process.send !== undefined && process.connected) process.send(message);
}

let server: ReferenceServer | undefined;
let stopping = false;

function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), STOP_GRACE_MS).unref();
  void (server?.close() ?? Promise.resolve())
    .catch(() => undefined)
    .finally(() => {
      post({ type: 'stopped' });
      process.exit(code);
    });
}

async function start(m: Extract<ToDemoServer, { type: 'start' }>): Promise<void> {
  try {
    server = await startReferenceServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: m.dataDir,
      demo: true,
      ...(m.hosts === undefined ? {} : { hosts: m.hosts }),
      adminPassword: m.adminPassword,
      logger: (line) => post({ type: 'log', line }),
      onProgress: (progress) => post({ type: 'progress', ...progress }),
      simulation: { speed: m.simulationSpeed },
    });
    if (stopping) return;
    post({
      type: 'ready',
      url: server.url,
      user: server.adminUser,
      pid: process.pid,
      ...(server.demoSigner ? { demoSigner: server.demoSigner } : {}),
    });
  } catch (err) {
    // One line: the reason, never a stack (the console shows it).
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    stop(1);
  }
}

function onMessage(m: unknown): void {
  const msg = m as ToDemoServer;
  if (msg?.type === 'start' && server === undefined) void start(msg);
  else if (msg?.type === 'stop') stop(0);
}

if (parentPort !== undefined) parentPort.on('message', (e) => onMessage(e.data));
else {
  process.on('message', onMessage);
  // The console exited (or crashed) without asking: do not outlive it.
  process.on('disconnect', () => stop(0));
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
