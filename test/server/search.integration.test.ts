import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../server/index';
import { basic, client, startTestServer, until } from './helpers';

/**
 * Host search on the reference server (docs/reference-server.md, "Host search"): RE2 semantics,
 * refusal of what RE2 cannot do, cancellation, and that a long search never holds the event loop.
 * Speed at 50,000 hosts is measured by `npm run bench` (bench/server.bench.ts), not here.
 */
const HOST_FIELDS =
  'computer_fqdn,computer_name,description,uuid,connected_ips,mac_addresses,connected_users,last_logged_on_user,os_name,dnsdomain,computer_ad_ou,computer_ad_site,serialnr';
const ALL = `${HOST_FIELDS},manufacturer,productname,dmi,wmi,host_info,installed_softwares,installed_packages,depends`;

let server: ReferenceServer;
let dataDir: string;
let stopServer: () => Promise<void>;
const logs: string[] = [];
let api: ReturnType<typeof client>;

beforeAll(async () => {
  const started = await startTestServer({ hosts: 300, logger: (l) => logs.push(l) });
  ({ server, dataDir } = started);
  stopServer = () => started.cleanup();
  api = client(server.url);
}, 120_000);
afterAll(async () => stopServer());

type Row = { uuid: string; computer_fqdn: string };
const uuidsOf = async (filter: string) => {
  const r = await api.get<Row[]>(
    `/api/v1/hosts?limit=1000&columns=uuid&filter=${encodeURIComponent(filter)}`,
  );
  expect(r.json.success, r.text).toBe(true);
  return r.json.result!.map((h) => h.uuid).sort();
};

describe('host search semantics (RE2, case-insensitive, OR over fields)', () => {
  it('answers the catastrophic pattern of issue 12 at once, with no match', async () => {
    // A backtracking engine takes ~20 s on this at 300 hosts; RE2 is linear. The test timeout
    // (not a timed assertion) is what a regression would hit.
    const r = await api.get<Row[]>(
      `/api/v1/hosts?filter=${encodeURIComponent('computer_fqdn:^([a-z0-9.-]+)+!')}`,
    );
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    expect(r.json.result).toEqual([]);
  }, 10_000);

  it('gives the same hosts for a plain text (decided in SQL) and the equivalent regular expression', async () => {
    const all = await api.get<Row[]>('/api/v1/hosts?limit=1000&columns=uuid,computer_fqdn');
    const fqdn = all.json.result![7]!.computer_fqdn;
    const part = fqdn.slice(0, 5).toUpperCase();
    const plain = await uuidsOf(`computer_fqdn:${part}`);
    const regex = await uuidsOf(`computer_fqdn:^${part.slice(0, 4)}(${part.slice(4)})`);
    expect(plain.length).toBeGreaterThan(0);
    expect(regex).toEqual(plain);
    const expected = all.json
      .result!.filter((h) => h.computer_fqdn.toLowerCase().includes(part.toLowerCase()))
      .map((h) => h.uuid)
      .sort();
    expect(plain).toEqual(expected);
  });

  it('searches software labels `name (version)`, registry keys, packages and group packages', async () => {
    const db = new Database(path.join(dataDir, 'db', 'server.sqlite'), { readonly: true });
    try {
      const q = (sql: string, ...p: unknown[]) =>
        (
          db
            .prepare(sql)
            .pluck()
            .all(...p) as string[]
        ).sort();
      const sevenZip = q(
        "SELECT DISTINCT h.uuid FROM hosts h JOIN host_softwares s ON s.host_id = h.id WHERE s.name LIKE '7-Zip%'",
      );
      expect(sevenZip.length).toBeGreaterThan(0);
      expect(await uuidsOf('installed_softwares:^7-zip [0-9.]+ \\(x64\\) \\(23\\.01\\)$')).toEqual(sevenZip);
      const oneKey = db
        .prepare('SELECT key FROM host_softwares ORDER BY id LIMIT 1 OFFSET 17')
        .pluck()
        .get() as string;
      const keyHosts = q(
        'SELECT DISTINCT h.uuid FROM hosts h JOIN host_softwares s ON s.host_id = h.id WHERE s.key = ?',
        oneKey,
      );
      expect(await uuidsOf(`installed_softwares:${oneKey.slice(1, -1).toLowerCase()}`)).toEqual(keyHosts);
      const group = db
        .prepare("SELECT package FROM host_packages WHERE section = 'group' ORDER BY id LIMIT 1")
        .pluck()
        .get() as string;
      const inGroup = q(
        "SELECT DISTINCT h.uuid FROM hosts h JOIN host_packages p ON p.host_id = h.id WHERE p.section = 'group' AND p.package = ?",
        group,
      );
      expect(await uuidsOf(`depends:^${group}$`)).toEqual(inGroup);
      expect(await uuidsOf(`installed_packages:^${group}$`)).toEqual(inGroup);
      const everyone = q('SELECT uuid FROM hosts');
      const negated = await uuidsOf(`depends:!^${group}$`);
      expect(negated).toEqual(everyone.filter((u) => !inGroup.includes(u)));
    } finally {
      db.close();
    }
  });

  it('finds what RE2 folds to ASCII (Kelvin sign, long s), which SQL LIKE alone would miss', async () => {
    const db = new Database(path.join(dataDir, 'db', 'server.sqlite'));
    let uuid: string;
    try {
      uuid = db.prepare('SELECT uuid FROM hosts ORDER BY id LIMIT 1 OFFSET 3').pluck().get() as string;
      db.prepare('UPDATE hosts SET description = ? WHERE uuid = ?').run('Front de\u017f\u212a 4', uuid);
    } finally {
      db.close();
    }
    expect(await uuidsOf('description:desk')).toContain(uuid);
    expect(await uuidsOf('description:^front desk')).toContain(uuid);
  });

  it('sees inventory changes at once (the narrow search tables follow the hosts table)', async () => {
    const db = new Database(path.join(dataDir, 'db', 'server.sqlite'));
    let uuid: string;
    try {
      uuid = db.prepare('SELECT uuid FROM hosts ORDER BY id LIMIT 1 OFFSET 5').pluck().get() as string;
      db.prepare('UPDATE hosts SET dmi = json_set(dmi, ?, ?) WHERE uuid = ?').run(
        '$.System_Information.Product_Name',
        'Zorglub Rack 9000',
        uuid,
      );
      db.prepare('UPDATE hosts SET computer_ad_site = ? WHERE uuid = ?').run('Quimper-Annex', uuid);
    } finally {
      db.close();
    }
    expect(await uuidsOf('manufacturer,productname,dmi,wmi,host_info:zorglub rack')).toEqual([uuid]);
    expect(await uuidsOf(`${HOST_FIELDS}:quimper-annex`)).toEqual([uuid]);
    // Only the requested fields count: the site is not a hardware field.
    expect(await uuidsOf('manufacturer,productname,dmi,wmi,host_info:quimper-annex')).toEqual([]);
  });

  it('refuses what RE2 cannot run (back-references, look-arounds) with one clear line', async () => {
    for (const pattern of ['(a)\\1', '(?=x)y', '[z-a]']) {
      const r = await api.get(`/api/v1/hosts?filter=${encodeURIComponent(`computer_fqdn:${pattern}`)}`);
      expect(r.status).toBe(200);
      expect(r.json.success).toBe(false);
      expect(r.json.error_code).toBe('ewaptbadparameter');
      expect(r.json.msg).toMatch(/^invalid regular expression: /);
      expect(r.json.msg).not.toContain('\n');
    }
  });
});

describe('a long search', () => {
  beforeAll(() => {
    // 600,000 more software rows: a search with no literal to pre-filter on tests every key in
    // JavaScript, long enough to overlap the requests below.
    const db = new Database(path.join(dataDir, 'db', 'server.sqlite'));
    try {
      db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600000)
        INSERT INTO host_softwares (host_id, name, version, key)
        SELECT (SELECT min(id) FROM hosts) + (i % 300), 'Filler ' || (i % 50), '1.0', printf('{%08X-FILL-%d}', i, i) FROM n`);
    } finally {
      db.close();
    }
  }, 120_000);

  const slowSearch = (signal?: AbortSignal) =>
    fetch(`${server.url}/api/v1/hosts?filter=${encodeURIComponent(`${ALL}:^[0-9]+[xyz]+[0-9]+$`)}`, {
      headers: { authorization: basic() },
      ...(signal ? { signal } : {}),
    });

  it('lets /ping answer while it runs', async () => {
    let searchDone = false;
    const search = slowSearch().then(async (r) => {
      searchDone = true;
      return (await r.json()) as { success: boolean };
    });
    // Wait until the search is under way (the server logs nothing for it; its first chunk is
    // reached long before it ends), then ping three times in a row.
    await new Promise((r) => setTimeout(r, 150));
    const answeredDuring: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await fetch(`${server.url}/ping`);
      expect(p.status).toBe(200);
      answeredDuring.push(!searchDone);
    }
    expect(answeredDuring).toEqual([true, true, true]);
    expect((await search).success).toBe(true);
  }, 60_000);

  it('stops when its client goes away', async () => {
    const ac = new AbortController();
    const pending = slowSearch(ac.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 150));
    ac.abort();
    await pending;
    await until(
      async () => (logs.some((l) => l.includes('hosts search cancelled')) ? true : undefined),
      30_000,
    );
  }, 60_000);
});
