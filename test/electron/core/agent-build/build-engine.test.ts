import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import {
  createDemoBaseDir,
  inspectBaseDir,
  readPeFileVersion,
  fakeExeWithVersion,
} from '../../../../electron/core/agent-build/base-dir';
import { buildAgent, MANIFEST_FILE } from '../../../../electron/core/agent-build/build-agent';
import { selectCertificates } from '../../../../electron/core/agent-build/certificates';
import { scanFileForPrivateKey, scanTreeForPrivateKeys } from '../../../../wapt/keys/key-leak';
import { nextWaptupgradeVersion } from '../../../../electron/core/agent-build/waptupgrade';
import { openPackageZip, verifyPackage } from '../../../../wapt/packages/index';
import { loadPkcs12 } from '../../../../wapt/signing/index';
import {
  createAdminIdentity,
  expectNoKeyMaterial,
  KEY_PASSWORD,
  type AdminIdentity,
} from '../../../support/agent-fixtures';
import { useTempDirs } from '../../../support/temp-dir';
import { createVerify } from 'node:crypto';

const FAKE = path.resolve('test/fakes/fake-iscc.mjs');
const tmp = useTempDirs('agent-engine-');
let admin: AdminIdentity;
let shared: string;

beforeAll(async () => {
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  shared = mkdtempSync(path.join(os.tmpdir(), 'agent-engine-shared-'));
  admin = await createAdminIdentity(shared);
});

afterAll(async () => {
  const { rmSync } = await import('node:fs');
  if (shared) rmSync(shared, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<ConsoleError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConsoleError);
  return err as ConsoleError;
}

async function fakeBuild(
  dir: string,
  config: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const base = await createDemoBaseDir(path.join(dir, 'base'));
  const progress: Array<{ percent: number | null; message: string; line?: string }> = [];
  const result = await buildAgent({
    config: {
      prefix: 'demo',
      repoUrl: 'https://srv/wapt',
      serverUrl: 'https://srv',
      certificates: [admin.certPath],
      ...config,
    },
    waptBaseDir: base,
    outDir: path.join(dir, 'out'),
    isccPath: FAKE,
    signer: admin.signer,
    sha1Sign: admin.sha1Sign,
    onProgress: (p) => progress.push(p),
    ...extra,
  });
  return { result, progress, base };
}

describe('base directory', () => {
  it('reads wapt-get.exe FileVersion from VS_FIXEDFILEINFO and detects Enterprise', async () => {
    expect(readPeFileVersion(fakeExeWithVersion('1.8.2.7373'))).toBe('1.8.2.7373');
    const dir = tmp();
    const info = await inspectBaseDir(await createDemoBaseDir(dir, { enterprise: false }));
    expect(info).toMatchObject({ agentVersion: '1.8.2.7373', enterprise: false });
    const err = await failure(inspectBaseDir(path.join(dir, 'waptservice')));
    expect(err.reason).toBe('BASE_DIR_INVALID');
  });
});

describe('certificates selection', () => {
  it('drops expired always, non-CA unless included, duplicates; refuses files holding a key', async () => {
    const dir = tmp();
    const old = await createAdminIdentity(dir, 'old', { days: 1, now: new Date('2020-01-01T00:00:00Z') });
    const leaf = await createAdminIdentity(dir, 'leaf', { isCA: false });
    const rows = await selectCertificates([admin.certPath, old.certPath, leaf.certPath, admin.certPath], {
      includeNonCA: false,
    });
    expect(rows.map((r) => [r.info.cn, r.included, r.dropReason ?? null])).toEqual([
      ['admin', true, null],
      ['old', false, 'expired'],
      ['leaf', false, 'not_ca'],
      ['admin', false, 'duplicate'],
    ]);
    expect((await selectCertificates([leaf.certPath], { includeNonCA: true }))[0]!.included).toBe(true);
    const mixed = path.join(dir, 'mixed.crt');
    writeFileSync(mixed, admin.certPem + admin.keyPem);
    const err = await failure(selectCertificates([mixed], { includeNonCA: true }));
    expect(err.code).toBe('PRIVATE_KEY_LEAK');
    expect(err.message).not.toContain(admin.keyPem.split('\n')[1]!);
  });
});

describe('private key scanner (by content, not by name)', () => {
  it('finds PEM, encrypted PEM, DER PKCS#8/PKCS#1, PKCS#12 under innocent names', async () => {
    const dir = tmp();
    const clear = createPrivateKey({ key: admin.keyPem, passphrase: KEY_PASSWORD });
    writeFileSync(path.join(dir, 'readme.txt'), `hello\n${admin.keyPem}`);
    writeFileSync(path.join(dir, 'logo.png'), clear.export({ format: 'der', type: 'pkcs8' }));
    writeFileSync(path.join(dir, 'data.bin'), clear.export({ format: 'der', type: 'pkcs1' }));
    const forge = (await import('node-forge')).default;
    const p12 = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(clear.export({ format: 'pem', type: 'pkcs1' }).toString()),
      [forge.pki.certificateFromPem(admin.certPem)],
      'pw',
      { algorithm: '3des' },
    );
    writeFileSync(path.join(dir, 'archive.dat'), Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
    loadPkcs12(readFileSync(path.join(dir, 'archive.dat')), 'pw'); // it is a real .p12
    writeFileSync(path.join(dir, 'admin.crt'), admin.certPem);
    // A marker split across the 1 MiB read chunks is still found.
    const big = Buffer.alloc(1024 * 1024 + 100, 0x41);
    Buffer.from('-----BEGIN PRIVATE KEY-----').copy(big, 1024 * 1024 - 10);
    writeFileSync(path.join(dir, 'big.bin'), big);
    const findings = await scanTreeForPrivateKeys(dir);
    expect(findings).toEqual([
      { file: 'archive.dat', kind: 'PKCS12' },
      { file: 'big.bin', kind: 'PEM' },
      { file: 'data.bin', kind: 'DER_PKCS1' },
      { file: 'logo.png', kind: 'DER_PKCS8' },
      { file: 'readme.txt', kind: 'PEM' },
    ]);
    expect(await scanFileForPrivateKey(path.join(dir, 'admin.crt'))).toBeUndefined();
  });
});

describe('waptupgrade version (docs/wapt-agent-build.md §6 steps 4–5)', () => {
  it('increments the repository revision, else the template one', () => {
    expect(nextWaptupgradeVersion('1.8.2.7373', '1.8.2.1-44', '1.8.2.7373-3')).toBe('1.8.2.7373-4');
    expect(nextWaptupgradeVersion('1.8.2.7373', '1.8.2.1-44', null)).toBe('1.8.2.7373-45');
  });
});

describe('buildAgent with a fake ISCC', () => {
  it('writes waptagent.exe, waptagent.sha256, the signed waptupgrade package and a manifest; no key material anywhere', async () => {
    const dir = tmp();
    const { result, progress } = await fakeBuild(
      dir,
      { dualSign: true },
      { existingWaptupgradeVersion: '1.8.2.7373-3' },
    );
    expect(readdirSync(result.outDir).sort()).toEqual([
      'demo-waptupgrade_1.8.2.7373-4_all.wapt',
      'waptagent-build.json',
      'waptagent.exe',
      'waptagent.sha256',
    ]);
    expect(readFileSync(result.sha256File, 'utf8')).toBe(`${result.sha256}  waptagent.exe`);
    expect(progress.at(-1)!.percent).toBe(100);
    expect(progress.some((p) => p.line?.includes('Successful compile'))).toBe(true);
    const verified = await verifyPackage(result.package.path, { trusted: [admin.certPem] });
    expect(verified.control).toMatchObject({
      package: 'demo-waptupgrade',
      version: '1.8.2.7373-4',
      priority: 'critical',
    });
    expect(verified.files.map((f) => f.path).sort()).toEqual(
      expect.arrayContaining([
        'setup.py',
        'waptagent.exe',
        'waptagent.sha256',
        'patchs/waptdeploy.exe',
        'WAPT/wapt.psproj',
      ]),
    );
    // Dual sign: the SHA-1 pair verifies with the signer's public key.
    const zip = await openPackageZip(result.package.path);
    const manifest1 = await zip.readBuffer(zip.get('WAPT/manifest.sha1')!);
    const sig1 = Buffer.from(
      (await zip.readBuffer(zip.get('WAPT/signature')!)).toString('ascii').replace(/\s/g, ''),
      'base64',
    );
    zip.close();
    expect(createVerify('sha1').update(manifest1).verify(admin.certPem, sig1)).toBe(true);
    expect(JSON.parse(manifest1.toString())).toEqual(
      expect.arrayContaining([['waptagent.exe', expect.stringMatching(/^[0-9a-f]{40}$/)]]),
    );
    const manifest = JSON.parse(readFileSync(path.join(result.outDir, MANIFEST_FILE), 'utf8'));
    expect(manifest.certificates[0]).toMatchObject({
      cn: 'admin',
      fingerprintSha256: admin.signer.keyId,
      included: true,
    });
    expect(manifest.iss['custom_waptagent.iss'].text).toContain(
      '#define default_repo_url "https://srv/wapt"',
    );
    expect(manifest.outputs['waptagent.exe'].sha256).toBe(result.sha256);
    expectNoKeyMaterial(admin.needles, [
      result.outDir,
      { name: 'result', data: JSON.stringify(result) },
      { name: 'progress', data: JSON.stringify(progress) },
    ]);
  });

  it('refuses to compile when the base directory smuggles a private key into the build folder', async () => {
    const dir = tmp();
    const base = await createDemoBaseDir(path.join(dir, 'base'));
    mkdirSync(path.join(base, 'waptupgrade', 'notes'), { recursive: true });
    writeFileSync(path.join(base, 'waptupgrade', 'notes', 'keep-me.txt'), admin.keyPem);
    const err = await failure(
      buildAgent({
        config: { prefix: 'demo', repoUrl: 'https://srv/wapt', certificates: [admin.certPath] },
        waptBaseDir: base,
        outDir: path.join(dir, 'out'),
        isccPath: FAKE,
        signer: admin.signer,
      }),
    );
    expect(err.code).toBe('PRIVATE_KEY_LEAK');
    expect(err.details?.files).toEqual(['(build folder) waptupgrade/notes/keep-me.txt']);
    expect(err.message).not.toContain(admin.keyPem.split('\n')[1]!);
  });

  it('refuses a CA bundle that holds a key, and builds without certificates → NO_TRUSTED_CERTIFICATES', async () => {
    const dir = tmp();
    const bundle = path.join(dir, 'bundle.pem');
    writeFileSync(bundle, admin.keyPem + admin.certPem);
    expect((await failure(fakeBuild(dir, { verifyCert: bundle }))).code).toBe('PRIVATE_KEY_LEAK');
    expect((await failure(fakeBuild(tmp(), { certificates: [] }))).reason).toBe('NO_TRUSTED_CERTIFICATES');
  });

  it('dual sign without a SHA-1 capable signer is refused before anything is written', async () => {
    const dir = tmp();
    const base = await createDemoBaseDir(path.join(dir, 'base'));
    const err = await failure(
      buildAgent({
        config: {
          prefix: 'demo',
          repoUrl: 'https://srv/wapt',
          certificates: [admin.certPath],
          dualSign: true,
        },
        waptBaseDir: base,
        outDir: path.join(dir, 'out'),
        isccPath: FAKE,
        signer: admin.signer,
      }),
    );
    expect(err.reason).toBe('DUAL_SIGN_UNAVAILABLE');
  });

  it('cancel during the compile → CANCELLED and the build folder is removed', async () => {
    process.env.FAKE_ISCC_MODE = 'sleep';
    try {
      const dir = tmp();
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 500);
      const err = await failure(fakeBuild(dir, {}, { signal: ac.signal }));
      expect(err.code).toBe('CANCELLED');
    } finally {
      delete process.env.FAKE_ISCC_MODE;
    }
  });
});
