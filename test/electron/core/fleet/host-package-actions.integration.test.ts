/**
 * Issue 13 point 4, through the console's IPC handlers over real HTTP against the reference server
 * in both profiles (its default one and the strict genuine 1.8.2 one): the package actions of the
 * host details (install, force install, remove, forget, audit) as signed host actions followed to
 * their outcome, "Delete hosts…" (`hosts_delete` with its two options), and the hosts grid's
 * Groups filter listing the repository's group packages (docs/host-actions.md, docs/host-packages.md).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { HostActionRun } from '../../../../common/ipc/methods/actions';
import type { HostPackageInfo, HostPackagesRun } from '../../../../common/ipc/methods/host-packages';
import type { HostPackages, HostsDeleteResult, HostsList } from '../../../../common/ipc/methods/hosts';
import { silentLogger } from '../../../../electron/core/ports';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

describe.each(SERVER_PROFILES)(
  'host package actions, delete hosts, groups filter (%s profile)',
  (profile) => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    beforeAll(async () => {
      server = await startTestServer({ hosts: 40, speed: 500, profile });
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
      const ctx = {
        transport: 'browser' as const,
        emit: <E extends EventName>(_e: E, _p: EventPayload<E>) => undefined,
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
      await call('keys.configure', {
        keyPath: server.demoSigner!.keyPath,
        certificatePath: server.demoSigner!.certificatePath,
      });
      await call('keys.unlock', { password: '' });
      return { call, dispatch, ctx };
    };
    type Call = Awaited<ReturnType<typeof connect>>['call'];

    const waitAction = async (call: Call, jobId: string) => {
      for (let i = 0; i < 800; i++) {
        const st = await call<HostActionRun>('actions.status', { jobId });
        if (st.finished) return st;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('host action did not finish');
    };
    const packagesOf = async (call: Call, uuid: string) =>
      (await call<HostPackages>('hosts.packages', { uuid })).rows;

    /** Connected hosts (websockets), in the server's order; each test takes its own slice. */
    const connected = async () =>
      (
        await api<Array<{ uuid: string; computer_fqdn: string; listening_protocol: string | null }>>(
          '/api/v1/hosts?columns=uuid,computer_fqdn,listening_protocol&limit=1000',
        )
      ).filter((h) => h.listening_protocol === 'websockets');

    it('install, then remove, a package the host has at an old version: each a signed action, followed to OK', async () => {
      const { call } = await connect();
      // A connected host whose demo-7zip waits for its upgrade (the generator leaves ~30% so).
      let target: { uuid: string; host: string } | null = null;
      for (const h of await connected()) {
        const row = (await packagesOf(call, h.uuid)).find((r) => r.package === 'demo-7zip');
        if (row?.status === 'NEED-UPGRADE') {
          target = { uuid: h.uuid, host: h.computer_fqdn };
          break;
        }
      }
      expect(target).not.toBeNull();
      const install = await call<{ jobId: string }>('actions.trigger', {
        action: 'install_packages',
        hosts: [target],
        packages: ['demo-7zip'],
      });
      const done = await waitAction(call, install.jobId);
      expect(done.rows).toEqual([expect.objectContaining({ uuid: target!.uuid, state: 'OK' })]);
      // The status comes from the host's later report (the server relays no answer).
      const after = (await packagesOf(call, target!.uuid)).find((r) => r.package === 'demo-7zip');
      expect(after).toMatchObject({ status: 'OK', version: '23.01-1' });

      const remove = await call<{ jobId: string }>('actions.trigger', {
        action: 'remove_packages',
        hosts: [target],
        packages: ['demo-7zip'],
      });
      expect((await waitAction(call, remove.jobId)).rows[0]).toMatchObject({ state: 'OK' });
      expect((await packagesOf(call, target!.uuid)).map((r) => r.package)).not.toContain('demo-7zip');
    });

    it('force install and forget carry `force` as the agent receives it; the task list shows it', async () => {
      const { call } = await connect();
      const h = (await connected())[5]!;
      const target = { uuid: h.uuid, host: h.computer_fqdn };
      const force = await call<{ jobId: string }>('actions.trigger', {
        action: 'force_install_packages',
        hosts: [target],
        packages: ['demo-7zip'],
      });
      expect((await waitAction(call, force.jobId)).rows[0]).toMatchObject({ state: 'OK' });
      // The agent's task list as the server gives it (host_tasks_status): the task was queued forced.
      const tasks = await api<{ done: Array<{ classname: string; force: boolean }> }>(
        `/api/v3/host_tasks_status?uuid=${h.uuid}&timeout=0`,
      );
      expect(tasks.done.filter((t) => t.classname === 'WaptPackageInstall').at(-1)).toMatchObject({
        force: true,
      });
      expect((await packagesOf(call, h.uuid)).find((r) => r.package === 'demo-7zip')).toMatchObject({
        status: 'OK',
      });

      const forget = await call<{ jobId: string }>('actions.trigger', {
        action: 'forget_packages',
        hosts: [target],
        packages: ['demo-7zip'],
      });
      expect((await waitAction(call, forget.jobId)).rows[0]).toMatchObject({ state: 'OK' });
      expect((await packagesOf(call, h.uuid)).map((r) => r.package)).not.toContain('demo-7zip');
    });

    it('refuses a package action without packages, or with a name that is not a package name', async () => {
      const { dispatch, ctx } = await connect();
      const h = (await connected())[6]!;
      for (const packages of [[], ['demo 7zip'], ['../x']])
        expect(
          await dispatch(
            'actions.trigger',
            { action: 'remove_packages', hosts: [{ uuid: h.uuid, host: h.computer_fqdn }], packages },
            ctx,
          ),
        ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });

    it('audit: an Enterprise agent action (inferred name), refused up front on a community server', async () => {
      const { call, dispatch, ctx } = await connect();
      const h = (await connected())[7]!;
      const input = {
        action: 'audit_packages',
        hosts: [{ uuid: h.uuid, host: h.computer_fqdn }],
        packages: ['demo-firefox'],
      };
      if (profile === 'wapt-1.8.2') {
        // The strict profile is a community server: WAPT's community console has no audit action.
        expect(await dispatch('actions.trigger', input, ctx)).toMatchObject({
          ok: false,
          error: { code: 'NOT_SUPPORTED' },
        });
      } else {
        const { jobId } = await call<{ jobId: string }>('actions.trigger', input);
        expect((await waitAction(call, jobId)).rows[0]).toMatchObject({ state: 'OK' });
      }
    });

    it('delete hosts: the host package file and the inventory go; the listing no longer has them', async () => {
      const { call } = await connect();
      const all = await connected();
      const [a, b] = [all[10]!, all[11]!];
      // Give host `a` a host package first (the console's own signed edit), so there is a file to delete.
      const edit = await call<{ jobId: string }>('hostPackages.edit', {
        hosts: [a.uuid],
        depends: { add: ['demo-firefox'], remove: [] },
      });
      for (let i = 0; i < 400; i++) {
        const st = await call<HostPackagesRun>('hostPackages.status', { jobId: edit.jobId }).catch(
          () => null,
        );
        if (st?.finished) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const file = path.join(server.dataDir, 'wapt-host', `${a.uuid}.wapt`);
      expect(existsSync(file)).toBe(true);
      expect((await call<HostPackageInfo>('hostPackages.get', { uuid: a.uuid })).depends).toContain(
        'demo-firefox',
      );

      // Only the host package: the host stays in the inventory.
      const onlyPkg = await call<HostsDeleteResult>('hosts.delete', {
        uuids: [a.uuid],
        deletePackages: true,
        deleteInventory: false,
      });
      expect(onlyPkg.messages).toEqual(['1 files removed from host repository']);
      expect(existsSync(file)).toBe(false);
      const stillThere = await api<Array<{ uuid: string }>>(`/api/v1/hosts?uuid=${a.uuid}&columns=uuid`);
      expect(stillThere).toHaveLength(1);

      // Both options on two hosts: gone from the listing the console reads.
      const both = await call<HostsDeleteResult>('hosts.delete', {
        uuids: [a.uuid, b.uuid],
        deletePackages: true,
        deleteInventory: true,
      });
      expect(both.messages).toEqual(['0 files removed from host repository', '2 hosts removed from DB']);
      const list = await call<HostsList>('hosts.list', { limit: 1000 });
      expect(list.rows.map((r) => r.uuid)).not.toContain(a.uuid);
      expect(list.rows.map((r) => r.uuid)).not.toContain(b.uuid);
      expect(await api<unknown[]>(`/api/v1/hosts?uuid=${a.uuid},${b.uuid}&columns=uuid`)).toEqual([]);
    });

    it('delete hosts refuses a request that deletes nothing', async () => {
      const { dispatch, ctx } = await connect();
      expect(
        await dispatch('hosts.delete', { uuids: ['x'], deletePackages: false, deleteInventory: false }, ctx),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });

    it("Groups filter: the repository's group packages (even one no host is in), and the server filters by them", async () => {
      const { call } = await connect();
      await call('groups.save', {
        name: 'test-group-empty',
        mode: 'create',
        description: 'no host in it',
        depends: { add: ['demo-firefox'], remove: [] },
        conflicts: { add: [], remove: [] },
      });
      const groups = await call<string[]>('hosts.groups', {});
      expect(groups).toContain('demo-group-workstations');
      expect(groups).toContain('test-group-empty');
      // The genuine route only knows groups hosts are in.
      const reported = (await api<Array<{ package: string }>>('/api/v1/groups')).map((g) => g.package);
      expect(reported).not.toContain('test-group-empty');

      const all = await call<HostsList>('hosts.list', { limit: 1000 });
      const inGroup = await call<HostsList>('hosts.list', {
        limit: 1000,
        search: {
          text: '',
          scope: 'all',
          not: false,
          hasErrors: false,
          needUpgrade: false,
          connectedOnly: false,
          groups: ['demo-group-workstations'],
        },
      });
      expect(inGroup.rows.length).toBeGreaterThan(0);
      expect(inGroup.rows.length).toBeLessThan(all.rows.length);
      for (const h of inGroup.rows.slice(0, 3))
        expect((await packagesOf(call, h.uuid)).map((r) => r.package)).toContain('demo-group-workstations');
      const empty = await call<HostsList>('hosts.list', {
        limit: 1000,
        search: {
          text: '',
          scope: 'all',
          not: false,
          hasErrors: false,
          needUpgrade: false,
          connectedOnly: false,
          groups: ['test-group-empty'],
        },
      });
      expect(empty.rows).toEqual([]);
    });
  },
);
