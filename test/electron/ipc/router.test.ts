import { describe, expect, it, vi } from 'vitest';
import { ConsoleError } from '../../../common/errors';
import { DEFAULT_SETTINGS, METHOD_NAMES } from '../../../common/ipc/contract';
import type { WireResult } from '../../../common/ipc/wire';
import { silentLogger } from '../../../electron/core/ports';
import { createDispatcher, type Handlers } from '../../../electron/ipc/dispatch';
import { createHandlers } from '../../../electron/ipc/handlers/index';
import { registerIpc, type IpcEventLike, type IpcMainLike } from '../../../electron/ipc/router';
import { createTrustedSenderCheck } from '../../../electron/security/trusted-sender';
import { makeTestCore } from '../../support/fake-core';
import { useTempDirs } from '../../support/temp-dir';

// router.ts imports ipcMain for the composition root; these tests drive registerIpc with a fake instead.
vi.mock('electron', () => ({ ipcMain: {} }));

type Listener = (event: IpcEventLike, payload: unknown) => Promise<WireResult<unknown>>;

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  call(channel: string, payload: unknown, event: IpcEventLike) {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, payload);
  }
}

const TRUSTED_ID = 7;
const sent: [string, unknown][] = [];
const event = (over: { id?: number; url?: string; parent?: unknown; frame?: null } = {}): IpcEventLike => ({
  sender: { id: over.id ?? TRUSTED_ID, send: (c, p) => sent.push([c, p]) },
  senderFrame:
    over.frame === null ? null : { url: over.url ?? 'app://console/index.html', parent: over.parent ?? null },
});

describe('IPC router', () => {
  const tmp = useTempDirs();
  const setup = (overrides: Partial<Handlers> = {}) => {
    const { core } = makeTestCore(tmp());
    const ipc = new FakeIpcMain();
    const handlers = { ...createHandlers(core), ...overrides };
    const unregister = registerIpc(
      ipc,
      createDispatcher(handlers, silentLogger),
      createTrustedSenderCheck(new Set([TRUSTED_ID])),
      silentLogger,
    );
    return { ipc, unregister };
  };

  it('registers exactly one channel per contract method, and removes them all', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers a trusted call with the value', async () => {
    const { ipc } = setup();
    const res = await ipc.call('settings.get', {}, event());
    expect(res).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it.each([
    ['an unknown webContents', event({ id: 99 })],
    ['a foreign origin', event({ url: 'https://evil.example/' })],
    ['a look-alike app host', event({ url: 'app://console.evil/index.html' })],
    ['a file: page', event({ url: 'file:///tmp/x.html' })],
    ['a subframe', event({ parent: { url: 'app://console/' } })],
    ['a destroyed frame', event({ frame: null })],
  ])('refuses %s with FORBIDDEN before reading the input', async (_name, ev) => {
    let ran = false;
    const { ipc } = setup({
      'settings.update': async () => {
        ran = true;
        throw new Error('must not run');
      },
    });
    const res = await ipc.call('settings.update', { language: 'fr' }, ev);
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ran).toBe(false);
  });

  it('rejects invalid input with VALIDATION naming the field, and never calls the handler', async () => {
    let ran = false;
    const { ipc } = setup({
      'settings.update': async () => {
        ran = true;
        throw new Error('must not run');
      },
    });
    const bad = await ipc.call('settings.update', { language: 'de' }, event());
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { reason: 'SCHEMA' } } });
    expect(!bad.ok && bad.error.message).toMatch(/^language:/);
    const extra = await ipc.call('settings.update', { language: 'fr', evil: true }, event());
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const notObject = await ipc.call('settings.getGridState', 'hosts', event());
    expect(notObject).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(ran).toBe(false);
  });

  it('turns a thrown ConsoleError into its envelope and anything else into INTERNAL without the stack', async () => {
    const { ipc } = setup({
      'jobs.list': async () => {
        throw new ConsoleError('KEY_LOCKED', 'unlock first', { details: { reason: 'LOCKED' } });
      },
      'app.info': async () => {
        throw new TypeError('boom at /secret/path.ts:12');
      },
    });
    expect(await ipc.call('jobs.list', {}, event())).toEqual({
      ok: false,
      error: { code: 'KEY_LOCKED', message: 'unlock first', retryable: false, details: { reason: 'LOCKED' } },
    });
    const internal = await ipc.call('app.info', {}, event());
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('/secret/path.ts');
  });

  it('strips fields a handler returns beyond the output schema (nothing undeclared crosses IPC)', async () => {
    const { ipc } = setup({
      'session.status': async () =>
        ({
          connected: false,
          serverUrl: null,
          user: null,
          serverVersion: null,
          edition: null,
          hostsCount: null,
          insecure: false,
          expired: false,
          capabilities: null,
          password: 'hunter2',
        }) as never,
    });
    const res = await ipc.call('session.status', {}, event());
    expect(res.ok).toBe(true);
    expect(JSON.stringify(res)).not.toContain('hunter2');
  });

  it('refuses an output that breaks the schema as INTERNAL', async () => {
    const { ipc } = setup({ 'session.status': async () => ({ connected: 'yes' }) as never });
    expect(await ipc.call('session.status', {}, event())).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});

describe('dispatcher', () => {
  const tmp = useTempDirs();
  it('answers an unknown method with UNKNOWN_METHOD (the contract is the allowlist)', async () => {
    const { core } = makeTestCore(tmp());
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const ctx = { transport: 'browser' as const, emit: () => undefined };
    for (const m of ['fs.write', 'constructor', '__proto__', 'toString', 'settings.get.x', '']) {
      expect(await dispatch(m, {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });
});
