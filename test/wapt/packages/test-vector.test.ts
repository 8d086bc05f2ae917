/**
 * docs/wapt-package-format.md §13: a package produced by the genuine WAPT 1.8.2 code. PKCS#1 v1.5 is
 * deterministic, so building the same content with the same key, uuid and date must give the
 * same bytes for the control, the manifest and both signatures.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseControl, serializeControl } from '../../../common/domain/control';
import { controlSignedPayload } from '../../../common/domain/control-signature';
import { buildPackage, openPackageZip, verifyPackage } from '../../../wapt/packages/index';
import { createSigner, loadCertificates, loadPrivateKey } from '../../../wapt/signing/index';
import { openssl, sha256, tempDir, writeTemp } from './helpers';

const FX = path.resolve('test/fixtures/packages/test-vector');
const fx = (n: string) => readFileSync(path.join(FX, n));
const tmp = tempDir('wapt-vector-');
let built: { path: string; members: Map<string, Buffer> };

beforeAll(async () => {
  const src = path.join(tmp.dir, 'src');
  mkdirSync(path.join(src, 'WAPT'), { recursive: true });
  copyFileSync(path.join(FX, 'setup.py'), path.join(src, 'setup.py'));
  // The draft a packager would write; defaults and empty attributes are filled by the builder.
  writeFileSync(
    path.join(src, 'WAPT/control'),
    'package: demo-hello\nversion: 1.0-1\nmaintainer: Ops Team\ndescription: Demo package\n Second line: café\nmaturity: PROD\ntarget_os: windows\n',
  );
  const signer = createSigner({
    key: loadPrivateKey(fx('test-key.pem').toString()),
    certificateChain: loadCertificates(fx('certificate.crt').toString()),
  });
  const r = await buildPackage({
    sourceDir: src,
    outDir: path.join(tmp.dir, 'out'),
    signer,
    signatureDate: '2020-05-18T10:00:00.123456',
    packageUuid: '0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  });
  const zip = await openPackageZip(r.path);
  const members = new Map<string, Buffer>();
  for (const m of zip.members) members.set(m.name, await zip.readBuffer(m));
  zip.close();
  built = { path: r.path, members };
});
afterAll(() => tmp.cleanup());

describe('§13 test vector', () => {
  it('uses the canonical file name', () => {
    expect(path.basename(built.path)).toBe('demo-hello_1.0-1_PROD.wapt');
  });

  it('reproduces every member byte for byte', () => {
    expect([...built.members.keys()].sort()).toEqual(
      [
        'WAPT/certificate.crt',
        'WAPT/control',
        'WAPT/manifest.sha256',
        'WAPT/signature.sha256',
        'setup.py',
      ].sort(),
    );
    expect(built.members.get('WAPT/control')!.equals(fx('control'))).toBe(true);
    expect(sha256(built.members.get('WAPT/control')!)).toBe(
      'bdda5790ead7764279c000ec4f1783132914ce277d338b8296b28e5cda86c550',
    );
    expect(built.members.get('WAPT/certificate.crt')!.equals(fx('certificate.crt'))).toBe(true);
    expect(built.members.get('WAPT/manifest.sha256')!.equals(fx('manifest.sha256'))).toBe(true);
    expect(built.members.get('WAPT/signature.sha256')!.equals(fx('signature.sha256'))).toBe(true);
    expect(built.members.get('WAPT/signature.sha256')!.length).toBe(349);
  });

  it('signs exactly the 1453-byte payload of §13', () => {
    const payload = controlSignedPayload(parseControl(fx('control').toString('utf8')));
    expect(payload).toBe(fx('payload.json').toString('ascii'));
    expect(payload.length).toBe(1453);
  });

  it('has 43 attribute lines plus one continuation, no final newline', () => {
    const text = fx('control').toString('utf8');
    expect(serializeControl(parseControl(text))).toBe(text);
    expect(text.split('\n').filter((l) => !l.startsWith(' '))).toHaveLength(43);
    expect(text.endsWith('\n')).toBe(false);
  });

  it('agrees with `openssl dgst -sha256` on both signatures', () => {
    const d = tempDir('wapt-vector-ossl-');
    try {
      const key = writeTemp(d.dir, 'k.pem', fx('test-key.pem'));
      const payload = fx('payload.json');
      const control = parseControl(fx('control').toString('utf8'));
      // §13: `printf '%s' "$PAYLOAD" | openssl dgst -sha256 -sign test.pem | base64 -w0`
      const sigFromOpenssl = execFileSync('openssl', ['dgst', '-sha256', '-sign', key], {
        input: payload,
      }).toString('base64');
      expect(sigFromOpenssl).toBe(control.signature);
      const pub = writeTemp(
        d.dir,
        'pub.pem',
        openssl(['x509', '-pubkey', '-noout', '-in', path.join(FX, 'certificate.crt')]),
      );
      const msig = writeTemp(
        d.dir,
        'm.sig',
        Buffer.from(built.members.get('WAPT/signature.sha256')!.toString(), 'base64'),
      );
      const manifest = writeTemp(d.dir, 'manifest', built.members.get('WAPT/manifest.sha256')!);
      expect(openssl(['dgst', '-sha256', '-verify', pub, '-signature', msig, manifest])).toContain(
        'Verified OK',
      );
    } finally {
      d.cleanup();
    }
  });

  it('verifies as trusted with the vector certificate', async () => {
    const v = await verifyPackage(built.path, {
      trusted: [fx('certificate.crt').toString()],
      now: new Date('2024-01-01T00:00:00Z'),
    });
    expect(v.trusted).toBe(true);
    expect(v.signer.cn).toBe('Test Vector Signer');
    expect(v.signer.fingerprintSha256).toBe(
      'b122fc717bf4a0316da36684a7742fa60a4ae04ea34fbd050012e791d52a43ec',
    );
  });
});
