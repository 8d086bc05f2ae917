import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/**
 * Loads electron/main.ts against a fake `electron` module and records what the composition root
 * does, in order: the security switches must be set before the app is ready.
 */
const calls: string[] = [];
const state = vi.hoisted(() => ({
  readyResolve: undefined as undefined | (() => void),
  webContentsCreated: undefined as undefined | ((e: unknown, wc: unknown) => void),
  permissionHandlers: [] as unknown[],
  protocolHandlers: new Map<string, unknown>(),
  ipcChannels: [] as string[],
  ipcHandlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  windows: [] as { webPreferences: Record<string, unknown> }[],
  /** The main window as main.ts made it, and what it sent to its renderer. */
  mainWindow: undefined as undefined | { close(): void; closed: boolean },
  sentToRenderer: [] as string[],
  userData: '',
}));

vi.mock('electron', () => {
  const session = (name: string) => ({
    setPermissionRequestHandler: (h: unknown) => {
      calls.push(`${name}.setPermissionRequestHandler(${h === null ? 'null' : 'fn'})`);
      state.permissionHandlers.push(h);
    },
    setPermissionCheckHandler: (h: unknown) => {
      calls.push(`${name}.setPermissionCheckHandler`);
      state.permissionHandlers.push(h);
    },
    protocol: { handle: (scheme: string, h: unknown) => state.protocolHandlers.set(scheme, h) },
  });
  class BrowserWindow {
    webContents = {
      id: 42,
      on: () => undefined,
      send: (channel: string) => state.sentToRenderer.push(channel),
      isDestroyed: () => false,
    };
    closed = false;
    private readonly listeners = new Map<string, ((e: unknown) => void)[]>();
    constructor(opts: { webPreferences: Record<string, unknown> }) {
      state.windows.push(opts);
      state.mainWindow = this;
    }
    once() {}
    on(event: string, l: (e: unknown) => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    }
    isDestroyed() {
      return this.closed;
    }
    /** Emits `close` as Electron does; closes unless a listener prevented it. */
    close() {
      let prevented = false;
      for (const l of this.listeners.get('close') ?? []) l({ preventDefault: () => (prevented = true) });
      if (!prevented) this.closed = true;
    }
    loadURL(url: string) {
      calls.push(`loadURL(${url})`);
      return Promise.resolve();
    }
  }
  return {
    app: {
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
      quit: () => calls.push('quit'),
      setPath: () => undefined,
      getPath: () => state.userData,
      getLocale: () => 'fr-FR',
      isPackaged: false,
      on: (event: string, l: (e: unknown, wc: unknown) => void) => {
        calls.push(`app.on(${event})`);
        if (event === 'web-contents-created') state.webContentsCreated = l;
      },
      whenReady: () => new Promise<void>((r) => (state.readyResolve = r)),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: { scheme: string; privileges: object }[]) =>
        calls.push(`registerSchemesAsPrivileged(${JSON.stringify(s)})`),
    },
    session: {
      defaultSession: session('default'),
      fromPartition: (p: string) => (calls.push(`fromPartition(${p})`), session(p)),
    },
    ipcMain: {
      handle: (c: string, h: (event: unknown, payload: unknown) => Promise<unknown>) => {
        state.ipcChannels.push(c);
        state.ipcHandlers.set(c, h);
      },
      removeHandler: () => undefined,
    },
    shell: { openExternal: async () => undefined },
    safeStorage: { isEncryptionAvailable: () => false },
    BrowserWindow,
    Menu: {
      buildFromTemplate: (template: Array<{ label?: string }>) => ({ template }),
      setApplicationMenu: (menu: { template: Array<{ label?: string }> } | null) =>
        calls.push(`setApplicationMenu(${menu ? menu.template.map((m) => m.label).join(',') : 'null'})`),
    },
  };
});

describe('electron/main.ts composition root', () => {
  it('hardens the app before ready, then wires protocol, permissions, IPC and a hardened window', async () => {
    state.userData = mkdtempSync(path.join(os.tmpdir(), 'wapt-main-'));
    await import('../../electron/main');
    expect(calls.slice(0, 3)).toEqual([
      'enableSandbox',
      'requestSingleInstanceLock',
      'registerSchemesAsPrivileged([{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":true}}])',
    ]);
    expect(calls).toContain('app.on(web-contents-created)');
    expect(state.windows).toHaveLength(0);

    state.readyResolve!();
    await vi.waitFor(() => expect(state.windows).toHaveLength(1));
    expect(calls).toContain('fromPartition(persist:console)');
    // Permissions: reset, then deny-all request + check handlers on both sessions.
    expect(calls.filter((c) => c.includes('setPermissionRequestHandler(null)'))).toHaveLength(2);
    expect(calls.filter((c) => c.endsWith('setPermissionCheckHandler'))).toHaveLength(2);
    const check = state.permissionHandlers.find(
      (h) => typeof h === 'function' && (h as (...a: unknown[]) => unknown).length === 2,
    ) as (wc: unknown, p: string) => boolean;
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])
      expect(check(null, p)).toBe(false);

    expect([...state.protocolHandlers.keys()]).toEqual(['app']);
    expect(state.ipcChannels.length).toBeGreaterThan(5);
    const wp = state.windows[0]!.webPreferences;
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: true,
    });
    expect(String(wp.preload)).toMatch(/dist[\\/]preload[\\/]index\.cjs$/);
    expect(calls).toContain('loadURL(app://console/index.html)');
    // The console's own menu replaces Electron's default one before the window loads, in the
    // system's language while the language setting is "system" (docs/logging.md, "Menu").
    const menu = calls.findIndex((c) => c.startsWith('setApplicationMenu('));
    expect(calls[menu]).toBe('setApplicationMenu(&Fichier,&Édition,&Affichage,&Aide)');
    expect(menu).toBeLessThan(calls.indexOf('loadURL(app://console/index.html)'));
    // Startup is in the log file of the user-data folder.
    const logFile = path.join(state.userData, 'logs', 'wapt-console.1.log');
    await vi.waitFor(() => expect(existsSync(logFile)).toBe(true));
    const start = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((r) => r.event === 'app.start');
    expect(start).toMatchObject({ src: 'main', mode: 'electron', packaged: false });
  });

  it("holds the window's close back while the renderer reports unsaved changes, and closes on its answer", async () => {
    // The window of the test above, wired to the real router, dispatcher and core.
    const fromWindow = { sender: { id: 42 }, senderFrame: { url: 'app://console/index.html', parent: null } };
    const call = (method: string, input: unknown) => state.ipcHandlers.get(method)!(fromWindow, input);
    expect(await call('app.setUnsaved', { unsaved: true })).toEqual({ ok: true, value: null });
    const win = state.mainWindow!;
    win.close();
    expect(win.closed).toBe(false);
    expect(state.sentToRenderer).toEqual(['event:app.closeRequested']);
    expect(await call('app.answerClose', { answer: 'asking' })).toEqual({ ok: true, value: null });
    // The contract's schema guards the answer like every other input.
    expect(await call('app.answerClose', { answer: 'maybe' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call('app.answerClose', { answer: 'close' })).toEqual({ ok: true, value: null });
    expect(win.closed).toBe(true);
  });
});
