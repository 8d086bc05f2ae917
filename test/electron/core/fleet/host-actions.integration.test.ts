import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { HostActionRow } from '../../../../common/ipc/methods/actions';
import { silentLogger } from '../../../../electron/core/ports';
import { parseTriggerMessage } from '../../../../electron/core/fleet/host-actions';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ hosts: 30, speed: 500 });
});
afterAll(async () => server?.stop());

describe('host actions against the reference server', () => {
  const tmp = useTempDirs();

  const connect = async () => {
    const { core } = makeTestCore(tmp());
    const events: [EventName, unknown][] = [];
    const ctx = {
      transport: 'browser' as const,
      emit: <E extends EventName>(e: E, p: EventPayload<E>) => void events.push([e, p]),
    };
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async (m: string, input: unknown) => {
      const r = await dispatch(m, input, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as never;
    };
    await call('session.connect', {
      serverUrl: server.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    return { core, call, events, dispatch, ctx };
  };

  const waitFinished = async (call: (m: string, i: unknown) => Promise<never>, jobId: string) => {
    for (let i = 0; i < 400; i++) {
      const st = (await call('actions.status', { jobId })) as { finished: boolean; rows: HostActionRow[] };
      if (st.finished) return st;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('host action did not finish');
  };

  it('refuses to start while the key is locked (KEY_LOCKED), before contacting any host', async () => {
    const { dispatch, ctx } = await connect();
    const res = await dispatch(
      'actions.trigger',
      { action: 'waptwua_scan', hosts: [{ uuid: 'x', host: 'x' }] },
      ctx,
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'KEY_LOCKED' } });
  });

  it('signs one claim per host, skips offline hosts, follows tasks to OK, and the host state changes', async () => {
    const { call, events } = await connect();
    await call('keys.configure', {
      keyPath: server.demoSigner!.keyPath,
      certificatePath: server.demoSigner!.certificatePath,
    });
    await call('keys.unlock', { password: '' });
    const page = (await call('hosts.page', { offset: 0, limit: 100 })) as {
      rows: { uuid: string; computer_fqdn: string; reachable: string | null }[];
    };
    const online = page.rows.filter((r) => r.reachable === 'OK').slice(0, 3);
    const offline = page.rows.filter((r) => r.reachable !== 'OK').slice(0, 1);
    expect(online).toHaveLength(3);
    expect(offline).toHaveLength(1);
    const before = (await call('hosts.details', { uuid: online[0]!.uuid })) as {
      wua: { lastScanDate: string | null };
    };

    const { jobId } = (await call('actions.trigger', {
      action: 'waptwua_scan',
      hosts: [...online, ...offline].map((h) => ({ uuid: h.uuid, host: h.computer_fqdn })),
      concurrency: 2,
    })) as { jobId: string };
    const st = await waitFinished(call, jobId);
    const byUuid = new Map(st.rows.map((r) => [r.uuid, r]));
    for (const h of online) expect(byUuid.get(h.uuid)).toMatchObject({ state: 'OK', progress: 100 });
    expect(byUuid.get(offline[0]!.uuid)).toMatchObject({ state: 'SKIPPED', message: 'Not connected' });

    const after = (await call('hosts.details', { uuid: online[0]!.uuid })) as {
      wua: { lastScanDate: string | null };
    };
    expect(after.wua.lastScanDate).not.toBe(before.wua.lastScanDate);
    const streamed = events
      .filter(([e]) => e === 'actions.hostStatus')
      .flatMap(([, p]) => (p as { rows: HostActionRow[] }).rows);
    expect(streamed.some((r) => r.state === 'SENT' || r.state === 'RUNNING')).toBe(true);
    expect(
      events.some(([e, p]) => e === 'jobs.finished' && (p as { state: string }).state === 'succeeded'),
    ).toBe(true);

    // The agent's task list shows the finished scan; an offline host's cannot be read.
    const tasks = (await call('hosts.tasks', { uuid: online[0]!.uuid })) as {
      reachable: boolean;
      tasks: { state: string; progress: number | null; description: string | null }[];
    };
    expect(tasks.reachable).toBe(true);
    expect(tasks.tasks[0]).toMatchObject({ state: 'DONE', progress: 100 });
    expect(tasks.tasks[0]!.description).toMatch(/scan/i);
    expect(await call('hosts.tasks', { uuid: offline[0]!.uuid })).toMatchObject({
      reachable: false,
      tasks: [],
    });

    // Nothing failed, so there is nothing to retry.
    await expect(call('actions.retryFailed', { jobId })).rejects.toMatchObject({
      wire: { code: 'VALIDATION' },
    });
  });

  it('an unknown host ends in ERROR and only it is retried', async () => {
    const { call } = await connect();
    await call('keys.configure', {
      keyPath: server.demoSigner!.keyPath,
      certificatePath: server.demoSigner!.certificatePath,
    });
    await call('keys.unlock', { password: '' });
    const page = (await call('hosts.page', { offset: 0, limit: 50, search: { connectedOnly: true } })) as {
      rows: { uuid: string; computer_fqdn: string }[];
    };
    const good = page.rows[0]!;
    const { jobId } = (await call('actions.trigger', {
      action: 'update',
      hosts: [
        { uuid: good.uuid, host: good.computer_fqdn },
        { uuid: 'no-such-host', host: 'ghost' },
      ],
    })) as { jobId: string };
    const st = await waitFinished(call, jobId);
    expect(st.rows.find((r) => r.uuid === 'no-such-host')!.state).toBe('ERROR');
    expect(st.rows.find((r) => r.uuid === good.uuid)!.state).toBe('OK');
    const retry = (await call('actions.retryFailed', { jobId })) as { jobId: string };
    const st2 = await waitFinished(call, retry.jobId);
    expect(st2.rows.map((r) => r.uuid)).toEqual(['no-such-host']);
  });

  it('parses the server message of trigger_host_action', () => {
    expect(parseTriggerMessage('1 actions launched, 0 errors, 2 skipped, 0 server errors')).toEqual({
      launched: 1,
      errors: 0,
      skipped: 2,
    });
    expect(parseTriggerMessage('nonsense')).toBeNull();
  });
});
