import { BrowserWindow, dialog } from 'electron';
import type { PathPicker } from '../core/ports';

/**
 * The OS's open dialogs, attached to the focused console window. The chosen path goes straight to
 * main's checks (electron/core/agent-build/tool-checks.ts); the renderer only asks for the dialog.
 */
export const nativePathPicker: PathPicker = {
  async pickFile({ title, filters }) {
    const parent = BrowserWindow.getFocusedWindow();
    const options = { title, properties: ['openFile' as const], ...(filters ? { filters } : {}) };
    const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  async pickFolder({ title }) {
    const parent = BrowserWindow.getFocusedWindow();
    const options = { title, properties: ['openDirectory' as const] };
    const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
};
