import { shell } from 'electron';
import type { ExternalLinks } from '../core/ports';

/** The only module that touches `shell`. URLs reaching it were already vetted by checkExternalUrl (core). */
export const electronExternalLinks: ExternalLinks = {
  async open(url) {
    await shell.openExternal(url, { activate: true });
    return true;
  },
};

/** Opens a local folder in the system's file manager (Help → "Open log folder"); '' on success. */
export function openFolderInFileManager(directory: string): Promise<string> {
  return shell.openPath(directory);
}
