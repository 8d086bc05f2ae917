import { BrowserWindow, type Session } from 'electron';
import { APP_ORIGIN_URL } from '../../common/security/app-url';
import { WEB_PREFERENCES } from './web-preferences';

export function createMainWindow(opts: {
  preload: string;
  session: Session;
  devTools: boolean;
}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'WAPT Console',
    backgroundColor: '#1f2329',
    webPreferences: {
      ...WEB_PREFERENCES,
      preload: opts.preload,
      devTools: opts.devTools,
      session: opts.session,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN_URL}index.html`);
  return win;
}
