import { execFileSync } from 'node:child_process';
import { createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/ports';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { useTempDirs } from '../../../support/temp-dir';

const PASSWORD = 'correct horse';
let dir: string;

beforeAll(() => {
  // Real key material made by the openssl CLI: an encrypted PKCS#8 key, its certificate, and a PKCS#12 bundle.
  dir = mkdtempSync(path.join(os.tmpdir(), 'wapt-adminkey-'));
  const pw = path.join(dir, 'pw');
  writeFileSync(pw, PASSWORD);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-keyout',
      path.join(dir, 'admin.pem'),
      '-out',
      path.join(dir, 'admin.crt'),
      '-days',
      '30',
      '-subj',
      '/CN=admin-test',
      '-passout',
      `file:${pw}`,
      '-addext',
      'extendedKeyUsage=codeSigning',
    ],
    { stdio: 'ignore' },
  );
  execFileSync(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-inkey',
      path.join(dir, 'admin.pem'),
      '-in',
      path.join(dir, 'admin.crt'),
      '-out',
      path.join(dir, 'admin.p12'),
      '-passin',
      `file:${pw}`,
      '-passout',
      `pass:${PASSWORD}`,
    ],
    { stdio: 'ignore' },
  );
});

describe('admin key (keys.* methods over the real dispatcher)', () => {
  const tmp = useTempDirs();
  const setup = () => {
    const { core } = makeTestCore(tmp());
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = (m: string, input: unknown) =>
      dispatch(m, input, { transport: 'browser', emit: () => undefined });
    return { core, call };
  };

  it('configures by path, stays locked until the password is given, then signs; status never carries key material', async () => {
    const { core, call } = setup();
    expect(await call('keys.status', {})).toMatchObject({
      ok: true,
      value: { configured: false, unlocked: false },
    });
    const configured = await call('keys.configure', {
      keyPath: path.join(dir, 'admin.pem'),
      certificatePath: path.join(dir, 'admin.crt'),
    });
    expect(configured).toMatchObject({
      ok: true,
      value: { configured: true, unlocked: false, certificate: { cn: 'admin-test', codeSigning: true } },
    });
    expect(() => core.adminKey.requireSigner()).toThrow(/locked/);

    const wrong = await call('keys.unlock', { password: 'nope' });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'KEY_INVALID', details: { reason: 'WRONG_PASSWORD' } },
    });
    expect(JSON.stringify(wrong)).not.toContain('nope');

    const unlocked = await call('keys.unlock', { password: PASSWORD });
    expect(unlocked).toMatchObject({ ok: true, value: { unlocked: true } });
    const keyText = readFileSync(path.join(dir, 'admin.pem'), 'utf8');
    const body = keyText.split('\n')[1]!;
    for (const r of [configured, unlocked]) {
      expect(JSON.stringify(r)).not.toMatch(/PRIVATE KEY/);
      expect(JSON.stringify(r)).not.toContain(body);
    }

    const data = Buffer.from('to be signed');
    const sig = core.adminKey.requireSigner().sign(data);
    expect(
      createVerify('sha256')
        .update(data)
        .verify(readFileSync(path.join(dir, 'admin.crt')), Buffer.from(sig)),
    ).toBe(true);
    // The legacy SHA-1 signature of dual-signed waptupgrade packages comes from the same vault.
    const sig1 = core.adminKey.requireSigner().signSha1!(data);
    expect(
      createVerify('sha1')
        .update(data)
        .verify(readFileSync(path.join(dir, 'admin.crt')), Buffer.from(sig1)),
    ).toBe(true);

    expect(await call('keys.lock', {})).toMatchObject({ ok: true, value: { unlocked: false } });
    expect(() => core.adminKey.requireSigner()).toThrow(/locked/);
  });

  it('a signer handed out before the key was locked stops signing, SHA-1 included', async () => {
    const { core, call } = setup();
    await call('keys.configure', {
      keyPath: path.join(dir, 'admin.pem'),
      certificatePath: path.join(dir, 'admin.crt'),
    });
    await call('keys.unlock', { password: PASSWORD });
    const signer = core.adminKey.requireSigner();
    await call('keys.lock', {});
    expect(() => signer.sign(Buffer.from('x'))).toThrow(/locked/);
    expect(() => signer.signSha1!(Buffer.from('x'))).toThrow(/locked/);
  });

  it('accepts a PKCS#12 bundle without a separate certificate', async () => {
    const { core, call } = setup();
    expect(
      await call('keys.configure', { keyPath: path.join(dir, 'admin.p12'), certificatePath: null }),
    ).toMatchObject({ ok: true });
    expect(await call('keys.unlock', { password: PASSWORD })).toMatchObject({
      ok: true,
      value: { unlocked: true, certificate: { cn: 'admin-test' } },
    });
    expect(core.adminKey.requireSigner().keyId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses missing files, a certificate given as the key, and a PEM key without certificate', async () => {
    const { call } = setup();
    expect(
      await call('keys.configure', {
        keyPath: path.join(dir, 'missing.pem'),
        certificatePath: path.join(dir, 'admin.crt'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'IO', details: { reason: 'NOT_FOUND' } } });
    expect(
      await call('keys.configure', {
        keyPath: path.join(dir, 'admin.crt'),
        certificatePath: path.join(dir, 'admin.crt'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'KEY_INVALID' } });
    expect(
      await call('keys.configure', { keyPath: path.join(dir, 'admin.pem'), certificatePath: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { reason: 'CERTIFICATE_REQUIRED' } },
    });
    expect(await call('keys.unlock', { password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { reason: 'NOT_CONFIGURED' } },
    });
  });
});
