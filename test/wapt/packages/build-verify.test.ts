import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl, parseControl } from '../../../common/domain/control';
import { controlSignedPayload } from '../../../common/domain/control-signature';
import { ConsoleError } from '../../../common/errors';
import {
  buildPackage,
  buildPackageFromFiles,
  inspectPackage,
  openPackageZip,
  readPackageControl,
  readPackagesIndex,
  signPackage,
  verifyPackage,
  writePackagesIndex,
} from '../../../wapt/packages/index';
import { makeIdentity, openssl, tempDir, writeTemp, type TestIdentity } from './helpers';

const tmp = tempDir('wapt-build-');
let admin: TestIdentity;
let other: TestIdentity;

async function members(p: string): Promise<Map<string, Buffer>> {
  const zip = await openPackageZip(p);
  const out = new Map<string, Buffer>();
  for (const m of zip.members) out.set(m.name, await zip.readBuffer(m));
  zip.close();
  return out;
}

function makeSource(name: string, control: string, files: Record<string, string | Buffer>): string {
  const src = path.join(tmp.dir, name);
  mkdirSync(path.join(src, 'WAPT'), { recursive: true });
  writeFileSync(path.join(src, 'WAPT/control'), control);
  for (const [p, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, p)), { recursive: true });
    writeFileSync(path.join(src, p), data);
  }
  return src;
}

beforeAll(async () => {
  [admin, other] = await Promise.all([
    makeIdentity({ cn: 'Admin Éloïse' }),
    makeIdentity({ cn: 'Someone else' }),
  ]);
});
afterAll(() => tmp.cleanup());

describe('build, verify, re-sign', () => {
  it('round-trips a package with non-ASCII names and descriptions, verified by openssl too', async () => {
    const src = makeSource(
      'nonascii',
      'package: tis-café\r\nversion: 2.0.1-4\r\narchitecture: x64\r\ndescription: Ligne un — «été»\r\n   ligne deux 😀\r\ndescription_ru: Привет\r\nmaturity: PROD\r\ninstalled_size: 1234\r\n',
      {
        'setup.py': 'def install():\n    pass\n',
        'données/fichier été.txt': 'contenu',
        'bin/big.bin': Buffer.alloc(300_000, 7),
        'bin/random.bin': randomBytes(300_000),
      },
    );
    await expect(
      buildPackage({ sourceDir: src, outDir: path.join(tmp.dir, 'out'), signer: admin.signer }),
    ).rejects.toMatchObject({ code: 'CONTROL_INVALID', details: { reason: 'INVALID_NAME' } });
    writeFileSync(
      path.join(src, 'WAPT/control'),
      readFileSync(path.join(src, 'WAPT/control'), 'utf8').replace('tis-café', 'tis-cafe'),
    );
    const progress: number[] = [];
    const r = await buildPackage({
      sourceDir: src,
      outDir: path.join(tmp.dir, 'out'),
      signer: admin.signer,
      onProgress: (p) => progress.push(p.bytes),
    });
    expect(path.basename(r.path)).toBe('tis-cafe_2.0.1-4_x64_PROD.wapt');
    expect(progress.at(-1)).toBe(600_000 + 7 + 'def install():\n    pass\n'.length);
    // Incompressible data is stored, the rest deflated (both are valid WAPT members, §1).
    const methods = Object.fromEntries((await inspectPackage(r.path)).members.map((m) => [m.name, m.method]));
    expect(methods).toMatchObject({
      'bin/random.bin': 'stored',
      'bin/big.bin': 'deflate',
      'WAPT/control': 'deflate',
    });
    expect(r.control.description).toBe('Ligne un — «été»\nligne deux 😀');
    expect(r.control.installed_size).toBe(1234);
    expect(r.control.signer).toBe('Admin Éloïse');

    const v = await verifyPackage(r.path, { trusted: [admin.certPem] });
    expect(v.trusted).toBe(true);
    expect(v.files.map((f) => f.path)).toContain('données/fichier été.txt');
    expect(v.sha256).toBe(r.sha256);
    expect(v.md5).toBe(r.md5);
    expect(readFileSync(r.path).length).toBe(r.size);

    // The archive is readable by Info-ZIP's unzip with its UTF-8 names.
    const listing = execFileSync('unzip', ['-Z1', r.path], { encoding: 'utf8' });
    expect(listing).toContain('données/fichier été.txt');

    // openssl verifies both signatures with the certificate's public key.
    const m = await members(r.path);
    const d = tempDir();
    try {
      const pub = writeTemp(
        d.dir,
        'pub.pem',
        openssl(['x509', '-pubkey', '-noout', '-in', writeTemp(d.dir, 'c.crt', admin.certPem)]),
      );
      const manifest = writeTemp(d.dir, 'manifest', m.get('WAPT/manifest.sha256')!);
      const msig = writeTemp(
        d.dir,
        'msig',
        Buffer.from(m.get('WAPT/signature.sha256')!.toString(), 'base64'),
      );
      expect(openssl(['dgst', '-sha256', '-verify', pub, '-signature', msig, manifest])).toContain(
        'Verified OK',
      );
      const control = parseControl(m.get('WAPT/control')!.toString('utf8'));
      const payload = writeTemp(d.dir, 'payload', controlSignedPayload(control));
      const csig = writeTemp(d.dir, 'csig', Buffer.from(String(control.signature), 'base64'));
      expect(openssl(['dgst', '-sha256', '-verify', pub, '-signature', csig, payload])).toContain(
        'Verified OK',
      );
      // And openssl rejects a payload differing by one character.
      writeFileSync(payload, controlSignedPayload({ ...control, version: '2.0.1-5' }));
      expect(() => openssl(['dgst', '-sha256', '-verify', pub, '-signature', csig, payload])).toThrow();
      // Non-ASCII is escaped with lower-case \uXXXX (surrogate pair for the emoji).
      expect(controlSignedPayload(control)).toContain('\\u00e9t\\u00e9');
      expect(controlSignedPayload(control)).toContain('\\ud83d\\ude00');
    } finally {
      d.cleanup();
    }
  });

  it('re-signs with another key: new uuid and date, same payload, old trust no longer applies', async () => {
    const src = makeSource('resign', 'package: tis-resign\nversion: 1\n', { 'setup.py': 'x = 1\n' });
    const first = await buildPackage({
      sourceDir: src,
      outDir: path.join(tmp.dir, 'resign-out'),
      signer: admin.signer,
    });
    const before = await members(first.path);
    const r = await signPackage({ packagePath: first.path, signer: other.signer });
    expect(r.path).toBe(first.path);
    expect(r.control.package_uuid).not.toBe(first.control.package_uuid);
    expect(r.control.signer).toBe('Someone else');
    const after = await members(first.path);
    expect(after.get('setup.py')!.equals(before.get('setup.py')!)).toBe(true);
    await expect(verifyPackage(first.path, { trusted: [admin.certPem] })).rejects.toMatchObject({
      code: 'CERT_INVALID',
      details: { reason: 'UNTRUSTED' },
    });
    expect((await verifyPackage(first.path, { trusted: [other.certPem] })).control.signer).toBe(
      'Someone else',
    );
    expect(readdirSync(path.dirname(first.path))).toEqual([path.basename(first.path)]);
  });

  it('builds from in-memory files (rule packages) and reads the control back without verifying', async () => {
    const r = await buildPackageFromFiles({
      files: [
        { path: 'WAPT/waptwua_rules.json', content: '{"default_allow":false}' },
        {
          path: 'WAPT/persistent/waptwua_rules.json',
          content: new TextEncoder().encode('{"default_allow":false}'),
        },
      ],
      control: createControl({
        package: 'tis-waptwua-servers',
        version: '3',
        section: 'wsus',
        description: 'Règles',
      }),
      signer: other.signer,
      outDir: path.join(tmp.dir, 'mem'),
    });
    expect(path.basename(r.path)).toBe('tis-waptwua-servers_3.wapt');
    const control = await readPackageControl(r.path);
    expect(control.section).toBe('wsus');
    const info = await inspectPackage(r.path);
    expect(info.members.map((m) => m.name)).toContain('WAPT/persistent/waptwua_rules.json');
    expect(info.members.every((m) => m.method === 'deflate')).toBe(true);
    expect(info.certificates[0]!.cn).toBe('Someone else');
    expect(info.hasControlSignature && info.hasManifest && info.hasManifestSignature).toBe(true);
    await verifyPackage(r.path, { trusted: [other.certPem] });
  });

  it('host packages are named <uuid>.wapt', async () => {
    const r = await buildPackageFromFiles({
      files: [],
      control: createControl({
        package: '4C4C4544-004E-3510-8051-C7C04F325131',
        version: '7',
        section: 'host',
        depends: 'tis-7zip,grp-it',
      }),
      signer: other.signer,
      outDir: path.join(tmp.dir, 'host'),
    });
    expect(path.basename(r.path)).toBe('4C4C4544-004E-3510-8051-C7C04F325131.wapt');
  });

  it('refuses to sign setup.py with a certificate lacking code signing, and leaves nothing behind', async () => {
    const plain = await makeIdentity({ cn: 'No code signing', codeSigning: false, isCA: false });
    const src = makeSource('nocs', 'package: tis-nocs\nversion: 1\n', { 'setup.py': 'x' });
    const out = path.join(tmp.dir, 'nocs-out');
    await expect(buildPackage({ sourceDir: src, outDir: out, signer: plain.signer })).rejects.toMatchObject({
      code: 'CERT_INVALID',
      details: { reason: 'NOT_CODE_SIGNING' },
    });
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    // Without setup.py (a group package) the same certificate is fine.
    const r = await buildPackageFromFiles({
      files: [],
      control: createControl({ package: 'grp-it', version: '1', section: 'group' }),
      signer: plain.signer,
      outDir: out,
    });
    await verifyPackage(r.path, { trusted: [plain.certPem] });
  });

  it('a build failing mid-stream or aborted leaves no file', async () => {
    const out = path.join(tmp.dir, 'fail-out');
    const src = makeSource('fail', 'package: tis-fail\nversion: 1\n', {
      'a.bin': Buffer.alloc(2_000_000, 1),
    });
    symlinkSync('/etc/hostname', path.join(src, 'link'));
    await expect(buildPackage({ sourceDir: src, outDir: out, signer: admin.signer })).rejects.toMatchObject({
      code: 'PACKAGE_INVALID',
      details: { reason: 'SYMLINK_IN_SOURCE' },
    });
    const controller = new AbortController();
    await expect(
      buildPackageFromFiles({
        files: [{ path: 'a.bin', content: Buffer.alloc(5_000_000, 3) }],
        control: createControl({ package: 'tis-abort', version: '1' }),
        signer: admin.signer,
        outDir: out,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    const failing = {
      name: 'broken.bin',
      size: 10,
      open: () => {
        throw new Error('disk gone');
      },
    };
    const { writeSignedPackage } = await import('../../../wapt/packages/index');
    await expect(
      writeSignedPackage({
        outPath: out,
        outIsDir: true,
        payload: [failing],
        control: createControl({ package: 'tis-broken', version: '1' }),
        signer: admin.signer,
      }),
    ).rejects.toBeInstanceOf(ConsoleError);
    expect(readdirSync(out)).toEqual([]);
  });

  it('reads and writes the Packages index zip, certificates under ssl/', async () => {
    const a = createControl({ package: 'tis-a', version: '1', description: 'multi\nline' });
    const b = {
      ...createControl({ package: 'tis-b', version: '2', installed_size: '42' }),
      filename: 'tis-b_2.wapt',
      size: 3465,
      md5sum: '2ca3244e6eeb6b9f0755de32b598a43c',
    };
    const zip = await writePackagesIndex([a, b], {
      certificates: [...admin.signer.certificateChain, ...admin.signer.certificateChain],
    });
    const index = await readPackagesIndex(zip);
    expect(index.packages).toHaveLength(2);
    expect(index.packages[0]!.description).toBe('multi\nline');
    expect(index.packages[1]!).toMatchObject({
      filename: 'tis-b_2.wapt',
      size: 3465,
      md5sum: '2ca3244e6eeb6b9f0755de32b598a43c',
      installed_size: 42,
    });
    expect([...index.certificates.keys()]).toEqual([admin.signer.keyId]);
    const listing = execFileSync('unzip', ['-Z1', writeTemp(tmp.dir, 'Packages.zip', zip)], {
      encoding: 'utf8',
    });
    expect(listing.split('\n').filter(Boolean).sort()).toEqual(['Packages', `ssl/${admin.signer.keyId}.crt`]);
    const text = execFileSync('unzip', ['-p', path.join(tmp.dir, 'Packages.zip'), 'Packages'], {
      encoding: 'utf8',
    });
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('\n\npackage           : tis-b\n');
    expect(text).toMatch(
      /filename {10}: tis-b_2\.wapt\nsize {14}: 3465\nmd5sum {12}: 2ca3244e6eeb6b9f0755de32b598a43c\n$/,
    );
    expect((await readPackagesIndex(text)).packages).toHaveLength(2);
  });

  it('signs and verifies with a 4096-bit key', async () => {
    const big = await makeIdentity({ cn: 'Big key', keyBits: 4096 });
    const r = await buildPackageFromFiles({
      files: [{ path: 'setup.py', content: 'pass\n' }],
      control: createControl({ package: 'tis-big', version: '1' }),
      signer: big.signer,
      outDir: path.join(tmp.dir, 'big'),
    });
    const v = await verifyPackage(r.path, { trusted: [big.certPem] });
    expect(v.signer.keyBits).toBe(4096);
    const sig = (await members(r.path)).get('WAPT/signature.sha256')!.toString();
    expect(Buffer.from(sig, 'base64')).toHaveLength(512);
    expect(
      sig
        .split('\n')
        .slice(0, -2)
        .every((l) => l.length === 76),
    ).toBe(true);
    expect(sig.endsWith('\n')).toBe(true);
  });

  it('accepts a chain through an intermediate CA shipped in certificate.crt', async () => {
    const root = await makeIdentity({ cn: 'Root CA', isCA: true, codeSigning: false });
    const inter = await makeIdentity({ cn: 'Intermediate CA', isCA: true, codeSigning: false, issuer: root });
    const leaf = await makeIdentity({ cn: 'Packager', isCA: false, codeSigning: true, issuer: inter });
    expect(leaf.signer.certificateChain.map((c) => c.cn)).toEqual(['Packager', 'Intermediate CA', 'Root CA']);
    const r = await buildPackageFromFiles({
      files: [{ path: 'setup.py', content: 'pass\n' }],
      control: createControl({ package: 'tis-chain', version: '1' }),
      signer: leaf.signer,
      outDir: path.join(tmp.dir, 'chain'),
    });
    const v = await verifyPackage(r.path, { trusted: [root.certPem] });
    expect(v.trustedBy!.cn).toBe('Root CA');
    expect(v.certificateChain).toHaveLength(3);
    // openssl agrees that the chain is valid.
    const d = tempDir();
    try {
      const out = openssl([
        'verify',
        '-CAfile',
        writeTemp(d.dir, 'root.pem', root.certPem),
        '-untrusted',
        writeTemp(d.dir, 'inter.pem', inter.certPem),
        writeTemp(d.dir, 'leaf.pem', leaf.certPem),
      ]);
      expect(out).toContain('OK');
    } finally {
      d.cleanup();
    }
  });
});
