import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { events, isEventName } from '../../../common/ipc/contract';
import type { CallContext } from '../../../electron/ipc/dispatch';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createHandlers } from '../../../electron/ipc/handlers/index';
import { silentLogger } from '../../../electron/core/ports';
import { makeTestCore } from '../fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../reference-server';
import type { FromMainProcess, MainProcessOptions, ToMainProcess } from './main-process-protocol';

/**
 * The console's main process for renderer component tests, in its own Node process (forked by
 * fake-bridge.ts). Composed as browser mode composes it (electron/browser-mode/main.ts): the
 * real core (makeTestCore: createCore with in-memory secrets, in a fresh user-data directory),
 * the real handlers and the real dispatcher, optionally a real reference server over loopback
 * HTTP. Only the transport differs: the fork's IPC channel instead of the loopback HTTP bridge.
 *
 * Why a process of its own: the component tests run in happy-dom, whose globals
 * (XMLHttpRequest, fetch, URL, AbortController…) would change how the core's HTTP client
 * behaves (axios picks XMLHttpRequest when it exists, with a browser's same-origin rules). The
 * core here sees plain Node, as in the app.
 */

function send(message: FromMainProcess): void {
  if (process.connected) process.send!(message);
}

const options = JSON.parse(process.argv[2] ?? '{}') as MainProcessOptions;
const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'wapt-console-ctest-'));
const server = options.server ? await startTestServer(options.server) : undefined;
// No background timer for queued host actions: tests ask when they need it.
const { core } = makeTestCore(userDataDir, {
  actionQueueCheckMs: 0,
  ...(options.mode ? { mode: options.mode } : {}),
});
const dispatch = createDispatcher(createHandlers(core), silentLogger);
const ctx: CallContext = {
  transport: 'browser',
  emit: (event, payload) => send({ type: 'event', event, payload }),
};

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  core.jobs.cancelAll();
  await core.actionQueue.stop();
  await server?.stop().catch(() => undefined);
  rmSync(userDataDir, { recursive: true, force: true });
  send({ type: 'stopped' });
  process.exit(0);
}

process.on('message', (raw) => {
  const m = raw as ToMainProcess;
  if (m.type === 'stop') void stop();
  else if (m.type === 'emit') {
    // Checked against the contract as a real event would be built: a test cannot send a shape main never sends.
    if (!isEventName(m.event)) throw new Error(`unknown event ${m.event}`);
    send({ type: 'event', event: m.event, payload: events[m.event].parse(m.payload) });
  } else if (m.type === 'invoke')
    void dispatch(m.method, m.input, ctx).then((result) => send({ type: 'result', id: m.id, result }));
});
// The test process went away (a crash, a timeout): do not outlive it.
process.on('disconnect', () => void stop());

send({
  type: 'ready',
  serverUrl: server?.url ?? null,
  adminUser: server?.adminUser ?? 'admin',
  adminPassword: TEST_ADMIN_PASSWORD,
  userDataDir,
});
