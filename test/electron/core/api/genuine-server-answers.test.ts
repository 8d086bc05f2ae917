import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConsoleError } from '../../../../common/errors';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { presentError } from '../../../../renderer/src/errors/presenter';
import { translate } from '../../../../renderer/src/i18n/i18n';

/*
 * The answers a genuine WAPT 1.8.2 server gives (docs/server-capabilities.md, "Errors" and "Nulls"),
 * replayed byte for byte by a small HTTP server: HTTP 200 + success:false envelopes, a 401
 * text/html page on a bad password, 404 for routes a community server lacks, and nulls in login.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

const envelopeFail = (error_code: string, msg: string) => ({ success: false, msg, error_code });

async function genuineLike(): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const json = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      switch (url.pathname) {
        case '/api/v3/login': {
          const creds = JSON.parse(body || '{}') as { password?: string };
          if (creds.password !== 'good') {
            res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' });
            return res.end('You have to login with proper credentials');
          }
          return json({
            success: true,
            msg: 'Authentication OK',
            result: {
              auth_result: { user: 'admin', auth_method: 'admin', auth_date: '2026-11-30T08:00:00' },
              user_acls: null,
              hosts_count: null,
              token: 't',
              server_uuid: 'u',
              version: '1.8.2',
              edition: 'community',
              server_domain: null,
            },
            request_time: null,
          });
        }
        case '/api/v1/host_data':
          if (url.searchParams.get('field') === 'nonsense')
            return json(envelopeFail('EWaptMissingParameter', "EWaptMissingParameter('Invalid field',)"));
          return json(envelopeFail('empty_data', 'No wsusupdates data for host X'));
        case '/api/v3/host_tasks_status':
          return json(
            envelopeFail(
              'ewapthostunreachable',
              "Error on server:\nEWaptHostUnreachable('Host not connected',)",
            ),
          );
        case '/api/v1/hosts':
          return json(
            envelopeFail('ewaptunknownhost', "EWaptUnknownHost('Host NOPE not found in database',)"),
          );
        case '/api/v3/trigger_host_action':
          return json(
            envelopeFail('ewaptbadsignature', "EWaptBadSignature('Action is not signed, not relayed',)"),
          );
        case '/api/v3/hosts_delete':
          return json(envelopeFail('ewaptforbiddden', 'Restricted'));
        default:
          res.writeHead(404, { 'Content-Type': 'text/html' });
          return res.end('<h1>Not Found</h1>');
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(p: Promise<unknown>): Promise<ConsoleError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConsoleError);
    return e as ConsoleError;
  }
  throw new Error('expected a failure');
}

describe('a genuine 1.8.2 server’s answers become typed console errors', () => {
  it('accepts the nulls of a genuine login answer (user_acls, hosts_count, server_domain)', async () => {
    const c = new WaptClient({
      baseUrl: await genuineLike(),
      user: 'admin',
      password: 'good',
      verifyTls: true,
    });
    const login = await c.login();
    expect(login.user_acls).toBeNull();
    expect(login.hosts_count).toBeNull();
    expect(login.edition).toBe('community');
  });

  it('a bad password (401 text/html) is UNAUTHENTICATED/BAD_CREDENTIALS with a clear sentence', async () => {
    const c = new WaptClient({
      baseUrl: await genuineLike(),
      user: 'admin',
      password: 'wrong',
      verifyTls: true,
    });
    const e = await failure(c.login());
    expect([e.code, e.reason]).toEqual(['UNAUTHENTICATED', 'BAD_CREDENTIALS']);
    expect(presentError(e, (k, p) => translate('en', k, p)).message).toBe(
      'The server refused the user name or password.',
    );
  });

  it('maps each success:false error_code to its own code, keeping WAPT’s code', async () => {
    const c = new WaptClient({
      baseUrl: await genuineLike(),
      user: 'admin',
      password: 'good',
      verifyTls: true,
    });
    const cases: [Promise<unknown>, string, string, string][] = [
      [c.request('/api/v1/hosts', z.unknown()), 'NOT_FOUND', 'UNKNOWN_HOST', 'ewaptunknownhost'],
      [
        c.request('/api/v1/host_data', z.unknown(), { params: { field: 'wsusupdates' } }),
        'NOT_FOUND',
        'EMPTY_DATA',
        'empty_data',
      ],
      [
        c.request('/api/v1/host_data', z.unknown(), { params: { field: 'nonsense' } }),
        'SERVER_ERROR',
        'MISSING_PARAMETER',
        'ewaptmissingparameter',
      ],
      [
        c.request('/api/v3/host_tasks_status', z.unknown()),
        'SERVER_ERROR',
        'HOST_UNREACHABLE',
        'ewapthostunreachable',
      ],
      [
        c.request('/api/v3/trigger_host_action', z.unknown(), { method: 'POST', data: {} }),
        'SIGNATURE_INVALID',
        'WAPT_BAD_SIGNATURE',
        'ewaptbadsignature',
      ],
      [
        c.request('/api/v3/hosts_delete', z.unknown(), { method: 'POST', data: {} }),
        'ACCESS_DENIED',
        'WAPT_FORBIDDEN',
        'ewaptforbiddden',
      ],
    ];
    for (const [p, code, reason, wapt] of cases) {
      const e = await failure(p);
      expect([e.code, e.reason, e.details?.waptErrorCode]).toEqual([code, reason, wapt]);
    }
    const unreachable = await failure(c.request('/api/v3/host_tasks_status', z.unknown()));
    // "Error on server:\n" is WAPT's wrapper; the message keeps only what it wraps.
    expect(unreachable.message).toBe(
      "/api/v3/host_tasks_status: EWaptHostUnreachable('Host not connected',)",
    );
  });

  it('a missing route is NOT_SUPPORTED, shown as one translated sentence without the route', async () => {
    const c = new WaptClient({
      baseUrl: await genuineLike(),
      user: 'admin',
      password: 'good',
      verifyTls: true,
    });
    const wua = await failure(c.request('/api/v2/windows_updates', z.unknown()));
    expect([wua.code, wua.reason, wua.details?.feature]).toEqual(['NOT_SUPPORTED', 'HTTP_404', 'wua']);
    const other = await failure(c.request('/api/v3/some_future_route', z.unknown()));
    expect([other.code, other.details?.feature]).toEqual(['NOT_SUPPORTED', undefined]);
    for (const lang of ['en', 'fr'] as const) {
      const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) =>
        translate(lang, k, p);
      const shown = presentError(wua, t).message;
      expect(shown).not.toMatch(/windows_updates|api\/v2|404/);
      expect(shown).toBe(t('error.NOT_SUPPORTED.wua'));
      expect(presentError(other, t).message).toBe(t('error.NOT_SUPPORTED'));
    }
    // A repository file that is absent stays NOT_FOUND: the file is missing, not the feature.
    const file = await failure(c.getBytes('/wapt/tis-nothing_1.0-1_all.wapt'));
    expect(file.code).toBe('NOT_FOUND');
  });
});
