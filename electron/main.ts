import path from 'node:path';
import { app, protocol, session, type BrowserWindow } from 'electron';
import { APP_SCHEME } from '../common/security/app-url';
import { SafeStorageSecretStore } from './adapters/safe-storage-secret-store';
import { utilityProcessDemoServerSpawner } from './adapters/demo-server-utility-process';
import { electronExternalLinks, openFolderInFileManager } from './adapters/external-links';
import { nativePathPicker } from './adapters/native-path-picker';
import { createCore } from './compose';
import { appVersion, packageRoot } from './core/app-version';
import { createFileLogger } from './core/logging/file-logger';
import { consoleLogger } from './core/ports';
import { createDemoServerLauncher } from './demo-server';
import { createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers/index';
import { registerIpcMain } from './ipc/router';
import { createAppProtocolHandler } from './security/app-protocol';
import { installContentsGuards } from './security/navigation';
import { denyPermissions } from './security/permissions';
import { createTrustedSenderCheck } from './security/trusted-sender';
import { installAppMenu, openLogFolderAction } from './windows/app-menu';
import { menuLanguage } from './windows/app-menu-labels';
import { installCloseGuard, type CloseGuard } from './windows/close-guard';
import { createMainWindow } from './windows/main-window';

// Composition root of the Electron app. Everything with logic lives in modules testable in plain
// Node; this file only wires Electron objects to them, in the order the security checklist needs.
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
if (process.env.WAPT_CONSOLE_USER_DATA)
  app.setPath('userData', path.resolve(process.env.WAPT_CONSOLE_USER_DATA));

const userDataDir = app.getPath('userData');
// The log file in the user-data folder (docs/logging.md): a packaged Windows app has no stderr.
// During development the same records also go to stderr.
const log = createFileLogger({
  userDataDir,
  src: 'main',
  ...(app.isPackaged ? {} : { echo: consoleLogger('main') }),
});
log.info('app.start', {
  version: appVersion(),
  mode: 'electron',
  electron: process.versions.electron ?? null,
  node: process.versions.node,
  platform: process.platform,
  arch: process.arch,
  packaged: app.isPackaged,
  userDataDir,
});
const trustedIds = new Set<number>();
// Made with the window (below); the core tells it what the renderer reports.
const closeGuard: { current?: CloseGuard } = {};

app.on('web-contents-created', (_e, contents) => {
  installContentsGuards(contents, (url) => {
    void core.links
      .open(url)
      .catch((err: unknown) => log.warn('links.refused', { message: (err as Error).message }));
  });
});

// The demo server runs in a utility process (bundled next to this file by scripts/build.mjs).
const demoServer = createDemoServerLauncher({
  userDataDir,
  log,
  spawn: utilityProcessDemoServerSpawner(
    path.join(packageRoot(), 'dist', 'electron', 'demo-server-child.cjs'),
  ),
});
const core = createCore({
  mode: 'electron',
  userDataDir,
  log,
  secrets: SafeStorageSecretStore.inDirectory(userDataDir),
  links: electronExternalLinks,
  pathPicker: nativePathPicker,
  electronVersion: process.versions.electron ?? null,
  demoServer,
  closeGuard: {
    setUnsaved: (unsaved) => closeGuard.current?.setUnsaved(unsaved),
    answer: (answer) => closeGuard.current?.answer(answer),
  },
  // app.quit comes after the renderer's own unsaved-changes question: the window closes unasked.
  quit: () => {
    closeGuard.current?.allowClose();
    app.quit();
  },
});

void app.whenReady().then(async () => {
  const consoleSession = session.fromPartition('persist:console');
  for (const s of [session.defaultSession, consoleSession]) denyPermissions(s);
  const root = packageRoot();
  consoleSession.protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(root, 'dist', 'renderer')));
  registerIpcMain(createDispatcher(createHandlers(core), log), createTrustedSenderCheck(trustedIds), log);

  // Before the window, so Electron's default menu (Ctrl+R reload, developer tools) never shows.
  const mainWindow: { current?: BrowserWindow } = {};
  const language = (await core.settings.getSettings().catch(() => undefined))?.language ?? 'system';
  installAppMenu({
    language: menuLanguage(language, app.getLocale()),
    isDevelopment: !app.isPackaged,
    pressKey: ({ keyCode, modifiers }) => {
      for (const type of ['keyDown', 'keyUp'] as const)
        mainWindow.current?.webContents.sendInputEvent({ type, keyCode, modifiers });
    },
    openLogFolder: () => void openLogFolderAction(log.directory, openFolderInFileManager, log)(),
  });
  const win = createMainWindow({
    preload: path.join(root, 'dist', 'preload', 'index.cjs'),
    session: consoleSession,
    devTools: !app.isPackaged,
  });
  mainWindow.current = win;
  closeGuard.current = installCloseGuard(win, { log });
  // The id is captured now: webContents is gone by the time 'closed' fires.
  const contentsId = win.webContents.id;
  trustedIds.add(contentsId);
  win.on('closed', () => trustedIds.delete(contentsId));
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
});

app.on('window-all-closed', () => {
  core.jobs.cancelAll();
  void demoServer.stop().finally(() => app.quit());
});
