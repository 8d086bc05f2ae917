import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../common/security/app-url';
import {
  installContentsGuards,
  isAllowedNavigation,
  type GuardableContents,
} from '../../../electron/security/navigation';

describe('isAllowedNavigation', () => {
  it.each([
    ['app://console/', true],
    ['app://console/index.html', true],
    ['app://console/assets/x.js?y=1#z', true],
    // Chromium lowercases standard-scheme hosts before these hooks see a URL; any other spelling is refused.
    ['APP://CONSOLE/index.html', false],
    ['APP://console/index.html', true],
    ['app://console.evil/', false],
    ['app://evil/console', false],
    ['app://user:pw@console/', false],
    ['app://console:8080/', false],
    ['https://console/', false],
    ['https://example.org/', false],
    ['http://127.0.0.1:3000/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['about:blank', false],
    ['chrome://settings', false],
    ['', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url)).toBe(allowed);
    expect(isAppUrl(url)).toBe(allowed);
  });
});

class FakeContents {
  listeners = new Map<string, ((e: { preventDefault(): void }, url?: string) => void)[]>();
  openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  on(event: string, listener: (e: { preventDefault(): void }, url?: string) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  fire(event: string, url?: string): boolean {
    let prevented = false;
    for (const l of this.listeners.get(event) ?? []) l({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('installContentsGuards', () => {
  const setup = () => {
    const contents = new FakeContents();
    const external: string[] = [];
    installContentsGuards(contents as unknown as GuardableContents, (u) => external.push(u));
    return { contents, external };
  };

  it('prevents navigation and redirects away from app://console/', () => {
    const { contents } = setup();
    expect(contents.fire('will-navigate', 'https://example.org/')).toBe(true);
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://console.evil/')).toBe(true);
    expect(contents.fire('will-navigate', 'app://console/index.html')).toBe(false);
  });

  it('always prevents webviews from attaching', () => {
    expect(setup().contents.fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window and offers only https links to safe-links', () => {
    const { contents, external } = setup();
    for (const url of [
      'https://support.microsoft.com/help/5034441',
      'app://console/',
      'javascript:alert(1)',
      'file:///c:/windows',
      'http://example.org/',
    ]) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(external).toEqual(['https://support.microsoft.com/help/5034441']);
  });
});
