import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridgeServer, type RunningBridge } from '../../../electron/browser-mode/bridge-server';
import { silentLogger } from '../../../electron/core/ports';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createHandlers } from '../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../support/fake-core';
import { useTempDirs } from '../../support/temp-dir';

/** Raw HTTP so that Host and Origin can be set to anything (fetch would not allow a foreign Host). */
function request(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...opts.headers,
      ...(opts.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(opts.body)) }),
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers,
        setHost: opts.headers?.Host === undefined,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode bridge server', () => {
  const tmp = useTempDirs();
  let bridge: RunningBridge | undefined;
  afterEach(async () => {
    await bridge?.close();
    bridge = undefined;
  });

  const start = async () => {
    const dir = tmp();
    const rendererRoot = path.join(dir, 'renderer');
    mkdirSync(rendererRoot);
    writeFileSync(
      path.join(rendererRoot, 'index.html'),
      '<html><head><meta name="csp-nonce" content="__CSP_NONCE__"></head><body></body></html>',
    );
    writeFileSync(path.join(dir, 'web-bridge.js'), 'window.x=1');
    const { core } = makeTestCore(path.join(dir, 'user-data'));
    bridge = await startBridgeServer({
      rendererRoot,
      webBridgeScript: path.join(dir, 'web-bridge.js'),
      dispatch: createDispatcher(createHandlers(core), silentLogger),
      log: silentLogger,
      token: 'test-token-0123456789abcdef',
    });
    const b = bridge;
    const good = {
      Host: `127.0.0.1:${b.port}`,
      Origin: b.origin,
      'X-Console-Token': b.token,
      'Content-Type': 'application/json',
    };
    const invoke = (
      headers: Record<string, string>,
      body = JSON.stringify({ method: 'settings.get', input: {} }),
    ) => request(b.port, { method: 'POST', path: '/__bridge/invoke', headers, body });
    return { b, good, invoke, core };
  };

  it('listens on loopback and prints a launch URL carrying the token in the fragment', async () => {
    const { b } = await start();
    expect(b.launchUrl).toBe(`http://127.0.0.1:${b.port}/#token=${b.token}`);
  });

  it('answers a well-formed call from its own page', async () => {
    const { invoke, good } = await start();
    const res = await invoke(good);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { theme: 'system' } });
  });

  it('refuses a missing token and a wrong token', async () => {
    const { invoke, good } = await start();
    const { 'X-Console-Token': _t, ...noToken } = good;
    expect((await invoke(noToken)).status).toBe(403);
    expect((await invoke({ ...good, 'X-Console-Token': 'test-token-0123456789abcdeX' })).status).toBe(403);
    expect((await invoke({ ...good, 'X-Console-Token': '' })).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) on every path, static files included', async () => {
    const { b, invoke, good } = await start();
    expect((await invoke({ ...good, Host: `evil.example:${b.port}` })).status).toBe(421);
    expect((await invoke({ ...good, Host: `127.0.0.1:${b.port + 1}` })).status).toBe(421);
    expect((await request(b.port, { path: '/', headers: { Host: 'attacker.test' } })).status).toBe(421);
  });

  it('refuses a foreign Origin, and a POST without any Origin', async () => {
    const { invoke, good } = await start();
    expect((await invoke({ ...good, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await invoke({ ...good, Origin: 'null' })).status).toBe(403);
    const { Origin: _o, ...noOrigin } = good;
    expect((await invoke(noOrigin)).status).toBe(403);
    expect((await invoke({ ...good, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  });

  it('accepts localhost as an alias of 127.0.0.1 for Host and Origin', async () => {
    const { b, invoke, good } = await start();
    expect(
      (await invoke({ ...good, Host: `localhost:${b.port}`, Origin: `http://localhost:${b.port}` })).status,
    ).toBe(200);
  });

  it('rejects malformed JSON, the wrong content type and oversized bodies without crashing', async () => {
    const { invoke, good } = await start();
    expect((await invoke(good, '{not json')).status).toBe(400);
    expect((await invoke({ ...good, 'Content-Type': 'text/plain' })).status).toBe(415);
    const huge = await invoke(
      good,
      JSON.stringify({ method: 'settings.get', input: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    expect(huge.status).toBe(413);
    expect((await invoke(good)).status).toBe(200);
  });

  it('serves the renderer with the CSP header (connect-src self) and injects the bridge script', async () => {
    const { b } = await start();
    const res = await request(b.port, { path: '/', headers: { Host: `127.0.0.1:${b.port}` } });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.body).toContain('<script src="/__bridge/web-bridge.js"></script></head>');
    expect(res.body).not.toContain('__CSP_NONCE__');
    expect(res.body).not.toContain(b.token);
  });

  it('pushes events only to the client that made the call, as server-sent events', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'r'));
    // A dispatcher that emits through the context the bridge builds for the caller.
    bridge = await startBridgeServer({
      rendererRoot: path.join(dir, 'r'),
      webBridgeScript: path.join(dir, 'none.js'),
      log: silentLogger,
      dispatch: async (_method, _raw, ctx) => {
        ctx.emit('jobs.progress', { jobId: 'job-abcdef', percent: 50, message: 'half way' });
        return { ok: true, value: null };
      },
    });
    const b = bridge;
    const host = `127.0.0.1:${b.port}`;
    const listen = (clientId: string, sink: string[]) =>
      new Promise<http.ClientRequest>((resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port: b.port,
            path: '/__bridge/events',
            headers: { 'X-Console-Token': b.token, 'X-Console-Client': clientId },
          },
          (res) => {
            expect(res.headers['content-type']).toBe('text/event-stream');
            res.on('data', (d: Buffer) => sink.push(d.toString()));
            resolve(req);
          },
        );
        req.on('error', reject);
      });
    const a: string[] = [];
    const other: string[] = [];
    const ra = await listen('client-a', a);
    const rb = await listen('client-b', other);
    const res = await request(b.port, {
      method: 'POST',
      path: '/__bridge/invoke',
      headers: {
        Host: host,
        Origin: b.origin,
        'X-Console-Token': b.token,
        'X-Console-Client': 'client-a',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ method: 'jobs.list', input: {} }),
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() => a.join(''))
      .toContain('event: jobs.progress\ndata: {"jobId":"job-abcdef","percent":50,"message":"half way"}\n\n');
    expect(other.join('')).not.toContain('jobs.progress');
    const noToken = await request(b.port, { path: '/__bridge/events', headers: { Host: host } });
    expect(noToken.status).toBe(403);
    ra.destroy();
    rb.destroy();
  });
});
