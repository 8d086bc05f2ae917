import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../../common/domain/control';
import { buildPackageFromFiles, readPackagesIndex } from '../../wapt/packages/index';
import {
  createKeyAndCertificate,
  createSigner,
  loadPrivateKey,
  type PackageSigner,
} from '../../wapt/signing/index';
import { client, demoSigner, startTestServer } from './helpers';

type Row = Record<string, unknown>;
let env: Awaited<ReturnType<typeof startTestServer>>;
let api: ReturnType<typeof client>;
let signer: PackageSigner;
const work = mkdtempSync(path.join(tmpdir(), 'wapt-upl-'));

async function build(
  pkg: string,
  version: string,
  extra: Record<string, string> = {},
  s: PackageSigner = signer,
  files = [{ path: 'setup.py', content: 'def install():\n    pass\n' }],
) {
  return buildPackageFromFiles({
    signer: s,
    control: createControl({ package: pkg, version, architecture: 'all', section: 'base', ...extra }),
    files,
    outDir: work,
  });
}
const repoFiles = () => readdirSync(path.join(env.dataDir, 'wapt'));
const tmpFiles = () => readdirSync(path.join(env.dataDir, 'tmp')).filter((f) => !f.startsWith('demo-build'));

beforeAll(async () => {
  env = await startTestServer({ hosts: 10 });
  api = client(env.server.url);
  signer = demoSigner(env.dataDir);
});
afterAll(async () => env.cleanup());

describe('upload_packages (§4.3)', () => {
  it('stores a raw upload under its canonical name with the md5, rebuilds Packages, serves it from /wapt/', async () => {
    const built = await build('test-hello', '1.0-1');
    const bytes = readFileSync(built.path);
    const md5 = createHash('md5').update(bytes).digest('hex');
    const r = await api.post<Row>('/api/v3/upload_packages', bytes, {
      'content-type': 'binary/octet-stream',
    });
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    expect(r.json.msg).toBe('1 Packages uploaded, 0 errors.');
    const done = (r.json.result!.done as Row[])[0]!;
    expect(done).toMatchObject({
      package: 'test-hello',
      version: '1.0-1',
      filename: `test-hello_1.0-1_${md5}.wapt`,
      md5sum: md5,
      size: bytes.length,
    });
    expect((r.json.result!.packages_index_result as Row).packages_filename).toMatch(/Packages$/);
    const served = await fetch(`${env.server.url}/wapt/test-hello_1.0-1_${md5}.wapt`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    const index = await readPackagesIndex(
      Buffer.from(await (await fetch(`${env.server.url}/wapt/Packages`)).arrayBuffer()),
    );
    const entry = index.packages.find((p) => p.package === 'test-hello')!;
    expect(entry).toMatchObject({ filename: `test-hello_1.0-1_${md5}.wapt`, md5sum: md5 });
    expect(index.certificates.size).toBeGreaterThan(0);
    expect((await api.get<Row[]>('/api/v3/packages?q=hello')).json.result!.map((p) => p.package)).toEqual([
      'test-hello',
    ]);
    expect((await api.get<Row[]>('/api/v3/known_packages')).json.result!.map((p) => p.package)).toContain(
      'test-hello',
    );
    expect((await fetch(`${env.server.url}/wapt/`)).status).toBe(200);
  });

  it('accepts multipart (field "file"), silently skips parts with unsafe names, and HEAD answers 200', async () => {
    const built = await build('test-multi', '2');
    const fd = new FormData();
    fd.append('file', new Blob([readFileSync(built.path)]), 'test-multi_2.wapt');
    fd.append('other', new Blob([readFileSync(built.path)]), 'has space.wapt');
    fd.append('third', new Blob([Buffer.from('x')]), 'nonascii-é.wapt');
    const r = await api.post<Row>('/api/v3/upload_packages', fd);
    expect(r.json.success).toBe(true);
    expect((r.json.result!.done as Row[]).length).toBe(1);
    expect(r.json.result!.errors).toEqual([]);
    expect(repoFiles().filter((f) => f.startsWith('test-multi')).length).toBe(1);
    expect(
      (
        await fetch(`${env.server.url}/api/v3/upload_packages`, {
          method: 'HEAD',
          headers: {
            authorization: `Basic ${Buffer.from('admin:correct horse battery').toString('base64')}`,
          },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses bogus packages, a tampered package and an untrusted signer, leaving nothing behind', async () => {
    const before = repoFiles().sort();
    const bad = await api.post<Row>('/api/v3/upload_packages', Buffer.from('this is not a zip'), {
      'content-type': 'binary/octet-stream',
    });
    expect(bad.json.success).toBe(false);
    expect(bad.json.msg).toMatch(/0 Packages uploaded, 1 errors/);
    const good = readFileSync((await build('test-tamper', '1')).path);
    const tampered = Buffer.from(good);
    const i = Math.floor(tampered.length / 3);
    tampered[i] = tampered[i]! ^ 0xff;
    const t = await api.post<Row>('/api/v3/upload_packages', tampered, {
      'content-type': 'binary/octet-stream',
    });
    expect(t.json.success).toBe(false);
    const other = await createKeyAndCertificate({ commonName: 'Stranger', codeSigning: true });
    const stranger = createSigner({
      key: loadPrivateKey(other.keyPem),
      certificateChain: [other.certificate],
    });
    const u = await api.post<Row>(
      '/api/v3/upload_packages',
      readFileSync((await build('test-stranger', '1', {}, stranger)).path),
      { 'content-type': 'binary/octet-stream' },
    );
    expect(u.json.success).toBe(false);
    expect(String((u.json.result!.errors as string[])[0])).toMatch(/trust|chain|signer/i);
    const empty = await api.post<Row>('/api/v3/upload_packages', Buffer.alloc(0), {
      'content-type': 'binary/octet-stream',
    });
    expect(empty.json.success).toBe(false);
    expect(repoFiles().sort()).toEqual(before);
    expect(tmpFiles()).toEqual([]);
  });

  it('accepts packages signed by a newly trusted certificate (trusted_signers_certificates POST/GET/DELETE)', async () => {
    const other = await createKeyAndCertificate({ commonName: 'Second admin', codeSigning: true });
    const second = createSigner({ key: loadPrivateKey(other.keyPem), certificateChain: [other.certificate] });
    const post = await api.post<string[]>('/api/v3/trusted_signers_certificates', other.certificatePem, {
      'content-type': 'text/plain',
    });
    expect(post.json.success).toBe(true);
    const sha1 = post.json.result![0]!;
    const list = (await api.get<Row>('/api/v3/trusted_signers_certificates')).json.result!;
    expect((list.trusted as Row[]).map((c) => c.cn)).toContain('Second admin');
    expect((list.trusted as Row[])[0]).toHaveProperty('fingerprint');
    const up = await api.post<Row>(
      '/api/v3/upload_packages',
      readFileSync((await build('test-second', '1', {}, second)).path),
      { 'content-type': 'binary/octet-stream' },
    );
    expect(up.json.success).toBe(true);
    expect((await api.del<string[]>('/api/v3/trusted_signers_certificates', [sha1])).json.result).toEqual([
      sha1,
    ]);
    const again = await api.post<Row>(
      '/api/v3/upload_packages',
      readFileSync((await build('test-second', '2', {}, second)).path),
      { 'content-type': 'binary/octet-stream' },
    );
    expect(again.json.success).toBe(false);
    expect(
      (await api.post('/api/v3/trusted_signers_certificates', 'garbage', { 'content-type': 'text/plain' }))
        .json.success,
    ).toBe(false);
  });

  it('packages_delete removes files and index entries; bad names go to errors', async () => {
    const built = await build('test-delete', '1');
    const up = await api.post<Row>('/api/v3/upload_packages', readFileSync(built.path), {
      'content-type': 'binary/octet-stream',
    });
    const filename = String((up.json.result!.done as Row[])[0]!.filename);
    const r = await api.post<Row>('/api/v3/packages_delete', [
      filename,
      '../../db/server.sqlite',
      'nope.wapt',
      42,
    ]);
    expect(r.json.success).toBe(true);
    expect(r.json.msg).toMatch(/^1 packages deleted\nERROR : 3 packages could not be deleted/);
    expect(existsSync(path.join(env.dataDir, 'wapt', filename))).toBe(false);
    expect(existsSync(path.join(env.dataDir, 'db', 'server.sqlite'))).toBe(true);
    const index = await readPackagesIndex(readFileSync(path.join(env.dataDir, 'wapt', 'Packages')));
    expect(index.packages.some((p) => p.package === 'test-delete')).toBe(false);
    expect((await api.post('/api/v3/packages_delete', { not: 'a list' })).json).toMatchObject({
      success: false,
      error_code: 'ewaptmissingparameter',
    });
  });
});

describe('host packages and agent installer (§4.4, §4.5)', () => {
  it('upload_hosts stores <uuid>.wapt as is, served from /wapt-host/; /wapt-host/Packages is forbidden', async () => {
    const uuid = String((await api.get<Row[]>('/api/v1/hosts?limit=1')).json.result![0]!.uuid);
    const built = await build(uuid, '3', { section: 'host', depends: 'demo-7zip' }, signer, []);
    const fd = new FormData();
    fd.append(`${uuid}.wapt`, new Blob([readFileSync(built.path)]), `${uuid}.wapt`);
    const r = await api.post<Row>('/api/v3/upload_hosts', fd);
    expect(r.json).toMatchObject({
      success: true,
      msg: '1 Host packages uploaded, 0 errors',
      result: { done: [`${uuid}.wapt`], errors: [] },
    });
    expect((await fetch(`${env.server.url}/wapt-host/${uuid}.wapt`)).status).toBe(200);
    expect((await fetch(`${env.server.url}/wapt-host/Packages`)).status).toBe(403);
    const del = await api.post<Row>('/api/v3/hosts_delete', {
      uuids: [uuid],
      delete_packages: true,
      delete_inventory: false,
    });
    expect(del.json.msg).toBe('1 files removed from host repository');
    expect((del.json.result!.records as Row[])[0]).toMatchObject({ uuid });
    expect((await fetch(`${env.server.url}/wapt-host/${uuid}.wapt`)).status).toBe(404);
  });

  it('upload_waptsetup answers without envelope and waptagent_version reads the file', async () => {
    const exe = Buffer.concat([
      Buffer.from('MZ fake installer '),
      Buffer.from('FileVersion\0', 'utf16le'),
      Buffer.from('\0\0', 'binary'),
      Buffer.from('1.8.2.7373\0', 'utf16le'),
    ]);
    const fd = new FormData();
    fd.append('file', new Blob([exe]), 'waptagent.exe');
    const r = await api.post('/upload_waptsetup', fd);
    expect(JSON.parse(r.text)).toEqual({ status: 'OK', message: 'waptagent.exe uploaded' });
    const v = await api.get<Row>('/api/v2/waptagent_version');
    expect(v.json.result).toMatchObject({
      waptagent_version: '1.8.2.7373',
      waptagent_sha256: createHash('sha256').update(exe).digest('hex'),
    });
    const bad = new FormData();
    bad.append('file', new Blob([exe]), 'other.exe');
    expect(JSON.parse((await api.post('/upload_waptsetup', bad)).text)).toMatchObject({ status: 'ERROR' });
  });
});

describe('bad input', () => {
  it('malformed JSON, wrong types and huge bodies get the envelope or 413, and the server keeps running', async () => {
    const m = await api.post('/api/v3/hosts_delete', '{"uuids": [', { 'content-type': 'application/json' });
    expect(m.status).toBe(200);
    expect(m.json).toMatchObject({ success: false, error_code: 'badrequest' });
    expect((await api.post('/api/v3/hosts_delete', { uuids: 'abc' })).json).toMatchObject({
      success: false,
      error_code: 'ewaptmissingparameter',
    });
    expect(
      (await api.post('/api/v3/trigger_host_action', 'x', { 'content-type': 'application/json' })).json
        .success,
    ).toBe(false);
    expect((await api.post('/api/v3/login', { user: 1, password: [] })).json.success).toBe(false);
    const huge = await api.post(
      '/api/v3/hosts_delete',
      JSON.stringify({ uuids: ['x'.repeat(17 * 1024 * 1024)] }),
      { 'content-type': 'application/json' },
    );
    expect(huge.status).toBe(413);
    expect((await api.get('/ping')).status).toBe(200);
  });

  it('rejects path traversal on static routes', async () => {
    for (const p of [
      '/wapt/..%2Fdb%2Fserver.sqlite',
      '/wapt/%2e%2e/db/server.sqlite',
      '/wapt-host/..%2F..%2Fetc%2Fpasswd',
      '/waptwua/.%2E%2Fdemo%2Fdemo-signer.key',
      '/wapt/.hidden',
    ]) {
      expect((await fetch(`${env.server.url}${p}`)).status).toBe(404);
    }
  });
});
