/**
 * "Create key and certificate" through the real dispatcher and core (`keys.create`,
 * `keys.choosePath`), with every file cross-checked by the openssl command line: the encrypted
 * key (`pkey -check` with the password), the certificate's extensions (`x509 -text`), the chain
 * of a CA-issued certificate (`verify`), and the PKCS#12 export (`pkcs12 -info`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CreatedKey } from '../../../../common/ipc/methods/keys';
import type { WireResult } from '../../../../common/ipc/wire';
import type { Logger, PathPicker } from '../../../../electron/core/ports';
import { loadPkcs12 } from '../../../../wapt/signing/index';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { useTempDirs } from '../../../support/temp-dir';

const PASSWORD = 'Corr3ct-horse-battery';
const CA_PASSWORD = 'ca-Secret-2026';

const openssl = (args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const opensslFails = (args: string[]) => {
  try {
    openssl(args);
    return false;
  } catch {
    return true;
  }
};

describe('keys.create (router + core, openssl cross-checks)', () => {
  const tmp = useTempDirs('wapt-create-key-');
  const setup = (pathPicker?: PathPicker) => {
    const logged: string[] = [];
    const log: Logger = {
      info: (...a) => void logged.push(JSON.stringify(a)),
      warn: (...a) => void logged.push(JSON.stringify(a)),
      error: (...a) => void logged.push(JSON.stringify(a)),
    };
    const { core } = makeTestCore(tmp(), { log, ...(pathPicker ? { pathPicker } : {}) });
    const dispatch = createDispatcher(createHandlers(core), log);
    const ctx = { transport: 'browser' as const, emit: () => {} };
    const call = (m: string, input: unknown) => dispatch(m, input, ctx);
    return { call, logged };
  };
  const base = (folder: string, over: Record<string, unknown> = {}) => ({
    name: 'admin',
    folder,
    bits: 2048,
    password: PASSWORD,
    passwordAgain: PASSWORD,
    commonName: 'Console Admin',
    organization: 'Tranquil Test',
    days: 365,
    codeSigning: true,
    isCA: true,
    ...over,
  });
  const value = <T>(r: WireResult<unknown>): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };

  it('writes an encrypted key, a code-signing CA certificate and a .p12 that openssl accepts; answers public facts only', async () => {
    const { call, logged } = setup();
    const folder = path.join(tmp(), 'keys');
    const r = await call('keys.create', { ...base(folder), pkcs12: { password: null } });
    const created = value<CreatedKey>(r);
    expect(created.keyPath).toBe(path.join(folder, 'admin.pem'));
    expect(created.certificatePath).toBe(path.join(folder, 'admin.crt'));
    expect(created.pkcs12Path).toBe(path.join(folder, 'admin.p12'));
    expect(created.certificate).toMatchObject({ cn: 'Console Admin', codeSigning: true, isCA: true });

    // The key: encrypted PKCS#8, readable only with the password, private to its owner.
    const keyText = readFileSync(created.keyPath, 'utf8');
    expect(keyText).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(
      openssl(['pkey', '-in', created.keyPath, '-passin', `pass:${PASSWORD}`, '-check', '-noout']),
    ).toContain('Key is valid');
    expect(opensslFails(['pkey', '-in', created.keyPath, '-passin', 'pass:wrong-password', '-noout'])).toBe(
      true,
    );
    expect(statSync(created.keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(created.pkcs12Path!).mode & 0o777).toBe(0o600);
    expect(
      openssl(['rsa', '-in', created.keyPath, '-passin', `pass:${PASSWORD}`, '-text', '-noout']),
    ).toMatch(/Private-Key: \(2048 bit/);

    // The certificate: what WAPT's admin certificates carry (docs/keys.md).
    const text = openssl(['x509', '-in', created.certificatePath, '-noout', '-text']);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Code Signing/);
    expect(text).toMatch(/Subject: O\s*=\s*Tranquil Test, CN\s*=\s*Console Admin/);
    const fp = openssl(['x509', '-in', created.certificatePath, '-noout', '-fingerprint', '-sha256'])
      .split('=')[1]!
      .trim()
      .replace(/:/g, '')
      .toLowerCase();
    expect(created.certificate.fingerprintSha256).toBe(fp);

    // The .p12: same password as the key (WAPT's signtool convention), key + certificate inside.
    const info = openssl([
      'pkcs12',
      '-info',
      '-in',
      created.pkcs12Path!,
      '-passin',
      `pass:${PASSWORD}`,
      '-nokeys',
    ]);
    expect(info).toContain('subject=O = Tranquil Test, CN = Console Admin');
    expect(
      opensslFails(['pkcs12', '-info', '-in', created.pkcs12Path!, '-passin', 'pass:nope', '-noout']),
    ).toBe(true);
    const p12 = loadPkcs12(readFileSync(created.pkcs12Path!), PASSWORD);
    expect(p12.certificateChain[0]!.fingerprintSha256).toBe(fp);

    // Nothing secret crossed back or was logged; no temporary file was left behind.
    const wire = JSON.stringify(r);
    expect(wire).not.toContain(PASSWORD);
    expect(wire).not.toContain('PRIVATE KEY');
    expect(logged.join('\n')).not.toContain(PASSWORD);
    expect(readdirSync(folder).sort()).toEqual(['admin.crt', 'admin.p12', 'admin.pem']);
  }, 60_000);

  it('issues a certificate with a CA key (password-protected), verifiable by openssl, with its own .p12 password', async () => {
    const { call } = setup();
    const caDir = tmp();
    const ca = value<CreatedKey>(
      await call('keys.create', {
        ...base(caDir, {
          name: 'ca',
          commonName: 'Test Root CA',
          password: CA_PASSWORD,
          passwordAgain: CA_PASSWORD,
        }),
        codeSigning: false,
      }),
    );
    const leafDir = tmp();
    const leaf = value<CreatedKey>(
      await call('keys.create', {
        ...base(leafDir, { name: 'packager', commonName: 'Packager', isCA: false }),
        issuer: { certificatePath: ca.certificatePath, keyPath: ca.keyPath, password: CA_PASSWORD },
        pkcs12: { password: 'p12-only-Pass' },
      }),
    );
    expect(leaf.certificate.issuer).toContain('Test Root CA');
    expect(openssl(['verify', '-CAfile', ca.certificatePath, leaf.certificatePath])).toContain(': OK');
    const text = openssl(['x509', '-in', leaf.certificatePath, '-noout', '-text']);
    expect(text).not.toMatch(/CA:TRUE/);
    expect(text).toMatch(/Code Signing/);
    // The .p12 opens with its own password (not the key's) and carries the CA certificate too.
    const info = openssl([
      'pkcs12',
      '-info',
      '-in',
      leaf.pkcs12Path!,
      '-passin',
      'pass:p12-only-Pass',
      '-nokeys',
    ]);
    expect(info).toContain('CN = Packager');
    expect(info).toContain('CN = Test Root CA');
    expect(
      opensslFails(['pkcs12', '-info', '-in', leaf.pkcs12Path!, '-passin', `pass:${PASSWORD}`, '-noout']),
    ).toBe(true);
  }, 60_000);

  it('refuses bad input with one coded error, writes nothing, and never echoes a password', async () => {
    const { call, logged } = setup();
    const folder = tmp();
    const expectError = async (input: unknown, code: string, reason: string) => {
      const r = await call('keys.create', input);
      expect(r).toMatchObject({ ok: false, error: { code, details: { reason } } });
      expect(JSON.stringify(r)).not.toContain(PASSWORD);
      expect(JSON.stringify(r)).not.toContain(CA_PASSWORD);
      expect(readdirSync(folder)).toEqual([]);
    };
    await expectError({ ...base(folder), passwordAgain: `${PASSWORD}x` }, 'VALIDATION', 'PASSWORD_MISMATCH');
    await expectError(
      { ...base(folder), password: 'short', passwordAgain: 'short' },
      'VALIDATION',
      'PASSWORD_TOO_SHORT',
    );
    await expectError({ ...base(folder), bits: 1024 }, 'VALIDATION', 'SCHEMA');
    await expectError({ ...base(folder), name: '../escape' }, 'VALIDATION', 'SCHEMA');

    // A CA: wrong password, then a certificate that is not a CA.
    const caDir = tmp();
    const ca = value<CreatedKey>(
      await call('keys.create', {
        ...base(caDir, { name: 'ca', password: CA_PASSWORD, passwordAgain: CA_PASSWORD }),
      }),
    );
    const notCa = value<CreatedKey>(
      await call('keys.create', {
        ...base(caDir, { name: 'leaf', password: CA_PASSWORD, passwordAgain: CA_PASSWORD, isCA: false }),
      }),
    );
    await expectError(
      {
        ...base(folder),
        issuer: { certificatePath: ca.certificatePath, keyPath: ca.keyPath, password: 'not-the-password' },
      },
      'KEY_INVALID',
      'WRONG_PASSWORD',
    );
    await expectError(
      {
        ...base(folder),
        issuer: { certificatePath: notCa.certificatePath, keyPath: notCa.keyPath, password: CA_PASSWORD },
      },
      'CERT_INVALID',
      'ISSUER_NOT_CA',
    );
    await expectError(
      {
        ...base(folder),
        issuer: { certificatePath: ca.certificatePath, keyPath: notCa.keyPath, password: CA_PASSWORD },
      },
      'KEY_INVALID',
      'KEY_CERT_MISMATCH',
    );

    // An existing file is never replaced, and the set is not half-written.
    writeFileSync(path.join(folder, 'admin.p12'), 'an older bundle');
    const r = await call('keys.create', { ...base(folder), pkcs12: { password: null } });
    expect(r).toMatchObject({ ok: false, error: { code: 'IO', details: { reason: 'FILE_EXISTS' } } });
    expect(readdirSync(folder)).toEqual(['admin.p12']);
    expect(readFileSync(path.join(folder, 'admin.p12'), 'utf8')).toBe('an older bundle');
    expect(logged.join('\n')).not.toContain(PASSWORD);
    expect(logged.join('\n')).not.toContain(CA_PASSWORD);
  }, 60_000);

  it('can make the new key the administrator signing key, which then unlocks with its password', async () => {
    const { call } = setup();
    const folder = tmp();
    const created = value<CreatedKey>(await call('keys.create', { ...base(folder), useAsAdminKey: true }));
    expect(created.adminKey).toMatchObject({
      configured: true,
      keyPath: created.keyPath,
      certificatePath: created.certificatePath,
      unlocked: false,
    });
    expect(await call('keys.unlock', { password: 'wrong-password' })).toMatchObject({
      ok: false,
      error: { code: 'KEY_INVALID' },
    });
    const unlocked = value<{ unlocked: boolean; certificate: { cn: string } }>(
      await call('keys.unlock', { password: PASSWORD }),
    );
    expect(unlocked).toMatchObject({ unlocked: true, certificate: { cn: 'Console Admin' } });
  }, 60_000);

  it('keys.choosePath: the OS dialog opened by main, or NOT_SUPPORTED in browser mode', async () => {
    expect(
      await setup().call('keys.choosePath', { purpose: 'folder', title: 'Dossier de destination' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_SUPPORTED', details: { reason: 'NO_NATIVE_DIALOG' } },
    });
    const asked: string[] = [];
    const picker: PathPicker = {
      pickFolder: async ({ title }) => (asked.push(`folder:${title}`), '/home/admin/keys'),
      pickFile: async ({ title, filters }) => (
        asked.push(`file:${title}:${filters?.[0]?.extensions.join(',')}`),
        null
      ),
    };
    const { call } = setup(picker);
    expect(await call('keys.choosePath', { purpose: 'folder', title: 'Dossier de destination' })).toEqual({
      ok: true,
      value: { path: '/home/admin/keys' },
    });
    expect(
      await call('keys.choosePath', { purpose: 'caKey', title: 'Clé privée de l’autorité (.pem)' }),
    ).toEqual({ ok: true, value: { path: null } });
    expect(await call('keys.choosePath', { purpose: 'elsewhere', title: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(asked).toEqual(['folder:Dossier de destination', 'file:Clé privée de l’autorité (.pem):pem,key']);
    expect(existsSync('/home/admin/keys')).toBe(false);
  });
});
