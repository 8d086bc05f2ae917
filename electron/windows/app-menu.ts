/**
 * The application menu, replacing Electron's default one (whose View menu reloads the page with
 * Ctrl+R and opens the developer tools in a packaged app). It lists the console's own keyboard
 * shortcuts so they can be discovered, and its items do exactly what the keys do: the renderer
 * owns those keys (they work the same in browser mode), so the accelerators are shown but not
 * registered, and a click replays the key into the window. Zoom and editing use Electron's roles.
 * Help → "Open log folder" opens the folder of the log file (docs/logging.md).
 */
import { mkdir } from 'node:fs/promises';
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { Logger } from '../core/ports';
import { MENU_LABELS, type MenuLanguage } from './app-menu-labels';

/** A key the renderer handles, as Electron's sendInputEvent names it. */
export interface ReplayedKey {
  keyCode: string;
  modifiers: Array<'control' | 'shift'>;
}

export interface AppMenuDeps {
  language: MenuLanguage;
  /** Developer tools only in development (an unpackaged app). */
  isDevelopment: boolean;
  /** Sends the key to the focused console window, as if the user had pressed it. */
  pressKey: (key: ReplayedKey) => void;
  openLogFolder: () => void;
}

const ctrl = (keyCode: string): ReplayedKey => ({ keyCode, modifiers: ['control'] });

/** A menu item that shows the renderer's shortcut and replays it when clicked. */
function keyItem(
  label: string,
  accelerator: string,
  key: ReplayedKey,
  deps: AppMenuDeps,
): MenuItemConstructorOptions {
  return { label, accelerator, registerAccelerator: false, click: () => deps.pressKey(key) };
}

export function buildAppMenuTemplate(deps: AppMenuDeps): MenuItemConstructorOptions[] {
  const l = MENU_LABELS[deps.language];
  const view: MenuItemConstructorOptions[] = [
    keyItem(l.refresh, 'F5', { keyCode: 'F5', modifiers: [] }, deps),
    { type: 'separator' },
    ...l.tabs.map((tab, i) => keyItem(tab, `CmdOrCtrl+${i + 1}`, ctrl(String(i + 1)), deps)),
    { type: 'separator' },
    keyItem(l.palette, 'CmdOrCtrl+K', ctrl('K'), deps),
    { type: 'separator' },
    { role: 'zoomIn', label: l.zoomIn },
    { role: 'zoomOut', label: l.zoomOut },
    { role: 'resetZoom', label: l.resetZoom },
    { type: 'separator' },
    { role: 'togglefullscreen', label: l.fullScreen },
  ];
  if (deps.isDevelopment) view.push({ type: 'separator' }, { role: 'toggleDevTools', label: l.devTools });
  return [
    { label: l.file, submenu: [keyItem(l.quit, 'CmdOrCtrl+Q', ctrl('Q'), deps)] },
    {
      label: l.edit,
      submenu: [
        { role: 'undo', label: l.undo },
        { role: 'redo', label: l.redo },
        { type: 'separator' },
        { role: 'cut', label: l.cut },
        { role: 'copy', label: l.copy },
        { role: 'paste', label: l.paste },
        { role: 'selectAll', label: l.selectAll },
      ],
    },
    { label: l.view, submenu: view },
    {
      label: l.help,
      submenu: [
        keyItem(l.onlineHelp, 'F1', { keyCode: 'F1', modifiers: [] }, deps),
        { type: 'separator' },
        { label: l.openLogFolder, click: () => deps.openLogFolder() },
      ],
    },
  ];
}

export function installAppMenu(deps: AppMenuDeps): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenuTemplate(deps)));
}

/**
 * Help → "Open log folder": creates the folder if nothing was logged yet (so the file manager
 * never shows an error), then asks the OS to open it. `openPath` is Electron's shell.openPath
 * (electron/adapters/external-links.ts): it answers an error message, or '' on success.
 */
export function openLogFolderAction(
  directory: string,
  openPath: (dir: string) => Promise<string>,
  log: Logger,
): () => Promise<void> {
  return async () => {
    try {
      await mkdir(directory, { recursive: true });
      const failure = await openPath(directory);
      if (failure) log.warn('log.open-folder-failed', { directory, message: failure });
    } catch (err) {
      log.warn('log.open-folder-failed', { directory, message: (err as Error).message });
    }
  };
}
