import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createControl } from '../../common/domain/control';
import { packageRoot } from '../../electron/core/app-version';
import { nodeDemoServerSpawner } from '../../electron/demo-server';
import type { DemoServerChild, FromDemoServer } from '../../electron/demo-server-protocol';
import { buildPackageFromFiles, readPackagesIndex } from '../../wapt/packages/index';
import { demoSigner, until } from './helpers';

/**
 * Crash consistency (docs/reference-server.md, "Crash recovery"): a real server process is killed
 * with SIGKILL in the middle of a large upload, then started again on the same data directory.
 */
const root = packageRoot();
const work = mkdtempSync(path.join(tmpdir(), 'wapt-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dataDir = path.join(work, 'demo-server');
const PASSWORD = 'crash-test-password';
const auth = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

async function startChild(): Promise<{ child: DemoServerChild; url: string; exited: Promise<unknown> }> {
  const child = nodeDemoServerSpawner(path.join(root, 'electron', 'demo-server-child.ts'), root)();
  const messages: FromDemoServer[] = [];
  child.onMessage((m) => messages.push(m));
  const exited = new Promise((resolve) => child.onExit(resolve));
  child.send({ type: 'start', dataDir, adminPassword: PASSWORD, hosts: 5, simulationSpeed: 20 });
  const ready = await until(
    async () => messages.find((m): m is Extract<FromDemoServer, { type: 'ready' }> => m.type === 'ready'),
    120_000,
  );
  return { child, url: ready.url, exited };
}

async function upload(url: string, bytes: Buffer): Promise<number> {
  const r = await fetch(`${url}/api/v3/upload_packages`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'binary/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return r.status;
}

const indexNames = async () =>
  (await readPackagesIndex(readFileSync(path.join(dataDir, 'wapt', 'Packages')))).packages.map(
    (p) => p.package,
  );

describe('kill -9 during an upload, then restart', () => {
  it('removes the stale upload temporary and rebuilds an index that lost a stored package', async () => {
    let { child, url, exited } = await startChild();
    const signer = demoSigner(dataDir);
    const pkg = async (name: string) =>
      readFileSync(
        (
          await buildPackageFromFiles({
            signer,
            control: createControl({ package: name, version: '1.0-1', architecture: 'all', section: 'base' }),
            files: [{ path: 'setup.py', content: 'def install():\n    pass\n' }],
            outDir: mkdtempSync(path.join(work, 'out-')),
          })
        ).path,
      );
    expect(await upload(url, await pkg('test-before-crash'))).toBe(200);
    const indexBefore = path.join(work, 'Packages.before');
    copyFileSync(path.join(dataDir, 'wapt', 'Packages'), indexBefore);
    expect(await upload(url, await pkg('test-lost-from-index'))).toBe(200);

    // A large raw upload, streamed slowly, killed with SIGKILL once its temporary is on disk.
    const req = http.request(`${url}/api/v3/upload_packages`, {
      method: 'POST',
      headers: {
        authorization: auth,
        'content-type': 'binary/octet-stream',
        'content-length': 80 * 1024 * 1024,
      },
    });
    req.on('error', () => undefined);
    const chunk = Buffer.alloc(1024 * 1024, 0x5a);
    for (let i = 0; i < 20; i++) req.write(chunk);
    const tmpDir = path.join(dataDir, 'tmp');
    const part = await until(async () =>
      readdirSync(tmpDir).find(
        (f) => f.endsWith('.part') && statSync(path.join(tmpDir, f)).size > 1024 * 1024,
      ),
    );
    child.kill();
    await exited;
    req.destroy();
    expect(readdirSync(tmpDir)).toContain(part);
    // The state of a crash between the database commit and the index rebuild of an upload: the
    // package is in the database and the folder, but not in the index agents read.
    writeFileSync(path.join(dataDir, 'wapt', 'Packages'), readFileSync(indexBefore));
    expect(await indexNames()).not.toContain('test-lost-from-index');

    ({ child, url, exited } = await startChild());
    try {
      expect(readdirSync(tmpDir).filter((f) => f.endsWith('.part'))).toEqual([]);
      expect(await indexNames()).toEqual(
        expect.arrayContaining(['test-before-crash', 'test-lost-from-index']),
      );
      const served = await readPackagesIndex(
        Buffer.from(await (await fetch(`${url}/wapt/Packages`)).arrayBuffer()),
      );
      expect(served.packages.map((p) => p.package)).toContain('test-lost-from-index');
    } finally {
      child.send({ type: 'stop' });
      await exited;
    }
  }, 240_000);
});
