import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { HostActionRun, QueuedAction } from '../../../../common/ipc/methods/actions';
import type { HostsList } from '../../../../common/ipc/methods/hosts';
import { HostActionsService } from '../../../../electron/core/fleet/host-actions';
import { silentLogger, type Clock } from '../../../../electron/core/ports';
import { sessionCapabilities } from '../../../../electron/core/session/feature-guard';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { startCountingProxy, type SeenRequest } from '../../../support/counting-proxy';
import { makeTestCore } from '../../../support/fake-core';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

/*
 * Issue 16 against the real reference server, in both profiles (the strict one relays no result,
 * like a genuine 1.8.2 server): claims go out as JSON arrays, a few requests for many hosts (a
 * counting proxy sees every request), each host ends with its own outcome, and hosts skipped as
 * not connected can be queued until they connect — across a console restart and an expiry.
 */
describe.each(SERVER_PROFILES)('batched host actions and the queue (%s profile)', (profile) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  beforeAll(async () => {
    server = await startTestServer({ hosts: 40, speed: 100, profile, edition: 'enterprise' });
    proxy = await startCountingProxy(server.url);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });
  const tmp = useTempDirs();
  const triggers = (from = 0): SeenRequest[] =>
    proxy.seen
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path.startsWith('/api/v3/trigger_host_action'));

  /** A test clock the queue reads (expiry); starts at the real time. */
  const testClock = () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
    return { clock, advanceHours: (h: number) => (offsetMs += h * 3_600_000) };
  };

  const connect = async (userDataDir: string, clock?: Clock) => {
    const { core } = makeTestCore(userDataDir, { actionQueueCheckMs: 0, ...(clock ? { clock } : {}) });
    const emit = <E extends EventName>(_e: E, _p: EventPayload<E>) => undefined;
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await dispatch(m, input, { transport: 'browser', emit });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as T;
    };
    await call('session.connect', {
      serverUrl: proxy.url,
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
      verifyTls: true,
    });
    await call('keys.configure', {
      keyPath: server.demoSigner!.keyPath,
      certificatePath: server.demoSigner!.certificatePath,
    });
    await call('keys.unlock', { password: '' });
    return { core, call, emit };
  };

  const waitFinished = async (status: () => HostActionRun | Promise<HostActionRun>) => {
    for (let i = 0; i < 1200; i++) {
      const st = await status();
      if (st.finished) return st;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('host action did not finish');
  };

  const fleet = async (call: <T>(m: string, i: unknown) => Promise<T>) => {
    const rows = (await call<HostsList>('hosts.list', { limit: 100 })).rows;
    return {
      online: rows.filter((h) => h.reachable === 'OK'),
      offline: rows.filter((h) => h.reachable !== 'OK'),
    };
  };

  /** Brings a host online in the server's database, as an agent reconnecting by websocket would. */
  const bringOnline = (uuid: string) => {
    const db = new Database(path.join(server.dataDir, 'db', 'server.sqlite'));
    try {
      db.pragma('busy_timeout = 5000');
      const n = db
        .prepare(
          `UPDATE hosts SET reachable = 'OK', listening_protocol = 'websockets',
             server_uuid = (SELECT server_uuid FROM hosts WHERE listening_protocol = 'websockets' LIMIT 1)
           WHERE uuid = ?`,
        )
        .run(uuid).changes;
      expect(n).toBe(1);
    } finally {
      db.close();
    }
  };

  it('sends the claims as JSON arrays (3 requests for 25 hosts at 10 per request); every host gets its own outcome', async () => {
    const { core, emit, call } = await connect(tmp());
    const { online, offline } = await fleet(call);
    const targets = [...online.slice(0, 23), ...offline.slice(0, 2)];
    expect(targets).toHaveLength(25);
    const service = new HostActionsService(
      () => core.session.connectedClient(),
      () => core.adminKey.requireSigner(),
      core.jobs,
      sessionCapabilities(core.session),
      async () => 1,
      { claimsPerRequest: 10, sendConcurrency: 2 },
    );
    const from = proxy.seen.length;
    const { jobId } = service.start(
      {
        action: 'update',
        hosts: targets.map((h) => ({ uuid: h.uuid, host: h.computer_fqdn ?? h.uuid })),
        updateIds: [],
        concurrency: 8,
      },
      emit,
    );
    const st = await waitFinished(() => service.status(jobId));
    const sent = triggers(from);
    // The strict server says nothing about who is connected: offline hosts are found first and not sent.
    const expectedClaims = profile === 'reference' ? 25 : 23;
    expect(sent).toHaveLength(Math.ceil(expectedClaims / 10));
    for (const r of sent) {
      expect(Array.isArray(r.json)).toBe(true);
      expect((r.json as unknown[]).length).toBeLessThanOrEqual(10);
    }
    const claims = sent.flatMap((r) => r.json as Array<{ uuid: string; signature: string }>);
    expect(claims).toHaveLength(expectedClaims);
    expect(new Set(claims.map((c) => c.uuid)).size).toBe(expectedClaims);
    expect(claims.every((c) => c.signature.length > 100)).toBe(true);
    const byUuid = new Map(st.rows.map((r) => [r.uuid, r]));
    for (const h of online.slice(0, 23))
      expect(byUuid.get(h.uuid)).toMatchObject({ state: 'OK', progress: 100 });
    for (const h of offline.slice(0, 2)) expect(byUuid.get(h.uuid)).toMatchObject({ state: 'SKIPPED' });
    expect(service.runOf(jobId).stats).toMatchObject({
      signed: expectedClaims,
      triggerRequests: Math.ceil(expectedClaims / 10),
    });
  }, 60_000);

  it('queues a skipped host, survives a restart, sends once when the host connects, and never again', async () => {
    const dir = tmp();
    const a = await connect(dir);
    const { online, offline } = await fleet(a.call);
    const target = offline[2]!;
    const { jobId } = await a.call<{ jobId: string }>('actions.trigger', {
      action: 'update',
      hosts: [online[0]!, target].map((h) => ({ uuid: h.uuid, host: h.computer_fqdn ?? h.uuid })),
    });
    const st = await waitFinished(() => a.call<HostActionRun>('actions.status', { jobId }));
    expect(st.rows.find((r) => r.uuid === target.uuid)!.state).toBe('SKIPPED');
    expect(await a.call('actions.queueSkipped', { jobId, expiryHours: 24 })).toEqual({ queued: 1 });
    await a.core.actionQueue.stop();

    // A new console process on the same user-data folder.
    const b = await connect(dir);
    const [entry] = (await b.call<{ entries: QueuedAction[] }>('actions.queueList', {})).entries;
    expect(entry).toMatchObject({ uuid: target.uuid, action: 'update', state: 'WAITING', sentAt: null });
    let from = proxy.seen.length;
    await b.core.actionQueue.tick();
    await b.core.actionQueue.idle();
    expect(triggers(from)).toHaveLength(0); // still offline: nothing sent

    bringOnline(target.uuid);
    from = proxy.seen.length;
    await b.core.actionQueue.tick();
    await b.core.actionQueue.idle();
    const sent = triggers(from);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.json as Array<{ uuid: string }>).map((c) => c.uuid)).toEqual([target.uuid]);
    const [done] = (await b.call<{ entries: QueuedAction[] }>('actions.queueList', {})).entries;
    expect(done).toMatchObject({ state: 'OK', sentAt: expect.any(String) as string });

    from = proxy.seen.length;
    await b.core.actionQueue.tick();
    await b.core.actionQueue.idle();
    await b.core.actionQueue.stop();
    // Another restart: the history is there and nothing is sent again.
    const c = await connect(dir);
    await c.core.actionQueue.tick();
    await c.core.actionQueue.idle();
    expect(triggers(from)).toHaveLength(0);
    expect((await c.call<{ entries: QueuedAction[] }>('actions.queueList', {})).entries[0]).toMatchObject({
      state: 'OK',
    });
    await c.core.actionQueue.stop();
  }, 60_000);

  it('an entry past its expiry is never sent, and a cancelled one neither', async () => {
    const dir = tmp();
    const { clock, advanceHours } = testClock();
    const a = await connect(dir, clock);
    const { offline } = await fleet(a.call);
    const [late, cancelled] = [offline[3]!, offline[4]!];
    const { jobId } = await a.call<{ jobId: string }>('actions.trigger', {
      action: 'update',
      hosts: [late, cancelled].map((h) => ({ uuid: h.uuid, host: h.computer_fqdn ?? h.uuid })),
    });
    await waitFinished(() => a.call<HostActionRun>('actions.status', { jobId }));
    await a.call('actions.queueSkipped', { jobId, uuids: [late.uuid], expiryHours: 24 });
    await a.call('actions.queueSkipped', { jobId, uuids: [cancelled.uuid], expiryHours: 48 });
    const listed = (await a.call<{ entries: QueuedAction[] }>('actions.queueList', {})).entries;
    const cancelId = listed.find((e) => e.uuid === cancelled.uuid)!.id;
    const after = (await a.call<{ entries: QueuedAction[] }>('actions.queueCancel', { ids: [cancelId] }))
      .entries;
    expect(after.find((e) => e.id === cancelId)!.state).toBe('CANCELLED');

    advanceHours(25);
    bringOnline(late.uuid);
    bringOnline(cancelled.uuid);
    const from = proxy.seen.length;
    await a.core.actionQueue.tick();
    await a.core.actionQueue.idle();
    expect(triggers(from)).toHaveLength(0);
    const final = (await a.call<{ entries: QueuedAction[] }>('actions.queueList', {})).entries;
    expect(final.find((e) => e.uuid === late.uuid)).toMatchObject({
      state: 'EXPIRED',
      sentAt: null,
      message: '',
      note: { step: 'actionQueue.EXPIRED' },
    });
    expect(final.find((e) => e.uuid === cancelled.uuid)).toMatchObject({
      state: 'CANCELLED',
      sentAt: null,
      message: '',
      note: { step: 'actionQueue.CANCELLED' },
    });
    await a.core.actionQueue.stop();
  }, 60_000);

  it('a queued package action keeps its packages: the claim sent later names them, signed (issue 13)', async () => {
    const dir = tmp();
    const a = await connect(dir);
    const { offline } = await fleet(a.call);
    // The last offline host: the tests before took theirs by index, this one runs last.
    const target = offline.at(-1)!;
    const { jobId } = await a.call<{ jobId: string }>('actions.trigger', {
      action: 'remove_packages',
      hosts: [{ uuid: target.uuid, host: target.computer_fqdn ?? target.uuid }],
      packages: ['demo-7zip'],
    });
    const st = await waitFinished(() => a.call<HostActionRun>('actions.status', { jobId }));
    expect(st.rows[0]!.state).toBe('SKIPPED');
    await a.call('actions.queueSkipped', { jobId, expiryHours: 24 });
    const [entry] = (await a.call<{ entries: QueuedAction[] }>('actions.queueList', {})).entries.filter(
      (e) => e.uuid === target.uuid,
    );
    expect(entry).toMatchObject({ action: 'remove_packages', packages: ['demo-7zip'], state: 'WAITING' });

    bringOnline(target.uuid);
    const from = proxy.seen.length;
    await a.core.actionQueue.tick();
    await a.core.actionQueue.idle();
    const sent = triggers(from);
    expect(sent).toHaveLength(1);
    const [claim] = sent[0]!.json as Array<Record<string, unknown>>;
    expect(claim).toMatchObject({
      action: 'trigger_remove_packages',
      uuid: target.uuid,
      force: false,
      packages: ['demo-7zip'],
    });
    expect(claim!.signed_attributes).toContain('packages');
    await a.core.actionQueue.stop();
  }, 60_000);
});
