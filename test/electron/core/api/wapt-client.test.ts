import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { useTempDirs } from '../../../support/temp-dir';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
const servers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

async function listen(server: http.Server | https.Server, handler: Handler): Promise<number> {
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => handler(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    expect(e).toBeInstanceOf(ConsoleError);
    return `${(e as ConsoleError).code}/${(e as ConsoleError).reason ?? ''}`;
  }
}

describe('WaptClient', () => {
  const tmp = useTempDirs();
  const seen: { url?: string; auth?: string; cookie?: string; body: string }[] = [];

  const waptLike: Handler = (req, body, res) => {
    seen.push({ url: req.url, auth: req.headers.authorization, cookie: req.headers.cookie, body });
    if (req.url === '/ping')
      return json(res, 200, {
        success: true,
        msg: 'WAPT Server running',
        result: { version: '1.8.2.7373', api_version: 'v3' },
        request_time: null,
      });
    if (req.url === '/api/v3/login') {
      const { user, password } = JSON.parse(body || '{}') as { user?: string; password?: string };
      if (user !== 'admin' || password !== 'good') {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Login Required"' });
        return res.end('You have to login with proper credentials');
      }
      return json(
        res,
        200,
        {
          success: true,
          msg: 'ok',
          result: {
            auth_result: { user: 'admin', auth_method: 'admin' },
            version: '1.8.2.7373',
            hosts_count: 3,
            edition: 'community',
          },
        },
        { 'Set-Cookie': 'session=abc123; HttpOnly; Path=/' },
      );
    }
    if (req.url === '/api/v3/logout')
      return json(res, 200, { success: true, msg: 'logout', result: null, request_time: null });
    if (req.url === '/drift') return json(res, 200, { hello: 'world' });
    if (req.url === '/fail')
      return json(res, 200, {
        success: false,
        msg: 'Error on server:\nKeyError',
        error_code: 'keyerror',
        request_time: null,
      });
    if (req.url === '/denied') {
      res.writeHead(403);
      return res.end('Restricted access.\n');
    }
    if (req.url === '/boom') return json(res, 502, {});
    if (req.url === '/slow') return void setTimeout(() => json(res, 200, {}), 2000);
    json(res, 404, {});
  };

  it('pings, logs in with Basic credentials on every request, and keeps the session cookie', async () => {
    const port = await listen(http.createServer(), waptLike);
    const c = new WaptClient({
      baseUrl: `http://127.0.0.1:${port}/`,
      user: 'admin',
      password: 'good',
      verifyTls: true,
    });
    expect((await c.ping()).version).toBe('1.8.2.7373');
    expect((await c.login()).hosts_count).toBe(3);
    await c.ping();
    const basic = `Basic ${Buffer.from('admin:good').toString('base64')}`;
    expect(seen.every((s) => s.auth === basic)).toBe(true);
    expect(seen.at(-1)!.cookie).toBe('session=abc123');
    expect(JSON.parse(seen.find((s) => s.url === '/api/v3/login')!.body)).toEqual({
      user: 'admin',
      password: 'good',
    });
  });

  it('maps each failure to its own code, without credentials in the message', async () => {
    const port = await listen(http.createServer(), waptLike);
    const c = new WaptClient({
      baseUrl: `http://127.0.0.1:${port}`,
      user: 'admin',
      password: 'bad-secret',
      verifyTls: true,
      timeoutMs: 500,
    });
    const z = (await import('zod')).z;
    expect(await code(c.login())).toBe('UNAUTHENTICATED/BAD_CREDENTIALS');
    expect(await code(c.request('/denied', z.unknown()))).toBe('ACCESS_DENIED/HTTP_403');
    expect(await code(c.request('/drift', z.unknown()))).toBe('API_SCHEMA/ENVELOPE');
    expect(await code(c.request('/ping', z.object({ version: z.number() })))).toBe('API_SCHEMA/RESULT');
    expect(await code(c.request('/fail', z.unknown()))).toBe('SERVER_ERROR/WAPT_ERROR');
    expect(await code(c.request('/boom', z.unknown()))).toBe('SERVER_ERROR/HTTP_502');
    expect(await code(c.request('/nowhere', z.unknown()))).toBe('NOT_SUPPORTED/HTTP_404');
    expect(await code(c.request('/slow', z.unknown()))).toBe('TIMEOUT/TIMEOUT');
    try {
      await c.login();
    } catch (e) {
      expect(JSON.stringify(e) + String(e)).not.toContain('bad-secret');
    }
    const dead = new WaptClient({ baseUrl: 'http://127.0.0.1:9', user: 'a', password: 'b', verifyTls: true });
    expect(await code(dead.ping())).toBe('NETWORK/ECONNREFUSED');
  });

  it('refuses plain http to a non-loopback host unless explicitly allowed', () => {
    expect(
      () => new WaptClient({ baseUrl: 'http://srvwapt.corp.lan', user: 'a', password: 'b', verifyTls: true }),
    ).toThrow(/refusing plain http/);
    expect(
      new WaptClient({
        baseUrl: 'http://srvwapt.corp.lan',
        user: 'a',
        password: 'b',
        verifyTls: true,
        allowInsecureHttp: true,
      }).insecure,
    ).toBe(true);
    expect(
      new WaptClient({ baseUrl: 'https://srvwapt.corp.lan', user: 'a', password: 'b', verifyTls: true })
        .insecure,
    ).toBe(false);
  });

  it('verifies HTTPS: refuses a self-signed certificate, accepts it with its CA bundle or with verification off', async () => {
    const dir = tmp();
    const key = path.join(dir, 'k.pem');
    const crt = path.join(dir, 'c.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        crt,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const port = await listen(
      https.createServer({ key: readFileSync(key), cert: readFileSync(crt) }),
      waptLike,
    );
    const base = { baseUrl: `https://127.0.0.1:${port}`, user: 'admin', password: 'good' };
    expect(await code(new WaptClient({ ...base, verifyTls: true }).ping())).toMatch(/^TLS\//);
    expect(
      (await new WaptClient({ ...base, verifyTls: true, caPem: readFileSync(crt, 'utf8') }).ping()).version,
    ).toBe('1.8.2.7373');
    expect((await new WaptClient({ ...base, verifyTls: false }).ping()).version).toBe('1.8.2.7373');
  });
});
