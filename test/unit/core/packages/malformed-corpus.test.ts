/**
 * A corpus of malformed packages, keys and certificates, generated here. Each case must be
 * rejected with its own (code, reason) pair and a message that names the problem. The last test
 * checks that no two cases share a pair, so a new failure kind cannot hide behind an old one.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import { createControl } from '../../../../common/domain/control';
import { verifyPackage, type ZipLimits, DEFAULT_ZIP_LIMITS } from '../../../../electron/core/packages/index';
import { signControl } from '../../../../electron/core/packages/control-sign';
import {
  createSigner,
  loadCertificates,
  loadPkcs12,
  loadPrivateKey,
  type PackageSigner,
} from '../../../../electron/core/signing/index';
import { assemble, makeIdentity, rawZip, tempDir, writeTemp, type TestIdentity } from './helpers';

const tmp = tempDir('wapt-corpus-');
let id: TestIdentity;
let noCodeSigning: TestIdentity;
let stranger: TestIdentity;
let ecCertPem: string;
let ecKeyPem: string;
let leafOfNonCa: string;

interface Case {
  name: string;
  code: string;
  reason: string;
  run: () => Promise<unknown> | unknown;
}
const cases: Case[] = [];
const pkgCase = (
  name: string,
  code: string,
  reason: string,
  bytes: () => Buffer,
  opts: { trusted?: () => string[]; now?: Date; limits?: Partial<ZipLimits>; requireTrust?: boolean } = {},
) =>
  cases.push({
    name,
    code,
    reason,
    run: () =>
      verifyPackage(writeTemp(tmp.dir, `${cases.length}-${reason}.wapt`, bytes()), {
        trusted: opts.trusted ? opts.trusted() : [id.certPem],
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.requireTrust !== undefined ? { requireTrust: opts.requireTrust } : {}),
        limits: { ...DEFAULT_ZIP_LIMITS, ...(opts.limits ?? {}) },
      }),
  });

const ok = () => assemble({ 'setup.py': 'pass\n' }, id.signer);
const good =
  (extra: Parameters<typeof rawZip>[0] = []) =>
  () =>
    rawZip([{ name: 'WAPT/control', data: Buffer.from('package: x\nversion: 1\n') }, ...extra]);

// ---- zip structure (PACKAGE_INVALID) ----
pkgCase('random bytes', 'PACKAGE_INVALID', 'NOT_A_ZIP', () =>
  Buffer.from('this is not a zip at all, just text'),
);
pkgCase('encrypted host package', 'PACKAGE_INVALID', 'ENCRYPTED_HOST_PACKAGE', () =>
  Buffer.concat([Buffer.from('RSAFERNET256'), Buffer.alloc(300, 1)]),
);
pkgCase(
  'zip slip',
  'PACKAGE_INVALID',
  'ZIP_SLIP',
  good([{ name: 'WAPT/../../evil.exe', data: Buffer.from('x') }]),
);
pkgCase(
  'absolute path',
  'PACKAGE_INVALID',
  'ABSOLUTE_PATH',
  good([{ name: '/etc/passwd', data: Buffer.from('x') }]),
);
pkgCase(
  'drive letter',
  'PACKAGE_INVALID',
  'ABSOLUTE_PATH',
  good([{ name: 'C:/Windows/evil.dll', data: Buffer.from('x') }]),
);
pkgCase(
  'backslash path',
  'PACKAGE_INVALID',
  'BACKSLASH_PATH',
  good([{ name: 'WAPT\\control2', data: Buffer.from('x') }]),
);
pkgCase(
  'duplicate entry',
  'PACKAGE_INVALID',
  'DUPLICATE_ENTRY',
  good([
    { name: 'setup.py', data: Buffer.from('a') },
    { name: 'setup.py', data: Buffer.from('b') },
  ]),
);
pkgCase(
  'case collision',
  'PACKAGE_INVALID',
  'CASE_COLLISION',
  good([
    { name: 'setup.py', data: Buffer.from('a') },
    { name: 'Setup.py', data: Buffer.from('b') },
  ]),
);
pkgCase(
  'directory entry',
  'PACKAGE_INVALID',
  'DIRECTORY_ENTRY',
  good([{ name: 'bin/', data: Buffer.alloc(0), method: 0 }]),
);
pkgCase(
  'non-ASCII name without UTF-8 flag',
  'PACKAGE_INVALID',
  'NON_UTF8_NAME',
  good([{ name: Buffer.from('caf\xe9.txt', 'latin1'), data: Buffer.from('x') }]),
);
pkgCase(
  'UTF-8 flag with invalid bytes',
  'PACKAGE_INVALID',
  'INVALID_NAME_ENCODING',
  good([{ name: Buffer.from([0x61, 0xff, 0xfe]), data: Buffer.from('x'), utf8Flag: true }]),
);
pkgCase(
  'control character in name',
  'PACKAGE_INVALID',
  'INVALID_NAME',
  good([{ name: 'bad\x07name', data: Buffer.from('x') }]),
);
pkgCase(
  'unsupported compression',
  'PACKAGE_INVALID',
  'UNSUPPORTED_COMPRESSION',
  good([{ name: 'a.bin', data: Buffer.from('xx'), method: 12 }]),
);
pkgCase(
  'encrypted entry',
  'PACKAGE_INVALID',
  'ENCRYPTED_ENTRY',
  good([{ name: 'a.bin', data: Buffer.from('xx'), flags: 1 }]),
);
pkgCase(
  'deflate bomb',
  'PACKAGE_INVALID',
  'ZIP_BOMB',
  good([{ name: 'zeros.bin', data: Buffer.alloc(24 * 1024 * 1024) }]),
);
pkgCase('too many entries', 'PACKAGE_INVALID', 'TOO_MANY_ENTRIES', ok, { limits: { maxEntries: 3 } });
pkgCase('expands beyond the size limit', 'PACKAGE_INVALID', 'TOO_LARGE', ok, {
  limits: { maxTotalBytes: 1000 },
});
pkgCase(
  'overlapping entries',
  'PACKAGE_INVALID',
  'OVERLAPPING_ENTRIES',
  good([
    { name: 'a.bin', data: Buffer.alloc(1000, 1) },
    { name: 'b.bin', data: Buffer.alloc(1000, 1), sameOffsetAs: 1 },
  ]),
);
pkgCase(
  'symbolic link entry',
  'PACKAGE_INVALID',
  'SYMLINK_ENTRY',
  good([{ name: 'link', data: Buffer.from('/etc/shadow'), externalAttr: (0o120777 << 16) >>> 0 }]),
);
pkgCase(
  'file and folder with the same name',
  'PACKAGE_INVALID',
  'PATH_CONFLICT',
  good([
    { name: 'bin', data: Buffer.from('x') },
    { name: 'bin/tool.exe', data: Buffer.from('y') },
  ]),
);
pkgCase('declared size lies', 'PACKAGE_INVALID', 'SIZE_MISMATCH', () =>
  rawZip([{ name: 'WAPT/control', data: Buffer.from('package: x\nversion: 1\n'), declaredSize: 5 }]),
);
pkgCase('corrupt deflate data', 'PACKAGE_INVALID', 'ZIP_CORRUPT', () =>
  rawZip([
    {
      name: 'WAPT/control',
      data: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      method: 8,
      declaredSize: 6,
    },
  ]).fill(0xff, 30 + 12, 30 + 12 + 2),
);

// ---- required members (PACKAGE_INVALID) ----
pkgCase('no control', 'PACKAGE_INVALID', 'MISSING_CONTROL', () =>
  rawZip([{ name: 'setup.py', data: Buffer.from('pass') }]),
);
pkgCase('no certificate', 'PACKAGE_INVALID', 'MISSING_CERTIFICATE', () =>
  assemble({}, id.signer, { omit: ['WAPT/certificate.crt'] }),
);
pkgCase('no manifest', 'PACKAGE_INVALID', 'NOT_SIGNED', () =>
  assemble({}, id.signer, { omit: ['WAPT/manifest.sha256'] }),
);
pkgCase('no manifest signature', 'PACKAGE_INVALID', 'MISSING_SIGNATURE', () =>
  assemble({}, id.signer, { omit: ['WAPT/signature.sha256'] }),
);
pkgCase('huge control', 'PACKAGE_INVALID', 'MEMBER_TOO_LARGE', () =>
  rawZip([{ name: 'WAPT/control', data: Buffer.alloc(5 * 1024 * 1024, 0x61) }]),
);

// ---- manifest (PACKAGE_INVALID) ----
pkgCase('manifest is not JSON', 'PACKAGE_INVALID', 'MANIFEST_INVALID', () =>
  assemble({}, id.signer, { manifest: () => '{not json' }),
);
pkgCase('manifest lists a path twice', 'PACKAGE_INVALID', 'MANIFEST_DUPLICATE', () =>
  assemble({}, id.signer, { manifest: (e) => JSON.stringify([...e, e[0]]) }),
);
pkgCase('file added after signing', 'PACKAGE_INVALID', 'MANIFEST_EXTRA_FILE', () =>
  assemble({ 'setup.py': 'pass\n' }, id.signer, {
    extra: [{ name: 'payload.exe', data: Buffer.from('MZ') }],
  }),
);
pkgCase('file removed after signing', 'PACKAGE_INVALID', 'MANIFEST_MISSING_FILE', () =>
  assemble({ 'setup.py': 'pass\n', 'a.txt': 'a' }, id.signer, { omit: ['a.txt'] }),
);
pkgCase('file modified after signing', 'PACKAGE_INVALID', 'MANIFEST_HASH_MISMATCH', () =>
  assemble({ 'setup.py': 'pass\n' }, id.signer, {
    manifest: (e) =>
      JSON.stringify(
        e.map(([n, h]) => [n, n === 'setup.py' ? h.replace(/^./, h[0] === '0' ? '1' : '0') : h]),
      ),
  }),
);

// ---- control (CONTROL_INVALID) ----
const withControl = (text: string | Buffer) => () =>
  rawZip([{ name: 'WAPT/control', data: Buffer.from(text) }]);
pkgCase('control with BOM', 'CONTROL_INVALID', 'BOM', withControl('\ufeffpackage: x\nversion: 1\n'));
pkgCase('control line without colon', 'CONTROL_INVALID', 'NO_COLON', withControl('package: x\nversion 1\n'));
pkgCase(
  'control without version',
  'CONTROL_INVALID',
  'MISSING_ATTRIBUTE',
  withControl('package: x\n\nversion: 1\n'),
);
pkgCase(
  'control in Latin-1',
  'CONTROL_INVALID',
  'NOT_UTF8',
  withControl(Buffer.from('package: x\nversion: 1\ndescription: caf\xe9\n', 'latin1')),
);
pkgCase(
  'continuation line first',
  'CONTROL_INVALID',
  'ORPHAN_CONTINUATION',
  withControl(' package: x\nversion: 1\n'),
);

// ---- signatures (SIGNATURE_INVALID) ----
pkgCase('control without signature', 'SIGNATURE_INVALID', 'CONTROL_NOT_SIGNED', () =>
  assemble({}, id.signer, { controlText: (t) => t.replace(/^signature {9}: .*$/m, 'signature         : ') }),
);
pkgCase('signature attribute not base64', 'SIGNATURE_INVALID', 'CONTROL_SIGNATURE_ENCODING', () =>
  assemble({}, id.signer, { controlText: (t) => t.replace(/^(signature {9}: )(.*)$/m, '$1!!not-base64!!') }),
);
pkgCase('control value changed', 'SIGNATURE_INVALID', 'CONTROL_SIGNATURE', () =>
  assemble({}, id.signer, {
    controlText: (t) => t.replace('version           : 1.0-1', 'version           : 1.0-2'),
  }),
);
pkgCase(
  'signer_fingerprint of another certificate',
  'SIGNATURE_INVALID',
  'SIGNER_FINGERPRINT_MISMATCH',
  () => {
    const lying: PackageSigner = { ...id.signer, keyId: stranger.signer.keyId };
    const { text } = signControl(createControl({ package: 'test-pkg', version: '1' }), lying);
    return assemble({}, id.signer, { controlText: () => text });
  },
);
pkgCase('manifest changed after signing', 'SIGNATURE_INVALID', 'MANIFEST_SIGNATURE', () =>
  assemble({}, id.signer, { tamperManifest: (m) => m.replace('WAPT/control', 'WAPT/contro1') }),
);
pkgCase('manifest signature not base64', 'SIGNATURE_INVALID', 'MANIFEST_SIGNATURE_ENCODING', () =>
  assemble({}, id.signer, { signatureText: () => '%%%%\n' }),
);

// ---- certificates (CERT_INVALID) ----
pkgCase('certificate.crt without PEM block', 'CERT_INVALID', 'NO_CERTIFICATE', () =>
  assemble({}, id.signer, { certificatePem: 'hello\n' }),
);
pkgCase('certificate PEM with garbage', 'CERT_INVALID', 'CERT_UNREADABLE', () =>
  assemble({}, id.signer, {
    certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
  }),
);
pkgCase('EC signer certificate', 'CERT_INVALID', 'NOT_RSA', () =>
  assemble({}, id.signer, { certificatePem: ecCertPem }),
);
pkgCase('expired signer', 'CERT_INVALID', 'EXPIRED', ok, {
  now: new Date(Date.now() + 3 * 365 * 86_400_000),
});
pkgCase('signer not yet valid', 'CERT_INVALID', 'NOT_YET_VALID', ok, {
  now: new Date('2001-01-01T00:00:00Z'),
});
pkgCase(
  'setup.py without code signing',
  'CERT_INVALID',
  'NOT_CODE_SIGNING',
  () => assemble({ 'setup.py': 'pass\n' }, noCodeSigning.signer),
  { trusted: () => [noCodeSigning.certPem] },
);
pkgCase('signer not trusted', 'CERT_INVALID', 'UNTRUSTED', ok, { trusted: () => [stranger.certPem] });
pkgCase('no trusted certificate at all', 'CERT_INVALID', 'NO_TRUSTED_CERTIFICATES', ok, {
  trusted: () => [],
});
// Its run() is replaced in beforeAll once openssl has produced the certificates.
cases.push({
  name: 'issuer is not a CA',
  code: 'CERT_INVALID',
  reason: 'ISSUER_NOT_CA',
  run: () => undefined,
});

// ---- keys (KEY_INVALID) and certificate files ----
const keyCase = (name: string, reason: string, run: () => unknown) =>
  cases.push({ name, code: 'KEY_INVALID', reason, run });
keyCase('wrong password (PEM)', 'WRONG_PASSWORD', () =>
  loadPrivateKey(readFileSync(path.join(tmp.dir, 'enc.pem')), 'not the password'),
);
keyCase('encrypted key without password', 'PASSWORD_REQUIRED', () =>
  loadPrivateKey(readFileSync(path.join(tmp.dir, 'enc.pem'))),
);
keyCase('certificate given as key', 'NO_PRIVATE_KEY', () => loadPrivateKey(id.certPem));
keyCase('EC key', 'NOT_RSA', () => loadPrivateKey(ecKeyPem));
keyCase('truncated PEM key', 'MALFORMED', () =>
  loadPrivateKey(id.keyPem.slice(0, 300) + '\n' + id.keyPem.split('\n').slice(-2).join('\n')),
);
keyCase('key of another certificate', 'KEY_CERT_MISMATCH', () =>
  createSigner({ key: loadPrivateKey(stranger.keyPem), certificateChain: id.signer.certificateChain }),
);
keyCase('PKCS#12 wrong password', 'WRONG_PASSWORD', () =>
  loadPkcs12(readFileSync(path.join(tmp.dir, 'id.p12')), 'wrong'),
);
cases.push({
  name: 'key file given as certificate',
  code: 'CERT_INVALID',
  reason: 'NO_CERTIFICATE',
  run: () => loadCertificates(id.keyPem),
});

beforeAll(async () => {
  [id, noCodeSigning, stranger] = await Promise.all([
    makeIdentity({ cn: 'Corpus Signer', days: 2 * 365 }),
    makeIdentity({ cn: 'Not for code', codeSigning: false, isCA: false }),
    makeIdentity({ cn: 'Stranger' }),
  ]);
  // A CA:FALSE certificate (without keyUsage, so that it passes the name/key-usage issuer match)
  // used as an issuer: openssl lets us do what our own creator refuses.
  const d = tmp.dir;
  writeTemp(
    d,
    'nonca.key',
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  writeTemp(
    d,
    'nonca.cnf',
    '[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=Not a CA\n[ext]\nbasicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\n',
  );
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-key',
      path.join(d, 'nonca.key'),
      '-config',
      path.join(d, 'nonca.cnf'),
      '-days',
      '30',
      '-out',
      path.join(d, 'nonca.crt'),
    ],
    { stdio: 'pipe' },
  );
  const nonCaPem = readFileSync(path.join(d, 'nonca.crt'), 'utf8');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeTemp(d, 'leaf.key', privateKey.export({ type: 'pkcs8', format: 'pem' }));
  execFileSync('openssl', [
    'req',
    '-new',
    '-key',
    path.join(d, 'leaf.key'),
    '-subj',
    '/CN=Leaf of non CA',
    '-out',
    path.join(d, 'leaf.csr'),
  ]);
  writeTemp(d, 'ext.cnf', 'extendedKeyUsage=critical,codeSigning\n');
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      path.join(d, 'leaf.csr'),
      '-CA',
      path.join(d, 'nonca.crt'),
      '-CAkey',
      path.join(d, 'nonca.key'),
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      path.join(d, 'ext.cnf'),
      '-out',
      path.join(d, 'leaf.crt'),
    ],
    { stdio: 'pipe' },
  );
  leafOfNonCa = readFileSync(path.join(d, 'leaf.crt'), 'utf8');
  const leafSigner = createSigner({
    key: loadPrivateKey(readFileSync(path.join(d, 'leaf.key'))),
    certificateChain: loadCertificates(leafOfNonCa),
  });
  const idx = cases.findIndex((c) => c.reason === 'ISSUER_NOT_CA');
  const issuerCase = cases[idx]!;
  issuerCase.run = () =>
    verifyPackage(writeTemp(d, 'nonca.wapt', assemble({}, leafSigner)), { trusted: [nonCaPem] });

  ecKeyPem = execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], {
    encoding: 'utf8',
  });
  writeTemp(d, 'ec.key', ecKeyPem);
  ecCertPem = execFileSync(
    'openssl',
    ['req', '-x509', '-new', '-key', path.join(d, 'ec.key'), '-subj', '/CN=EC signer', '-days', '30'],
    { encoding: 'utf8' },
  );
  writeTemp(d, 'id.key', id.keyPem);
  writeTemp(d, 'id.crt', id.certPem);
  execFileSync(
    'openssl',
    [
      'pkcs8',
      '-topk8',
      '-in',
      path.join(d, 'id.key'),
      '-out',
      path.join(d, 'enc.pem'),
      '-passout',
      'pass:right password',
    ],
    { stdio: 'pipe' },
  );
  execFileSync(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-inkey',
      path.join(d, 'id.key'),
      '-in',
      path.join(d, 'id.crt'),
      '-out',
      path.join(d, 'id.p12'),
      '-passout',
      'pass:p12pass',
    ],
    { stdio: 'pipe' },
  );
});
afterAll(() => tmp.cleanup());

describe('malformed corpus', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    let error: unknown;
    try {
      await c.run();
    } catch (err) {
      error = err;
    }
    expect(error, `${c.name} was accepted`).toBeInstanceOf(ConsoleError);
    const e = error as ConsoleError;
    expect({ code: e.code, reason: e.reason }).toEqual({ code: c.code, reason: c.reason });
    expect(e.message.length).toBeGreaterThan(10);
    // Never key material or passwords in messages.
    expect(e.message).not.toMatch(/PRIVATE KEY|right password|p12pass|not the password/);
  });

  it('covers at least 40 distinct (code, reason) failure kinds', () => {
    // A few failure kinds appear twice on purpose (absolute POSIX path and drive letter; a wrong
    // password on PEM and PKCS#12; a key file where a certificate is expected).
    const pairs = new Set(cases.map((c) => `${c.code}/${c.reason}`));
    expect(pairs.size).toBeGreaterThanOrEqual(40);
  });
});
