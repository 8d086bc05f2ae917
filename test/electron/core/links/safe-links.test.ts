import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import { INTENT_HOSTS, intentToUrl } from '../../../../electron/core/links/link-intents';
import { checkExternalUrl } from '../../../../electron/core/links/safe-url';

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConsoleError);
    return (e as ConsoleError).reason;
  }
  return undefined;
}

describe('checkExternalUrl', () => {
  it.each([
    ['file:///etc/passwd', 'SCHEME'],
    ['smb://server/share', 'SCHEME'],
    ['javascript:alert(1)', 'SCHEME'],
    ['ms-msdt:/id PCWDiagnostic', 'SCHEME'],
    ['vbscript:msgbox(1)', 'SCHEME'],
    ['data:text/html,hi', 'SCHEME'],
    ['app://console/', 'SCHEME'],
    ['http://example.org/', 'SCHEME'],
    ['https://user:pw@example.org/', 'CREDENTIALS'],
    ['not a url', 'MALFORMED_URL'],
    ['', 'MALFORMED_URL'],
  ])('refuses %s (%s)', (url, why) => {
    expect(reason(() => checkExternalUrl(url))).toBe(why);
  });

  it('accepts https and normalises it', () => {
    expect(checkExternalUrl('HTTPS://Support.Microsoft.com/help/1')).toBe(
      'https://support.microsoft.com/help/1',
    );
  });

  it('accepts http only for a configured host', () => {
    expect(checkExternalUrl('http://srvwapt.corp.lan/', { httpHosts: ['srvwapt.corp.lan'] })).toBe(
      'http://srvwapt.corp.lan/',
    );
    expect(reason(() => checkExternalUrl('http://other.lan/', { httpHosts: ['srvwapt.corp.lan'] }))).toBe(
      'SCHEME',
    );
  });

  it('refuses hosts outside a pinned list, including look-alikes', () => {
    const policy = { pinnedHosts: INTENT_HOSTS };
    expect(checkExternalUrl('https://support.microsoft.com/help/1', policy)).toBeTruthy();
    expect(reason(() => checkExternalUrl('https://support.microsoft.com.evil/', policy))).toBe(
      'HOST_NOT_ALLOWED',
    );
    expect(reason(() => checkExternalUrl('https://host.evil/', policy))).toBe('HOST_NOT_ALLOWED');
  });
});

describe('intentToUrl', () => {
  it('turns a KB intent into the Microsoft support page, whatever the KB prefix case', () => {
    expect(intentToUrl({ kind: 'kb', kb: 'KB5034441' })).toBe('https://support.microsoft.com/help/5034441');
    expect(intentToUrl({ kind: 'kb', kb: 'kb5034441' })).toBe('https://support.microsoft.com/help/5034441');
  });
  it('every intent resolves inside the pinned hosts', () => {
    for (const url of [intentToUrl({ kind: 'kb', kb: '123456' }), intentToUrl({ kind: 'docs' })]) {
      expect(() => checkExternalUrl(url, { pinnedHosts: INTENT_HOSTS })).not.toThrow();
    }
  });
});
