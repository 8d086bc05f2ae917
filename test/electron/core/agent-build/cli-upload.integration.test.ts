/**
 * `agent build` through the CLI (in-process with memoryIo, plus one real subprocess), uploading to
 * the reference server over real HTTP. ISCC is the fake here; the real compile has its own test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/run';
import { splitPasswordFiles } from '../../../../electron/cli/commands/agent';
import { createDemoBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { serverAgentVersion } from '../../../../electron/core/api/uploads';
import { startReferenceServer, type ReferenceServer } from '../../../../server/index';
import {
  createAdminIdentity,
  expectNoKeyMaterial,
  KEY_PASSWORD,
  type AdminIdentity,
} from '../../../support/agent-fixtures';
import { memoryIo } from '../../../support/cli-io';

const FAKE = path.resolve('test/fakes/fake-iscc.mjs');
const SERVER_PASSWORD = 'server-secret-pw';
let work: string;
let server: ReferenceServer;
let admin: AdminIdentity;
let base: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'agent-cli-'));
  server = await startReferenceServer({
    dataDir: path.join(work, 'server'),
    adminPassword: SERVER_PASSWORD,
    hosts: 0,
    port: 0,
  });
  admin = await createAdminIdentity(work);
  base = await createDemoBaseDir(path.join(work, 'base'));
  writeFileSync(path.join(work, 'key.pw'), `${KEY_PASSWORD}\n`);
  writeFileSync(path.join(work, 'server.pw'), `${SERVER_PASSWORD}\n`);
  writeFileSync(
    path.join(work, 'agent.json'),
    JSON.stringify({
      prefix: 'demo',
      repoUrl: `${server.url}/wapt`,
      serverUrl: server.url,
      verifyCert: '0',
      certificates: ['admin.crt'],
    }),
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

const common = () => [
  'agent',
  'build',
  'agent.json',
  '--key',
  'admin.pem',
  '--cert',
  'admin.crt',
  '--iscc',
  FAKE,
  '--wapt-base-dir',
  base,
];

describe('agent build CLI', () => {
  it("the issue's form: a second --password-file after --user is the server password", () => {
    expect(
      splitPasswordFiles([
        '--password-file',
        'k',
        '--server',
        'u',
        '--user',
        'admin',
        '--password-file',
        's',
      ]),
    ).toEqual(['--password-file', 'k', '--server', 'u', '--user', 'admin', '--server-password-file', 's']);
    expect(splitPasswordFiles(['--user=a', '--password-file=s'])).toEqual([
      '--user=a',
      '--server-password-file=s',
    ]);
  });

  it('builds, uploads the package and waptagent.exe, and prints the GPO hash (issue form)', async () => {
    const t = memoryIo({ cwd: work });
    const code = await runCli(
      [
        ...common(),
        '--password-file',
        'key.pw',
        '--out',
        'out1',
        '--server',
        server.url,
        '--user',
        'admin',
        '--password-file',
        'server.pw',
      ],
      t.io,
    );
    expect(t.errText()).not.toContain('error');
    expect(code).toBe(0);
    const out = path.join(work, 'out1');
    expect(readdirSync(out).sort()).toEqual([
      'demo-waptupgrade_1.8.2.7373-45_all.wapt',
      'waptagent-build.json',
      'waptagent.exe',
      'waptagent.sha256',
    ]);
    const sha = readFileSync(path.join(out, 'waptagent.sha256'), 'utf8').split(/\s+/)[0]!;
    expect(t.text()).toContain(`Don't forget to change the hash of waptagent.exe in your GPO: ${sha}`);
    const client = new WaptClient({
      baseUrl: server.url,
      user: 'admin',
      password: SERVER_PASSWORD,
      verifyTls: true,
    });
    expect((await serverAgentVersion(client)).sha256).toBe(sha);
    expect(readFileSync(path.join(server.dataDir, 'wapt', 'waptagent.exe'))).toEqual(
      readFileSync(path.join(out, 'waptagent.exe')),
    );
    expectNoKeyMaterial(
      [...admin.needles, Buffer.from(SERVER_PASSWORD)],
      [out, { name: 'stdout', data: t.text() }, { name: 'stderr', data: t.errText() }],
    );
  });

  it('--server-password-file works too, and the build counter follows the repository (45 → 46)', async () => {
    const t = memoryIo({ cwd: work });
    const code = await runCli(
      [
        ...common(),
        '--password-file',
        'key.pw',
        '--out',
        'out2',
        '--server',
        server.url,
        '--user',
        'admin',
        '--server-password-file',
        'server.pw',
      ],
      t.io,
    );
    expect(code).toBe(0);
    expect(readdirSync(path.join(work, 'out2'))).toContain('demo-waptupgrade_1.8.2.7373-46_all.wapt');
  });

  it('usage errors exit 2; a wrong server password fails (exit 1) before compiling', async () => {
    const a = memoryIo({ cwd: work });
    expect(await runCli([...common(), '--out', 'x', '--server', server.url, '--no-upload'], a.io)).toBe(2);
    writeFileSync(path.join(work, 'bad.pw'), 'nope');
    const b = memoryIo({ cwd: work });
    expect(
      await runCli(
        [
          ...common(),
          '--password-file',
          'key.pw',
          '--out',
          'out3',
          '--server',
          server.url,
          '--user',
          'admin',
          '--password-file',
          'bad.pw',
        ],
        b.io,
      ),
    ).toBe(1);
    expect(b.errText()).toMatch(/UNAUTHENTICATED/);
    expect(readdirSync(work)).not.toContain('out3');
    const c = memoryIo({ cwd: work });
    writeFileSync(path.join(work, 'broken.json'), JSON.stringify({ prefix: 'Not Valid', repoUrl: 'x' }));
    expect(
      await runCli(
        [
          'agent',
          'build',
          'broken.json',
          '--key',
          'admin.pem',
          '--cert',
          'admin.crt',
          '--password-file',
          'key.pw',
          '--out',
          'o',
          '--iscc',
          FAKE,
        ],
        c.io,
      ),
    ).toBe(2);
    expect(c.errText()).toMatch(/prefix/);
  });

  it('runs as a real process with --no-upload', () => {
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    const r = spawnSync(
      process.execPath,
      [
        tsx,
        path.resolve('electron/cli/main.ts'),
        ...common(),
        '--password-file',
        'key.pw',
        '--out',
        'out4',
        '--no-upload',
      ],
      { cwd: work, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/sha256 of waptagent.exe: [0-9a-f]{64}/);
    expectNoKeyMaterial(admin.needles, [
      path.join(work, 'out4'),
      { name: 'stdout', data: r.stdout },
      { name: 'stderr', data: r.stderr },
    ]);
  });
});
