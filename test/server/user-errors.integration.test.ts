import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../../common/domain/control';
import { buildPackageFromFiles } from '../../wapt/packages/index';
import { basic, client, demoSigner, startTestServer } from './helpers';

/**
 * Every error a client can provoke on the reference server is one clear line with a code: no
 * stack trace, no HTTP 500 for bad input, no server path in the message (docs/reference-server.md,
 * "Errors"). Each case is a real request; the server must still answer /ping afterwards.
 */
let env: Awaited<ReturnType<typeof startTestServer>>;
let api: ReturnType<typeof client>;
const work = mkdtempSync(path.join(tmpdir(), 'wapt-user-errors-'));

beforeAll(async () => {
  env = await startTestServer({ hosts: 10 });
  api = client(env.server.url);
}, 120_000);
afterAll(async () => {
  await env.cleanup();
  rmSync(work, { recursive: true, force: true });
});

interface Answer {
  status: number;
  text: string;
  type: string;
}

async function send(
  method: string,
  p: string,
  body?: BodyInit,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const r = await fetch(`${env.server.url}${p}`, {
    method,
    headers: { authorization: basic(), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: r.status, text: await r.text(), type: r.headers.get('content-type') ?? '' };
}

/** The contract of a user-provoked error. */
function expectOneClearLine(a: Answer, code?: string | RegExp): void {
  expect(a.status, a.text).not.toBe(500);
  expect(a.text).not.toMatch(/\n\s+at |TypeError|ReferenceError|ENAMETOOLONG|ENOENT|SQLITE_/);
  expect(a.text).not.toContain(env.dataDir);
  expect(a.text).not.toContain(tmpdir());
  expect(a.text).not.toMatch(/\.part\b/);
  expect(a.type).toMatch(/application\/json/);
  const body = JSON.parse(a.text) as { success: boolean; msg: string; error_code?: string };
  expect(body.success).toBe(false);
  expect(body.error_code, a.text).toBeTruthy();
  if (code !== undefined) expect(body.error_code).toMatch(code);
  expect(body.msg.split('\n').filter((l) => l.trim() !== '').length, body.msg).toBeGreaterThanOrEqual(1);
}

const REPEATED_QUERIES = [
  '/api/v1/hosts?filter=a&filter=b',
  '/api/v1/hosts?columns=uuid&columns=description',
  '/api/v1/hosts?limit=1&limit=2',
  '/api/v1/hosts?order_by=computer_name&order_by=uuid',
  '/api/v1/hosts?uuid=x&uuid=y&has_errors=1&has_errors=1',
  '/api/v1/host_data?uuid=a&uuid=b&field=dmi&field=wmi',
  '/api/v2/windows_updates?products=a&products=b&limit=1&limit=2',
  '/api/v2/windows_updates?order_by=title&order_by=kbids',
  '/api/v3/hosts_for_package?package=a&package=b&limit=3&limit=4',
  '/api/v3/packages_for_hosts?host_uuids=a&host_uuids=b&limit=1&limit=x',
  '/api/v3/packages?q=a&q=b',
  '/api/v3/known_packages?exclude_sections=a&exclude_sections=b',
  '/api/v3/host_tasks_status?uuid=a&uuid=b',
];

describe('repeated query parameters', () => {
  for (const p of REPEATED_QUERIES) {
    it(`GET ${p}: no TypeError, no 500`, async () => {
      const a = await send('GET', p);
      expect(a.status, a.text).not.toBe(500);
      expect(a.text).not.toMatch(/TypeError|\n\s+at /);
      if (p.startsWith('/api/v1/hosts?filter=a&filter=b')) expectOneClearLine(a, 'ewaptbadparameter');
    });
  }
});

describe('NUL bytes', () => {
  it('in a search filter, a login name and a JSON body', async () => {
    expectOneClearLine(await send('GET', '/api/v1/hosts?filter=computer_fqdn%3Aab%00c'), 'ewaptbadparameter');
    const login = await fetch(`${env.server.url}/api/v3/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ad\u0000min', password: 'x\u0000' }),
    });
    expect(login.status).toBe(401);
    const del = await send(
      'POST',
      '/api/v3/hosts_delete',
      JSON.stringify({ uuids: ['\u0000'], delete_inventory: true }),
      {
        'content-type': 'application/json',
      },
    );
    expect(del.status).toBe(200);
    expect(JSON.parse(del.text).success).toBe(true);
    // Unsafe names are listed as errors of the deletion, in one line, without server paths.
    const pd = await send('POST', '/api/v3/packages_delete', JSON.stringify(['\u0000.wapt', 'a\u0000b']), {
      'content-type': 'application/json',
    });
    expect(pd.status).toBe(200);
    const msg = (JSON.parse(pd.text) as { msg: string }).msg;
    expect(msg).toMatch(/^0 packages deleted\nERROR : 2 packages could not be deleted$/);
    expect(msg).not.toContain(env.dataDir);
  });
});

describe('uploads', () => {
  it('a 300-character package name: refused in one line, no ENAMETOOLONG, nothing left behind', async () => {
    // The console's builder refuses such names itself; another tool could send one. upload_hosts
    // stores a part under its own name, so the name reaches the file system as sent.
    const built = await buildPackageFromFiles({
      signer: demoSigner(env.dataDir),
      control: createControl({
        package: 'test-host-long',
        version: '1',
        architecture: 'all',
        section: 'host',
      }),
      files: [{ path: 'setup.py', content: 'def install():\n    pass\n' }],
      outDir: work,
    });
    const name = `${'h'.repeat(295)}.wapt`;
    const form = new FormData();
    form.append(name, new Blob([new Uint8Array(readFileSync(built.path))]), name);
    const a = await send('POST', '/api/v3/upload_hosts', form);
    expect(a.status).toBe(200);
    expect(a.text).not.toMatch(/ENAMETOOLONG|\n\s+at /);
    expect(a.text).not.toContain(env.dataDir);
    const errors = (JSON.parse(a.text) as { result: { done: string[]; errors: string[] } }).result;
    expect(errors.done).toEqual([]);
    expect(errors.errors).toHaveLength(1);
    expect(errors.errors[0]).toMatch(
      /the package file name is 300 bytes long, the limit is 255: the name is too long/,
    );
    expect(errors.errors[0]).not.toContain('\n');
    expect(readdirSync(path.join(env.dataDir, 'tmp')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('malformed multipart bodies', async () => {
    const bodies: Array<[string, string]> = [
      ['multipart/form-data; boundary=XYZ', 'this is not multipart'],
      [
        'multipart/form-data; boundary=XYZ',
        '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.wapt"\r\n\r\nPK',
      ],
      ['multipart/form-data', '--XYZ--\r\n'],
      ['multipart/form-data; boundary=', ''],
    ];
    for (const [type, body] of bodies) {
      expectOneClearLine(await send('POST', '/api/v3/upload_packages', body, { 'content-type': type }));
      // upload_hosts answers success with its own done/errors lists (docs/wapt-server-api.md §4.4).
      const h = await send('POST', '/api/v3/upload_hosts', body, { 'content-type': type });
      expect(h.status, h.text).not.toBe(500);
      expect(h.text).not.toMatch(/\n\s+at |TypeError/);
    }
  });

  it('a raw body that is not a package', async () => {
    const a = await send('POST', '/api/v3/upload_packages', 'definitely not a zip', {
      'content-type': 'binary/octet-stream',
    });
    expect(a.status).not.toBe(500);
    const body = JSON.parse(a.text) as { success: boolean; msg: string };
    expect(body.success).toBe(false);
    expect(a.text).not.toContain(env.dataDir);
    expect(a.text).not.toMatch(/upload-[0-9a-f]+\.part/);
  });

  it('malformed JSON on upload_packages is a 400 with a code, not a 500', async () => {
    expectOneClearLine(
      await send('POST', '/api/v3/upload_packages', '{"x": [', { 'content-type': 'application/json' }),
      'badrequest',
    );
  });
});

describe('the server is still fine', () => {
  it('answers /ping', async () => {
    expect((await api.get('/ping')).status).toBe(200);
  });
});
