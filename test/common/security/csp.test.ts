import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../common/security/csp';

const NONCE = 'abcdefghijklmnopqrstuvwx';

function directives(csp: string): Map<string, string> {
  return new Map(csp.split('; ').map((d) => [d.slice(0, d.indexOf(' ')), d.slice(d.indexOf(' ') + 1)]));
}

describe('buildCsp', () => {
  it('locks the Electron renderer down: no network, scripts from self only, nonce for styles', () => {
    const d = directives(buildCsp({ connectSrc: [], styleNonce: NONCE }));
    expect(d.get('default-src')).toBe("'none'");
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('style-src')).toBe(`'self' 'nonce-${NONCE}'`);
    expect(d.get('connect-src')).toBe("'none'");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('base-uri')).toBe("'none'");
    expect(d.get('form-action')).toBe("'none'");
    expect(d.get('frame-ancestors')).toBe("'none'");
    expect(d.get('img-src')).toBe("'self' data:");
  });

  it('never allows inline or eval scripts', () => {
    const csp = buildCsp({ connectSrc: ["'self'"], styleNonce: NONCE });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  });

  it('lets browser mode connect to its own bridge only', () => {
    expect(directives(buildCsp({ connectSrc: ["'self'"], styleNonce: NONCE })).get('connect-src')).toBe(
      "'self'",
    );
  });

  it.each([["https://evil.example 'unsafe-inline'"], ['javascript:'], ['*'], ['http://a b']])(
    'rejects a suspicious connect-src entry %s',
    (src) => {
      expect(() => buildCsp({ connectSrc: [src], styleNonce: NONCE })).toThrow(/Invalid connect-src/);
    },
  );

  it.each([[''], ['short'], ["abc' 'unsafe-inline"]])('rejects a weak or injected nonce %j', (nonce) => {
    expect(() => buildCsp({ connectSrc: [], styleNonce: nonce })).toThrow(/nonce/);
  });
});
