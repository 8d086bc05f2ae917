/**
 * `host apply-upgrades|check-updates` and `host delete` against the reference server in both
 * profiles, run in-process from another working directory (relative key and password paths).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../support/reference-server';
import { cliServerArgs, CLI_KEY_ARGS, fillCliWorkDir, runCliIn } from '../../support/cli-workdir';
import { useTempDirs } from '../../support/temp-dir';

describe.each(SERVER_PROFILES)('host apply-upgrades / check-updates / delete CLI (%s profile)', (profile) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ hosts: 16, speed: 500, profile });
  }, 60_000);
  afterAll(async () => server?.stop());
  const tmp = useTempDirs();

  const workDir = () => fillCliWorkDir(tmp(), server);
  const srv = () => cliServerArgs(server.url);
  const key = CLI_KEY_ARGS;
  const run = runCliIn;
  const get = async <T>(p: string): Promise<T> => {
    const r = await fetch(`${server.url}${p}`, {
      headers: { Authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_PASSWORD}`).toString('base64')}` },
    });
    return ((await r.json()) as { result: T }).result;
  };
  const hosts = () =>
    get<Array<{ uuid: string; computer_fqdn: string; listening_protocol: string | null }>>(
      '/api/v1/hosts?columns=uuid,computer_fqdn,listening_protocol&limit=100',
    );

  it('apply-upgrades on two connected hosts: one line per host, OK, exit 0; the hosts are upgraded', async () => {
    const cwd = workDir();
    const two = (await hosts()).filter((h) => h.listening_protocol === 'websockets').slice(0, 2);
    const r = await run(cwd, ['host', 'apply-upgrades', ...two.map((h) => h.uuid), ...key, ...srv()]);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(2);
    for (const h of two)
      expect(lines.find((l) => l.includes(h.uuid))).toMatch(
        new RegExp(`^OK\\s+${h.uuid} ${h.computer_fqdn} `),
      );
    expect(r.err).toMatch(/2 of 2 hosts OK/);
    // The agents ran their upgrade: nothing left to upgrade (the simulated upgrade may fail a package).
    for (const h of two) {
      const pkgs = await get<Array<{ install_status: string }>>(
        `/api/v1/host_data?uuid=${h.uuid}&field=installed_packages`,
      );
      expect(pkgs.filter((p) => p.install_status === 'NEED-UPGRADE')).toEqual([]);
    }
  });

  it('check-updates: a host that is not connected is SKIPPED and the exit code is 1', async () => {
    const cwd = workDir();
    const all = await hosts();
    const on = all.find((h) => h.listening_protocol === 'websockets')!;
    const off = all.find((h) => h.listening_protocol !== 'websockets')!;
    const r = await run(cwd, [
      'host',
      'check-updates',
      on.uuid,
      off.uuid,
      ...key,
      ...srv(),
      '--timeout-minutes',
      '1',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^OK\\s+${on.uuid} `, 'm'));
    expect(r.out).toMatch(new RegExp(`^SKIPPED\\s+${off.uuid} .*Not connected`, 'm'));
    expect(r.err).toMatch(/1 of 2 hosts OK, 1 not OK/);
  });

  it('apply-upgrades without --key is bad usage (exit 2), before anything is sent', async () => {
    const cwd = workDir();
    const h = (await hosts())[0]!;
    const r = await run(cwd, ['host', 'apply-upgrades', h.uuid, ...srv()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--key is required/);
  });

  it('delete: --delete-package and --delete-inventory; unknown uuids reported, exit 1; nothing chosen is bad usage', async () => {
    const cwd = workDir();
    const all = await hosts();
    const [a, b] = [all[3]!, all[4]!];
    const none = await run(cwd, ['host', 'delete', a.uuid, ...srv()]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/choose --delete-package, --delete-inventory or both/);

    // A host package for `a` (the console's own signed edit), so --delete-package has a file to remove.
    const add = await run(cwd, ['host', 'add-package', a.uuid, '--package', 'demo-7zip', ...key, ...srv()]);
    expect(add.code, add.err).toBe(0);
    const file = path.join(server.dataDir, 'wapt-host', `${a.uuid}.wapt`);
    expect(existsSync(file)).toBe(true);

    const r = await run(cwd, [
      'host',
      'delete',
      a.uuid,
      b.uuid,
      'NO-SUCH-HOST',
      '--delete-package',
      '--delete-inventory',
      ...srv(),
    ]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual(['1 files removed from host repository', '2 hosts removed from DB']);
    expect(r.err).toMatch(/error \[NOT_FOUND\/UNKNOWN_HOST\]: no host NO-SUCH-HOST on the server/);
    expect(existsSync(file)).toBe(false);
    expect(await get<unknown[]>(`/api/v1/hosts?uuid=${a.uuid},${b.uuid}&columns=uuid`)).toEqual([]);
  });
});
