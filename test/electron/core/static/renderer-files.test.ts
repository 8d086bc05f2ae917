import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRendererFile, serveRendererAsset } from '../../../../electron/core/static/renderer-files';
import { createAppProtocolHandler } from '../../../../electron/security/app-protocol';
import { useTempDirs } from '../../../support/temp-dir';

function makeRoot(tmp: () => string) {
  const base = tmp();
  const root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(
    path.join(root, 'index.html'),
    '<html><head><meta name="csp-nonce" content="__CSP_NONCE__"></head><body></body></html>',
  );
  writeFileSync(path.join(root, 'assets', 'app-Abc12345.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the root');
  writeFileSync(path.join(root, 'notes.txt'), 'unknown type');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.js'));
  return root;
}

describe('renderer file serving (app:// and browser mode)', () => {
  const tmp = useTempDirs();

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2E%2E/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%00index.html',
    '/index.html%00.js',
    '//etc/passwd',
    '/etc/passwd',
    'relative.html',
    '/%E0%A4%A',
    '/assets/link.js',
    '/assets',
  ])('refuses %s', async (p) => {
    const root = makeRoot(tmp);
    expect(await resolveRendererFile(root, p)).toBeNull();
    expect((await serveRendererAsset({ root, connectSrc: [] }, p)).status).toBe(404);
  });

  it('serves index.html for / with a fresh nonce in both the CSP header and the page', async () => {
    const root = makeRoot(tmp);
    const a = await serveRendererAsset({ root, connectSrc: [] }, '/');
    const b = await serveRendererAsset({ root, connectSrc: [] }, '/index.html');
    expect(a.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(a.headers['Content-Security-Policy']!)![1]!;
    expect(a.body.toString()).toContain(`content="${nonce}"`);
    expect(b.headers['Content-Security-Policy']).not.toContain(nonce);
    expect(a.headers['Content-Security-Policy']).toContain("connect-src 'none'");
    expect(a.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(a.headers['Cache-Control']).toBe('no-store');
  });

  it('serves hashed assets with their type and refuses unknown types', async () => {
    const root = makeRoot(tmp);
    const js = await serveRendererAsset({ root, connectSrc: [] }, '/assets/app-Abc12345.js');
    expect(js.status).toBe(200);
    expect(js.headers['Content-Type']).toMatch(/^text\/javascript/);
    expect((await serveRendererAsset({ root, connectSrc: [] }, '/notes.txt')).status).toBe(404);
  });

  it('the app:// protocol handler serves only app://console and only GET/HEAD', async () => {
    const handler = createAppProtocolHandler(makeRoot(tmp));
    const ok = await handler({ url: 'app://console/index.html', method: 'GET' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await handler({ url: 'app://other/index.html', method: 'GET' })).status).toBe(404);
    expect((await handler({ url: 'app://console/../secret.txt', method: 'GET' })).status).toBe(404);
    expect((await handler({ url: 'app://console/index.html', method: 'POST' })).status).toBe(405);
  });
});
