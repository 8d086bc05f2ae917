import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../electron/core/app-version';
import type { Logger } from '../../electron/core/ports';
import { createDemoServerLauncher, nodeDemoServerSpawner } from '../../electron/demo-server';
import type { FromDemoServer } from '../../electron/demo-server-protocol';
import type { DemoStartProgress } from '../../common/ipc/methods/demo-server';

/**
 * The console's embedded demo server runs in its own process (electron/demo-server.ts), started
 * here exactly as browser mode starts it: node fork of electron/demo-server-child.ts.
 */
const root = packageRoot();
const entry = path.join(root, 'electron', 'demo-server-child.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'wapt-demo-proc-'));
  dirs.push(d);
  return d;
};

function recordingLogger(): Logger & { events: Array<{ event: string; fields?: Record<string, unknown> }> } {
  const events: Array<{ event: string; fields?: Record<string, unknown> }> = [];
  const push = (event: string, fields?: Record<string, unknown>) => events.push({ event, fields });
  return { events, info: push, warn: push, error: push };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded demo server process', () => {
  it('runs the server in a child process and stops it on request', async () => {
    const log = recordingLogger();
    const launcher = createDemoServerLauncher({
      userDataDir: tempDir(),
      log,
      hosts: 10,
      spawn: nodeDemoServerSpawner(entry, root),
    });
    const { url, user, password } = await launcher.start();
    expect(user).toBe('admin');
    const started = log.events.find((e) => e.event === 'demo-server.started')!;
    const pid = Number(started.fields!.pid);
    expect(pid).not.toBe(process.pid);
    expect(alive(pid)).toBe(true);
    const r = await fetch(`${url}/api/v1/hosts?limit=1`, {
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    });
    expect(((await r.json()) as { success: boolean }).success).toBe(true);
    // The server's own log lines come back to the console's logger.
    expect(
      log.events.some((e) => typeof e.fields?.line === 'string' && e.fields.line.includes('listening on')),
    ).toBe(true);
    await launcher.stop();
    expect(alive(pid)).toBe(false);
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
  }, 120_000);

  it('reports the steps of its start from the child process, hosts as done / total', async () => {
    const userDataDir = tempDir();
    const launch = async () => {
      const launcher = createDemoServerLauncher({
        userDataDir,
        log: recordingLogger(),
        hosts: 120,
        spawn: nodeDemoServerSpawner(entry, root),
      });
      const seen: DemoStartProgress[] = [];
      await launcher.start((p) => seen.push(p));
      await launcher.stop();
      return seen;
    };
    // First start: the fleet is generated, with about a hundred host reports at most (every 50
    // hosts at this size, and the last one).
    const first = await launch();
    expect(first.map((p) => p.step).filter((s, i, all) => all[i - 1] !== s)).toEqual([
      'database',
      'catalog',
      'packages',
      'hosts',
      'repository',
      'http',
    ]);
    expect(first.filter((p) => p.step === 'hosts')).toEqual([
      { step: 'hosts', done: 50, total: 120 },
      { step: 'hosts', done: 100, total: 120 },
      { step: 'hosts', done: 120, total: 120 },
    ]);
    for (const p of first.filter((p) => p.step !== 'hosts'))
      expect(p).toMatchObject({ done: null, total: null });
    // Later starts find the fleet on disk: no generation steps.
    const second = await launch();
    expect(second.map((p) => p.step)).toEqual(['database', 'repository', 'http']);
  }, 180_000);

  it('stops promptly on SIGTERM in the middle of a long search, without finishing it', async () => {
    const userData = tempDir();
    const child = nodeDemoServerSpawner(entry, root)();
    const messages: FromDemoServer[] = [];
    child.onMessage((m) => messages.push(m));
    const exited = new Promise<number | null>((resolve) => child.onExit(resolve));
    child.send({
      type: 'start',
      dataDir: path.join(userData, 'demo-server'),
      adminPassword: 'sigterm-test-password',
      hosts: 20,
      simulationSpeed: 20,
    });
    let ready: Extract<FromDemoServer, { type: 'ready' }> | undefined;
    for (let i = 0; i < 1200 && ready === undefined; i++) {
      ready = messages.find((m): m is Extract<FromDemoServer, { type: 'ready' }> => m.type === 'ready');
      if (ready === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready).toBeDefined();
    const db = new Database(path.join(userData, 'demo-server', 'db', 'server.sqlite'));
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000)
      INSERT INTO host_softwares (host_id, name, version, key)
      SELECT (SELECT min(id) FROM hosts) + (i % 20), 'Filler', '1.0', printf('{%08X-FILL}', i) FROM n`);
    db.close();
    const search = fetch(
      `${ready!.url}/api/v1/hosts?filter=${encodeURIComponent('installed_softwares:^[0-9]+[xyz]+$')}`,
      {
        headers: { authorization: `Basic ${Buffer.from('admin:sigterm-test-password').toString('base64')}` },
      },
    ).then(
      async (r) => `answered ${r.status} ${(await r.text()).slice(0, 40)}`,
      () => 'connection closed',
    );
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    process.kill(ready!.pid, 'SIGTERM');
    const code = await exited;
    const stopMs = Date.now() - t0;
    expect(code).toBe(0);
    // A clean close (the child reports it), not the grace timer, and the search was not finished.
    expect(messages.some((m) => m.type === 'stopped')).toBe(true);
    expect(await search).toBe('connection closed');
    expect(stopMs).toBeLessThan(5000);
  }, 180_000);
});
