import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../../common/domain/control';
import { buildPackageFromFiles } from '../../wapt/packages/index';
import {
  createKeyAndCertificate,
  createSigner,
  loadPrivateKey,
  signClaim,
  type PackageSigner,
} from '../../wapt/signing/index';
import { startReferenceServer } from '../../server/index';
import { client, demoSigner, startTestServer, until } from './helpers';

type Row = Record<string, unknown>;
let env: Awaited<ReturnType<typeof startTestServer>>;
let api: ReturnType<typeof client>;
let signer: PackageSigner;
let online: Row[];
let offline: Row[];

const COUNTS =
  'wua_ok_count,wua_pending_count,wua_missing_count,wua_discarded_count,wua_error_count,reachable,listening_protocol';

beforeAll(async () => {
  env = await startTestServer({ hosts: 30 });
  api = client(env.server.url);
  signer = demoSigner(env.dataDir);
  const hosts = (await api.get<Row[]>(`/api/v1/hosts?columns=${COUNTS}&limit=1000`)).json.result!;
  online = hosts.filter((h) => h.reachable === 'OK');
  offline = hosts.filter((h) => h.reachable !== 'OK');
});
afterAll(async () => env.cleanup());

const action = (
  uuid: unknown,
  name: string,
  extra: Record<string, string | boolean | string[]> = {},
  s = signer,
) => signClaim({ action: name, uuid: String(uuid), notify_server: true, force: true, ...extra }, s);

/** Waits until the host's queue is empty and returns the final status. */
async function settle(uuid: unknown): Promise<Row> {
  return until(async () => {
    const r = (await api.get<Row>(`/api/v3/host_tasks_status?uuid=${String(uuid)}`)).json.result!;
    return r.running === null && (r.pending as unknown[]).length === 0 ? r : undefined;
  });
}

describe('trigger_host_action (§5.2)', () => {
  it('refuses unsigned, forged, expired and untrusted actions with ewaptbadsignature and launches nothing', async () => {
    const uuid = online[0]!.uuid;
    const unsigned = await api.post('/api/v3/trigger_host_action', { action: 'trigger_host_update', uuid });
    expect(unsigned.json).toMatchObject({ success: false, error_code: 'ewaptbadsignature' });
    const forged = { ...action(uuid, 'trigger_host_update'), uuid: online[1]!.uuid };
    expect((await api.post('/api/v3/trigger_host_action', forged)).json).toMatchObject({
      success: false,
      error_code: 'ewaptbadsignature',
    });
    const old = signClaim({ action: 'trigger_host_update', uuid: String(uuid) }, signer, {
      now: new Date(Date.now() - 7 * 3600 * 1000),
    });
    expect((await api.post('/api/v3/trigger_host_action', old)).json).toMatchObject({
      success: false,
      error_code: 'ewaptbadsignature',
    });
    const other = await createKeyAndCertificate({ commonName: 'Intruder' });
    const intruder = createSigner({
      key: loadPrivateKey(other.keyPem),
      certificateChain: [other.certificate],
    });
    expect(
      (await api.post('/api/v3/trigger_host_action', action(uuid, 'trigger_host_update', {}, intruder))).json,
    ).toMatchObject({ success: false, error_code: 'ewaptbadsignature' });
    // A list with one bad element is refused whole.
    expect(
      (
        await api.post('/api/v3/trigger_host_action', [
          action(uuid, 'trigger_host_update'),
          { action: 'x', uuid, signature: '' },
        ])
      ).json.success,
    ).toBe(false);
    const status = (await api.get<Row>(`/api/v3/host_tasks_status?uuid=${String(uuid)}`)).json.result!;
    expect(status.last_task_id).toBe(0);
  });

  it('counts launched, errors and skipped (offline hosts, unknown hosts)', async () => {
    const list = [
      action(online[0]!.uuid, 'trigger_longtask'),
      action('no-such-host', 'trigger_longtask'),
      ...(offline.length ? [action(offline[0]!.uuid, 'trigger_longtask')] : []),
    ];
    const r = await api.post('/api/v3/trigger_host_action?timeout=5', list);
    expect(r.json.msg).toBe(
      `1 actions launched, 1 errors, ${offline.length ? 1 : 0} skipped, 0 server errors`,
    );
    expect(r.json.result).toEqual([]);
    expect(r.json.success).toBe(false);
    if (offline.length)
      expect(
        (await api.get(`/api/v3/host_tasks_status?uuid=${String(offline[0]!.uuid)}`)).json,
      ).toMatchObject({ success: false, error_code: 'ewapthostunreachable' });
    await settle(online[0]!.uuid);
  });

  it('a signed scan + install changes host states, per-host counts and per-update counts', async () => {
    const host =
      online.find((h) => Number(h.wua_pending_count) + Number(h.wua_missing_count) > 0) ?? online[0]!;
    const uuid = String(host.uuid);
    const updatesBefore = (await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=wsusupdates`)).json
      .result!;
    const r = await api.post('/api/v3/trigger_host_action', [
      action(uuid, 'trigger_waptwua_scan'),
      action(uuid, 'trigger_waptwua_install'),
    ]);
    expect(r.json).toMatchObject({
      success: true,
      msg: '2 actions launched, 0 errors, 0 skipped, 0 server errors',
    });
    const first = (await api.get<Row>(`/api/v3/host_tasks_status?uuid=${uuid}`)).json.result!;
    expect(Number(first.last_task_id)).toBeGreaterThanOrEqual(2);
    const final = await settle(uuid);
    const finished = [...(final.done as Row[]), ...(final.errors as Row[])];
    for (const k of [
      'id',
      'classname',
      'priority',
      'order',
      'force',
      'create_date',
      'start_date',
      'finish_date',
      'logs',
      'result',
      'summary',
      'progress',
      'runstatus',
      'description',
      'pidlist',
      'notify_user',
      'notify_server_on_start',
      'notify_server_on_finish',
      'created_by',
    ]) {
      expect(finished[0]).toHaveProperty(k);
    }
    expect(finished.map((t) => t.classname)).toEqual(
      expect.arrayContaining(['WaptWUAScanUpdates', 'WaptWUAInstallUpdates']),
    );
    const updatesAfter = (await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=wsusupdates`)).json
      .result!;
    const installedBefore = updatesBefore.filter((u) => u.local_status_installed).length;
    const installedAfter = updatesAfter.filter((u) => u.local_status_installed).length;
    const pendingBefore = updatesBefore.filter(
      (u) => u.local_status_status === 'PENDING' && !u.local_status_delayed,
    ).length;
    expect(installedAfter).toBeGreaterThanOrEqual(installedBefore + (pendingBefore > 0 ? 1 : 0));
    const status = (await api.get<Row>(`/api/v1/host_data?uuid=${uuid}&field=waptwua_status`)).json.result!;
    expect(status.last_install_date).not.toBeNull();
    // Aggregates stay exact after the change.
    const h = (await api.get<Row[]>(`/api/v1/hosts?uuid=${uuid}&columns=${COUNTS}`)).json.result![0]!;
    const byStatus = (s: string) => updatesAfter.filter((u) => u.local_status_status === s).length;
    expect([
      h.wua_ok_count,
      h.wua_pending_count,
      h.wua_missing_count,
      h.wua_discarded_count,
      h.wua_error_count,
    ]).toEqual([
      byStatus('OK'),
      byStatus('PENDING'),
      byStatus('MISSING'),
      byStatus('DISCARDED'),
      byStatus('ERROR'),
    ]);
    const ids = updatesAfter.slice(0, 20).map((u) => String(u.update_id));
    const fleet = (await api.get<Row[]>(`/api/v2/windows_updates?update_ids=${ids.join(',')}`)).json.result!;
    const allHosts = (await api.get<Row[]>('/api/v1/hosts?columns=uuid&limit=1000')).json.result!;
    const perUpdate = new Map<string, number>();
    for (const hh of allHosts) {
      for (const u of (await api.get<Row[]>(`/api/v1/host_data?uuid=${String(hh.uuid)}&field=wsusupdates`))
        .json.result ?? []) {
        if (ids.includes(String(u.update_id)) && u.local_status_status === 'OK')
          perUpdate.set(String(u.update_id), (perUpdate.get(String(u.update_id)) ?? 0) + 1);
      }
    }
    for (const u of fleet) expect(u.hosts_ok).toBe(perUpdate.get(String(u.update_id)) ?? 0);
  });

  it('a new rules package uploaded then a scan changes decisions (forbidden KB → DISCARDED)', async () => {
    const host =
      online.find((h) => Number(h.wua_pending_count) + Number(h.wua_missing_count) > 0) ?? online[1]!;
    const uuid = String(host.uuid);
    const rows = (await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=wsusupdates`)).json.result!;
    const target = rows.find(
      (u) => !u.local_status_installed && (u.kbids as string[]).length > 0 && u.local_status_allowed,
    );
    expect(target).toBeDefined();
    if (target === undefined) return;
    const kb = `KB${(target.kbids as string[])[0]!}`;
    const carried = (
      await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=installed_packages`)
    ).json.result!.find((p) => p.package === 'demo-waptwua-baseline')!;
    const rules = JSON.stringify({ allowed_classifications: ['Security Updates'], forbidden_kbs: [kb] });
    const built = await buildPackageFromFiles({
      signer,
      control: createControl({
        package: 'demo-waptwua-baseline',
        version: `${Number(carried.version) + 1}`,
        architecture: 'all',
        section: 'wsus',
      }),
      files: [
        { path: 'WAPT/waptwua_rules.json', content: rules },
        { path: 'WAPT/persistent/waptwua_rules.json', content: rules },
      ],
      outDir: env.dataDir + '/tmp',
    });
    expect(
      (
        await api.post('/api/v3/upload_packages', readFileSync(built.path), {
          'content-type': 'binary/octet-stream',
        })
      ).json.success,
    ).toBe(true);
    await api.post('/api/v3/trigger_host_action', action(uuid, 'trigger_waptwua_scan'));
    await settle(uuid);
    const after = (
      await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=wsusupdates`)
    ).json.result!.find((u) => u.update_id === target.update_id)!;
    expect(after).toMatchObject({ local_status_status: 'DISCARDED', local_status_allowed: false });
    const w = (await api.get<Row>(`/api/v1/host_data?uuid=${uuid}&field=waptwua_rules`)).json.result!;
    expect((w.rules as Record<string, string[]>).forbidden_kbs).toContain(kb);
  });

  it('packages: update marks upgrades, upgrade installs them, install/remove change installed_packages', async () => {
    const uuid = String(online[2]?.uuid ?? online[0]!.uuid);
    await api.post('/api/v3/trigger_host_action', [
      action(uuid, 'trigger_install_packages', { packages: ['demo-firefox'] }),
      action(uuid, 'trigger_host_upgrade'),
    ]);
    await settle(uuid);
    const pk = (await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=installed_packages`)).json.result!;
    expect(pk.find((p) => p.package === 'demo-firefox')).toBeDefined();
    await api.post(
      '/api/v3/trigger_host_action',
      action(uuid, 'trigger_remove_packages', { packages: ['demo-firefox'] }),
    );
    await settle(uuid);
    expect(
      (await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=installed_packages`)).json.result!.find(
        (p) => p.package === 'demo-firefox',
      ),
    ).toBeUndefined();
    // install_packages must sign its `packages` attribute.
    const unsignedPackages = { ...action(uuid, 'trigger_install_packages'), packages: ['demo-7zip'] };
    expect((await api.post('/api/v3/trigger_host_action', unsignedPackages)).json.error_code).toBe(
      'ewaptbadsignature',
    );
  });

  it('host_tasks_status long-polls on last_event_id', async () => {
    const uuid = String(online[0]!.uuid);
    const s = (await api.get<Row>(`/api/v3/host_tasks_status?uuid=${uuid}`)).json.result!;
    const quiet = await api.get<Row>(
      `/api/v3/host_tasks_status?uuid=${uuid}&last_event_id=${String(s.last_event_id)}&timeout=0`,
    );
    expect(quiet.json.result).toEqual({ last_event_id: s.last_event_id });
    const waiting = api.get<Row>(
      `/api/v3/host_tasks_status?uuid=${uuid}&last_event_id=${String(s.last_event_id)}&timeout=10`,
    );
    await api.post('/api/v3/trigger_host_action', action(uuid, 'show_message', { msg: 'hello' }));
    const woke = (await waiting).json.result!;
    expect(Number(woke.last_event_id)).toBeGreaterThan(Number(s.last_event_id));
    expect(woke).toHaveProperty('pending');
    await settle(uuid);
  });
});

describe('persistence', () => {
  it('keeps hosts, states and packages across a restart; applies the new admin password', async () => {
    const before = (await api.get<Row[]>(`/api/v1/hosts?columns=${COUNTS}&limit=1000&order_by=uuid`)).json
      .result!;
    const pk = (await api.get<Row[]>('/api/v3/known_packages')).json.result!;
    await env.server.close();
    const again = await startReferenceServer({
      dataDir: env.dataDir,
      demo: true,
      hosts: 999,
      adminPassword: 'another password',
      simulation: { speed: 2000 },
    });
    try {
      expect((await client(again.url).get('/api/v1/hosts')).status).toBe(401);
      const c = client(again.url, `Basic ${Buffer.from('admin:another password').toString('base64')}`);
      const after = (await c.get<Row[]>(`/api/v1/hosts?columns=${COUNTS}&limit=1000&order_by=uuid`)).json
        .result!;
      expect(after.map((h) => [h.uuid, h.wua_ok_count, h.wua_pending_count])).toEqual(
        before.map((h) => [h.uuid, h.wua_ok_count, h.wua_pending_count]),
      );
      expect((await c.get<Row[]>('/api/v3/known_packages')).json.result).toEqual(pk);
      expect(again.demoSigner).toBeDefined();
    } finally {
      await again.close();
      env.server = { ...env.server, close: async () => undefined };
    }
  });
});
