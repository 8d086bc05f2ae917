import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../../common/domain/control';
import { buildPackageFromFiles, readPackagesIndex } from '../../wapt/packages/index';
import type { PackageSigner } from '../../wapt/signing/index';
import { client, demoSigner, startTestServer } from './helpers';

/**
 * What the reference server refuses on upload beyond WAPT 1.8.2 (docs/reference-server.md,
 * "Uploads"): a different package under an existing name and version (409, default profile
 * only), and any package holding private key material (422).
 */
type Row = Record<string, unknown>;
const work = mkdtempSync(path.join(tmpdir(), 'wapt-upl-policy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function build(
  signer: PackageSigner,
  pkg: string,
  version: string,
  files: Array<{ path: string; content: string }>,
  architecture = 'all',
) {
  const out = mkdtempSync(path.join(work, 'out-'));
  const built = await buildPackageFromFiles({
    signer,
    control: createControl({ package: pkg, version, architecture, section: 'base' }),
    files,
    outDir: out,
  });
  return readFileSync(built.path);
}
const setup = (marker: string) => [
  { path: 'setup.py', content: `def install():\n    print(${JSON.stringify(marker)})\n` },
];
const raw = { 'content-type': 'binary/octet-stream' };

describe('reference profile: one content per name and version', () => {
  let env: Awaited<ReturnType<typeof startTestServer>>;
  let api: ReturnType<typeof client>;
  let signer: PackageSigner;
  beforeAll(async () => {
    env = await startTestServer({ hosts: 5 });
    api = client(env.server.url);
    signer = demoSigner(env.dataDir);
  }, 120_000);
  afterAll(async () => env.cleanup());

  it('accepts an identical re-upload and refuses different content with 409 and a clear JSON error', async () => {
    const first = await build(signer, 'test-cas', '1.0-1', setup('first'));
    expect((await api.post('/api/v3/upload_packages', first, raw)).status).toBe(200);
    const again = await api.post('/api/v3/upload_packages', first, raw);
    expect(again.status).toBe(200);
    expect(again.json.success).toBe(true);

    const other = await build(signer, 'test-cas', '1.0-1', setup('second'));
    const r = await api.post<Row>('/api/v3/upload_packages', other, raw);
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.json.success).toBe(false);
    expect(r.json.error_code).toBe('ewaptpackageconflict');
    expect(r.json.msg).toContain('test-cas version 1.0-1 is already on the server with different content');
    expect(r.json.msg).not.toContain(env.dataDir);
    // The repository and its index still hold the first content only.
    const files = readdirSync(path.join(env.dataDir, 'wapt')).filter((f) => f.startsWith('test-cas_'));
    expect(files).toHaveLength(1);
    const index = await readPackagesIndex(readFileSync(path.join(env.dataDir, 'wapt', 'Packages')));
    expect(index.packages.filter((p) => p.package === 'test-cas')).toHaveLength(1);

    // Another architecture is another package, not a conflict.
    const x64 = await build(signer, 'test-cas', '1.0-1', setup('x64'), 'x64');
    expect((await api.post('/api/v3/upload_packages', x64, raw)).status).toBe(200);
  });

  it('lets exactly one of two racing uploads of one version win', async () => {
    const a = await build(signer, 'test-race', '2.0-1', setup('a'));
    const b = await build(signer, 'test-race', '2.0-1', setup('b'));
    const results = await Promise.all([
      api.post('/api/v3/upload_packages', a, raw),
      api.post('/api/v3/upload_packages', b, raw),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(
      readdirSync(path.join(env.dataDir, 'wapt')).filter((f) => f.startsWith('test-race_')),
    ).toHaveLength(1);
  });

  it('refuses a package holding a private key (422), naming the member, leaving nothing behind', async () => {
    const keyDir = mkdtempSync(path.join(work, 'key-'));
    execFileSync(
      'openssl',
      [
        'genpkey',
        '-algorithm',
        'RSA',
        '-pkeyopt',
        'rsa_keygen_bits:2048',
        '-out',
        path.join(keyDir, 'k.pem'),
      ],
      {
        stdio: 'ignore',
      },
    );
    const pem = readFileSync(path.join(keyDir, 'k.pem'), 'utf8');
    // buildPackageFromFiles (the in-memory builder) does not scan: this stands for a package
    // built by any other tool.
    const bytes = await build(signer, 'test-leak', '1.0-1', [
      ...setup('leak'),
      { path: 'backup/admin.pem', content: pem },
    ]);
    const r = await api.post<Row>('/api/v3/upload_packages', bytes, raw);
    expect(r.status).toBe(422);
    expect(r.json.success).toBe(false);
    expect(r.json.error_code).toBe('ewaptprivatekeyinpackage');
    expect(r.json.msg).toMatch(/private key material \(backup\/admin\.pem \[/);
    expect(r.json.msg).not.toContain('BEGIN');
    expect(r.json.msg).not.toContain(env.dataDir);
    expect(r.json.msg).not.toContain('.part');
    expect(readdirSync(path.join(env.dataDir, 'wapt')).some((f) => f.startsWith('test-leak_'))).toBe(false);
    expect(readdirSync(path.join(env.dataDir, 'tmp')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});

describe('wapt-1.8.2 profile: the genuine behaviour', () => {
  it('stores both contents of one version under their md5 names (docs/wapt-server-api.md §4.3)', async () => {
    const env = await startTestServer({ hosts: 5, profile: 'wapt-1.8.2' });
    try {
      const api = client(env.server.url);
      const signer = demoSigner(env.dataDir);
      const one = await build(signer, 'test-cas', '1.0-1', setup('first'));
      const two = await build(signer, 'test-cas', '1.0-1', setup('second'));
      expect((await api.post('/api/v3/upload_packages', one, raw)).status).toBe(200);
      const r = await api.post('/api/v3/upload_packages', two, raw);
      expect(r.status).toBe(200);
      expect(r.json.success).toBe(true);
      expect(
        readdirSync(path.join(env.dataDir, 'wapt')).filter((f) => f.startsWith('test-cas_')),
      ).toHaveLength(2);
    } finally {
      await env.cleanup();
    }
  }, 120_000);
});
