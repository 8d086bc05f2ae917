/**
 * The package grids' signature status column (`packages.signatureStatus`) against the real
 * reference server over HTTP: trusted, valid-but-untrusted and unknown files; the verdict cached
 * by file hash (no second download) while trust is re-checked on every call; an expired signer
 * shown as invalid; and the chain in the repository details (docs/repository.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { RepositoryDetails, RepositoryRow } from '../../../../common/ipc/methods/host-packages';
import type { PackageSignatureStatus } from '../../../../common/ipc/methods/signatures';
import { silentLogger } from '../../../../electron/core/ports';
import { PackageSignatureService } from '../../../../electron/core/repo/signature-status';
import { loadCertificates } from '../../../../wapt/signing/index';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';
import { uploadUntrustedPackage } from '../../../support/untrusted-package';

describe('package signature status (reference server)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let stranger: Awaited<ReturnType<typeof uploadUntrustedPackage>>;
  const tmp = useTempDirs('wapt-sig-status-');
  beforeAll(async () => {
    server = await startTestServer({ hosts: 8, speed: 500 });
  }, 60_000);
  afterAll(async () => server?.stop());

  const connect = async () => {
    const { core } = makeTestCore(tmp());
    const ctx = {
      transport: 'browser' as const,
      emit: <E extends EventName>(_e: E, _p: EventPayload<E>) => {},
    };
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await dispatch(m, input, ctx);
      if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { wire: r.error });
      return r.value as T;
    };
    await call('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    return { core, call, dispatch, ctx };
  };
  const demoFingerprint = () =>
    loadCertificates(readFileSync(server.demoSigner!.certificatePath, 'utf8'))[0]!.fingerprintSha256;

  it('trusted, valid but untrusted, unknown; cached by file hash; trust re-checked each call', async () => {
    stranger = await uploadUntrustedPackage({
      serverUrl: server.url,
      adminPassword: TEST_ADMIN_PASSWORD,
      outDir: tmp(),
      packageName: 'test-stranger',
    });
    const { core, call } = await connect();
    const rows = (await call<{ rows: RepositoryRow[] }>('repository.list', { lastVersionOnly: true })).rows;
    const sevenZip = String(rows.find((r) => r.package === 'demo-7zip')!.filename);
    expect(rows.some((r) => r.filename === stranger.filename)).toBe(true);

    const ask = (filenames: string[]) =>
      call<{ statuses: PackageSignatureStatus[]; trustedCount: number }>('packages.signatureStatus', {
        filenames,
      });
    const first = await ask([sevenZip, stranger.filename, 'not-in-the-index_1.wapt']);
    const [trusted, untrusted, unknown] = first.statuses;
    // The demo signer is one of the server's trusted signers, so the console trusts it.
    expect(first.trustedCount).toBeGreaterThan(0);
    expect(trusted).toMatchObject({ filename: sevenZip, state: 'trusted', problem: null });
    expect(trusted!.signer!.fingerprintSha256).toBe(demoFingerprint());
    expect(trusted!.trustedBy!.fingerprintSha256).toBe(demoFingerprint());
    expect(trusted!.chain.map((c) => c.fingerprintSha256)).toEqual([demoFingerprint()]);
    expect(untrusted).toMatchObject({
      filename: stranger.filename,
      state: 'untrusted',
      problem: { code: 'CERT_INVALID', reason: 'UNTRUSTED' },
      trustedBy: null,
    });
    expect(untrusted!.signer!.fingerprintSha256).toBe(stranger.signerFingerprint);
    expect(untrusted!.chain.map((c) => c.cn)).toEqual(['Stranger signer']);
    expect(unknown).toMatchObject({ state: 'unavailable', problem: { code: 'NOT_FOUND' } });

    // Second call: no file fetched again (same md5 in the index), same answer.
    const verified = core.packageSignatures.verifications;
    expect(verified).toBe(2);
    expect((await ask([sevenZip, stranger.filename])).statuses.map((s) => s.state)).toEqual([
      'trusted',
      'untrusted',
    ]);
    expect(core.packageSignatures.verifications).toBe(verified);

    // The details show the chain the check walked: here only the embedded signer certificate.
    const details = await call<RepositoryDetails>('repository.details', { filename: stranger.filename });
    expect(details.check.chain!.map((c) => c.fingerprintSha256)).toEqual([stranger.signerFingerprint]);

    // The server starts trusting the stranger: the cached verdict is re-checked against the new store.
    const auth = `Basic ${Buffer.from(`admin:${TEST_ADMIN_PASSWORD}`).toString('base64')}`;
    const strangerCert = loadCertificates(stranger.certificatePem)[0]!;
    const add = await fetch(`${server.url}/api/v3/trusted_signers_certificates`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-pem-file' },
      body: strangerCert.pem,
    });
    expect(((await add.json()) as { success: boolean }).success).toBe(true);
    const after = await ask([stranger.filename]);
    expect(after.statuses[0]).toMatchObject({ state: 'trusted', problem: null });
    expect(after.statuses[0]!.trustedBy!.fingerprintSha256).toBe(stranger.signerFingerprint);
    expect(core.packageSignatures.verifications).toBe(verified);
    await fetch(`${server.url}/api/v3/trusted_signers_certificates`, {
      method: 'DELETE',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify([createHash('sha1').update(strangerCert.der).digest('hex')]),
    });
    expect((await ask([stranger.filename])).statuses[0]!.state).toBe('untrusted');
  }, 60_000);

  it('a signer past its validity is invalid for every agent (not merely untrusted)', async () => {
    const { core } = await connect();
    // The stranger's certificate is valid 30 days: two months later, an agent refuses the package.
    const later = new Date(Date.now() + 60 * 86_400_000);
    const service = new PackageSignatureService(
      () => core.session.connectedClient(),
      () => core.repository.trustedStore(),
      () => later,
    );
    const [s] = (await service.statuses([stranger.filename])).statuses;
    expect(s).toMatchObject({ state: 'invalid', problem: { code: 'CERT_INVALID', reason: 'EXPIRED' } });
  }, 60_000);

  it('leaves files above the size cap to the details dialog (not downloaded for the grid)', async () => {
    const { core } = await connect();
    const service = new PackageSignatureService(
      () => core.session.connectedClient(),
      () => core.repository.trustedStore(),
      () => new Date(),
      { maxFileBytes: 10 },
    );
    const [s] = (await service.statuses([stranger.filename])).statuses;
    expect(s).toMatchObject({ state: 'unavailable', problem: { reason: 'TOO_LARGE_FOR_GRID' } });
    expect(service.verifications).toBe(0);
  });

  it('refuses bad input with VALIDATION', async () => {
    const { dispatch, ctx } = await connect();
    expect(await dispatch('packages.signatureStatus', { filenames: [] }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await dispatch('packages.signatureStatus', { filenames: ['../etc/passwd'] }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
