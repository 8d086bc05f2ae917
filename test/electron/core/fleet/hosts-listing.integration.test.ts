import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  HostHardware,
  HostPackages,
  HostSoftwares,
  HostsList,
  HostsPage,
} from '../../../../common/ipc/methods/hosts';
import type { SessionStatus } from '../../../../common/ipc/contract';
import { silentLogger } from '../../../../electron/core/ports';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

/*
 * The hosts listing and host inventory through the real router (contract validation both ways),
 * the real core and real HTTP, against the reference server in each profile: `reference` (with
 * its paging extension) and `wapt-1.8.2` (limit-only, fixed order, no total: docs/hosts-listing.md).
 */
const HOSTS = 45;

describe.each(SERVER_PROFILES)('hosts listing and inventory, server profile %s', (profile) => {
  const tmp = useTempDirs();
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ hosts: HOSTS, speed: 500, profile });
  });
  afterAll(async () => server?.stop());

  const connect = async () => {
    const { core } = makeTestCore(tmp());
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const ctx = { transport: 'browser' as const, emit: () => undefined };
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await dispatch(m, input, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as T;
    };
    const status = await call<SessionStatus>('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    return { call, status };
  };

  it('says whether the server pages hosts: only the reference profile does', async () => {
    const { status } = await connect();
    expect(status.capabilities?.hostsPaging).toBe(profile === 'reference');
  });

  it('lists every host once in one request when the limit is above the fleet, in the server order, limit not reached', async () => {
    const { call, status } = await connect();
    const list = await call<HostsList>('hosts.list', { limit: 2000 });
    expect(list.rows).toHaveLength(HOSTS);
    expect(new Set(list.rows.map((r) => r.uuid)).size).toBe(HOSTS);
    expect(list.limitReached).toBe(false);
    // The login's hosts_count is the true total the footer can show.
    expect(status.hostsCount).toBe(HOSTS);
    // The genuine order: last seen, newest first (docs/hosts-listing.md).
    const seen = list.rows.map((r) => r.last_seen_on ?? '');
    expect(seen).toEqual([...seen].sort().reverse());
    for (const r of list.rows) expect(r.computer_fqdn).toMatch(/\./);
  });

  it('caps at the limit and says the limit was reached, with no guessed total', async () => {
    const { call } = await connect();
    const list = await call<HostsList>('hosts.list', { limit: 10 });
    expect(list.rows).toHaveLength(10);
    expect(list.limitReached).toBe(true);
    expect(list).not.toHaveProperty('total');
    const all = await call<HostsList>('hosts.list', { limit: 2000 });
    // The capped listing is the first rows of the full one (same fixed order).
    expect(list.rows.map((r) => r.uuid)).toEqual(all.rows.slice(0, 10).map((r) => r.uuid));
  });

  it('applies WAPT’s server-side filters: regular expression, Not, connected only, has errors', async () => {
    const { call } = await connect();
    const all = (await call<HostsList>('hosts.list', { limit: 2000 })).rows;
    const lt = await call<HostsList>('hosts.list', {
      limit: 2000,
      search: { text: '-lt-', scope: 'host' },
    });
    expect(lt.rows.length).toBeGreaterThan(0);
    for (const r of lt.rows) expect(r.computer_fqdn).toMatch(/-lt-/);
    const notLt = await call<HostsList>('hosts.list', {
      limit: 2000,
      search: { text: '-lt-', scope: 'host', not: true },
    });
    expect(notLt.rows.length + lt.rows.length).toBe(all.length);
    for (const r of notLt.rows) expect(r.computer_fqdn).not.toMatch(/-lt-/);
    const connected = await call<HostsList>('hosts.list', { limit: 2000, search: { connectedOnly: true } });
    for (const r of connected.rows) expect(r.reachable).toBe('OK');
    expect(connected.rows.length).toBe(all.filter((r) => r.reachable === 'OK').length);
    const errors = await call<HostsList>('hosts.list', { limit: 2000, search: { hasErrors: true } });
    for (const r of errors.rows) expect(r.host_status).toBe('ERROR');
  });

  it('pages only where the server pages: a true total from the reference profile, a refusal otherwise', async () => {
    const { call } = await connect();
    if (profile === 'reference') {
      const page = await call<HostsPage>('hosts.page', { offset: 40, limit: 20 });
      expect(page.total).toBe(HOSTS);
      expect(page.rows).toHaveLength(HOSTS - 40);
    } else {
      await expect(call('hosts.page', { offset: 0, limit: 20 })).rejects.toMatchObject({
        wire: { details: { reason: 'NO_HOSTS_PAGING' } },
      });
    }
  });

  it('reads a host’s packages, software and hardware inventory', async () => {
    const { call } = await connect();
    const host = (await call<HostsList>('hosts.list', { limit: 1 })).rows[0]!;
    const packages = await call<HostPackages>('hosts.packages', { uuid: host.uuid });
    expect(packages.rows.length).toBeGreaterThan(0);
    for (const p of packages.rows) {
      expect(p.package).toMatch(/^[a-z0-9]+-/);
      expect(['OK', 'NEED-UPGRADE', 'NEED-INSTALL', 'NEED-REMOVE', 'ERROR']).toContain(p.status);
    }
    expect(packages.rows.some((p) => p.installDate !== null)).toBe(true);

    const software = await call<HostSoftwares>('hosts.softwares', { uuid: host.uuid });
    expect(software.rows.length).toBeGreaterThan(0);
    expect(software.rows.every((s) => s.systemComponent === true || s.systemComponent === false)).toBe(true);
    expect(software.rows.some((s) => s.name?.startsWith('Microsoft'))).toBe(true);

    const hardware = await call<HostHardware>('hosts.hardware', { uuid: host.uuid });
    const dmi = hardware.sections.find((s) => s.source === 'dmi');
    expect(dmi?.entries).toContainEqual({
      path: ['System_Information', 'UUID'],
      value: expect.any(String) as string,
    });
    const info = hardware.sections.find((s) => s.source === 'host_info');
    expect(info?.entries.find((e) => e.path.join('/') === 'computer_fqdn')?.value).toBe(host.computer_fqdn);
  });

  it('answers an unknown host with a clear NOT_FOUND-free empty inventory or a typed error, never a crash', async () => {
    const { call } = await connect();
    const res = await call<HostPackages>('hosts.packages', { uuid: 'no-such-host' }).catch(
      (e: { wire: { code: string } }) => e.wire,
    );
    // A genuine server answers `empty_data` (no rows) or EWaptUnknownHost (SERVER_ERROR): both typed.
    if ('rows' in res) expect(res.rows).toEqual([]);
    else expect(['SERVER_ERROR', 'NOT_FOUND']).toContain(res.code);
  });
});
