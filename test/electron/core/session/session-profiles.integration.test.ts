import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../../../electron/core/ports';
import { silentLogger } from '../../../../electron/core/ports';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

/** An "OS secret store" that encrypts: stands in for Electron's safeStorage in plain Node. */
class FakeEncryptedStore implements SecretStore {
  readonly encrypted = true;
  readonly values = new Map<string, string>();
  async get(k: string) {
    return this.values.get(k) ?? null;
  }
  async set(k: string, v: string) {
    this.values.set(k, v);
  }
  async delete(k: string) {
    this.values.delete(k);
  }
}

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ hosts: 10 });
});
afterAll(async () => server?.stop());

describe('login: profiles, edition, host count, CA bundle and mid-session 401', () => {
  const tmp = useTempDirs();
  const make = (secrets?: SecretStore) => {
    const dir = tmp();
    const { core } = makeTestCore(dir, secrets ? { secrets } : {});
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async (m: string, input: unknown) => {
      const r = await dispatch(m, input, { transport: 'browser', emit: () => undefined });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as never;
    };
    return { dir, call };
  };

  it('shows the server version, edition and host count after login', async () => {
    const { call } = make();
    const st = (await call('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    })) as Record<string, unknown>;
    expect(st).toMatchObject({
      connected: true,
      user: 'admin',
      edition: expect.any(String),
      hostsCount: 10,
      expired: false,
    });
    expect(String(st.serverVersion)).toMatch(/^1\.8\.2/);
  });

  it('saves a profile; with an encrypting secret store the password is remembered there and never written to disk', async () => {
    const secrets = new FakeEncryptedStore();
    const { dir, call } = make(secrets);
    const saved = (await call('profiles.save', {
      name: 'demo',
      serverUrl: server.url,
      user: 'admin',
      verifyTls: true,
      caBundlePath: null,
      allowInsecureHttp: false,
      password: TEST_ADMIN_PASSWORD,
    })) as { id: string; remembered: boolean };
    expect(saved.remembered).toBe(true);
    for (const f of readdirSync(dir))
      expect(readFileSync(path.join(dir, f), 'utf8')).not.toContain(TEST_ADMIN_PASSWORD);
    const st = (await call('profiles.connect', { id: saved.id, password: null })) as { connected: boolean };
    expect(st.connected).toBe(true);
    const list = (await call('profiles.list', {})) as { profiles: unknown[]; canRemember: boolean };
    expect(list).toMatchObject({ canRemember: true, profiles: [{ name: 'demo', remembered: true }] });
    await call('profiles.delete', { id: saved.id });
    expect(secrets.values.size).toBe(0);
  });

  it('without an encrypting secret store (browser mode) keeps no password at all', async () => {
    const { call } = make();
    const saved = (await call('profiles.save', {
      name: 'demo',
      serverUrl: server.url,
      user: 'admin',
      verifyTls: true,
      caBundlePath: null,
      allowInsecureHttp: false,
      password: TEST_ADMIN_PASSWORD,
    })) as { id: string; remembered: boolean };
    expect(saved.remembered).toBe(false);
    await expect(call('profiles.connect', { id: saved.id, password: null })).rejects.toMatchObject({
      wire: { code: 'VALIDATION', details: { reason: 'PASSWORD_REQUIRED' } },
    });
    expect(await call('profiles.connect', { id: saved.id, password: TEST_ADMIN_PASSWORD })).toMatchObject({
      connected: true,
    });
  });

  it('a CA bundle that is not PEM is refused by name', async () => {
    const { dir, call } = make();
    const bogus = path.join(dir, 'settings.json');
    await call('settings.update', { theme: 'dark' });
    await expect(
      call('session.connect', {
        serverUrl: server.url,
        user: 'admin',
        password: 'x',
        verifyTls: true,
        caBundlePath: bogus,
      }),
    ).rejects.toMatchObject({ wire: { code: 'CERT_INVALID', details: { reason: 'CA_BUNDLE' } } });
  });

  it('a 401 in the middle of a session ends it and keeps server and user for the login screen', async () => {
    const { call } = make();
    await call('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    // The password changes on the server (another admin, or the rotation policy)…
    const newPassword = `${TEST_ADMIN_PASSWORD}-rotated`;
    const res = await fetch(`${server.url}/api/v3/change_password`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_PASSWORD}`).toString('base64')}`,
      },
      body: JSON.stringify({ user: 'admin', password: TEST_ADMIN_PASSWORD, new_password: newPassword }),
    });
    expect((await res.json()) as { success: boolean }).toMatchObject({ success: true });
    // …and the console's next request is refused.
    await expect(call('hosts.page', { offset: 0, limit: 10 })).rejects.toMatchObject({
      wire: { code: 'UNAUTHENTICATED' },
    });
    expect(await call('session.status', {})).toMatchObject({
      connected: false,
      expired: true,
      user: 'admin',
      serverUrl: server.url,
    });
    await expect(call('hosts.page', { offset: 0, limit: 10 })).rejects.toMatchObject({
      wire: { code: 'UNAUTHENTICATED', details: { reason: 'NOT_CONNECTED' } },
    });
    expect(
      await call('session.connect', {
        serverUrl: server.url,
        user: 'admin',
        password: newPassword,
        verifyTls: true,
      }),
    ).toMatchObject({ connected: true, expired: false });
  });
});
