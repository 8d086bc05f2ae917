/**
 * Host packages, group packages and the private repository against the reference server, in both
 * profiles (default and the strict genuine 1.8.2 one), over real HTTP, with real signatures
 * cross-checked by `openssl`, and the simulated agent picking the new dependencies up at its
 * next upgrade (docs/host-packages.md, docs/repository.md).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../../../../common/domain/control';
import { controlSignedPayload } from '../../../../common/domain/control-signature';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { HostActionRow } from '../../../../common/ipc/methods/actions';
import type {
  GroupRow,
  HostPackageInfo,
  HostPackageRow,
  HostPackagesRun,
  RepositoryDetails,
  RepositoryRow,
} from '../../../../common/ipc/methods/host-packages';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { uploadHostPackage } from '../../../../electron/core/hostpkg/host-package';
import { editHostPackages } from '../../../../electron/core/hostpkg/host-packages-service';
import { buildPackageFromFiles, openPackageZip, verifyPackage } from '../../../../wapt/packages/index';
import { silentLogger } from '../../../../electron/core/ports';
import {
  createKeyAndCertificate,
  createSigner,
  loadCertificates,
  loadPrivateKey,
} from '../../../../wapt/signing/index';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

const openssl = (args: string[], input?: Buffer | string) =>
  execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

describe.each(SERVER_PROFILES)('host packages, groups and repository (%s profile)', (profile) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ hosts: 24, speed: 500, profile });
  }, 60_000);
  afterAll(async () => server?.stop());
  const tmp = useTempDirs();

  const basic = () => `Basic ${Buffer.from(`admin:${TEST_ADMIN_PASSWORD}`).toString('base64')}`;
  const api = async <T>(p: string): Promise<T> => {
    const r = await fetch(`${server.url}${p}`, { headers: { Authorization: basic() } });
    const body = (await r.json()) as { success: boolean; result: T };
    expect(body.success).toBe(true);
    return body.result;
  };

  const connect = async () => {
    const { core } = makeTestCore(tmp());
    const events: [EventName, unknown][] = [];
    const ctx = {
      transport: 'browser' as const,
      emit: <E extends EventName>(e: E, p: EventPayload<E>) => void events.push([e, p]),
    };
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async <T = never>(m: string, input: unknown): Promise<T> => {
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
    return { call, dispatch, ctx, events };
  };
  const unlock = async (call: Awaited<ReturnType<typeof connect>>['call']) => {
    await call('keys.configure', {
      keyPath: server.demoSigner!.keyPath,
      certificatePath: server.demoSigner!.certificatePath,
    });
    await call('keys.unlock', { password: '' });
  };
  const waitRun = async (call: Awaited<ReturnType<typeof connect>>['call'], jobId: string) => {
    for (let i = 0; i < 600; i++) {
      const st = await call<HostPackagesRun>('hostPackages.status', { jobId }).catch(() => null);
      if (st?.finished) return st;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('host package job did not finish');
  };
  /** Reachable hosts; each test takes its own slice so no test sees another's host package. */
  const hosts = async (n: number, from = 0) =>
    (
      await api<Array<{ uuid: string; computer_fqdn: string; reachable: string }>>(
        '/api/v1/hosts?columns=uuid,computer_fqdn,reachable&limit=100',
      )
    )
      .filter((h) => h.reachable === 'OK')
      .slice(from, from + n);
  const hostFile = (uuid: string) => path.join(server.dataDir, 'wapt-host', `${uuid}.wapt`);
  const demoCert = () => readFileSync(server.demoSigner!.certificatePath, 'utf8');

  /** The agent's checks (verify.ts) plus openssl over the same bytes: manifest and control signatures. */
  const crossCheck = async (file: string) => {
    const verified = await verifyPackage(file, { trusted: [demoCert()] });
    const dir = tmp();
    const zip = await openPackageZip(file);
    try {
      for (const m of ['WAPT/manifest.sha256', 'WAPT/signature.sha256', 'WAPT/certificate.crt']) {
        writeFileSync(path.join(dir, path.basename(m)), await zip.readBuffer(zip.get(m)!, 1 << 20));
      }
    } finally {
      zip.close();
    }
    const pub = openssl(['x509', '-in', path.join(dir, 'certificate.crt'), '-pubkey', '-noout']);
    writeFileSync(path.join(dir, 'pub.pem'), pub);
    writeFileSync(
      path.join(dir, 'manifest.sig'),
      Buffer.from(readFileSync(path.join(dir, 'signature.sha256'), 'latin1').replace(/\s+/g, ''), 'base64'),
    );
    expect(
      openssl([
        'dgst',
        '-sha256',
        '-verify',
        path.join(dir, 'pub.pem'),
        '-signature',
        path.join(dir, 'manifest.sig'),
        path.join(dir, 'manifest.sha256'),
      ]),
    ).toContain('Verified OK');
    writeFileSync(path.join(dir, 'control.sig'), Buffer.from(String(verified.control.signature), 'base64'));
    writeFileSync(path.join(dir, 'control.payload'), controlSignedPayload(verified.control), 'ascii');
    expect(
      openssl([
        'dgst',
        '-sha256',
        '-verify',
        path.join(dir, 'pub.pem'),
        '-signature',
        path.join(dir, 'control.sig'),
        path.join(dir, 'control.payload'),
      ]),
    ).toContain('Verified OK');
    return verified;
  };

  it('refuses to edit host packages while the key is locked, before any upload', async () => {
    const { dispatch, ctx } = await connect();
    const [h] = await hosts(1, 9);
    const r = await dispatch('hostPackages.edit', { hosts: [h!.uuid], depends: { add: ['demo-7zip'] } }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'KEY_LOCKED' } });
    expect(existsSync(hostFile(h!.uuid))).toBe(false);
  });

  it('adds a dependency on several hosts: a new signed host package each, per-host events, retry of failures', async () => {
    const { call, events } = await connect();
    await unlock(call);
    const chosen = await hosts(3);
    const unknown = '00000000-DEAD-BEEF-0000-000000000000';
    const { jobId } = await call<{ jobId: string }>('hostPackages.edit', {
      hosts: [...chosen.map((h) => h.uuid), unknown],
      depends: { add: ['demo-7zip'] },
      concurrency: 2,
    });
    const run = await waitRun(call, jobId);
    const byUuid = new Map(run.rows.map((r) => [r.uuid, r]));
    for (const h of chosen)
      expect(byUuid.get(h.uuid)).toMatchObject({
        state: 'OK',
        version: '1',
        created: true,
        host: h.computer_fqdn,
      });
    expect(byUuid.get(unknown)).toMatchObject({ state: 'ERROR' });
    expect(byUuid.get(unknown)!.message).toContain('UNKNOWN_HOST');
    // Per-host progress went out as events: every host was seen RUNNING then OK.
    const streamed = events
      .filter(([e, p]) => e === 'hostPackages.hostStatus' && (p as { jobId: string }).jobId === jobId)
      .flatMap(([, p]) => (p as { rows: HostPackageRow[] }).rows);
    for (const h of chosen) {
      const states = streamed.filter((r) => r.uuid === h.uuid).map((r) => r.state);
      expect(states).toContain('OK');
    }
    expect(events.some(([e, p]) => e === 'jobs.finished' && (p as { jobId: string }).jobId === jobId)).toBe(
      true,
    );

    // What the server serves at /wapt-host/ is what an agent would accept, and openssl agrees.
    const res = await fetch(`${server.url}/wapt-host/${chosen[0]!.uuid}.wapt`);
    expect(res.status).toBe(200);
    const local = path.join(tmp(), 'host.wapt');
    writeFileSync(local, Buffer.from(await res.arrayBuffer()));
    const v = await crossCheck(local);
    expect(v.control).toMatchObject({
      package: chosen[0]!.uuid,
      version: '1',
      section: 'host',
      priority: 'standard',
      architecture: 'all',
      depends: 'demo-7zip',
    });
    expect(v.trusted).toBe(true);
    expect(await call<HostPackageInfo>('hostPackages.get', { uuid: chosen[0]!.uuid })).toMatchObject({
      exists: true,
      version: '1',
      depends: ['demo-7zip'],
    });

    // Retry of the failed host only: a new job over the unknown host, which fails again.
    const retry = await call<{ jobId: string }>('hostPackages.retryFailed', { jobId });
    const again = await waitRun(call, retry.jobId);
    expect(again.rows.map((r) => [r.uuid, r.state])).toEqual([[unknown, 'ERROR']]);
  });

  it('runs at most `concurrency` hosts at once, and the server refuses an unsigned host package on upload_hosts', async () => {
    const client = new WaptClient({
      baseUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    const signer = createSigner({
      key: loadPrivateKey(readFileSync(server.demoSigner!.keyPath)),
      certificateChain: loadCertificates(demoCert()),
    });
    const chosen = await hosts(5, 10);
    let running = 0;
    let peak = 0;
    const rows = await editHostPackages(
      client,
      signer,
      { hosts: chosen.map((h) => h.uuid), concurrency: 2, depends: { add: ['demo-firefox'] } },
      (row) => {
        if (row.state === 'RUNNING') peak = Math.max(peak, ++running);
        else if (row.state !== 'QUEUED') running--;
      },
    );
    expect(rows.map((r) => r.state)).toEqual(chosen.map(() => 'OK'));
    expect(peak).toBe(2);

    // The reference server checks what the genuine one does not: an unsigned change is refused.
    const file = hostFile(chosen[0]!.uuid);
    const zipDir = tmp();
    execFileSync('unzip', ['-q', file, '-d', zipDir]);
    writeFileSync(path.join(zipDir, 'extra.txt'), 'not in the manifest');
    const tampered = path.join(tmp(), `${chosen[0]!.uuid}.wapt`);
    execFileSync('zip', ['-q', '-r', '-D', tampered, '.'], { cwd: zipDir });
    const before = readFileSync(file);
    await expect(uploadHostPackage(client, tampered, chosen[0]!.uuid)).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      details: { reason: 'UPLOAD_HOST_REFUSED' },
    });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('edits an existing host package: conflicts, no-op, removal, each a new signed version', async () => {
    const { call } = await connect();
    await unlock(call);
    const [h] = await hosts(1, 4);
    const edit = async (input: object) =>
      (
        await waitRun(
          call,
          (await call<{ jobId: string }>('hostPackages.edit', { hosts: [h!.uuid], ...input })).jobId,
        )
      ).rows[0]!;
    expect(await edit({ depends: { add: ['demo-7zip'] } })).toMatchObject({ state: 'OK' });
    const v1 = (await call<HostPackageInfo>('hostPackages.get', { uuid: h!.uuid })).version!;
    expect(await edit({ conflicts: { add: ['demo-firefox'] } })).toMatchObject({
      state: 'OK',
      version: String(Number(v1) + 1),
    });
    expect(await edit({ conflicts: { add: ['demo-firefox'] } })).toMatchObject({
      state: 'UNCHANGED',
      version: String(Number(v1) + 1),
    });
    expect(await edit({ depends: { remove: ['demo-7zip'] } })).toMatchObject({
      state: 'OK',
      version: String(Number(v1) + 2),
    });
    const info = await call<HostPackageInfo>('hostPackages.get', { uuid: h!.uuid });
    expect(info).toMatchObject({
      depends: [],
      conflicts: ['demo-firefox'],
      signer: 'WAPT reference server demo',
    });
    await crossCheck(hostFile(h!.uuid));
  });

  it('refuses to re-sign a tampered host package from the server, and uploads nothing', async () => {
    const { call } = await connect();
    await unlock(call);
    const [h] = await hosts(1, 5);
    await waitRun(
      call,
      (
        await call<{ jobId: string }>('hostPackages.edit', {
          hosts: [h!.uuid],
          depends: { add: ['demo-7zip'] },
        })
      ).jobId,
    );
    // Someone changes the depends on the server without signing.
    const file = hostFile(h!.uuid);
    const zipDir = tmp();
    execFileSync('unzip', ['-q', file, '-d', zipDir]);
    const control = readFileSync(path.join(zipDir, 'WAPT', 'control'), 'utf8').replace(
      /^depends\s*:.*$/m,
      'depends : evil-package',
    );
    writeFileSync(path.join(zipDir, 'WAPT', 'control'), control);
    const tampered = path.join(tmp(), 'tampered.wapt');
    execFileSync('zip', ['-q', '-r', '-D', tampered, '.'], { cwd: zipDir });
    writeFileSync(file, readFileSync(tampered));
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    const { rows } = await waitRun(
      call,
      (
        await call<{ jobId: string }>('hostPackages.edit', {
          hosts: [h!.uuid],
          depends: { add: ['demo-firefox'] },
        })
      ).jobId,
    );
    expect(rows[0]).toMatchObject({ state: 'ERROR' });
    expect(rows[0]!.message).toMatch(/SIGNATURE_INVALID\/CONTROL_SIGNATURE|PACKAGE_INVALID\/MANIFEST/);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
  });

  it('groups, repository upload and the agent picking the new dependency up at its next upgrade', async () => {
    const { call, dispatch, ctx } = await connect();
    await unlock(call);
    const signer = createSigner({
      key: loadPrivateKey(readFileSync(server.demoSigner!.keyPath)),
      certificateChain: loadCertificates(demoCert()),
    });
    // A small software package of our own, uploaded from the repository tab (verified first).
    const out = tmp();
    const built = await buildPackageFromFiles({
      signer,
      control: createControl({ package: 'test-hello', version: '1', description: 'Hello test package' }),
      files: [{ path: 'readme.txt', content: 'hello' }],
      outDir: out,
    });
    const up = await call<{ filename: string; check: { trusted: boolean } }>('repository.upload', {
      path: built.path,
    });
    expect(up.check.trusted).toBe(true);
    expect(up.filename).toMatch(/^test-hello_1_[0-9a-f]{32}\.wapt$/);

    const g = await call<{ row: GroupRow; changed: boolean }>('groups.save', {
      name: 'test-ring',
      mode: 'create',
      description: 'Pilot ring',
      depends: { add: ['test-hello'] },
    });
    expect(g.row).toMatchObject({
      package: 'test-ring',
      version: '1',
      depends: ['test-hello'],
      description: 'Pilot ring',
    });
    const dup = await dispatch('groups.save', { name: 'test-ring', mode: 'create' }, ctx);
    expect(dup).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'GROUP_EXISTS' } },
    });
    const g2 = await call<{ row: GroupRow }>('groups.save', {
      name: 'test-ring',
      mode: 'edit',
      conflicts: { add: ['demo-firefox'] },
    });
    expect(g2.row).toMatchObject({ version: '2', depends: ['test-hello'], conflicts: ['demo-firefox'] });
    expect((await call<GroupRow[]>('groups.list', {})).find((r) => r.package === 'test-ring')).toMatchObject({
      version: '2',
    });
    const groupFile = path.join(server.dataDir, 'wapt', g2.row.filename!);
    expect((await crossCheck(groupFile)).control).toMatchObject({ section: 'group', priority: 'standard' });

    // Put a host in the group, then apply upgrades on it: the simulated agent installs the group and its member.
    const [h] = await hosts(1, 6);
    const joined = await waitRun(
      call,
      (
        await call<{ jobId: string }>('hostPackages.edit', {
          hosts: [h!.uuid],
          depends: { add: ['test-ring'] },
        })
      ).jobId,
    );
    expect(joined.rows[0]).toMatchObject({ state: 'OK' });
    const { jobId } = await call<{ jobId: string }>('actions.trigger', {
      action: 'upgrade',
      hosts: [{ uuid: h!.uuid, host: h!.computer_fqdn }],
    });
    let st = { finished: false, rows: [] as HostActionRow[] };
    for (let i = 0; i < 400 && !st.finished; i++) {
      st = await call<{ finished: boolean; rows: HostActionRow[] }>('actions.status', { jobId });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(st.rows[0]).toMatchObject({ state: 'OK' });
    const installed = await api<Array<{ package: string; install_status: string; section: string }>>(
      `/api/v1/host_data?uuid=${h!.uuid}&field=installed_packages`,
    );
    const names = installed.map((p) => p.package);
    expect(names).toContain('test-ring');
    expect(names).toContain('test-hello');
    expect(names).not.toContain('demo-firefox');
    // The hosts grid's Groups filter (WAPT's `groups=`) now finds the host.
    const inGroup = await api<Array<{ uuid: string }>>(
      '/api/v1/hosts?groups=test-ring&columns=uuid&limit=100',
    );
    expect(inGroup.map((r) => r.uuid)).toContain(h!.uuid);
  });

  it('repository: list, details with the signature check, refusals before upload, download, delete', async () => {
    const { call, dispatch, ctx } = await connect();
    await unlock(call);
    const all = await call<{ rows: RepositoryRow[] }>('repository.list', { lastVersionOnly: false });
    const last = await call<{ rows: RepositoryRow[] }>('repository.list', { lastVersionOnly: true });
    expect(all.rows.filter((r) => r.package === 'demo-7zip')).toHaveLength(2);
    expect(last.rows.filter((r) => r.package === 'demo-7zip').map((r) => r.version)).toEqual(['23.01-1']);
    expect(
      (await call<{ rows: RepositoryRow[] }>('repository.list', { search: 'firefox' })).rows.map(
        (r) => r.package,
      ),
    ).toEqual(['demo-firefox']);
    const sevenZip = last.rows.find((r) => r.package === 'demo-7zip')!;
    const d = await call<RepositoryDetails>('repository.details', { filename: String(sevenZip.filename) });
    expect(d.check).toMatchObject({
      valid: true,
      trusted: true,
      signer: { cn: 'WAPT reference server demo' },
      problem: null,
    });
    expect(d.check.trustedBy!.fingerprintSha256).toBe(loadCertificates(demoCert())[0]!.fingerprintSha256);
    expect(d.files.map((f) => f.path)).toContain('WAPT/control');

    // Refused before upload: a tampered package, and one signed by a key nobody trusts.
    const out = tmp();
    const other = await createKeyAndCertificate({
      commonName: 'Stranger',
      codeSigning: true,
      keyBits: 2048,
      days: 30,
    });
    const stranger = await buildPackageFromFiles({
      signer: createSigner({ key: loadPrivateKey(other.keyPem), certificateChain: [other.certificate] }),
      control: createControl({ package: 'test-stranger', version: '1' }),
      files: [],
      outDir: out,
    });
    const r1 = await dispatch('repository.upload', { path: stranger.path }, ctx);
    expect(r1).toMatchObject({ ok: false, error: { code: 'CERT_INVALID' } });
    const bytes = readFileSync(stranger.path);
    const tampered = path.join(out, 'tampered.wapt');
    const zipDir = path.join(out, 'x');
    mkdirSync(zipDir);
    execFileSync('unzip', ['-q', stranger.path, '-d', zipDir]);
    writeFileSync(path.join(zipDir, 'extra.txt'), 'added after signing');
    execFileSync('zip', ['-q', '-r', '-D', tampered, '.'], { cwd: zipDir });
    expect(readFileSync(tampered).equals(bytes)).toBe(false);
    const r2 = await dispatch('repository.upload', { path: tampered }, ctx);
    expect(r2).toMatchObject({
      ok: false,
      error: { code: 'PACKAGE_INVALID', details: { reason: 'MANIFEST_EXTRA_FILE' } },
    });
    const names = (
      await call<{ rows: RepositoryRow[] }>('repository.list', { lastVersionOnly: false })
    ).rows.map((r) => r.package);
    expect(names).not.toContain('test-stranger');

    // Download: the exact bytes the index describes.
    const dl = await call<{ path: string }>('repository.download', {
      filename: String(sevenZip.filename),
      directory: out,
    });
    expect(createHash('md5').update(readFileSync(dl.path)).digest('hex')).toBe(sevenZip.md5sum);

    // Delete the older 7-Zip: gone from the index and from the disk.
    const older = all.rows.find((r) => r.package === 'demo-7zip' && r.version !== '23.01-1')!;
    const del = await call<{ deleted: string[] }>('repository.delete', {
      filenames: [String(older.filename)],
    });
    expect(del.deleted).toEqual([older.filename]);
    expect(readdirSync(path.join(server.dataDir, 'wapt'))).not.toContain(older.filename);
    expect(
      (await call<{ rows: RepositoryRow[] }>('repository.list', { lastVersionOnly: false })).rows.filter(
        (r) => r.package === 'demo-7zip',
      ),
    ).toHaveLength(1);
  });
});
