import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES } from '../../common/ipc/contract';

const exposed: [string, unknown][] = [];
const ipcListeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
const invoked: [string, unknown][] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.push([name, api]) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push([channel, payload]);
      return { ok: true, value: 'from-main' };
    },
    on: (channel: string, l: (event: unknown, payload: unknown) => void) =>
      ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), l]),
    removeListener: (channel: string, l: unknown) =>
      ipcListeners.set(
        channel,
        (ipcListeners.get(channel) ?? []).filter((x) => x !== l),
      ),
  },
}));

interface Bridge {
  invoke(m: string, i: unknown): Promise<unknown>;
  on(e: string, l: (...args: unknown[]) => void): () => void;
  version: string;
}

describe('Electron preload', () => {
  beforeEach(() => {
    invoked.length = 0;
  });

  it('exposes exactly one object, consoleBridge, with exactly invoke/on/version', async () => {
    await import('../../preload/index');
    expect(exposed.map(([n]) => n)).toEqual(['consoleBridge']);
    const bridge = exposed[0]![1] as Bridge;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'version']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('forwards every contract method to its own channel, and nothing else', async () => {
    await import('../../preload/index');
    const bridge = exposed[0]![1] as Bridge;
    for (const m of METHOD_NAMES) await bridge.invoke(m, {});
    expect(invoked.map(([c]) => c)).toEqual(METHOD_NAMES);
    const refused = await bridge.invoke('fs.readFile', { path: '/etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await bridge.invoke('event:jobs.progress', {})).toMatchObject({ ok: false });
    expect(invoked).toHaveLength(METHOD_NAMES.length);
  });

  it('delivers only the payload to event listeners (never the IPC event and its sender), and unsubscribes', async () => {
    await import('../../preload/index');
    const bridge = exposed[0]![1] as Bridge;
    const calls: unknown[][] = [];
    const off = bridge.on('jobs.progress', (...args) => calls.push(args));
    const channel = `event:${EVENT_NAMES[0]}`;
    for (const l of ipcListeners.get(channel) ?? [])
      l({ sender: { send() {} }, senderFrame: {} }, { jobId: 'job-1234', percent: 1, message: 'x' });
    expect(calls).toEqual([[{ jobId: 'job-1234', percent: 1, message: 'x' }]]);
    off();
    expect(ipcListeners.get(channel)).toHaveLength(0);
    expect(() => bridge.on('ipc.anything', () => undefined)).toThrow(/unknown event/);
  });
});
