import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { HostActionRow, HostActionRun } from '../../../../common/ipc/methods/actions';
import type { HostsList } from '../../../../common/ipc/methods/hosts';
import type { SessionStatus } from '../../../../common/ipc/session-status';
import { HostActionsService } from '../../../../electron/core/fleet/host-actions';
import { silentLogger } from '../../../../electron/core/ports';
import { sessionCapabilities } from '../../../../electron/core/session/feature-guard';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

/*
 * Host actions against a server that relays no result (the strict `wapt-1.8.2` profile, like a
 * genuine 1.8.2 server): the console follows each host's task through host_tasks_status, shows
 * SENT ("sent, waiting for the agent") until the agent's task appears, then its outcome, and gives
 * up per host after the follow-up time (TIMEOUT) instead of waiting silently.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ hosts: 30, speed: 20, profile: 'wapt-1.8.2', edition: 'enterprise' });
}, 60_000);
afterAll(async () => server?.stop());

describe('host actions on a server that relays no result', () => {
  const tmp = useTempDirs();

  const connect = async () => {
    const { core } = makeTestCore(tmp());
    const events: [EventName, unknown][] = [];
    const emit = <E extends EventName>(e: E, p: EventPayload<E>) => void events.push([e, p]);
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await dispatch(m, input, { transport: 'browser', emit });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as T;
    };
    const status = await call<SessionStatus>('session.connect', {
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
    const hosts = (await call<HostsList>('hosts.list', { limit: 100 })).rows;
    return { core, call, events, emit, status, hosts };
  };

  const waitFinished = async (status: () => HostActionRun | Promise<HostActionRun>) => {
    for (let i = 0; i < 1200; i++) {
      const st = await status();
      if (st.finished) return st;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('host action did not finish');
  };

  const streamed = (events: [EventName, unknown][]) =>
    events
      .filter(([e]) => e === 'actions.hostStatus')
      .flatMap(([, p]) => (p as { rows: HostActionRow[] }).rows);

  it('follows each task through host_tasks_status: SENT, then the agent’s outcome; offline hosts are skipped', async () => {
    const { call, events, status, hosts } = await connect();
    expect(status.capabilities?.actionResults).toBe(false);
    const online = hosts.filter((h) => h.reachable === 'OK').slice(0, 2);
    const offline = hosts.find((h) => h.reachable !== 'OK')!;
    expect(online).toHaveLength(2);
    const { jobId } = await call<{ jobId: string }>('actions.trigger', {
      action: 'update',
      hosts: [...online, offline].map((h) => ({ uuid: h.uuid, host: h.computer_fqdn ?? h.uuid })),
    });
    const st = await waitFinished(() => call<HostActionRun>('actions.status', { jobId }));
    const byUuid = new Map(st.rows.map((r) => [r.uuid, r]));
    for (const h of online) expect(byUuid.get(h.uuid)).toMatchObject({ state: 'OK', progress: 100 });
    expect(byUuid.get(offline.uuid)).toMatchObject({ state: 'SKIPPED' });
    const states = streamed(events)
      .filter((r) => r.uuid === online[0]!.uuid)
      .map((r) => r.state);
    expect(states[0]).toBe('SENT');
    expect(states.at(-1)).toBe('OK');
  }, 60_000);

  it('gives up on a host after the follow-up time (TIMEOUT), and such hosts can be retried', async () => {
    const { core, emit, hosts } = await connect();
    const online = hosts.find((h) => h.reachable === 'OK')!;
    // A Windows-update install lasts 300 simulated seconds (15 s here): longer than 2 s of follow-up.
    const service = new HostActionsService(
      () => core.session.connectedClient(),
      () => core.adminKey.requireSigner(),
      core.jobs,
      sessionCapabilities(core.session),
      async () => 2 / 60,
    );
    const started = Date.now();
    const { jobId } = service.start(
      { action: 'waptwua_install', hosts: [{ uuid: online.uuid, host: 'h' }], updateIds: [], concurrency: 1 },
      emit,
    );
    const st = await waitFinished(() => service.status(jobId));
    expect(st.rows[0]).toMatchObject({
      state: 'TIMEOUT',
      message: expect.stringMatching(/no outcome/) as string,
    });
    expect(Date.now() - started).toBeLessThan(12_000);
    const retry = service.retryFailed(jobId, emit);
    expect(retry.jobId).not.toBe(jobId);
    core.jobs.cancel(retry.jobId);
  }, 60_000);
});
