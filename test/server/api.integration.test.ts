import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okEnvelope } from '../../server/http/envelope';
import { GENUINE_WSUS_ROW_KEYS, HOST_COUNT_KEYS } from '../../server/http/genuine';
import { ADMIN_PASSWORD, basic, client, startTestServer, until, type Envelope } from './helpers';

type Row = Record<string, unknown>;
let env: Awaited<ReturnType<typeof startTestServer>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  env = await startTestServer();
  api = client(env.server.url);
});
afterAll(async () => env.cleanup());

describe('auth (docs/wapt-server-api.md §2)', () => {
  it('answers 401 with the WAPT body and challenge without credentials or with a wrong password', async () => {
    for (const auth of [null, basic('admin', 'wrong'), basic('someone', ADMIN_PASSWORD), 'Bearer xyz']) {
      const r = await client(env.server.url, auth).get('/api/v1/hosts?limit=1');
      expect(r.status).toBe(401);
      expect(r.text).toBe('You have to login with proper credentials');
      expect(r.headers.get('www-authenticate')).toBe('Basic realm="Login Required"');
    }
  });

  it('answers 403 "Restricted access." to an authenticated user without the ACL', async () => {
    const db = new Database(path.join(env.dataDir, 'db', 'server.sqlite'));
    db.prepare(
      `INSERT INTO users (name, password_hash, acls) VALUES ('viewer', '!', '{"*":["view"]}')`,
    ).run();
    db.prepare(
      `INSERT INTO sessions (id, user, auth_method, auth_date, expires_ms) VALUES ('viewer-session-0123456789abcdef', 'viewer', 'passwd', '2024-01-01T00:00:00', ?)`,
    ).run(Date.now() + 60_000);
    db.close();
    const viewer = client(env.server.url, null);
    const cookie = { cookie: 'session=viewer-session-0123456789abcdef' };
    expect((await viewer.get('/api/v1/hosts?limit=1', cookie)).status).toBe(200);
    const r = await viewer.get('/api/v3/trusted_signers_certificates', cookie);
    expect(r.status).toBe(403);
    expect(r.text).toBe('Restricted access.\n');
  });

  it('logs in (JSON, GET form, Basic), sets a session cookie usable alone, then logs out', async () => {
    const anon = client(env.server.url, null);
    const r = await anon.post<Row>('/api/v3/login', { user: 'admin', password: ADMIN_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    const res = r.json.result!;
    expect(res).toMatchObject({
      version: '1.8.2.7373',
      edition: 'enterprise',
      hosts_count: 40,
      user_acls: { '*': ['admin'] },
    });
    expect((res.auth_result as Row).user).toBe('admin');
    expect(typeof res.token).toBe('string');
    const cookie = /session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![1]!;
    const withCookie = { cookie: `session=${cookie}` };
    expect((await anon.get('/api/v1/hosts?limit=1', withCookie)).status).toBe(200);
    const infos = await anon.get<Row>('/api/v3/user_infos', withCookie);
    expect(infos.json.result).toMatchObject({
      user: 'admin',
      auth_method: 'admin',
      user_acls: { '*': ['admin'] },
    });
    const out = await anon.get('/api/v3/logout', withCookie);
    expect(out.json).toEqual(okEnvelope(null, 'logout'));
    expect((await anon.get('/api/v1/hosts?limit=1', withCookie)).status).toBe(401);
    expect((await anon.get<Row>('/api/v3/user_infos', withCookie)).json.success).toBe(false);
    expect(
      (await anon.get(`/api/v3/login?user=admin&password=${encodeURIComponent(ADMIN_PASSWORD)}`)).status,
    ).toBe(200);
    expect((await client(env.server.url).post('/login')).status).toBe(200);
    expect((await anon.post('/api/v3/login', { user: 'admin', password: 'nope' })).status).toBe(401);
    // A token is not an API credential (1.8.2).
    expect((await client(env.server.url, `Bearer ${String(res.token)}`).get('/api/v1/hosts')).status).toBe(
      401,
    );
  });

  it('accepts a zlib-compressed login body flagged Content-Encoding: gzip', async () => {
    const { deflateSync } = await import('node:zlib');
    const body = deflateSync(Buffer.from(JSON.stringify({ user: 'admin', password: ADMIN_PASSWORD })));
    const r = await fetch(`${env.server.url}/api/v3/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    });
    expect(r.status).toBe(200);
  });
});

describe('/ping (§3.1)', () => {
  it('answers the envelope without auth, and HEAD with an empty 200', async () => {
    const r = await client(env.server.url, null).get<Row>('/ping');
    expect(r.json).toMatchObject({
      success: true,
      msg: 'WAPT Server running',
      result: { version: '1.8.2.7373', api_root: '/api/', api_version: 'v3' },
    });
    expect(r.json.result!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const head = await fetch(`${env.server.url}/ping`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});

describe('/api/v1/hosts (§3.2 + paging extension)', () => {
  it('returns the minimum columns plus the requested ones, JSON sub-fields with "/" as text, dotted names ignored', async () => {
    const r = await api.get<Row[]>(
      '/api/v1/hosts?columns=os_name,waptwua_status/status,host_info.domain_name,wua_pending_count,depends&limit=5',
    );
    expect(r.json.success).toBe(true);
    expect(r.json.msg).toBe('5 hosts returned');
    const h = r.json.result![0]!;
    for (const k of [
      'uuid',
      'host_status',
      'last_seen_on',
      'last_update_status',
      'computer_fqdn',
      'host_capabilities',
      'os_name',
      'waptwua_status/status',
      'wua_pending_count',
    ])
      expect(h).toHaveProperty(k);
    expect(h).not.toHaveProperty('host_info.domain_name');
    expect(['OK', 'PENDING_UPDATES', 'ERROR']).toContain(h['waptwua_status/status']);
    expect(typeof h.last_update_status).toBe('object');
    expect(r.json.total).toBe(40);
  });

  it('orders by last_seen_on descending by default and pages with offset/limit/order_by', async () => {
    const all = (await api.get<Row[]>('/api/v1/hosts?columns=uuid&limit=1000')).json.result!;
    const seen = all.map((h) => String(h.last_seen_on));
    expect([...seen].sort().reverse()).toEqual(seen);
    const p1 = (await api.get<Row[]>('/api/v1/hosts?limit=10&offset=0&order_by=computer_name&order_desc=0'))
      .json;
    const p2 = (await api.get<Row[]>('/api/v1/hosts?limit=10&offset=10&order_by=computer_name&order_desc=0'))
      .json;
    const names = [...p1.result!, ...p2.result!].map((h) => String(h.computer_name));
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(20);
    expect(p2.total).toBe(40);
    expect((await api.get('/api/v1/hosts?order_by=password_hash')).json).toMatchObject({
      success: false,
      error_code: 'ewaptbadparameter',
    });
    expect((await api.get('/api/v1/hosts?limit=abc')).json.success).toBe(false);
  });

  it('filters with fields:regexp, not, not_filter, uuid, reachable, has_errors, need_upgrade, ad_site, groups', async () => {
    const all = (
      await api.get<Row[]>('/api/v1/hosts?columns=computer_ad_site,reachable,computer_fqdn&limit=1000')
    ).json.result!;
    const paris = all.filter((h) => h.computer_ad_site === 'Paris').length;
    const r = await api.get<Row[]>(
      `/api/v1/hosts?filter=${encodeURIComponent('computer_ad_site,description:^paris$')}&limit=1000`,
    );
    expect(r.json.result!.length).toBe(paris);
    const notR = await api.get<Row[]>(
      `/api/v1/hosts?filter=${encodeURIComponent('computer_ad_site:not ^paris$')}&limit=1000`,
    );
    expect(notR.json.result!.length).toBe(40 - paris);
    const nf = await api.get<Row[]>(
      `/api/v1/hosts?filter=${encodeURIComponent('computer_ad_site:^paris$')}&not_filter=1&limit=1000`,
    );
    expect(nf.json.result!.length).toBe(40 - paris);
    const dotted = await api.get<Row[]>(
      `/api/v1/hosts?filter=${encodeURIComponent('host_info.domain_name:corp')}&limit=1000`,
    );
    expect(dotted.json.result!.length).toBe(40);
    const sw = await api.get<Row[]>(
      `/api/v1/hosts?filter=${encodeURIComponent('installed_softwares:7-zip')}&limit=1000`,
    );
    expect(sw.json.result!.length).toBe(40);
    const pk = await api.get<Row[]>(
      `/api/v1/hosts?filter=${encodeURIComponent('installed_packages:^demo-waptwua-servers$')}&limit=1000`,
    );
    const servers = all.filter((h) => String(h.computer_fqdn).startsWith('srv-')).length;
    expect(pk.json.result!.length).toBe(servers);
    const reachable = await api.get<Row[]>('/api/v1/hosts?reachable=1&limit=1000');
    expect(reachable.json.result!.length).toBe(all.filter((h) => h.reachable === 'OK').length);
    const byUuid = await api.get<Row[]>(
      `/api/v1/hosts?uuid=${String(all[0]!.uuid)},${String(all[1]!.uuid)}&filter=nothing:zzz`,
    );
    expect(byUuid.json.result!.length).toBe(2);
    const errs = await api.get<Row[]>('/api/v1/hosts?has_errors=0&columns=host_status&limit=1000');
    expect(errs.json.result!.every((h) => h.host_status === 'ERROR')).toBe(true);
    const up = await api.get<Row[]>('/api/v1/hosts?need_upgrade=1&limit=1000');
    expect(up.json.result!.every((h) => ['ERROR', 'TO-UPGRADE'].includes(String(h.host_status)))).toBe(true);
    const site = await api.get<Row[]>('/api/v1/hosts?ad_site=Paris&limit=1000');
    expect(site.json.result!.length).toBe(paris);
    const grp = await api.get<Row[]>('/api/v1/hosts?groups=demo-group-workstations&limit=1000');
    expect(grp.json.result!.length).toBe(40 - servers);
    const bad = await api.get(`/api/v1/hosts?filter=${encodeURIComponent('computer_name:(unclosed')}`);
    expect(bad.json).toMatchObject({ success: false });
  });

  it('answers gzip when asked', async () => {
    const r = await fetch(`${env.server.url}/api/v1/hosts?limit=50`, {
      headers: { authorization: basic(), 'accept-encoding': 'gzip' },
    });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    // fetch decodes the gzip body transparently.
    expect(((await r.json()) as Envelope).success).toBe(true);
  });
});

describe('/api/v1/host_data (§3.3, §6.4)', () => {
  let uuid: string;
  beforeAll(async () => {
    uuid = String((await api.get<Row[]>('/api/v1/hosts?limit=1')).json.result![0]!.uuid);
  });

  it('returns wsusupdates rows with local_status_* and WsusUpdates fields, ordered by changetime', async () => {
    const r = await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=wsusupdates`);
    expect(r.json.success).toBe(true);
    const rows = r.json.result!;
    expect(rows.length).toBeGreaterThan(50);
    // The genuine row's keys (docs/wapt-server-api.md §6.4), as the strict profile trims to them.
    for (const k of GENUINE_WSUS_ROW_KEYS) {
      expect(rows[0]).toHaveProperty(k);
    }
    expect(rows[0]!.update_id).toMatch(/^[0-9a-f-]{36}_\d+$/);
    const times = rows.map((x) => String(x.changetime));
    expect([...times].sort()).toEqual(times);
    expect(new Set(rows.map((x) => x.local_status_status)).size).toBeGreaterThan(1);
    const installed = rows.find((x) => x.local_status_installed === true)!;
    expect((installed.local_status_history as Row[])[0]).toMatchObject({
      operation: 'Installation',
      result_code: 'Succeeded',
    });
  });

  it('returns waptwua_status, wuauserv_status, installed_packages, installed_softwares and plain columns', async () => {
    const s = await api.get<Row>(`/api/v1/host_data?uuid=${uuid}&field=waptwua_status`);
    for (const k of [
      'enabled',
      'status',
      'wsusscn2cab_date',
      'last_scan_date',
      'last_scan_duration',
      'last_install_batch',
      'last_install_date',
      'last_install_result',
      'last_install_reboot_required',
      'missing_downloads',
      'rules_packages',
      'last_error',
    ]) {
      expect(s.json.result).toHaveProperty(k);
    }
    const w = await api.get<Row>(`/api/v1/host_data?uuid=${uuid}&field=wuauserv_status`);
    expect(w.json.result).toHaveProperty('agent_version');
    const p = await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=installed_packages`);
    expect(p.json.result!.length).toBeGreaterThan(0);
    expect(p.json.result![0]).toMatchObject({ host: uuid });
    expect(p.json.result![0]).toHaveProperty('install_status');
    const sw = await api.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=installed_softwares`);
    expect(sw.json.result![0]).toHaveProperty('publisher');
    expect((await api.get(`/api/v1/host_data?uuid=${uuid}&field=os_name`)).json.result).toMatch(/Windows/);
  });

  it('refuses missing or unknown fields and reports empty data', async () => {
    expect((await api.get(`/api/v1/host_data?uuid=${uuid}`)).json).toMatchObject({
      success: false,
      error_code: 'ewaptmissingparameter',
    });
    expect((await api.get(`/api/v1/host_data?uuid=${uuid}&field=password`)).json).toMatchObject({
      success: false,
      error_code: 'ewaptmissingparameter',
    });
    expect((await api.get('/api/v1/host_data?uuid=nope&field=os_name')).json).toMatchObject({
      success: false,
      error_code: 'empty_data',
      msg: 'No os_name data for host nope',
    });
  });
});

describe('Windows updates (§6.5)', () => {
  it('lists updates with per-status host counts that match the host grids', async () => {
    const r = await api.get<Row[]>('/api/v2/windows_updates');
    expect(r.json.success).toBe(true);
    const rows = r.json.result!;
    expect(rows.length).toBeGreaterThan(100);
    const u = rows[0]!;
    for (const k of [
      'update_id',
      'changetime',
      'created_on',
      'kbids',
      'product',
      'classification',
      'title',
      'severity',
      'max_download_size',
      'downloaded_on',
      ...HOST_COUNT_KEYS,
    ]) {
      expect(u).toHaveProperty(k);
    }
    const sumTotals = rows.reduce((s, x) => s + Number(x.hosts_total), 0);
    let hostRows = 0;
    for (const h of (
      await api.get<Row[]>(
        '/api/v1/hosts?columns=wua_ok_count,wua_pending_count,wua_missing_count,wua_discarded_count,wua_error_count&limit=1000',
      )
    ).json.result!) {
      hostRows += [
        'wua_ok_count',
        'wua_pending_count',
        'wua_missing_count',
        'wua_discarded_count',
        'wua_error_count',
      ].reduce((s, k) => s + Number(h[k]), 0);
    }
    expect(sumTotals).toBe(hostRows);
    for (const x of rows)
      expect(
        Number(x.hosts_ok) +
          Number(x.hosts_pending) +
          Number(x.hosts_missing) +
          Number(x.hosts_discarded) +
          Number(x.hosts_error),
      ).toBe(x.hosts_total);
  });

  it('filters by products, severity (with null), classifications, has_kb, text, and pages', async () => {
    const w10 = (await api.get<Row[]>('/api/v2/windows_updates?products=Windows%2010')).json.result!;
    expect(w10.length).toBeGreaterThan(0);
    expect(w10.every((x) => x.product === 'Windows 10')).toBe(true);
    const crit = (await api.get<Row[]>('/api/v2/windows_updates?severity=Critical')).json.result!;
    expect(crit.every((x) => x.severity === 'Critical')).toBe(true);
    const nul = (await api.get<Row[]>('/api/v2/windows_updates?severity=null')).json.result!;
    expect(nul.length).toBeGreaterThan(0);
    expect(nul.every((x) => x.severity === null)).toBe(true);
    const both = (await api.get<Row[]>('/api/v2/windows_updates?severity=Critical,null')).json.result!;
    expect(both.length).toBe(crit.length + nul.length);
    const kb = (await api.get<Row[]>('/api/v2/windows_updates?has_kb=1')).json.result!;
    expect(kb.every((x) => (x.kbids as string[]).length > 0)).toBe(true);
    expect(kb.length).toBeLessThan((await api.get<Row[]>('/api/v2/windows_updates')).json.result!.length);
    const cls = (await api.get<Row[]>('/api/v2/windows_updates?classifications=Definition%20Updates')).json
      .result!;
    expect(cls.every((x) => x.classification === 'Definition Updates')).toBe(true);
    const txt = (await api.get<Row[]>('/api/v2/windows_updates?text=KB890830')).json.result!;
    expect(txt.length).toBeGreaterThan(0);
    expect(txt.every((x) => (x.kbids as string[]).includes('890830'))).toBe(true);
    const page = await api.get<Row[]>('/api/v2/windows_updates?limit=10&offset=5&order_by=hosts_pending');
    expect(page.json.result!.length).toBe(10);
    expect(page.json.total).toBeGreaterThan(15);
    const pend = page.json.result!.map((x) => Number(x.hosts_pending));
    expect([...pend].sort((a, b) => b - a)).toEqual(pend);
  });

  it('lists products and classifications, and keeps the products selection option', async () => {
    const p = (await api.get<Row[]>('/api/v2/windows_products')).json.result!;
    expect(p.map((x) => x.product)).toContain('Windows 11');
    expect(
      (await api.get<Row[]>('/api/v2/windows_updates_classifications')).json.result!.map((x) => x.id),
    ).toContain('Security Updates');
    await api.post('/api/v2/windows_updates_options?key=products_selection', ['Windows 11']);
    expect(
      (await api.get<Row[]>('/api/v2/windows_products?selected=1')).json.result!.map((x) => x.product),
    ).toEqual(['Windows 11']);
  });

  it('downloads wsusscn2.cab as a task with history, skips an unchanged cab, deletes history rows', async () => {
    const start = await api.get<Row>('/api/v2/download_wsusscan');
    expect(start.json.result).toMatchObject({ status: 'RUNNING', skipped: false });
    await until(async () => {
      const h = (await api.get<Row[]>('/api/v2/wsusscan2_history')).json.result!;
      return h[0]!.status !== 'RUNNING' ? h : undefined;
    });
    const cab = await fetch(`${env.server.url}/waptwua/wsusscn2.cab`);
    const hist = (await api.get<Row[]>('/api/v2/wsusscan2_history')).json.result!;
    if (hist[0]!.status === 'OK') {
      expect(cab.status).toBe(200);
      const again = await api.get<Row>('/api/v2/download_wsusscan');
      expect(again.json.result).toMatchObject({ skipped: true });
    }
    const ids = (await api.get<Row[]>('/api/v2/wsusscan2_history')).json.result!.map((x) => x.id);
    const del = await api.del<number>(`/api/v2/wsusscan2_history?uuid=${ids.join(',')}`);
    expect(del.json.result).toBe(ids.length);
    expect((await api.get<Row[]>('/api/v2/wsusscan2_history')).json.result).toEqual([]);
  });

  it('downloads selected updates as tasks with progress, then deletes the cached files', async () => {
    const missing = (await api.get<Row[]>('/api/v2/windows_updates?downloaded=0&limit=3')).json.result!;
    expect(missing.length).toBeGreaterThan(0);
    const ids = missing.map((x) => String(x.update_id));
    const r = await api.post<Row[]>('/api/v2/download_windows_updates', { update_ids: ids });
    expect(r.json.result!.every((t) => t.status === 'PENDING')).toBe(true);
    const tasks = await until(async () => {
      const t = (await api.get<Row[]>('/api/v2/windows_updates_downloads')).json.result!.filter((x) =>
        ids.includes(String(x.update_id)),
      );
      return t.every((x) => x.status === 'DONE' || x.status === 'ERROR') ? t : undefined;
    });
    expect(tasks[0]).toHaveProperty('progress');
    const done = tasks.filter((t) => t.status === 'DONE').map((t) => String(t.update_id));
    const after = (await api.get<Row[]>(`/api/v2/windows_updates?update_ids=${ids.join(',')}`)).json.result!;
    for (const u of after) expect(u.downloaded_on !== null).toBe(done.includes(String(u.update_id)));
    const del = await api.del<Row>(`/api/v2/windows_updates?update_ids=${ids.join(',')}`);
    expect((del.json.result!.updates as string[]).length).toBe(ids.length);
    const cleared = (await api.get<Row[]>(`/api/v2/windows_updates?update_ids=${ids.join(',')}`)).json
      .result!;
    expect(cleared.every((u) => u.downloaded_on === null)).toBe(true);
  });
});

describe('misc routes', () => {
  it('usage_statistics, groups, ad sites, packages_for_hosts, hosts_for_package, waptagent_version', async () => {
    expect((await api.get<Row>('/api/v1/usage_statistics')).json.result).toMatchObject({
      hosts_count: 40,
      packages_count_max: null,
    });
    expect((await api.get<Row[]>('/api/v1/groups')).json.result).toEqual([
      { package: 'demo-group-workstations' },
    ]);
    expect((await api.get<string[]>('/api/v3/get_ad_sites')).json.result!.length).toBeGreaterThan(0);
    const pfh = (await api.post<Row[]>('/api/v3/packages_for_hosts', { sections: 'wsus' })).json.result!;
    expect(pfh.every((x) => x.section === 'wsus')).toBe(true);
    expect(pfh.reduce((s, x) => s + Number(x.count), 0)).toBeGreaterThanOrEqual(40);
    const hfp = (await api.get<Row[]>('/api/v3/hosts_for_package?package=demo-7zip')).json.result!;
    expect(hfp.length).toBe(40);
    expect(hfp[0]).toHaveProperty('host_computer_fqdn');
    const v = await api.get<Row>('/api/v2/waptagent_version');
    expect(v.json.msg).toMatch(/^Problem :/);
    expect(v.json.result).toMatchObject({ waptagent_version: null, waptagent_sha256: null });
  });
});
