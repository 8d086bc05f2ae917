import { isAppUrl } from '../../common/security/app-url';

export const isAllowedNavigation = (url: string): boolean => isAppUrl(url);

interface PreventableEvent {
  preventDefault(): void;
}

/** The subset of WebContents the guards use: tests drive it with a plain EventEmitter-like fake. */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (e: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Navigation may only stay inside app://console/; new windows are always denied (an https link is
 * offered to safe-links instead); webviews are never attached.
 */
export function installContentsGuards(
  contents: GuardableContents,
  onExternalLink: (url: string) => void,
): void {
  const guard = (e: PreventableEvent, url: string) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https:')) onExternalLink(url);
    return { action: 'deny' };
  });
}
