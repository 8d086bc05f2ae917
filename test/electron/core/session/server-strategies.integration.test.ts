import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../common/ipc/contract';
import type { FleetScanStatus, AuditSummary } from '../../../../common/ipc/methods/audit';
import type { HostsList } from '../../../../common/ipc/methods/hosts';
import type { UpdatesPage } from '../../../../common/ipc/methods/updates';
import type { SessionStatus } from '../../../../common/ipc/session-status';
import { FleetWuaScan } from '../../../../electron/core/fleet/wua-fleet-scan';
import { silentLogger } from '../../../../electron/core/ports';
import { GENUINE_CAPABILITIES } from '../../../../electron/core/session/feature-guard';
import { createDispatcher } from '../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../electron/ipc/handlers/index';
import { makeTestCore } from '../../../support/fake-core';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../../support/reference-server';
import { useTempDirs } from '../../../support/temp-dir';

/*
 * The console's strategy per server (docs/server-capabilities.md), over real HTTP against the
 * reference server's two profiles: the default one (every extension advertised) and the strict
 * `wapt-1.8.2` one, which behaves like a genuine 1.8.2 server of either edition.
 */
type Server = Awaited<ReturnType<typeof startTestServer>>;
/** Enough hosts to page and to need several requests per worker; each host costs one host_data call. */
const STRICT_HOSTS = 160;
let reference: Server;
let strictEnterprise: Server;
let strictCommunity: Server;
beforeAll(async () => {
  [reference, strictEnterprise, strictCommunity] = await Promise.all([
    startTestServer({ hosts: 120 }),
    startTestServer({ hosts: STRICT_HOSTS, profile: 'wapt-1.8.2', edition: 'enterprise' }),
    startTestServer({
      hosts: 20,
      profile: 'wapt-1.8.2',
      edition: 'community',
      users: [{ name: 'auditor', password: 'auditor-password-1', acls: {} }],
    }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([reference?.stop(), strictEnterprise?.stop(), strictCommunity?.stop()]);
});

describe('the console adapts to what the server offers', () => {
  const tmp = useTempDirs();

  const connect = async (server: Server, user = 'admin', password = TEST_ADMIN_PASSWORD) => {
    const { core } = makeTestCore(tmp());
    const events: [EventName, unknown][] = [];
    const ctx = {
      transport: 'browser' as const,
      emit: <E extends EventName>(e: E, p: EventPayload<E>) => void events.push([e, p]),
    };
    const dispatch = createDispatcher(createHandlers(core), silentLogger);
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await dispatch(m, input, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { wire: r.error });
      return r.value as T;
    };
    const status = await call<SessionStatus>('session.connect', {
      serverUrl: server.url,
      user,
      password,
      verifyTls: true,
    });
    return { core, call, events, status };
  };

  const finished = async (events: [EventName, unknown][], jobId: string) => {
    for (let i = 0; i < 600; i++) {
      const f = events.find(([e, p]) => e === 'jobs.finished' && (p as { jobId: string }).jobId === jobId);
      if (f) return f[1] as EventPayload<'jobs.finished'>;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not finish');
  };

  it('the default reference server: every extension, and the console’s own counts equal its aggregates', async () => {
    const { core, status, call } = await connect(reference);
    expect(status.capabilities).toEqual({
      edition: 'enterprise',
      extensions: ['hosts_paging', 'wua_host_counts', 'action_results'],
      hostsPaging: true,
      wua: true,
      wuaHostCounts: true,
      actionResults: true,
    });
    // The same computation the console runs for a genuine server, run here where the server's
    // own SQL aggregates exist to check it against.
    const scan = new FleetWuaScan(
      () => core.session.connectedClient(),
      () => GENUINE_CAPABILITIES('enterprise'),
      core.jobs,
    );
    const events: [EventName, unknown][] = [];
    const { jobId } = scan.start((e, p) => void events.push([e, p]));
    expect((await finished(events, jobId)).state).toBe('succeeded');
    const snap = scan.snapshot()!;
    expect(snap.hostsTotal).toBe(120);
    const updates = await core.updates.all({
      products: null,
      classifications: null,
      severities: null,
      text: '',
      cached: 'all',
      hasKb: false,
    });
    expect(updates.countsSource).toBe('server');
    let compared = 0;
    for (const u of updates.rows) {
      const mine = snap.perUpdate.get(u.update_id) ?? {
        ok: 0,
        pending: 0,
        missing: 0,
        error: 0,
        discarded: 0,
      };
      expect([mine.ok, mine.pending, mine.missing, mine.error, mine.discarded], u.update_id).toEqual([
        u.hosts_ok,
        u.hosts_pending,
        u.hosts_missing,
        u.hosts_error,
        u.hosts_discarded,
      ]);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
    const page = await call<{ rows: HostsList['rows'] }>('hosts.page', { offset: 0, limit: 200 });
    for (const h of page.rows) {
      const mine = snap.perHost.get(h.uuid)!;
      expect([mine.ok, mine.pending, mine.missing, mine.error, mine.discarded], h.uuid).toEqual([
        h.wua_ok_count ?? 0,
        h.wua_pending_count ?? 0,
        h.wua_missing_count ?? 0,
        h.wua_error_count ?? 0,
        h.wua_discarded_count ?? 0,
      ]);
    }
  }, 60_000);

  it('a strict enterprise server: counts hidden until computed from every host, then filled, paged and sorted here', async () => {
    const { call, events, status } = await connect(strictEnterprise);
    expect(status.capabilities).toEqual({
      edition: 'enterprise',
      extensions: [],
      hostsPaging: false,
      wua: true,
      wuaHostCounts: false,
      actionResults: false,
    });
    const before = await call<FleetScanStatus>('audit.fleetScanStatus', {});
    expect([before.needed, before.state]).toEqual([true, 'none']);
    const noCounts = await call<UpdatesPage>('updates.page', { offset: 0, limit: 50 });
    expect(noCounts.countsSource).toBe('none');
    expect(noCounts.rows.length).toBeGreaterThan(0);
    expect(noCounts.rows.every((r) => r.hosts_total === null && r.hosts_ok === null)).toBe(true);
    // Facets come from the reported updates themselves (the facet routes are the reference server's).
    const facets = await call<{ products: { name: string; count: number | null }[] }>('updates.facets', {});
    expect(facets.products.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(noCounts.total);
    const health = await call<{ updatesTotal: number; tasksRunning: number | null }>(
      'updates.catalogHealth',
      {},
    );
    expect(health.updatesTotal).toBe(noCounts.total);
    const auditBefore = await call<AuditSummary>('audit.summary', {});
    expect([auditBefore.countsSource, auditBefore.countsAvailable]).toEqual(['none', false]);

    const { jobId } = await call<{ jobId: string }>('audit.startFleetScan', {});
    // A second start while it runs joins the same job.
    expect((await call<{ jobId: string }>('audit.startFleetScan', {})).jobId).toBe(jobId);
    expect((await finished(events, jobId)).state).toBe('succeeded');
    const progress = events.filter(
      ([e, p]) => e === 'jobs.progress' && (p as { jobId: string }).jobId === jobId,
    );
    expect(progress.length).toBeGreaterThan(1);
    expect((progress.at(-1)![1] as { message: string }).message).toBe(`${STRICT_HOSTS}/${STRICT_HOSTS}`);
    const after = await call<FleetScanStatus>('audit.fleetScanStatus', {});
    expect(after).toMatchObject({
      state: 'ready',
      done: STRICT_HOSTS,
      total: STRICT_HOSTS,
      limitReached: false,
      hostsFailed: 0,
    });
    expect(Date.parse(after.asOf!)).toBeGreaterThan(Date.now() - 120_000);

    // Every update reachable exactly once over small pages, in the order asked, with the true total.
    const seen: UpdatesPage['rows'] = [];
    let total = -1;
    for (let offset = 0; ; offset += 7) {
      const p = await call<UpdatesPage>('updates.page', {
        offset,
        limit: 7,
        sort: { colId: 'hosts_pending', desc: true },
      });
      expect(p.countsSource).toBe('computed');
      expect(p.countsAsOf).toBe(after.asOf);
      total = p.total;
      seen.push(...p.rows);
      if (p.rows.length < 7) break;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((r) => r.update_id)).size).toBe(total);
    const pending = seen.map((r) => r.hosts_pending!);
    expect(pending).toEqual([...pending].sort((a, b) => b - a));
    expect(seen.some((r) => r.hosts_total! > 0)).toBe(true);

    // Per-host counts in the hosts listing add up to the per-update counts.
    const hosts = await call<HostsList>('hosts.list', { limit: 2000 });
    expect(hosts.rows).toHaveLength(STRICT_HOSTS);
    const hostSum = hosts.rows.reduce((s, h) => s + (h.wua_pending_count ?? 0) + (h.wua_ok_count ?? 0), 0);
    const updateSum = seen.reduce((s, u) => s + u.hosts_pending! + u.hosts_ok!, 0);
    expect(hostSum).toBe(updateSum);
    expect(hosts.rows.every((h) => h.wua_ok_count !== null)).toBe(true);

    const audit = await call<AuditSummary>('audit.summary', {});
    expect([audit.countsSource, audit.countsAvailable, audit.asOf]).toEqual(['computed', true, after.asOf]);
    expect(audit.overall.ok).toBe(seen.reduce((s, u) => s + u.hosts_ok!, 0));
  }, 90_000);

  it('a fleet computation can be cancelled: nothing half-computed is kept', async () => {
    const { call, events } = await connect(strictEnterprise);
    const { jobId } = await call<{ jobId: string }>('audit.startFleetScan', {});
    await call('jobs.cancel', { jobId });
    expect((await finished(events, jobId)).state).toBe('cancelled');
    const st = await call<FleetScanStatus>('audit.fleetScanStatus', {});
    expect([st.state, st.asOf]).toEqual(['cancelled', null]);
    expect((await call<UpdatesPage>('updates.page', { offset: 0, limit: 5 })).countsSource).toBe('none');
  }, 60_000);

  it('a strict community server: every Windows-update feature is NOT_SUPPORTED (feature wua), never a raw 404', async () => {
    const { call, status } = await connect(strictCommunity);
    expect(status.capabilities).toMatchObject({ edition: 'community', wua: false, extensions: [] });
    const refused = async (m: string, input: unknown) => {
      try {
        await call(m, input);
      } catch (e) {
        return (e as { wire: { code: string; details?: { feature?: string } } }).wire;
      }
      throw new Error(`${m} should have been refused`);
    };
    for (const [m, input] of [
      ['updates.page', { offset: 0, limit: 10 }],
      ['updates.facets', {}],
      ['updates.cabHistory', {}],
      ['audit.summary', {}],
      ['audit.startFleetScan', {}],
      ['wuaRules.list', {}],
      ['actions.trigger', { action: 'waptwua_scan', hosts: [{ uuid: 'x', host: 'x' }] }],
    ] as const) {
      const wire = await refused(m, input);
      expect([m, wire.code, wire.details?.feature]).toEqual([m, 'NOT_SUPPORTED', 'wua']);
    }
    // What every edition has keeps working.
    expect((await call<HostsList>('hosts.list', { limit: 2000 })).rows).toHaveLength(20);
    expect((await call<FleetScanStatus>('audit.fleetScanStatus', {})).needed).toBe(false);
  }, 60_000);

  it('a genuine login answer with user_acls and hosts_count null is accepted', async () => {
    const { status } = await connect(strictCommunity, 'auditor', 'auditor-password-1');
    expect([status.connected, status.hostsCount, status.edition]).toEqual([true, null, 'community']);
  }, 30_000);
});
