/**
 * `host add-package|remove-package|show-package`, `group create|edit|list` and
 * `repo list|upload|delete` against the reference server in both profiles, run from another
 * working directory (relative paths resolve there), in-process and once as a real process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../../../common/domain/control';
import { buildPackageFromFiles } from '../../../wapt/packages/index';
import { readPackageControl } from '../../../wapt/packages/inspect';
import {
  createKeyAndCertificate,
  createSigner,
  loadCertificates,
  loadPrivateKey,
} from '../../../wapt/signing/index';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../support/reference-server';
import { cliServerArgs, CLI_KEY_ARGS, fillCliWorkDir, runCliIn } from '../../support/cli-workdir';
import { useTempDirs } from '../../support/temp-dir';

describe.each(SERVER_PROFILES)('host/group/repo CLI (%s profile)', (profile) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ hosts: 12, speed: 500, profile });
  }, 60_000);
  afterAll(async () => server?.stop());
  const tmp = useTempDirs();

  const workDir = () => fillCliWorkDir(tmp(), server);
  const srv = () => cliServerArgs(server.url);
  const key = CLI_KEY_ARGS;
  const run = runCliIn;
  const hostUuids = async (n: number, from: number) => {
    const r = await fetch(`${server.url}/api/v1/hosts?columns=uuid&limit=100`, {
      headers: { Authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_PASSWORD}`).toString('base64')}` },
    });
    return ((await r.json()) as { result: Array<{ uuid: string }> }).result
      .slice(from, from + n)
      .map((h) => h.uuid);
  };

  it('host add-package / remove-package / show-package', async () => {
    const cwd = workDir();
    const uuids = await hostUuids(2, 0);
    const add = await run(cwd, [
      'host',
      'add-package',
      ...uuids,
      '--package',
      'demo-7zip',
      ...key,
      ...srv(),
      '--concurrency',
      '2',
    ]);
    expect(add.code, add.err).toBe(0);
    const lines = add.out.split('\n');
    expect(lines).toHaveLength(2);
    for (const u of uuids)
      expect(lines.find((l) => l.includes(u))).toMatch(
        /^OK\s+\S+ \S+ 1 version 1 uploaded \(new host package\)$/,
      );
    const control = await readPackageControl(path.join(server.dataDir, 'wapt-host', `${uuids[0]}.wapt`));
    expect(control).toMatchObject({ section: 'host', depends: 'demo-7zip', version: '1' });

    const conflict = await run(cwd, [
      'host',
      'add-package',
      uuids[0]!,
      '--package',
      'demo-firefox',
      '--conflicts',
      ...key,
      ...srv(),
    ]);
    expect(conflict.code, conflict.err).toBe(0);
    const rm = await run(cwd, [
      'host',
      'remove-package',
      uuids[0]!,
      '--package',
      'demo-7zip',
      ...key,
      ...srv(),
    ]);
    expect(rm.code, rm.err).toBe(0);
    const show = await run(cwd, ['host', 'show-package', uuids[0]!, ...srv()]);
    expect(JSON.parse(show.out)).toMatchObject({
      exists: true,
      version: '3',
      depends: [],
      conflicts: ['demo-firefox'],
    });

    // One unknown host: the others are done, the exit code says a host failed.
    const partial = await run(cwd, [
      'host',
      'add-package',
      uuids[1]!,
      'NOT-A-HOST',
      '--package',
      'demo-firefox',
      ...key,
      ...srv(),
    ]);
    expect(partial.code).toBe(1);
    expect(partial.out).toMatch(/^ERROR\s+NOT-A-HOST .*UNKNOWN_HOST/m);
    expect(partial.err).toContain('1 of 2 hosts done, 1 failed');
  });

  it('bad usage and bad input: exit 2 with one error line, nothing signed', async () => {
    const cwd = workDir();
    const [u] = await hostUuids(1, 3);
    const noPkg = await run(cwd, ['host', 'add-package', u!, ...key, ...srv()]);
    expect(noPkg).toMatchObject({ code: 2 });
    expect(noPkg.err).toMatch(/^error \[VALIDATION\/USAGE\]: --package NAME is required/);
    const badPkg = await run(cwd, ['host', 'add-package', u!, '--package', 'a,b', ...key, ...srv()]);
    expect(badPkg.code).toBe(2);
    const noKey = await run(cwd, ['host', 'add-package', u!, '--package', 'demo-7zip', ...srv()]);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toMatch(/--key is required/);
    writeFileSync(path.join(cwd, 'wrong.pw'), 'nope\n');
    const wrong = await run(cwd, [
      'host',
      'add-package',
      u!,
      '--package',
      'demo-7zip',
      ...key,
      '--server',
      server.url,
      '--user',
      'admin',
      '--password-file',
      'wrong.pw',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^error \[UNAUTHENTICATED/);
    const r = await fetch(`${server.url}/wapt-host/${u}.wapt`);
    expect(r.status).toBe(404);
  });

  it('group create / edit / list, then repo list / upload / delete', async () => {
    const cwd = workDir();
    const created = await run(cwd, [
      'group',
      'create',
      'cli-ring',
      '--description',
      'CLI ring',
      '--package',
      'demo-7zip',
      ...key,
      ...srv(),
    ]);
    expect(created.code, created.err).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({
      package: 'cli-ring',
      version: '1',
      depends: ['demo-7zip'],
    });
    const again = await run(cwd, ['group', 'create', 'cli-ring', ...key, ...srv()]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error \[CONFLICT\/GROUP_EXISTS\]/);
    const edited = await run(cwd, [
      'group',
      'edit',
      'cli-ring',
      '--add',
      'demo-firefox',
      '--remove',
      'demo-7zip',
      ...key,
      ...srv(),
    ]);
    expect(edited.code, edited.err).toBe(0);
    expect(JSON.parse(edited.out)).toMatchObject({ version: '2', depends: ['demo-firefox'] });
    const groups = await run(cwd, ['group', 'list', ...srv()]);
    expect((JSON.parse(groups.out) as Array<{ package: string }>).map((g) => g.package)).toContain(
      'cli-ring',
    );

    const list = await run(cwd, ['repo', 'list', '--search', 'cli-ring', ...srv()]);
    expect(list.out.split('\t').slice(0, 3)).toEqual(['cli-ring', '2', 'group']);

    // Upload: refused when untrusted (no --cert), accepted with it; then deleted.
    const signer = createSigner({
      key: loadPrivateKey(readFileSync(path.join(cwd, 'admin.pem'))),
      certificateChain: loadCertificates(readFileSync(path.join(cwd, 'admin.crt'))),
    });
    await buildPackageFromFiles({
      signer,
      control: createControl({ package: 'cli-hello', version: '1' }),
      files: [{ path: 'a.txt', content: 'a' }],
      outDir: cwd,
      outPath: path.join(cwd, 'cli-hello.wapt'),
    });
    const stranger = await createKeyAndCertificate({
      commonName: 'Stranger',
      codeSigning: true,
      keyBits: 2048,
      days: 5,
    });
    await buildPackageFromFiles({
      signer: createSigner({
        key: loadPrivateKey(stranger.keyPem),
        certificateChain: [stranger.certificate],
      }),
      control: createControl({ package: 'cli-stranger', version: '1' }),
      files: [],
      outDir: cwd,
      outPath: path.join(cwd, 'stranger.wapt'),
    });
    const refused = await run(cwd, ['repo', 'upload', 'stranger.wapt', '--cert', 'admin.crt', ...srv()]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error \[CERT_INVALID\/[A-Z_]+\]: refusing to upload stranger\.wapt/);
    const uploaded = await run(cwd, ['repo', 'upload', 'cli-hello.wapt', '--trusted', 'admin.crt', ...srv()]);
    expect(uploaded.code, uploaded.err).toBe(0);
    const filename = uploaded.out.trim();
    expect(filename).toMatch(/^cli-hello_1_[0-9a-f]{32}\.wapt$/);
    const del = await run(cwd, ['repo', 'delete', filename, ...srv()]);
    expect(del).toMatchObject({ code: 0, out: filename });
    const gone = await run(cwd, ['repo', 'list', '--search', 'cli-hello', ...srv()]);
    expect(gone.out).toBe('');
    const delAgain = await run(cwd, ['repo', 'delete', filename, ...srv()]);
    expect(delAgain.code).toBe(1);
  });

  it.runIf(profile === 'reference')('runs as a real process from another working directory', async () => {
    const cwd = workDir();
    const [u] = await hostUuids(1, 5);
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    // Asynchronous: the server runs in this very process and must keep answering.
    const r = await promisify(execFile)(
      process.execPath,
      [
        tsx,
        path.resolve('electron/cli/main.ts'),
        'host',
        'add-package',
        u!,
        '--package',
        'demo-7zip',
        ...key,
        ...srv(),
      ],
      { cwd, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stdout).toMatch(new RegExp(`^OK\\s+${u} `));
    expect(r.stderr).not.toMatch(/PRIVATE KEY/);
  });
});
