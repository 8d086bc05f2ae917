import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

/** The application menu against a fake `electron`: what it lists, and what its items do. */
const state = vi.hoisted(() => ({
  installed: [] as Array<{ template: unknown } | null>,
  opened: [] as string[],
  openAnswer: '',
}));

vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: { template: unknown } | null) => state.installed.push(menu),
  },
  shell: {
    openPath: async (p: string) => (state.opened.push(p), state.openAnswer),
    openExternal: async () => undefined,
  },
}));

const { buildAppMenuTemplate, installAppMenu, openLogFolderAction } =
  await import('../../../electron/windows/app-menu');
const { openFolderInFileManager } = await import('../../../electron/adapters/external-links');
const { menuLanguage } = await import('../../../electron/windows/app-menu-labels');

type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined): Item[] => (item?.submenu ?? []) as Item[];
const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flat(submenu(i))]);

function template(opts: { isDevelopment?: boolean; language?: 'en' | 'fr' } = {}) {
  const pressed: Array<{ keyCode: string; modifiers: string[] }> = [];
  let logFolderOpened = 0;
  const items = buildAppMenuTemplate({
    language: opts.language ?? 'en',
    isDevelopment: opts.isDevelopment ?? false,
    pressKey: (k) => pressed.push(k),
    openLogFolder: () => logFolderOpened++,
  });
  return { items, pressed, logFolderOpened: () => logFolderOpened };
}

const click = (item: Item | undefined) =>
  (item?.click as unknown as (() => void) | undefined)?.call(undefined);

describe('application menu', () => {
  it('lists the console shortcuts: tabs Ctrl+1…6, F5, Ctrl+K, F1, Ctrl+Q, and zoom', () => {
    const { items } = template();
    expect(items.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const byAccelerator = new Map(flat(items).map((i) => [i.accelerator, i.label]));
    expect([1, 2, 3, 4, 5, 6].map((n) => byAccelerator.get(`CmdOrCtrl+${n}`))).toEqual([
      'Hosts',
      'Windows Updates',
      'WUA rule packages',
      'Build the agent',
      'Audit',
      'Private repository',
    ]);
    expect(byAccelerator.get('F5')).toBe('Refresh');
    expect(byAccelerator.get('CmdOrCtrl+K')).toBe('Command palette…');
    expect(byAccelerator.get('F1')).toBe('Online help');
    expect(byAccelerator.get('CmdOrCtrl+Q')).toBe('Quit');
    const roles = flat(items).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'copy', 'paste']));
    // Electron's default menu reloads the page (Ctrl+R): not this one.
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
  });

  it('leaves the keys to the renderer and replays them when an item is clicked', () => {
    const { items, pressed } = template();
    const keyed = flat(items).filter((i) => i.click && i.accelerator);
    // Shown, not registered: the renderer handles them, in Electron and in browser mode alike.
    for (const i of keyed) expect(i.registerAccelerator).toBe(false);
    const view = submenu(items[2]);
    click(view.find((i) => i.accelerator === 'CmdOrCtrl+3'));
    click(view.find((i) => i.accelerator === 'F5'));
    click(view.find((i) => i.accelerator === 'CmdOrCtrl+K'));
    expect(pressed).toEqual([
      { keyCode: '3', modifiers: ['control'] },
      { keyCode: 'F5', modifiers: [] },
      { keyCode: 'K', modifiers: ['control'] },
    ]);
  });

  it('offers the developer tools only in development', () => {
    const devTools = (isDevelopment: boolean) =>
      flat(template({ isDevelopment }).items).some((i) => i.role === 'toggleDevTools');
    expect(devTools(false)).toBe(false);
    expect(devTools(true)).toBe(true);
  });

  it('speaks French when the setting (or the system, for "system") is French', () => {
    expect(menuLanguage('system', 'fr-FR')).toBe('fr');
    expect(menuLanguage('system', 'en-US')).toBe('en');
    expect(menuLanguage('en', 'fr-FR')).toBe('en');
    const { items } = template({ language: 'fr' });
    expect(items.map((i) => i.label)).toEqual(['&Fichier', '&Édition', '&Affichage', '&Aide']);
    expect(submenu(items[3]).map((i) => i.label)).toContain('Ouvrir le dossier des journaux');
    expect(flat(items).find((i) => i.accelerator === 'CmdOrCtrl+1')?.label).toBe('Machines');
  });

  it('replaces the default menu when installed', () => {
    installAppMenu({ language: 'en', isDevelopment: false, pressKey: () => {}, openLogFolder: () => {} });
    const menu = state.installed.at(-1) as { template: Item[] };
    expect(menu.template.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('Help → "Open log folder" runs the log-folder action', () => {
    const t = template();
    click(submenu(t.items[3]).find((i) => i.label === 'Open log folder'));
    expect(t.logFolderOpened()).toBe(1);
  });
});

describe('the log-folder action', () => {
  const logger = () => {
    const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
    return {
      warnings,
      log: { info() {}, error() {}, warn: (e: string, f?: Record<string, unknown>) => warnings.push([e, f]) },
    };
  };

  it('creates the folder when nothing was logged yet, then opens exactly it through shell.openPath', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'wapt-menu-')), 'logs');
    const { log, warnings } = logger();
    state.opened.length = 0;
    state.openAnswer = '';
    await openLogFolderAction(dir, openFolderInFileManager, log)();
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(state.opened).toEqual([dir]);
    expect(warnings).toEqual([]);
  });

  it('logs a warning when the system cannot open it, and does not throw', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'wapt-menu-'));
    const { log, warnings } = logger();
    state.openAnswer = 'Failed to open path';
    await openLogFolderAction(path.join(root, 'logs'), openFolderInFileManager, log)();
    expect(warnings).toEqual([
      ['log.open-folder-failed', { directory: path.join(root, 'logs'), message: 'Failed to open path' }],
    ]);
    // A file in the way: the folder cannot be created; the shell is not asked.
    writeFileSync(path.join(root, 'blocked'), '');
    state.opened.length = 0;
    await openLogFolderAction(path.join(root, 'blocked', 'logs'), openFolderInFileManager, log)();
    expect(state.opened).toEqual([]);
    expect(warnings[1]?.[0]).toBe('log.open-folder-failed');
  });
});
