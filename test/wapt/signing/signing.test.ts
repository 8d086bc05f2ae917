import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KeyVault,
  certificateInfo,
  createKeyAndCertificate,
  createSigner,
  loadCertificate,
  loadPkcs12,
  loadPrivateKey,
  signClaim,
  verifyClaim,
  type VaultClock,
} from '../../../wapt/signing/index';
import { canonicalJson } from '../../../common/domain/canonical-json';
import { openssl, tempDir, writeTemp } from '../packages/helpers';

const tmp = tempDir('wapt-signing-');
const d = tmp.dir;
let rsaPkcs1: string;
let certPem: string;
const data = Buffer.from('payload to sign, café', 'utf8');

beforeAll(() => {
  // Key material produced by the openssl command line, in every container format we read.
  execFileSync('openssl', ['genrsa', '-traditional', '-out', path.join(d, 'pkcs1.pem'), '2048'], {
    stdio: 'pipe',
  });
  rsaPkcs1 = readFileSync(path.join(d, 'pkcs1.pem'), 'utf8');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-key',
      path.join(d, 'pkcs1.pem'),
      '-subj',
      '/O=Corp/CN=Ops Çà',
      '-utf8',
      '-days',
      '30',
      '-addext',
      'extendedKeyUsage=critical,codeSigning',
      '-out',
      path.join(d, 'cert.crt'),
    ],
    { stdio: 'pipe' },
  );
  certPem = readFileSync(path.join(d, 'cert.crt'), 'utf8');
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run(['pkcs8', '-topk8', '-nocrypt', '-in', path.join(d, 'pkcs1.pem'), '-out', path.join(d, 'pkcs8.pem')]);
  run([
    'pkcs8',
    '-topk8',
    '-v2',
    'aes-256-cbc',
    '-in',
    path.join(d, 'pkcs1.pem'),
    '-out',
    path.join(d, 'pkcs8-enc.pem'),
    '-passout',
    'pass:pw 8',
  ]);
  run([
    'rsa',
    '-aes256',
    '-traditional',
    '-in',
    path.join(d, 'pkcs1.pem'),
    '-out',
    path.join(d, 'pkcs1-enc.pem'),
    '-passout',
    'pass:pw 1',
  ]);
  run([
    'pkcs8',
    '-topk8',
    '-nocrypt',
    '-outform',
    'DER',
    '-in',
    path.join(d, 'pkcs1.pem'),
    '-out',
    path.join(d, 'pkcs8.der'),
  ]);
  run([
    'pkcs12',
    '-export',
    '-inkey',
    path.join(d, 'pkcs1.pem'),
    '-in',
    path.join(d, 'cert.crt'),
    '-out',
    path.join(d, 'modern.p12'),
    '-passout',
    'pass:p12 pw',
  ]);
  run([
    'pkcs12',
    '-export',
    '-legacy',
    '-inkey',
    path.join(d, 'pkcs1.pem'),
    '-in',
    path.join(d, 'cert.crt'),
    '-out',
    path.join(d, 'legacy.p12'),
    '-passout',
    'pass:p12 pw',
  ]);
});
afterAll(() => tmp.cleanup());

function opensslVerifies(pubPem: string, payload: Buffer, signature: Uint8Array): boolean {
  const out = openssl([
    'dgst',
    '-sha256',
    '-verify',
    writeTemp(d, 'v.pub', pubPem),
    '-signature',
    writeTemp(d, 'v.sig', Buffer.from(signature)),
    writeTemp(d, 'v.dat', payload),
  ]);
  return out.includes('Verified OK');
}

describe('private keys', () => {
  it.each([
    ['PKCS#1 PEM', 'pkcs1.pem', undefined],
    ['PKCS#8 PEM', 'pkcs8.pem', undefined],
    ['encrypted PKCS#8 PEM', 'pkcs8-enc.pem', 'pw 8'],
    ['encrypted PKCS#1 PEM (Proc-Type)', 'pkcs1-enc.pem', 'pw 1'],
    ['PKCS#8 DER', 'pkcs8.der', undefined],
  ])('loads %s and signs what openssl verifies', (_n, file, pw) => {
    const key = loadPrivateKey(readFileSync(path.join(d, file)), pw);
    expect(key.bits).toBe(2048);
    const signer = createSigner({ key, certificateChain: [loadCertificate(certPem)] });
    const sig = signer.sign(data);
    expect(
      opensslVerifies(openssl(['x509', '-pubkey', '-noout', '-in', path.join(d, 'cert.crt')]), data, sig),
    ).toBe(true);
    // forge, an independent implementation, produces the same PKCS#1 v1.5 signature.
    const md = forge.md.sha256.create();
    md.update(data.toString('binary'));
    expect(
      Buffer.from(forge.pki.privateKeyFromPem(rsaPkcs1).sign(md), 'binary').equals(Buffer.from(sig)),
    ).toBe(true);
  });

  it.each(['modern.p12', 'legacy.p12'])('loads PKCS#12 %s with its certificate', (file) => {
    const { key, certificateChain } = loadPkcs12(readFileSync(path.join(d, file)), 'p12 pw');
    expect(certificateChain[0]!.cn).toBe('Ops Çà');
    expect(createSigner({ key, certificateChain }).keyId).toBe(certificateInfo(certPem).fingerprintSha256);
  });

  it('reports a wrong password as KEY_INVALID without a stack trace in the message', () => {
    for (const [file, p12] of [
      ['pkcs8-enc.pem', false],
      ['pkcs1-enc.pem', false],
      ['modern.p12', true],
    ] as const) {
      const bytes = readFileSync(path.join(d, file));
      try {
        if (p12) loadPkcs12(bytes, 'wrong password');
        else loadPrivateKey(bytes, 'wrong password');
        expect.unreachable();
      } catch (err) {
        expect(err).toMatchObject({ code: 'KEY_INVALID', details: { reason: 'WRONG_PASSWORD' } });
        expect((err as Error).message).not.toMatch(/wrong password'|at |\n/);
        expect((err as Error).cause).toBeUndefined();
      }
    }
  });
});

describe('certificates', () => {
  it('reads CN, issuer, dates, fingerprint and usages like openssl', () => {
    const info = certificateInfo(certPem);
    expect(info.cn).toBe('Ops Çà');
    expect(info.codeSigning).toBe(true);
    const fp = openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', path.join(d, 'cert.crt')])
      .split('=')[1]!
      .trim()
      .replace(/:/g, '')
      .toLowerCase();
    expect(info.fingerprintSha256).toBe(fp);
    const serial = openssl(['x509', '-noout', '-serial', '-in', path.join(d, 'cert.crt')])
      .split('=')[1]!
      .trim()
      .toLowerCase();
    expect(info.serial).toBe(serial);
    expect(new Date(info.notAfter).getTime()).toBeGreaterThan(Date.now());
    expect(info.selfSigned).toBe(true);
  });

  it('creates self-signed and CA-issued certificates with the WAPT options, checked by openssl', async () => {
    const ca = await createKeyAndCertificate({
      commonName: 'Corp CA',
      organization: 'Corp',
      isCA: true,
      codeSigning: false,
      password: 'ca pw',
      days: 20,
    });
    expect(ca.keyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const caKey = loadPrivateKey(ca.keyPem, 'ca pw');
    const leaf = await createKeyAndCertificate({
      commonName: 'Packager Ünïcode',
      codeSigning: true,
      issuer: { key: caKey, certificate: ca.certificate },
      days: 10,
    });
    const text = openssl([
      'x509',
      '-noout',
      '-text',
      '-nameopt',
      'utf8',
      '-in',
      writeTemp(d, 'leaf.crt', leaf.certificatePem),
    ]);
    expect(text).toContain('CN=Packager Ünïcode');
    expect(text).toMatch(/Extended Key Usage: critical\s+Code Signing/);
    expect(text).toContain('CA:FALSE');
    expect(text).toContain('Authority Key Identifier');
    const caText = openssl(['x509', '-noout', '-text', '-in', writeTemp(d, 'ca.crt', ca.certificatePem)]);
    expect(caText).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(caText).toMatch(/Certificate Sign, CRL Sign/);
    expect(openssl(['verify', '-CAfile', path.join(d, 'ca.crt'), path.join(d, 'leaf.crt')])).toContain('OK');
    const info = certificateInfo(leaf.certificate);
    expect(info).toMatchObject({
      cn: 'Packager Ünïcode',
      issuerCn: 'Corp CA',
      codeSigning: true,
      isCA: false,
      selfSigned: false,
    });
    expect(Math.round((Date.parse(info.notAfter) - Date.parse(info.notBefore)) / 86_400_000)).toBe(10);
    // openssl reads our encrypted PKCS#8 key with the password.
    expect(
      openssl([
        'pkey',
        '-in',
        writeTemp(d, 'ca.key', ca.keyPem),
        '-passin',
        'pass:ca pw',
        '-noout',
        '-text_pub',
      ]),
    ).toContain('2048 bit');
  });
});

describe('KeyVault', () => {
  function fakeClock(): VaultClock & { advance(ms: number): void } {
    let now = 1_000_000;
    let timers: Array<{ at: number; fn: () => void; id: number }> = [];
    let next = 1;
    return {
      now: () => now,
      setTimeout: (fn, ms) => {
        timers.push({ at: now + ms, fn, id: next });
        return next++;
      },
      clearTimeout: (h) => {
        timers = timers.filter((t) => t.id !== h);
      },
      advance(ms) {
        now += ms;
        for (const t of timers.filter((t) => t.at <= now)) {
          timers = timers.filter((x) => x !== t);
          t.fn();
        }
      },
    };
  }

  it('signs while unlocked, resets the idle timer on use, locks itself after the idle time', () => {
    const clock = fakeClock();
    const vault = new KeyVault({ idleMs: 60_000, clock });
    let locks = 0;
    vault.onLock(() => locks++);
    expect(() => vault.signer()).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
    const info = vault.unlock({
      key: readFileSync(path.join(d, 'pkcs8-enc.pem')),
      password: 'pw 8',
      certificates: certPem,
    });
    expect(info.cn).toBe('Ops Çà');
    const signer = vault.signer();
    clock.advance(50_000);
    signer.sign(data);
    clock.advance(50_000);
    expect(vault.isUnlocked).toBe(true);
    expect(vault.status().lockAt).toBe(1_000_000 + 50_000 + 60_000);
    clock.advance(10_000);
    expect(locks).toBe(1);
    expect(vault.isUnlocked).toBe(false);
    expect(() => signer.sign(data)).toThrow(expect.objectContaining({ code: 'KEY_LOCKED' }));
    expect(JSON.stringify(vault.status())).not.toMatch(/PRIVATE/);
  });

  it('refuses a wrong password and a key that does not match the certificate', () => {
    const vault = new KeyVault({ idleMs: 1000, clock: fakeClock() });
    expect(() =>
      vault.unlock({
        key: readFileSync(path.join(d, 'pkcs8-enc.pem')),
        password: 'nope',
        certificates: certPem,
      }),
    ).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(() => vault.unlock({ key: other, certificates: certPem })).toThrow(
      expect.objectContaining({ details: { reason: 'KEY_CERT_MISMATCH' } }),
    );
    expect(vault.unlock({ pkcs12: readFileSync(path.join(d, 'modern.p12')), password: 'p12 pw' }).cn).toBe(
      'Ops Çà',
    );
  });
});

describe('signed host actions (docs/wapt-server-api.md §5.1)', () => {
  const signer = () =>
    createSigner({ key: loadPrivateKey(rsaPkcs1), certificateChain: [loadCertificate(certPem)] });
  // Within the 30-day validity of the openssl certificate, with non-zero milliseconds.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 250);

  it('signs the sorted compact payload with a UTC date, a list of attributes and the fingerprint as signer', () => {
    const signed = signClaim(
      { action: 'trigger_host_update', uuid: 'HOST-1', notify_server: true, force: true, note: 'été' },
      signer(),
      { now },
    );
    expect(signed.signature_date).toBe(now.toISOString().replace('Z', '000'));
    expect(signed.signed_attributes).toEqual([
      'action',
      'uuid',
      'notify_server',
      'force',
      'note',
      'signed_attributes',
      'signer',
      'signature_date',
      'signer_certificate',
    ]);
    expect(signed.signer).toBe(certificateInfo(certPem).fingerprintSha256);
    const { signature, ...rest } = signed;
    const payload = canonicalJson(rest);
    expect(payload).toContain('"note":"\\u00e9t\\u00e9"');
    expect(payload.startsWith('{"action":"trigger_host_update","force":true,"note"')).toBe(true);
    const pub = openssl(['x509', '-pubkey', '-noout', '-in', path.join(d, 'cert.crt')]);
    expect(opensslVerifies(pub, Buffer.from(payload, 'ascii'), Buffer.from(signature, 'base64'))).toBe(true);
    expect(
      nodeVerify(
        'sha256',
        Buffer.from(payload),
        loadCertificate(certPem).x509.publicKey,
        Buffer.from(signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('verifies trusted, fresh, untampered claims for the right host only', () => {
    const signed = signClaim({ action: 'install', uuid: 'HOST-1', packages: ['tis-7zip'] }, signer(), {
      now,
    });
    const later = new Date(now.getTime() + 3600_000);
    expect(
      verifyClaim(signed, {
        trusted: [certPem],
        now: later,
        requiredAttributes: ['packages'],
        expectedUuid: 'HOST-1',
      }).signer.cn,
    ).toBe('Ops Çà');
    const fail = (claim: unknown, opts: Partial<Parameters<typeof verifyClaim>[1]> = {}) => {
      try {
        verifyClaim(claim, { trusted: [certPem], now: later, ...opts });
      } catch (err) {
        return (err as { details?: { reason?: string } }).details?.reason;
      }
      return 'accepted';
    };
    expect(fail({ ...signed, packages: ['tis-evil'] })).toBe('CLAIM_SIGNATURE');
    expect(fail(signed, { now: new Date(now.getTime() + 7 * 3600_000) })).toBe('CLAIM_EXPIRED');
    expect(fail(signed, { expectedUuid: 'HOST-2' })).toBe('CLAIM_WRONG_HOST');
    expect(fail(signed, { requiredAttributes: ['computer_description'] })).toBe('CLAIM_ATTRIBUTE_NOT_SIGNED');
    expect(fail({ ...signed, signer: '0'.repeat(64) })).toBe('SIGNER_FINGERPRINT_MISMATCH');
    expect(fail(signed, { trusted: [readFileSync(path.join(d, 'leaf.crt'), 'utf8')] })).toBe('UNTRUSTED');
    expect(fail({ ...signed, signed_attributes: 'action,uuid' })).toBe('CLAIM_MALFORMED');
  });
});
