/**
 * A corpus of malformed packages, keys and certificates, generated here. Each case must be
 * rejected with its own (code, reason) pair and a message that names the problem. The last test
 * checks that no two cases share a pair, so a new failure kind cannot hide behind an old one.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../common/errors';
import { createControl } from '../../../common/domain/control';
import {
  buildPackage,
  readPackagesIndex,
  verifyPackage,
  type ZipLimits,
  DEFAULT_ZIP_LIMITS,
} from '../../../wapt/packages/index';
import { readRulesFromPackage } from '../../../electron/core/wua/rules-package';
import { signControl } from '../../../wapt/packages/control-sign';
import {
  createSigner,
  loadCertificates,
  loadPkcs12,
  loadPrivateKey,
  type PackageSigner,
} from '../../../wapt/signing/index';
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

// =====================================================================================
// Issue 12 extension (hardening): NUL bytes and other control characters, duplicate keys,
// truncated and damaged zips, bad manifests and signatures, oversized fields, weak keys,
// package sources, repository indexes and rules JSON. Every case names its exact reason.
// =====================================================================================

// ---- control characters (CONTROL_INVALID / CONTROL_CHARACTER) ----
for (const [label, text] of [
  ['NUL byte in a value', 'package: x\nversion: 1\ndescription: a\0b\n'],
  ['NUL byte in a key', 'pack\0age: x\nversion: 1\n'],
  ['NUL-only line', 'package: x\n\0\nversion: 1\n'],
  ['UTF-16-looking control (NUL between letters)', 'p\0a\0c\0k\0a\0g\0e\0:\0 \0x\0\n\0'],
  ['SOH control character', 'package: x\nversion: 1\ndescription: \x01\n'],
  ['BEL control character', 'package: x\x07\nversion: 1\n'],
  ['ESC (terminal escape sequence) in a value', 'package: x\nversion: 1\ndescription: \x1b[31mred\n'],
  ['DEL character', 'package: x\nversion: 1\nmaintainer: a\x7f\n'],
  ['unit separator', 'package: x\nversion: 1\nname: a\x1fb\n'],
  ['backspace in a continuation line', 'package: x\nversion: 1\ndescription: a\n b\x08\n'],
] as const)
  pkgCase(`control: ${label}`, 'CONTROL_INVALID', 'CONTROL_CHARACTER', withControl(text));

// ---- duplicate keys (CONTROL_INVALID / DUPLICATE_KEY): refused, where an agent keeps the last ----
for (const [label, text] of [
  ['version twice', 'package: x\nversion: 1\nversion: 2\n'],
  ['package twice', 'package: x\npackage: y\nversion: 1\n'],
  ['same key in another case', 'package: x\nversion: 1\nPackage: y\n'],
  ['same key with spaces before the colon', 'package: x\nversion: 1\nversion   : 2\n'],
  [
    'description repeated after a continuation',
    'package: x\nversion: 1\ndescription: a\n b\ndescription: c\n',
  ],
  ['signature twice', 'package: x\nversion: 1\nsignature: AAAA\nsignature: BBBB\n'],
  ['depends twice', 'package: x\nversion: 1\ndepends: a\ndepends: b\n'],
  ['empty key twice', 'package: x\nversion: 1\n: a\n: b\n'],
] as const)
  pkgCase(`control: ${label}`, 'CONTROL_INVALID', 'DUPLICATE_KEY', withControl(text));

// ---- other control grammar errors ----
pkgCase(
  'control: a word alone on a line',
  'CONTROL_INVALID',
  'NO_COLON',
  withControl('package: x\nversion: 1\njunk\n'),
);
pkgCase(
  'control: TAB-indented line (a TAB is no continuation)',
  'CONTROL_INVALID',
  'NO_COLON',
  withControl('package: x\nversion: 1\n\tmore text\n'),
);
pkgCase(
  'control: indented first line',
  'CONTROL_INVALID',
  'ORPHAN_CONTINUATION',
  withControl('  package: x\nversion: 1\n'),
);
pkgCase('control: no package', 'CONTROL_INVALID', 'MISSING_ATTRIBUTE', withControl('version: 1\n'));
pkgCase('control: empty file', 'CONTROL_INVALID', 'MISSING_ATTRIBUTE', withControl(''));
pkgCase('control: blank lines only', 'CONTROL_INVALID', 'MISSING_ATTRIBUTE', withControl('\n\n \n'));
pkgCase(
  'control: size beyond 2^53',
  'CONTROL_INVALID',
  'INTEGER_OUT_OF_RANGE',
  withControl('package: x\nversion: 1\nsize: 99999999999999999999\n'),
);
pkgCase(
  'control: installed_size with 30 digits',
  'CONTROL_INVALID',
  'INTEGER_OUT_OF_RANGE',
  withControl('package: x\nversion: 1\ninstalled_size: 123456789012345678901234567890\n'),
);

// ---- encodings (CONTROL_INVALID / NOT_UTF8) ----
for (const [label, bytes] of [
  ['lone 0xFF byte', Buffer.from([...Buffer.from('package: x\nversion: 1\nname: '), 0xff, 0x0a])],
  [
    'overlong NUL (C0 80)',
    Buffer.from([...Buffer.from('package: x\nversion: 1\nname: a'), 0xc0, 0x80, 0x0a]),
  ],
  [
    'multi-byte sequence cut at the end',
    Buffer.from([...Buffer.from('package: x\nversion: 1\nname: '), 0xe2, 0x82]),
  ],
  ['UTF-16LE with its BOM', Buffer.from('\ufeffpackage: x\nversion: 1\n', 'utf16le')],
  [
    'UTF-8-encoded surrogate',
    Buffer.from([...Buffer.from('package: x\nversion: 1\nname: '), 0xed, 0xa0, 0x80, 0x0a]),
  ],
] as const)
  pkgCase(`control: ${label}`, 'CONTROL_INVALID', 'NOT_UTF8', withControl(bytes));

// ---- truncated and damaged archives (PACKAGE_INVALID) ----
const truncated = (keep: (len: number) => number) => () => {
  const whole = ok();
  return whole.subarray(0, keep(whole.length));
};
pkgCase('zip: empty file', 'PACKAGE_INVALID', 'NOT_A_ZIP', () => Buffer.alloc(0));
pkgCase('zip: 4-byte local header signature only', 'PACKAGE_INVALID', 'NOT_A_ZIP', () =>
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
);
pkgCase(
  'zip: truncated to 100 bytes',
  'PACKAGE_INVALID',
  'NOT_A_ZIP',
  truncated(() => 100),
);
pkgCase(
  'zip: truncated to half',
  'PACKAGE_INVALID',
  'NOT_A_ZIP',
  truncated((n) => Math.floor(n / 2)),
);
pkgCase(
  'zip: last byte missing',
  'PACKAGE_INVALID',
  'NOT_A_ZIP',
  truncated((n) => n - 1),
);
pkgCase(
  'zip: end record cut in two',
  'PACKAGE_INVALID',
  'NOT_A_ZIP',
  truncated((n) => n - 11),
);
pkgCase('zip: central directory cut, end record kept', 'PACKAGE_INVALID', 'ZIP_CORRUPT', () => {
  const whole = ok();
  const eocd = whole.subarray(whole.length - 22);
  const cdOffset = eocd.readUInt32LE(16);
  return Buffer.concat([whole.subarray(0, cdOffset + 10), eocd]);
});
pkgCase('zip: central directory offset past the end', 'PACKAGE_INVALID', 'ZIP_CORRUPT', () => {
  const whole = Buffer.from(ok());
  whole.writeUInt32LE(whole.length + 1000, whole.length - 22 + 16);
  return whole;
});
pkgCase('zip: entry count larger than the directory', 'PACKAGE_INVALID', 'ZIP_CORRUPT', () => {
  const whole = Buffer.from(ok());
  whole.writeUInt16LE(200, whole.length - 22 + 8);
  whole.writeUInt16LE(200, whole.length - 22 + 10);
  return whole;
});
pkgCase('zip: local header signature overwritten', 'PACKAGE_INVALID', 'ZIP_CORRUPT', () => {
  const whole = Buffer.from(ok());
  whole.writeUInt32LE(0xdeadbeef, 0);
  return whole;
});

// ---- hostile member names (PACKAGE_INVALID) ----
pkgCase('name: ".." alone', 'PACKAGE_INVALID', 'ZIP_SLIP', good([{ name: '..', data: Buffer.from('x') }]));
pkgCase(
  'name: climbing in the middle',
  'PACKAGE_INVALID',
  'ZIP_SLIP',
  good([{ name: 'a/../../b', data: Buffer.from('x') }]),
);
pkgCase(
  'name: UNC path',
  'PACKAGE_INVALID',
  'BACKSLASH_PATH',
  good([{ name: '\\\\server\\share\\x', data: Buffer.from('x') }]),
);
pkgCase(
  'name: empty segment',
  'PACKAGE_INVALID',
  'INVALID_NAME',
  good([{ name: 'a//b', data: Buffer.from('x') }]),
);
pkgCase(
  'name: "." segment',
  'PACKAGE_INVALID',
  'INVALID_NAME',
  good([{ name: './a', data: Buffer.from('x') }]),
);
pkgCase(
  'name: NUL byte',
  'PACKAGE_INVALID',
  'INVALID_NAME',
  good([{ name: 'setup.py\0.txt', data: Buffer.from('x') }]),
);
pkgCase('name: newline', 'PACKAGE_INVALID', 'INVALID_NAME', good([{ name: 'a\nb', data: Buffer.from('x') }]));
pkgCase(
  'name: drive-relative',
  'PACKAGE_INVALID',
  'ABSOLUTE_PATH',
  good([{ name: 'D:evil.dll', data: Buffer.from('x') }]),
);
pkgCase(
  'name: WAPT/control twice',
  'PACKAGE_INVALID',
  'DUPLICATE_ENTRY',
  good([{ name: 'WAPT/control', data: Buffer.from('package: y\nversion: 2\n') }]),
);
pkgCase(
  'name: WAPT/Control beside WAPT/control',
  'PACKAGE_INVALID',
  'CASE_COLLISION',
  good([{ name: 'WAPT/Control', data: Buffer.from('package: y\nversion: 2\n') }]),
);
pkgCase(
  'name: a file named like the WAPT folder',
  'PACKAGE_INVALID',
  'PATH_CONFLICT',
  good([{ name: 'WAPT', data: Buffer.from('x') }]),
);
pkgCase(
  'entry: symbolic link to a relative path',
  'PACKAGE_INVALID',
  'SYMLINK_ENTRY',
  good([{ name: 'up', data: Buffer.from('../../x'), externalAttr: (0o120777 << 16) >>> 0 }]),
);
pkgCase(
  'entry: LZMA compression',
  'PACKAGE_INVALID',
  'UNSUPPORTED_COMPRESSION',
  good([{ name: 'a.bin', data: Buffer.from('xx'), method: 14 }]),
);
pkgCase(
  'entry: AES (method 99)',
  'PACKAGE_INVALID',
  'ENCRYPTED_ENTRY',
  good([{ name: 'a.bin', data: Buffer.from('xx'), method: 99, flags: 1 }]),
);
pkgCase(
  'entry: strong encryption flag',
  'PACKAGE_INVALID',
  'ENCRYPTED_ENTRY',
  good([{ name: 'a.bin', data: Buffer.from('xx'), flags: 0x41 }]),
);
pkgCase('entry: size declared larger than the data', 'PACKAGE_INVALID', 'SIZE_MISMATCH', () =>
  rawZip([{ name: 'WAPT/control', data: Buffer.from('package: x\nversion: 1\n'), declaredSize: 500 }]),
);
pkgCase('entry: one entry over a 1-entry limit', 'PACKAGE_INVALID', 'TOO_MANY_ENTRIES', ok, {
  limits: { maxEntries: 1 },
});

// ---- oversized members and fields ----
pkgCase('oversized: control just over 4 MiB', 'PACKAGE_INVALID', 'MEMBER_TOO_LARGE', () =>
  rawZip([{ name: 'WAPT/control', data: Buffer.alloc(4 * 1024 * 1024 + 1, 0x61) }]),
);
pkgCase('oversized: certificate.crt over 1 MiB', 'PACKAGE_INVALID', 'MEMBER_TOO_LARGE', () =>
  assemble({}, id.signer, { certificatePem: id.certPem + '#'.repeat(1024 * 1024 + 1) }),
);
pkgCase('oversized: signature.sha256 over 64 KiB', 'PACKAGE_INVALID', 'MEMBER_TOO_LARGE', () =>
  assemble({}, id.signer, { signatureText: (s) => s + 'A'.repeat(65 * 1024) }),
);
pkgCase(
  'oversized: a 30-digit size attribute in a signed control',
  'CONTROL_INVALID',
  'INTEGER_OUT_OF_RANGE',
  () =>
    assemble({}, id.signer, {
      controlText: (t) => t.replace(/^installed_size {4}: .*$/m, `installed_size    : ${'9'.repeat(30)}`),
    }),
);

// ---- manifests (PACKAGE_INVALID), signed so that only the manifest content is wrong ----
for (const [label, reason, manifest] of [
  ['a JSON object', 'MANIFEST_INVALID', () => '{}'],
  ['JSON null', 'MANIFEST_INVALID', () => 'null'],
  ['empty', 'MANIFEST_INVALID', () => ''],
  ['a line break inside', 'MANIFEST_INVALID', (e: [string, string][]) => JSON.stringify(e, null, 1)],
  ['a CR inside', 'MANIFEST_INVALID', (e: [string, string][]) => `${JSON.stringify(e)}\r`],
  ['a NUL byte', 'MANIFEST_INVALID', (e: [string, string][]) => `${JSON.stringify(e)}\0`],
  [
    'an entry that is a string',
    'MANIFEST_INVALID',
    (e: [string, string][]) => JSON.stringify([...e, 'setup.py']),
  ],
  [
    'an entry with three items',
    'MANIFEST_INVALID',
    (e: [string, string][]) => JSON.stringify(e.map((x) => [...x, 'x'])),
  ],
  [
    'an upper-case hash',
    'MANIFEST_INVALID',
    (e: [string, string][]) => JSON.stringify(e.map(([n, h]) => [n, h.toUpperCase()])),
  ],
  [
    'a short hash',
    'MANIFEST_INVALID',
    (e: [string, string][]) => JSON.stringify(e.map(([n, h]) => [n, h.slice(1)])),
  ],
  [
    'a number as path',
    'MANIFEST_INVALID',
    (e: [string, string][]) => JSON.stringify(e.map(([, h]) => [1, h])),
  ],
  [
    'the control listed twice',
    'MANIFEST_DUPLICATE',
    (e: [string, string][]) => JSON.stringify([...e, e.find(([n]) => n === 'WAPT/control')]),
  ],
  [
    'the certificate left out',
    'MANIFEST_EXTRA_FILE',
    (e: [string, string][]) => JSON.stringify(e.filter(([n]) => n !== 'WAPT/certificate.crt')),
  ],
  [
    'a climbing path listed',
    'MANIFEST_MISSING_FILE',
    (e: [string, string][]) => JSON.stringify([...e, ['../evil', 'a'.repeat(64)]]),
  ],
  [
    'the control hash of other bytes',
    'MANIFEST_HASH_MISMATCH',
    (e: [string, string][]) =>
      JSON.stringify(e.map(([n, h]) => [n, n === 'WAPT/control' ? 'f'.repeat(64) : h])),
  ],
] as const)
  pkgCase(`manifest: ${label}`, 'PACKAGE_INVALID', reason, () =>
    assemble({ 'setup.py': 'pass\n' }, id.signer, {
      manifest: manifest,
    }),
  );

// ---- signatures (SIGNATURE_INVALID) ----
pkgCase('signature: control signed by another key', 'SIGNATURE_INVALID', 'CONTROL_SIGNATURE', () => {
  const { text } = signControl(createControl({ package: 'test-pkg', version: '1.0-1' }), {
    ...stranger.signer,
    keyId: id.signer.keyId,
  });
  return assemble({}, id.signer, { controlText: () => text });
});
pkgCase(
  'signature: control signature cut short (still base64)',
  'SIGNATURE_INVALID',
  'CONTROL_SIGNATURE',
  () => assemble({}, id.signer, { controlText: (t) => t.replace(/^(signature {9}: )(.{8})(.*)$/m, '$1$2') }),
);
pkgCase(
  'signature: control signature with a space inside',
  'SIGNATURE_INVALID',
  'CONTROL_SIGNATURE_ENCODING',
  () => assemble({}, id.signer, { controlText: (t) => t.replace(/^(signature {9}: .{8})/m, '$1 ') }),
);
pkgCase('signature: control signature of length 3', 'SIGNATURE_INVALID', 'CONTROL_SIGNATURE_ENCODING', () =>
  assemble({}, id.signer, { controlText: (t) => t.replace(/^(signature {9}: ).*$/m, '$1abc') }),
);
pkgCase('signature: signed_attributes shortened', 'SIGNATURE_INVALID', 'CONTROL_SIGNATURE', () =>
  assemble({}, id.signer, { controlText: (t) => t.replace(/^(signed_attributes : )package,/m, '$1') }),
);
pkgCase('signature: signature_date changed', 'SIGNATURE_INVALID', 'CONTROL_SIGNATURE', () =>
  assemble({}, id.signer, { controlText: (t) => t.replace(/^(signature_date {4}: )\d{4}/m, '$11999') }),
);
pkgCase('signature: description appended after signing', 'SIGNATURE_INVALID', 'CONTROL_SIGNATURE', () =>
  assemble({}, id.signer, { controlText: (t) => t.replace(/^(description {7}: .*)$/m, '$1 (edited)') }),
);
pkgCase(
  'signature: empty signer fingerprint, signed',
  'SIGNATURE_INVALID',
  'SIGNER_FINGERPRINT_MISMATCH',
  () => {
    const { text } = signControl(createControl({ package: 'test-pkg', version: '1' }), {
      ...id.signer,
      keyId: '',
    });
    return assemble({}, id.signer, { controlText: () => text });
  },
);
pkgCase('signature: empty signature.sha256', 'SIGNATURE_INVALID', 'MANIFEST_SIGNATURE_ENCODING', () =>
  assemble({}, id.signer, { signatureText: () => '' }),
);
pkgCase('signature: manifest signed by another key', 'SIGNATURE_INVALID', 'MANIFEST_SIGNATURE', () =>
  assemble({}, id.signer, {
    signatureText: () => Buffer.from(stranger.signer.sign(Buffer.from('x'))).toString('base64'),
  }),
);
pkgCase('signature: manifest signature of zeros', 'SIGNATURE_INVALID', 'MANIFEST_SIGNATURE', () =>
  assemble({}, id.signer, { signatureText: () => Buffer.alloc(256).toString('base64') }),
);
pkgCase('signature: manifest signature cut short', 'SIGNATURE_INVALID', 'MANIFEST_SIGNATURE', () =>
  assemble({}, id.signer, { signatureText: (s) => s.replace(/\s/g, '').slice(0, 100) }),
);

// ---- certificates in packages (CERT_INVALID) ----
pkgCase('certificate: empty certificate.crt', 'CERT_INVALID', 'NO_CERTIFICATE', () =>
  assemble({}, id.signer, { certificatePem: '' }),
);
pkgCase('certificate: a private key instead', 'CERT_INVALID', 'NO_CERTIFICATE', () =>
  assemble({}, id.signer, { certificatePem: stranger.keyPem }),
);
pkgCase('certificate: PEM body cut', 'CERT_INVALID', 'CERT_UNREADABLE', () =>
  assemble({}, id.signer, {
    certificatePem: id.certPem
      .split('\n')
      .filter((_, i, a) => i < 3 || i >= a.length - 3)
      .join('\n'),
  }),
);
pkgCase('certificate: the signer expired ten years from now', 'CERT_INVALID', 'EXPIRED', ok, {
  now: new Date(Date.now() + 10 * 365 * 86_400_000),
});
pkgCase('certificate: trusted list holds only an EC certificate', 'CERT_INVALID', 'UNTRUSTED', ok, {
  trusted: () => [ecCertPem],
});

// ---- weak, foreign or broken keys (KEY_INVALID), from openssl ----
const k = (name: string) => readFileSync(path.join(tmp.dir, name));
keyCase('1024-bit RSA, PKCS#8 PEM', 'KEY_TOO_SMALL', () => loadPrivateKey(k('rsa1024.pem')));
keyCase('1024-bit RSA, PKCS#1 PEM', 'KEY_TOO_SMALL', () => loadPrivateKey(k('rsa1024-pkcs1.pem')));
keyCase('1024-bit RSA, encrypted PKCS#8', 'KEY_TOO_SMALL', () => loadPrivateKey(k('rsa1024-enc.pem'), 'pw'));
keyCase('1024-bit RSA, DER', 'KEY_TOO_SMALL', () => loadPrivateKey(k('rsa1024.der')));
keyCase('1024-bit RSA, PKCS#12', 'KEY_TOO_SMALL', () => loadPkcs12(k('rsa1024.p12'), 'pw'));
keyCase('512-bit RSA', 'KEY_TOO_SMALL', () => loadPrivateKey(k('rsa512.pem')));
keyCase('2047-bit RSA', 'KEY_TOO_SMALL', () => loadPrivateKey(k('rsa2047.pem')));
keyCase('Ed25519 key', 'NOT_RSA', () => loadPrivateKey(k('ed25519.pem')));
keyCase('OpenSSH private key', 'NOT_RSA', () => loadPrivateKey(k('ssh_rsa')));
keyCase('EC key in PKCS#8', 'NOT_RSA', () => loadPrivateKey(k('ec-pkcs8.pem')));
keyCase('empty key text', 'NO_PRIVATE_KEY', () => loadPrivateKey(''));
keyCase('random bytes as a DER key', 'MALFORMED', () =>
  loadPrivateKey(Buffer.from('0123456789abcdef'.repeat(8))),
);
keyCase('PEM key without its END line', 'MALFORMED', () => loadPrivateKey(id.keyPem.split('-----END')[0]!));
keyCase('encrypted key with an empty password', 'PASSWORD_REQUIRED', () => loadPrivateKey(k('enc.pem'), ''));
keyCase('PKCS#12 of random bytes', 'MALFORMED', () => loadPkcs12(Buffer.from('not a pfx at all'), 'x'));
keyCase('PKCS#12 with a certificate and no key', 'NO_PRIVATE_KEY', () => loadPkcs12(k('nokey.p12'), 'pw'));

// ---- package sources (`package build`) ----
const buildCase = (
  name: string,
  code: string,
  reason: string,
  files: () => Record<string, string | Buffer>,
) =>
  cases.push({
    name: `build: ${name}`,
    code,
    reason,
    run: async () => {
      const root = path.join(tmp.dir, `src-${cases.findIndex((c) => c.name === `build: ${name}`)}`);
      for (const [rel, data] of Object.entries(files())) {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), data);
      }
      return buildPackage({ sourceDir: root, outDir: path.join(root, '..', 'build-out'), signer: id.signer });
    },
  });
const src = (control: string) => () => ({ 'WAPT/control': control, 'setup.py': 'pass\n' });
buildCase(
  '300-character package name',
  'CONTROL_INVALID',
  'NAME_TOO_LONG',
  src(`package: ${'a'.repeat(300)}\nversion: 1\n`),
);
buildCase(
  'package name with spaces',
  'CONTROL_INVALID',
  'INVALID_NAME',
  src('package: my package\nversion: 1\n'),
);
buildCase(
  'package name with a slash',
  'CONTROL_INVALID',
  'INVALID_NAME',
  src('package: tis/../x\nversion: 1\n'),
);
buildCase('version made of letters', 'CONTROL_INVALID', 'INVALID_VERSION', src('package: x\nversion: abc\n'));
buildCase(
  'version with five members',
  'CONTROL_INVALID',
  'INVALID_VERSION',
  src('package: x\nversion: 1.2.3.4.5\n'),
);
buildCase(
  'architecture arm',
  'CONTROL_INVALID',
  'INVALID_ARCHITECTURE',
  src('package: x\nversion: 1\narchitecture: arm\n'),
);
buildCase(
  'unknown section',
  'CONTROL_INVALID',
  'INVALID_SECTION',
  src('package: x\nversion: 1\nsection: nope\n'),
);
buildCase(
  'maturity of two words',
  'CONTROL_INVALID',
  'INVALID_MATURITY',
  src('package: x\nversion: 1\nmaturity: PROD BETA\n'),
);
buildCase(
  'three-letter locale',
  'CONTROL_INVALID',
  'INVALID_LOCALE',
  src('package: x\nversion: 1\nlocale: fra\n'),
);
buildCase(
  'unknown target_os',
  'CONTROL_INVALID',
  'INVALID_TARGET_OS',
  src('package: x\nversion: 1\ntarget_os: beos\n'),
);
buildCase(
  'malformed depends',
  'CONTROL_INVALID',
  'INVALID_PACKAGE_REQUEST',
  src('package: x\nversion: 1\ndepends: a(>>1)\n'),
);
buildCase(
  'min_os_version in words',
  'CONTROL_INVALID',
  'INVALID_DOTTED_VERSION',
  src('package: x\nversion: 1\nmin_os_version: ten\n'),
);
buildCase(
  'negative installed_size',
  'CONTROL_INVALID',
  'INVALID_INSTALLED_SIZE',
  src('package: x\nversion: 1\ninstalled_size: -5\n'),
);
buildCase(
  'audit_schedule in words',
  'CONTROL_INVALID',
  'INVALID_AUDIT_SCHEDULE',
  src('package: x\nversion: 1\naudit_schedule: weekly\n'),
);
buildCase(
  'valid_until in words',
  'CONTROL_INVALID',
  'INVALID_DATE',
  src('package: x\nversion: 1\nvalid_until: tomorrow\n'),
);
buildCase(
  'NUL byte in the source control',
  'CONTROL_INVALID',
  'CONTROL_CHARACTER',
  src('package: x\nversion: 1\ndescription: a\0\n'),
);
buildCase(
  'duplicate key in the source control',
  'CONTROL_INVALID',
  'DUPLICATE_KEY',
  src('package: x\nversion: 1\nversion: 2\n'),
);
buildCase('source control in Latin-1', 'CONTROL_INVALID', 'NOT_UTF8', () => ({
  'WAPT/control': Buffer.from('package: x\nversion: 1\ndescription: caf\xe9\n', 'latin1'),
}));
buildCase('no WAPT/control', 'PACKAGE_INVALID', 'MISSING_CONTROL', () => ({ 'setup.py': 'pass\n' }));
buildCase('private key in the source', 'PRIVATE_KEY_LEAK', 'PRIVATE_KEY_IN_SOURCE', () => ({
  'WAPT/control': 'package: x\nversion: 1\n',
  'files/id.pem': id.keyPem,
}));
cases.push({
  name: 'build: symbolic link in the source',
  code: 'PACKAGE_INVALID',
  reason: 'SYMLINK_IN_SOURCE',
  run: () => {
    const root = path.join(tmp.dir, 'src-symlink');
    mkdirSync(path.join(root, 'WAPT'), { recursive: true });
    writeFileSync(path.join(root, 'WAPT/control'), 'package: x\nversion: 1\n');
    symlinkSync('/etc/hostname', path.join(root, 'link'));
    return buildPackage({ sourceDir: root, outDir: path.join(tmp.dir, 'build-out'), signer: id.signer });
  },
});
cases.push({
  name: 'build: source folder missing',
  code: 'IO',
  reason: 'SOURCE_UNREADABLE',
  run: () => buildPackage({ sourceDir: path.join(tmp.dir, 'no-such'), outDir: tmp.dir, signer: id.signer }),
});
cases.push({
  name: 'build: source is a file',
  code: 'IO',
  reason: 'SOURCE_UNREADABLE',
  run: () => buildPackage({ sourceDir: path.join(tmp.dir, 'enc.pem'), outDir: tmp.dir, signer: id.signer }),
});

// ---- repository index (`Packages`) and rules JSON ----
const indexCase = (name: string, code: string, reason: string, bytes: () => Buffer) =>
  cases.push({ name: `index: ${name}`, code, reason, run: () => readPackagesIndex(bytes()) });
indexCase('random non-UTF-8 bytes', 'PACKAGE_INVALID', 'INDEX_INVALID', () =>
  Buffer.from([0xff, 0xfe, 0x00, 0x81]),
);
indexCase('zip without a Packages member', 'PACKAGE_INVALID', 'INDEX_INVALID', () =>
  rawZip([{ name: 'Other', data: Buffer.from('x') }]),
);
indexCase('Packages member in Latin-1', 'PACKAGE_INVALID', 'INDEX_INVALID', () =>
  rawZip([
    { name: 'Packages', data: Buffer.from('package: x\nversion: 1\ndescription: caf\xe9\n', 'latin1') },
  ]),
);
indexCase('entry with a duplicate key', 'CONTROL_INVALID', 'DUPLICATE_KEY', () =>
  rawZip([
    { name: 'Packages', data: Buffer.from('package: a\nversion: 1\n\npackage: b\nversion: 1\nversion: 2\n') },
  ]),
);
indexCase('entry with a NUL byte', 'CONTROL_INVALID', 'CONTROL_CHARACTER', () =>
  rawZip([{ name: 'Packages', data: Buffer.from('package: a\nversion: 1\nfilename: a\0.wapt\n') }]),
);
indexCase('entry without version', 'CONTROL_INVALID', 'MISSING_ATTRIBUTE', () =>
  rawZip([{ name: 'Packages', data: Buffer.from('package: a\nversion: 1\n\npackage: b\n') }]),
);
indexCase('truncated index zip', 'PACKAGE_INVALID', 'NOT_A_ZIP', () =>
  rawZip([{ name: 'Packages', data: Buffer.from('package: a\nversion: 1\n') }]).subarray(0, 40),
);
cases.push({
  name: 'rules: waptwua_rules.json is not JSON',
  code: 'PACKAGE_INVALID',
  reason: 'RULES_JSON_INVALID',
  run: () =>
    readRulesFromPackage(
      rawZip([
        { name: 'WAPT/control', data: Buffer.from('package: r\nversion: 1\nsection: wsus\n') },
        { name: 'WAPT/waptwua_rules.json', data: Buffer.from('{"forbidden_kbs": [KB1]}') },
      ]),
    ),
});
cases.push({
  name: 'rules: NUL byte inside a rules string',
  code: 'PACKAGE_INVALID',
  reason: 'RULES_JSON_INVALID',
  run: () =>
    readRulesFromPackage(
      rawZip([
        { name: 'WAPT/control', data: Buffer.from('package: r\nversion: 1\nsection: wsus\n') },
        { name: 'WAPT/persistent/waptwua_rules.json', data: Buffer.from('{"forbidden_kbs": ["KB1\0"]}') },
      ]),
    ),
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

  // Weak and foreign keys for the KEY_INVALID cases, from the openssl command line.
  const o = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const f = (n: string) => path.join(d, n);
  for (const bits of [512, 1024, 2047])
    o(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', f(`rsa${bits}.pem`)]);
  o(['rsa', '-in', f('rsa1024.pem'), '-traditional', '-out', f('rsa1024-pkcs1.pem')]);
  o(['pkcs8', '-topk8', '-in', f('rsa1024.pem'), '-passout', 'pass:pw', '-out', f('rsa1024-enc.pem')]);
  o(['pkcs8', '-topk8', '-nocrypt', '-in', f('rsa1024.pem'), '-outform', 'DER', '-out', f('rsa1024.der')]);
  o([
    'req',
    '-x509',
    '-new',
    '-key',
    f('rsa1024.pem'),
    '-subj',
    '/CN=Weak',
    '-days',
    '2',
    '-out',
    f('rsa1024.crt'),
  ]);
  o([
    'pkcs12',
    '-export',
    '-inkey',
    f('rsa1024.pem'),
    '-in',
    f('rsa1024.crt'),
    '-passout',
    'pass:pw',
    '-out',
    f('rsa1024.p12'),
  ]);
  o(['pkcs12', '-export', '-nokeys', '-in', f('id.crt'), '-passout', 'pass:pw', '-out', f('nokey.p12')]);
  o(['genpkey', '-algorithm', 'ED25519', '-out', f('ed25519.pem')]);
  o(['pkcs8', '-topk8', '-nocrypt', '-in', f('ec.key'), '-out', f('ec-pkcs8.pem')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', f('ssh_rsa')], {
    stdio: 'pipe',
  });
});
afterAll(() => tmp.cleanup());

describe('malformed corpus', () => {
  it('has at least 150 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
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
    // Never key material (the base64 of a DER key starts with MII) or passwords in messages.
    expect(e.message).not.toMatch(/MII[A-Za-z0-9+/]{16}|right password|p12pass|not the password|pass:pw/);
    // One line of a reasonable length (it may name the user's own file, never a stack).
    expect(e.message).not.toMatch(/\n/);
    expect(e.message.length).toBeLessThan(600);
  });

  it('covers at least 40 distinct (code, reason) failure kinds', () => {
    // A few failure kinds appear twice on purpose (absolute POSIX path and drive letter; a wrong
    // password on PEM and PKCS#12; a key file where a certificate is expected).
    const pairs = new Set(cases.map((c) => `${c.code}/${c.reason}`));
    expect(pairs.size).toBeGreaterThanOrEqual(40);
  });
});
