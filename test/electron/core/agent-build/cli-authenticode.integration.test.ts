/**
 * `agent build --authenticode …` with osslsigncode (real) and the fake ISCC set to output a real
 * small Windows program (FAKE_ISCC_PE), so the signature can be verified with `osslsigncode verify`.
 * The real compile + Authenticode path is in installation-script.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/run';
import {
  authenticodeArgs,
  signAuthenticode,
  verifyAuthenticode,
} from '../../../../electron/core/agent-build/authenticode';
import type { ConsoleError } from '../../../../common/errors';
import { hashFile } from '../../../../electron/core/agent-build/build-agent';
import { createDemoBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { bundledIsccPath } from '../../../../electron/core/agent-build/iscc-runner';
import { verifyPackage } from '../../../../wapt/packages/index';
import {
  createAdminIdentity,
  expectNoKeyMaterial,
  KEY_PASSWORD,
  type AdminIdentity,
} from '../../../support/agent-fixtures';
import { memoryIo } from '../../../support/cli-io';
import { startTestTsa } from '../../../support/test-tsa';

const FAKE = path.resolve('test/fakes/fake-iscc.mjs');
const PE = bundledIsccPath() ? path.join(path.dirname(bundledIsccPath()!), 'islzma32.exe') : undefined;
const available = spawnSync('sh', ['-c', 'command -v osslsigncode']).status === 0 && PE !== undefined;
let work: string;
let admin: AdminIdentity;
let base: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'agent-authenticode-'));
  admin = await createAdminIdentity(work);
  base = await createDemoBaseDir(path.join(work, 'base'));
  writeFileSync(path.join(work, 'key.pw'), `${KEY_PASSWORD}\n`);
  writeFileSync(path.join(work, 'p12.pw'), 'p12-password\n');
  writeFileSync(
    path.join(work, 'agent.json'),
    JSON.stringify({
      prefix: 'demo',
      repoUrl: 'https://srv/wapt',
      verifyCert: '0',
      certificates: ['admin.crt'],
    }),
  );
  // A separate code-signing identity as a .p12 (openssl), and a certificate without codeSigning.
  const sh = (args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: 'ignore' });
  sh([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'cs.key',
    '-subj',
    '/CN=ACME code signing',
    '-addext',
    'extendedKeyUsage=codeSigning',
    '-days',
    '30',
    '-out',
    'cs.crt',
  ]);
  sh([
    'pkcs12',
    '-export',
    '-inkey',
    'cs.key',
    '-in',
    'cs.crt',
    '-passout',
    'pass:p12-password',
    '-out',
    'cs.p12',
  ]);
  sh([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'tls.key',
    '-subj',
    '/CN=just tls',
    '-addext',
    'extendedKeyUsage=serverAuth',
    '-days',
    '30',
    '-out',
    'tls.crt',
  ]);
  process.env.FAKE_ISCC_PE = PE;
}, 60_000);

afterAll(() => {
  delete process.env.FAKE_ISCC_PE;
  if (work) rmSync(work, { recursive: true, force: true });
});

const build = (out: string, more: string[]) => [
  'agent',
  'build',
  'agent.json',
  '--key',
  'admin.pem',
  '--cert',
  'admin.crt',
  '--password-file',
  'key.pw',
  '--out',
  out,
  '--no-upload',
  '--iscc',
  FAKE,
  '--wapt-base-dir',
  base,
  ...more,
];

describe.skipIf(!available)('agent build: Authenticode with osslsigncode', () => {
  it('--authenticode-cert X.p12: signed, verified by osslsigncode; sha256 and the waptupgrade package carry the signed file', async () => {
    const t = memoryIo({ cwd: work });
    const code = await runCli(
      build('out-p12', ['--authenticode-cert', 'cs.p12', '--authenticode-password-file', 'p12.pw']),
      t.io,
    );
    expect(t.errText()).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(t.text()).toContain('authenticode           signed by ACME code signing');
    const exe = path.join(work, 'out-p12', 'waptagent.exe');
    const v = await verifyAuthenticode(exe, { caFile: path.join(work, 'cs.crt') });
    expect(v.output).toContain('Signature verification: ok');
    expect(v.ok).toBe(true);
    const sha = (await hashFile(exe)).sha256;
    expect(readFileSync(path.join(work, 'out-p12', 'waptagent.sha256'), 'utf8')).toBe(
      `${sha}  waptagent.exe`,
    );
    const pkgFile = readdirSync(path.join(work, 'out-p12')).find((f) => f.endsWith('.wapt'))!;
    const pkg = await verifyPackage(path.join(work, 'out-p12', pkgFile), { trusted: [admin.certPem] });
    expect(pkg.files.find((f) => f.path === 'waptagent.exe')?.sha256).toBe(sha);
    const manifest = JSON.parse(readFileSync(path.join(work, 'out-p12', 'waptagent-build.json'), 'utf8'));
    expect(manifest.authenticode).toMatchObject({ signerCn: 'ACME code signing', timestamped: false });
    // An unsigned copy of the same program does not verify: the test can fail.
    expect((await verifyAuthenticode(PE!)).ok).toBe(false);
  });

  it('--authenticode: signs with --key/--cert (encrypted PEM key, password through stdin, never in output)', async () => {
    const t = memoryIo({ cwd: work });
    const code = await runCli(build('out-own', ['--authenticode']), t.io);
    expect(t.errText()).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(
      (await verifyAuthenticode(path.join(work, 'out-own', 'waptagent.exe'), { caFile: admin.certPath })).ok,
    ).toBe(true);
    expectNoKeyMaterial(admin.needles, [
      path.join(work, 'out-own'),
      { name: 'stdout', data: t.text() },
      { name: 'stderr', data: t.errText() },
    ]);
  });

  it('without a code-signing certificate: says unsigned; a certificate without codeSigning is refused before compiling', async () => {
    const a = memoryIo({ cwd: work });
    expect(await runCli(build('out-unsigned', []), a.io)).toBe(0);
    expect(a.errText()).toContain('note: waptagent.exe will not be Authenticode-signed');
    expect(a.text()).toContain('authenticode           not signed');
    expect((await verifyAuthenticode(path.join(work, 'out-unsigned', 'waptagent.exe'))).ok).toBe(false);
    const b = memoryIo({ cwd: work });
    expect(
      await runCli(
        build('out-tls', ['--authenticode-cert', 'tls.crt', '--authenticode-key', 'tls.key']),
        b.io,
      ),
    ).toBe(1);
    expect(b.errText()).toMatch(/error \[CERT_INVALID\/NOT_CODE_SIGNING\]/);
    expect(b.errText()).not.toContain('Compiling');
    const c = memoryIo({ cwd: work });
    expect(await runCli(build('x', ['--timestamp-url', 'http://tsa.example']), c.io)).toBe(2);
  });
});

describe.skipIf(!available)('signAuthenticode', () => {
  it('passes the RFC 3161 time-stamping URL to osslsigncode; an unreachable authority fails the build with NETWORK, the exe untouched', async () => {
    const exe = path.join(work, 'tsa.exe');
    writeFileSync(exe, readFileSync(PE!));
    const identity = {
      kind: 'pkcs12' as const,
      p12Path: path.join(work, 'cs.p12'),
      password: 'p12-password',
    };
    expect(authenticodeArgs({ exe, identity, timestampUrl: 'http://tsa.example/' }, 'out.exe')).toEqual(
      expect.arrayContaining(['-ts', 'http://tsa.example/', '-readpass', '-', '-h', 'sha256']),
    );
    const err = await signAuthenticode({ exe, identity, timestampUrl: 'http://127.0.0.1:9/' }).then(
      () => undefined,
      (e: unknown) => e as ConsoleError,
    );
    expect(err?.code).toBe('NETWORK');
    expect(err?.message).toMatch(/RFC 3161 timestamping failed/);
    expect(err?.message).not.toContain('p12-password');
    expect(readFileSync(exe)).toEqual(readFileSync(PE!));
    expect(readdirSync(work).filter((f) => f.startsWith('tsa.exe'))).toEqual(['tsa.exe']);
  });

  it('--timestamp-url: the signature carries an RFC 3161 time stamp from the authority, verified by osslsigncode', async () => {
    const tsa = await startTestTsa();
    try {
      const t = memoryIo({ cwd: work });
      const code = await runCli(
        build('out-ts', [
          '--authenticode-cert',
          'cs.p12',
          '--authenticode-password-file',
          'p12.pw',
          '--timestamp-url',
          tsa.url,
        ]),
        t.io,
      );
      expect(t.errText()).not.toMatch(/error/);
      expect(code).toBe(0);
      expect(tsa.requests).toBe(1);
      expect(t.text()).toContain('signed by ACME code signing, time-stamped');
      const v = await verifyAuthenticode(path.join(work, 'out-ts', 'waptagent.exe'), {
        caFile: path.join(work, 'cs.crt'),
        tsaCaFile: tsa.caFile,
      });
      expect(v.output).toContain('Timestamp Server Signature verification: ok');
      expect(v.ok).toBe(true);
    } finally {
      await tsa.close();
    }
  });
});
