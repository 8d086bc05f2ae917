import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import {
  createSigner,
  loadCertificate,
  loadPrivateKey,
  signClaim,
  type PackageSigner,
} from '../../wapt/signing/index';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../support/reference-server';
import { memoryIo } from '../support/cli-io';
import { basic, client, until } from './helpers';

/**
 * The reference server's strict profile (`wapt-1.8.2`) against the genuine 1.8.2 behaviours of
 * docs/wapt-server-api.md §3.2 and §9 (docs/reference-server.md, "The wapt-1.8.2 profile"). Where a
 * behaviour is an extension, the same request is also made to the default profile, so each
 * assertion is shown to be able to fail.
 */

type Row = Record<string, unknown>;
type Server = Awaited<ReturnType<typeof startTestServer>>;
const AUDITOR_PASSWORD = 'auditor-password-123';

/** The fixed minimum set of `/api/v1/hosts` columns (docs/wapt-server-api.md §3.2). */
const MINIMUM = [
  'uuid',
  'host_status',
  'last_seen_on',
  'last_update_status',
  'computer_fqdn',
  'computer_name',
  'description',
  'dnsdomain',
  'server_uuid',
  'listening_protocol',
  'listening_address',
  'listening_port',
  'listening_timestamp',
  'connected_users',
  'registration_auth_user',
  'wapt_version',
  'host_capabilities',
];

let community: Server; // strict, community, 450 hosts
let enterprise: Server; // strict, enterprise, 1005 hosts (above the default limit)
let reference: Server; // default profile
let strict: ReturnType<typeof client>;
let strictEnt: ReturnType<typeof client>;
let ref: ReturnType<typeof client>;

const admin = () => basic('admin', TEST_ADMIN_PASSWORD);
function signerOf(s: Server): PackageSigner {
  return createSigner({
    key: loadPrivateKey(readFileSync(s.demoSigner!.keyPath, 'utf8')),
    certificateChain: [loadCertificate(readFileSync(s.demoSigner!.certificatePath, 'utf8'))],
  });
}
const uuids = (rows: Row[]) => rows.map((r) => String(r.uuid));

beforeAll(async () => {
  [community, enterprise, reference] = await Promise.all([
    startTestServer({
      hosts: 450,
      profile: 'wapt-1.8.2',
      users: [{ name: 'auditor', password: AUDITOR_PASSWORD, acls: {} }],
    }),
    startTestServer({ hosts: 1005, profile: 'wapt-1.8.2', edition: 'enterprise' }),
    startTestServer({ hosts: 25 }),
  ]);
  strict = client(community.url, admin());
  strictEnt = client(enterprise.url, admin());
  ref = client(reference.url, admin());
}, 120_000);
afterAll(async () => {
  await Promise.all([community?.stop(), enterprise?.stop(), reference?.stop()]);
});

describe('/ping and extension advertisement', () => {
  it('answers exactly the genuine keys in the strict profile, and no reference_extensions', async () => {
    const r = await client(community.url, null).get<Row>('/ping');
    expect(Object.keys(r.json).sort()).toEqual(['msg', 'request_time', 'result', 'success']);
    expect(r.json).toMatchObject({ msg: 'WAPT Server running', success: true, request_time: null });
    const result = r.json.result!;
    expect(Object.keys(result).sort()).toEqual(['api_version', 'edition', 'git_hash', 'uuid', 'version']);
    expect(result).toMatchObject({ version: '1.8.2', api_version: 'v3', edition: 'community' });
    expect(typeof result.uuid).toBe('string');
    expect(typeof result.git_hash).toBe('string');
    expect((await client(enterprise.url, null).get<Row>('/ping')).json.result!.edition).toBe('enterprise');
  });

  it('advertises the three extensions in the default profile', async () => {
    const result = (await client(reference.url, null).get<Row>('/ping')).json.result!;
    expect(result.reference_extensions).toEqual(['hosts_paging', 'wua_host_counts', 'action_results']);
    expect(result.edition).toBe('enterprise');
  });
});

describe('login and authentication', () => {
  it('answers the admin with its ACLs and the fleet size', async () => {
    const r = await client(community.url, null).post<Row>('/api/v3/login', {
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(r.json.result).toMatchObject({
      user_acls: { '*': ['admin'] },
      hosts_count: 450,
      edition: 'community',
    });
    // The session cookie has an empty Path= (§9); the default profile uses Path=/.
    expect(r.headers.get('set-cookie')).toMatch(/^session=[^;]+; Path=;/);
    const d = await client(reference.url, null).post('/api/v3/login', {
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(d.headers.get('set-cookie')).toMatch(/^session=[^;]+; Path=\/;/);
  });

  it('sends user_acls: null and hosts_count: null for a user without ACLs, who is then refused (403)', async () => {
    const anon = client(community.url, null);
    const r = await anon.post<Row>('/api/v3/login', { user: 'auditor', password: AUDITOR_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    expect(r.json.result!.user_acls).toBeNull();
    expect(r.json.result!.hosts_count).toBeNull();
    expect((r.json.result!.auth_result as Row).user_acls).toBeNull();
    expect(
      (await client(community.url, basic('auditor', AUDITOR_PASSWORD)).get('/api/v1/hosts')).status,
    ).toBe(403);
    // The default profile keeps an object (the extension-free console must accept both).
    const d = await client(reference.url, null).post<Row>('/api/v3/login', {
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(d.json.result!.user_acls).toEqual({ '*': ['admin'] });
  });

  it('answers a bad password with 401 text/html, not an envelope', async () => {
    const r = await client(community.url, null).post('/api/v3/login', { user: 'admin', password: 'wrong' });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toBe('You have to login with proper credentials');
    expect(r.json).toBeUndefined();
  });

  it('refuses the login token as a Bearer credential', async () => {
    const login = await client(community.url, null).post<Row>('/api/v3/login', {
      user: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    const token = String(login.json.result!.token);
    expect(token.length).toBeGreaterThan(10);
    const r = await client(community.url, `Bearer ${token}`).get('/api/v1/hosts?limit=1');
    expect(r.status).toBe(401);
  });
});

describe('/api/v1/hosts with 450 hosts (§3.2, §9)', () => {
  it('honours limit only: offset, order_by, order_desc, sort and page return the same first rows', async () => {
    const first = (await strict.get<Row[]>('/api/v1/hosts?columns=uuid&limit=200')).json.result!;
    expect(first).toHaveLength(200);
    for (const extra of [
      'offset=200',
      'offset=200&order_by=computer_fqdn&order_desc=0',
      'order_by=computer_name',
      'sort=computer_fqdn',
      'page=2',
    ]) {
      const r = (await strict.get<Row[]>(`/api/v1/hosts?columns=uuid&limit=200&${extra}`)).json.result!;
      expect(uuids(r), extra).toEqual(uuids(first));
    }
    // The default profile pages: the same request gives other hosts.
    const refFirst = (await ref.get<Row[]>('/api/v1/hosts?columns=uuid&limit=10')).json.result!;
    const refSecond = (await ref.get<Row[]>('/api/v1/hosts?columns=uuid&limit=10&offset=10')).json.result!;
    expect(uuids(refSecond)).not.toEqual(uuids(refFirst));
  });

  it('returns every host without limit (default 1000 > 450), each once, ordered by last_seen_on descending', async () => {
    const all = (await strict.get<Row[]>('/api/v1/hosts')).json.result!;
    expect(all).toHaveLength(450);
    expect(new Set(uuids(all)).size).toBe(450);
    const seen = all.map((r) => r.last_seen_on as string | null);
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1] ?? null;
      const b = seen[i] ?? null;
      if (b === null) continue; // nulls last
      expect(a, `row ${i}`).not.toBeNull();
      expect(a! >= b, `row ${i}: ${a} before ${b}`).toBe(true);
    }
    expect(uuids((await strict.get<Row[]>('/api/v1/hosts?limit=1000')).json.result!)).toEqual(uuids(all));
    expect((await strict.get<Row[]>('/api/v1/hosts?limit=7')).json.result).toHaveLength(7);
  });

  it('caps at 1000 hosts when no limit is given', async () => {
    expect((await strictEnt.get<Row[]>('/api/v1/hosts?columns=uuid')).json.result).toHaveLength(1000);
    expect((await strictEnt.get<Row[]>('/api/v1/hosts?columns=uuid&limit=2000')).json.result).toHaveLength(
      1005,
    );
  });

  it('gives no total, offset or limit keys', async () => {
    const r = await strict.get<Row[]>('/api/v1/hosts?limit=5&offset=5');
    expect(Object.keys(r.json).sort()).toEqual(['msg', 'request_time', 'result', 'success']);
    expect(r.json.msg).toBe('5 hosts returned');
    const d = await ref.get<Row[]>('/api/v1/hosts?limit=5&offset=5');
    expect(d.json).toMatchObject({ total: 25, offset: 5, limit: 5 });
  });

  it('returns the fixed minimum set plus the asked known columns; unknown ones (wua_*_count too) are dropped', async () => {
    const cols =
      'os_name,wua_pending_count,wua_ok_count,no_such_column,host_info/domain_name,host_info.domain_name';
    const rows = (await strict.get<Row[]>(`/api/v1/hosts?limit=3&columns=${cols}`)).json.result!;
    expect(rows).toHaveLength(3);
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual([...MINIMUM, 'os_name', 'host_info/domain_name'].sort());
    expect(rows[0]!['host_info/domain_name']).toBe('corp.lan');
    const d = (await ref.get<Row[]>(`/api/v1/hosts?limit=1&columns=${cols}`)).json.result!;
    expect(Object.keys(d[0]!)).toContain('wua_pending_count');
  });

  it('still applies the genuine filters (filter, not_filter, has_errors, need_upgrade, reachable)', async () => {
    const all = (await strict.get<Row[]>('/api/v1/hosts?columns=reachable,host_status')).json.result!;
    const reachable = (await strict.get<Row[]>('/api/v1/hosts?reachable=1&columns=reachable')).json.result!;
    expect(reachable.length).toBe(all.filter((r) => r.reachable === 'OK').length);
    const errs = (await strict.get<Row[]>('/api/v1/hosts?has_errors=1')).json.result!;
    expect(errs.length).toBe(all.filter((r) => r.host_status === 'ERROR').length);
    const name = String(all[0]!.computer_name);
    const f = (
      await strict.get<Row[]>(`/api/v1/hosts?filter=${encodeURIComponent(`computer_name:^${name}$`)}`)
    ).json.result!;
    expect(uuids(f)).toEqual([String(all[0]!.uuid)]);
    const not = (
      await strict.get<Row[]>(
        `/api/v1/hosts?not_filter=1&filter=${encodeURIComponent(`computer_name:^${name}$`)}`,
      )
    ).json.result!;
    expect(not).toHaveLength(449);
  });
});

describe('application errors: HTTP 200, success:false (§1.1, §9)', () => {
  it('unknown host → EWaptUnknownHost', async () => {
    const r = await strict.get('/api/v1/host_data?uuid=NOPE&field=host_info');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: false, error_code: 'ewaptunknownhost' });
    expect(r.json.msg).toContain("EWaptUnknownHost('Host NOPE not found in database',)");
    expect(r.json.result).toBeUndefined();
  });

  it('a bad limit → ValueError, as Python int() raises it', async () => {
    const r = await strict.get('/api/v1/hosts?limit=many');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: false, error_code: 'valueerror' });
    expect(r.json.msg).toBe(
      'Error on server:\nValueError("invalid literal for int() with base 10: \'many\'",)',
    );
  });

  it('missing parameter, unknown field (and wua_*_count) → EWaptMissingParameter', async () => {
    const uuid = String((await strict.get<Row[]>('/api/v1/hosts?limit=1')).json.result![0]!.uuid);
    for (const q of [
      `uuid=${uuid}`,
      'field=host_info',
      `uuid=${uuid}&field=nonsense`,
      `uuid=${uuid}&field=wua_pending_count`,
    ]) {
      const r = await strict.get(`/api/v1/host_data?${q}`);
      expect(r.status, q).toBe(200);
      expect(r.json, q).toMatchObject({ success: false, error_code: 'ewaptmissingparameter' });
      expect(r.json.msg, q).toMatch(/^Error on server:\nEWaptMissingParameter\('/);
    }
    expect((await ref.get(`/api/v1/host_data?uuid=${uuid}&field=wua_pending_count`)).json.success).toBe(
      false,
    );
  });
});

describe('host_data for a host-details view', () => {
  let uuid: string;
  beforeAll(async () => {
    const rows = (await strict.get<Row[]>('/api/v1/hosts?columns=computer_type')).json.result!;
    uuid = String(rows.find((r) => r.computer_type !== 'Server')!.uuid);
  });

  it('installed_packages: name, version, install_status, install_date, last audit', async () => {
    const r = await strict.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=installed_packages`);
    expect(r.json.success).toBe(true);
    const rows = r.json.result!;
    expect(rows.length).toBeGreaterThan(0);
    for (const p of rows) {
      expect(typeof p.package).toBe('string');
      expect(typeof p.version).toBe('string');
      expect(['OK', 'ERROR', 'NEED-UPGRADE', 'NEED-INSTALL', 'NEED-REMOVE']).toContain(p.install_status);
      expect(p.host).toBe(uuid);
      if (p.install_status !== 'NEED-INSTALL') {
        expect(String(p.install_date)).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(['OK', 'WARNING', 'ERROR']).toContain(p.last_audit_status);
        expect(String(p.last_audit_on)).toMatch(/^\d{4}-\d\d-\d\dT/);
      }
    }
  });

  it('installed_packages across the fleet: every status of a real fleet shows up, audits match the host', async () => {
    const all = (await strict.get<Row[]>('/api/v1/hosts?columns=audit_status')).json.result!;
    const statuses = new Set<string>();
    const audits = new Set<string>();
    for (const h of all.slice(0, 150)) {
      const rows = (
        await strict.get<Row[]>(`/api/v1/host_data?uuid=${String(h.uuid)}&field=installed_packages`)
      ).json.result!;
      for (const p of rows) {
        statuses.add(p.install_status as string);
        if (typeof p.last_audit_status === 'string') audits.add(p.last_audit_status);
      }
      // WAPT's host audit_status is the worst of its packages' audits.
      const worst = rows.some((p) => p.last_audit_status === 'ERROR')
        ? 'ERROR'
        : rows.some((p) => p.last_audit_status === 'WARNING')
          ? 'WARNING'
          : 'OK';
      if (rows.length > 0 && !rows.some((p) => p.install_status === 'ERROR'))
        expect(worst).toBe(h.audit_status);
    }
    for (const s of ['OK', 'NEED-UPGRADE', 'NEED-INSTALL', 'ERROR']) expect(statuses).toContain(s);
    for (const s of ['OK', 'WARNING', 'ERROR']) expect(audits).toContain(s);
  });

  it('installed_softwares: name, version, publisher, key, system_component (some true)', async () => {
    const rows = (await strict.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=installed_softwares`)).json
      .result!;
    expect(rows.length).toBeGreaterThan(5);
    for (const s of rows) {
      for (const k of ['name', 'version', 'publisher', 'key']) expect(typeof s[k], k).toBe('string');
      expect(typeof s.system_component).toBe('boolean');
      expect(String(s.install_date)).toMatch(/^\d{8}$/);
    }
    expect(rows.some((s) => s.system_component === true)).toBe(true);
    expect(rows.some((s) => s.system_component === false)).toBe(true);
    expect(rows.some((s) => String(s.name).startsWith('WAPT '))).toBe(true);
  });

  it('host_info and dmi are trees with the hardware a details view shows', async () => {
    const info = (await strict.get<Row>(`/api/v1/host_data?uuid=${uuid}&field=host_info`)).json.result!;
    expect(info).toMatchObject({ domain_name: 'corp.lan' });
    expect(Array.isArray(info.disks)).toBe(true);
    expect(Array.isArray(info.networking)).toBe(true);
    const dmi = (await strict.get<Row>(`/api/v1/host_data?uuid=${uuid}&field=dmi`)).json.result!;
    for (const k of [
      'System_Information',
      'BIOS_Information',
      'Chassis_Information',
      'Processor_Information',
      'Memory_Device',
      'Base_Board_Information',
    ])
      expect(dmi[k], k).toBeTypeOf('object');
    expect((dmi.System_Information as Row).UUID).toBe(uuid);
  });

  it('wsusupdates works: empty on community, the §6.4 keys only on enterprise', async () => {
    const c = await strict.get<Row[]>(`/api/v1/host_data?uuid=${uuid}&field=wsusupdates`);
    expect(c.json).toMatchObject({ success: true, result: [] });
    const hosts = (await strictEnt.get<Row[]>('/api/v1/hosts?columns=uuid&limit=50')).json.result!;
    let rows: Row[] = [];
    for (const h of hosts) {
      rows = (await strictEnt.get<Row[]>(`/api/v1/host_data?uuid=${String(h.uuid)}&field=wsusupdates`)).json
        .result!;
      if (rows.length > 0) break;
    }
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toHaveProperty('local_status_status');
    expect(rows[0]).toHaveProperty('kbids');
    for (const k of ['local_status_delayed', 'cve_ids']) expect(rows[0]).not.toHaveProperty(k);
  });
});

describe('trigger_host_action and host_tasks_status (§5, §9)', () => {
  let online: string;
  let offline: string;
  let signer: PackageSigner;
  beforeAll(async () => {
    const rows = (await strict.get<Row[]>('/api/v1/hosts?columns=reachable')).json.result!;
    online = String(rows.find((r) => r.reachable === 'OK')!.uuid);
    offline = String(rows.find((r) => r.reachable !== 'OK')!.uuid);
    signer = signerOf(community);
  });
  const claim = (uuid: string, s = signer) =>
    signClaim({ action: 'trigger_longtask', uuid, notify_server: true, force: false }, s);

  it('refuses an unsigned action with EWaptBadSignature, HTTP 200', async () => {
    const r = await strict.post('/api/v3/trigger_host_action', { action: 'trigger_longtask', uuid: online });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: false, error_code: 'ewaptbadsignature' });
    expect(r.json.msg).toContain("EWaptBadSignature('Action is not signed, not relayed',)");
  });

  it('an idle agent answers last_event_id: null', async () => {
    const r = await strict.get<Row>(`/api/v3/host_tasks_status?uuid=${online}`);
    expect(r.json.success).toBe(true);
    expect(r.json.result!.last_event_id).toBeNull();
    const again = await strict.get<Row>(`/api/v3/host_tasks_status?uuid=${online}&last_event_id=0&timeout=0`);
    expect(again.json.result).toEqual({ last_event_id: null });
  });

  it('not connected: success, "0 actions launched, 0 errors, 0 skipped, 0 server errors", result []', async () => {
    const r = await strict.post('/api/v3/trigger_host_action?timeout=10', claim(offline));
    expect(r.json).toMatchObject({
      success: true,
      msg: '0 actions launched, 0 errors, 0 skipped, 0 server errors',
      result: [],
    });
    expect(r.json).not.toHaveProperty('action_results');
  });

  it('connected: relays without returning the agent answer; the task is visible through host_tasks_status', async () => {
    const r = await strict.post('/api/v3/trigger_host_action?timeout=10', claim(online));
    expect(r.json).toMatchObject({
      success: true,
      msg: '1 actions launched, 0 errors, 0 skipped, 0 server errors',
      result: [],
    });
    expect(Object.keys(r.json).sort()).toEqual(['msg', 'request_time', 'result', 'success']);
    const status = await until(async () => {
      const s = (await strict.get<Row>(`/api/v3/host_tasks_status?uuid=${online}`)).json.result!;
      return (s.done as Row[]).length > 0 ? s : undefined;
    });
    expect((status.done as Row[])[0]).toMatchObject({ runstatus: 'DONE' });
    expect(typeof status.last_event_id).toBe('number');
  });

  it('does not verify the signature itself: a forged claim is relayed, and the agent refuses it', async () => {
    const before = (await strict.get<Row>(`/api/v3/host_tasks_status?uuid=${online}`)).json.result!;
    const forged = { ...claim(online), signature: Buffer.from('not a signature').toString('base64') };
    const r = await strict.post('/api/v3/trigger_host_action', forged);
    expect(r.json).toMatchObject({
      success: true,
      msg: '1 actions launched, 0 errors, 0 skipped, 0 server errors',
    });
    const after = (await strict.get<Row>(`/api/v3/host_tasks_status?uuid=${online}`)).json.result!;
    expect(after.last_task_id).toBe(before.last_task_id);
    // The default profile checks on the server and says so.
    const d = await ref.post('/api/v3/trigger_host_action', {
      ...signClaim({ action: 'trigger_longtask', uuid: online, notify_server: true }, signerOf(reference)),
      signature: 'AAAA',
    });
    expect(d.json).toMatchObject({ success: false, error_code: 'ewaptbadsignature' });
  });

  it('the default profile relays each agent answer in action_results', async () => {
    const rows = (await ref.get<Row[]>('/api/v1/hosts?columns=reachable')).json.result!;
    const on = String(rows.find((x) => x.reachable === 'OK')!.uuid);
    const off = rows.find((x) => x.reachable !== 'OK');
    const list = [on, ...(off ? [String(off.uuid)] : [])].map((u) =>
      signClaim({ action: 'trigger_longtask', uuid: u, notify_server: true }, signerOf(reference)),
    );
    const r = await ref.post('/api/v3/trigger_host_action', list);
    expect(r.json.result).toEqual([]);
    const answers = r.json.action_results as Row[];
    expect(answers[0]).toMatchObject({ uuid: on, status: 'OK', task: { classname: expect.any(String) } });
    if (off) expect(answers[1]).toMatchObject({ uuid: String(off.uuid), status: 'SKIPPED', task: null });
  });
});

describe('editions and the Windows-update routes', () => {
  const WUA_ROUTES = [
    '/api/v2/windows_updates',
    '/api/v2/windows_products',
    '/api/v2/wsusscan2_history',
    '/api/v2/windows_updates_classifications',
    '/api/v2/windows_updates_options?key=products_selection',
    '/api/v2/download_wsusscan',
    '/api/v2/windows_updates_downloads',
  ];

  it('community: every WUA route answers 404', async () => {
    for (const route of WUA_ROUTES) expect((await strict.get(route)).status, route).toBe(404);
    expect((await strict.del('/api/v2/wsusscan2_history?uuid=1')).status).toBe(404);
    // Enterprise has them.
    for (const route of WUA_ROUTES) expect((await strictEnt.get(route)).status, route).toBe(200);
  });

  it('enterprise: windows_updates without per-update host counts or paging keys; limit/offset ignored', async () => {
    const r = await strictEnt.get<Row[]>('/api/v2/windows_updates?limit=2&offset=1');
    expect(Object.keys(r.json).sort()).toEqual(['msg', 'request_time', 'result', 'success']);
    const rows = r.json.result!;
    expect(rows.length).toBeGreaterThan(2);
    for (const k of ['hosts_ok', 'hosts_pending', 'hosts_missing', 'hosts_total'])
      expect(rows[0]).not.toHaveProperty(k);
    expect(rows[0]).toHaveProperty('update_id');
    const d = await ref.get<Row[]>('/api/v2/windows_updates?limit=2&offset=1');
    expect(d.json.result).toHaveLength(2);
    expect(d.json.result![0]).toHaveProperty('hosts_ok');
  });
});

describe('CLI: server start --profile --edition', () => {
  it('starts the strict profile with the asked edition, and refuses an unknown profile with exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wapt-strict-cli-'));
    try {
      const pw = path.join(dir, 'pw.txt');
      writeFileSync(pw, 'cli-password-123\n');
      const term = memoryIo({ cwd: dir });
      const exit = runCli(
        [
          'server',
          'start',
          '--demo',
          '--hosts',
          '3',
          '--port',
          '0',
          '--data',
          path.join(dir, 'data'),
          '--admin-password-file',
          pw,
          '--profile',
          'wapt-1.8.2',
          '--edition',
          'enterprise',
        ],
        term.io,
      );
      const url = await until(
        async () =>
          term.out.map((l) => /(http:\/\/127\.0\.0\.1:\d+)/.exec(l)?.[1]).find((u) => u !== undefined),
        60_000,
      );
      const ping = (await client(url, null).get<Row>('/ping')).json;
      expect(ping.result).toEqual({
        version: '1.8.2',
        api_version: 'v3',
        edition: 'enterprise',
        uuid: expect.any(String),
        git_hash: expect.any(String),
      });
      expect(term.text()).toMatch(/profile wapt-1\.8\.2, enterprise edition/);
      term.interrupt();
      expect(await exit).toBe(0);

      const bad = memoryIo({ cwd: dir });
      expect(await runCli(['server', 'start', '--profile', 'wapt-9'], bad.io)).toBe(2);
      expect(bad.errText()).toMatch(/--profile/);
      expect(await runCli(['server', 'start', '--edition', 'pro'], bad.io)).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
