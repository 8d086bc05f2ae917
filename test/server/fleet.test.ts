import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { generateCatalog } from '../../server/fleet/catalog';
import { generateFleet, type FleetOptions } from '../../server/fleet/generator';

const NOW = Date.parse('2024-06-20T12:00:00Z');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const fleetOpts = (hosts: number): FleetOptions => ({
  hosts,
  seed: 42,
  now: NOW,
  serverUuid: 'srv',
  rulesPackages: [
    { package: 'r-base', version: '1', rules: { allowed_classifications: ['Security Updates'] } },
    { package: 'r-srv', version: '1', rules: { default_allow: false, allowed_severities: ['Critical'] } },
  ],
  packages: [
    { package: 'p-7zip', version: '2', previousVersion: '1', section: 'base', audience: 'all' },
    { package: 'r-base', version: '1', section: 'wsus', audience: 'all' },
    { package: 'r-srv', version: '1', section: 'wsus', audience: 'servers' },
  ],
});

function freshDb() {
  const d = mkdtempSync(path.join(tmpdir(), 'wapt-fleet-'));
  dirs.push(d);
  return openDatabase(path.join(d, 's.sqlite'));
}

describe('WUA catalogue', () => {
  const c = generateCatalog({ seed: 3, now: NOW, months: 12 });
  it('uses GUID_revision ids, several ids per KB, supersedence, MSRC severities and classifications', () => {
    expect(
      c.updates.every((u) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}_\d+$/.test(u.update_id),
      ),
    ).toBe(true);
    expect(new Set(c.updates.map((u) => u.update_id)).size).toBe(c.updates.length);
    const byKb = new Map<string, number>();
    for (const u of c.updates) for (const kb of u.kbids) byKb.set(kb, (byKb.get(kb) ?? 0) + 1);
    expect([...byKb.values()].some((n) => n >= 3)).toBe(true);
    expect(c.updates.filter((u) => u.superseded_update_ids.length > 0).length).toBeGreaterThan(
      c.updates.length / 3,
    );
    expect(new Set(c.updates.map((u) => u.severity))).toEqual(
      new Set(['Critical', 'Important', 'Moderate', null]),
    );
    expect(new Set(c.updates.map((u) => u.classification))).toEqual(
      new Set(['Security Updates', 'Updates', 'Critical Updates', 'Update Rollups', 'Definition Updates']),
    );
    expect(c.monthDates.at(-1)! <= '2024-06-20').toBe(true);
  });
  it('is deterministic', () => {
    expect(generateCatalog({ seed: 3, now: NOW, months: 12 }).updates.map((u) => u.update_id)).toEqual(
      c.updates.map((u) => u.update_id),
    );
  });
});

describe('fleet generator', () => {
  it('is deterministic for a seed and keeps the aggregates equal to a GROUP BY', () => {
    const a = freshDb();
    const b = freshDb();
    const ra = generateFleet(a, fleetOpts(60));
    generateFleet(b, fleetOpts(60));
    const dump = (db: typeof a) =>
      db
        .prepare(
          'SELECT h.uuid, hw.update_ref, hw.status FROM host_wsus hw JOIN hosts h ON h.id = hw.host_id ORDER BY 1, 2',
        )
        .all();
    expect(dump(a)).toEqual(dump(b));
    expect(ra.hostUpdates / ra.hosts).toBeGreaterThan(100);
    const mismatch = a
      .prepare(
        `SELECT COUNT(*) AS n FROM wsus_update_stats s WHERE total <> (SELECT COUNT(*) FROM host_wsus WHERE update_ref = s.update_ref)
           OR pending <> (SELECT COUNT(*) FROM host_wsus WHERE update_ref = s.update_ref AND status = 'PENDING')
           OR ok <> (SELECT COUNT(*) FROM host_wsus WHERE update_ref = s.update_ref AND status = 'OK')`,
      )
      .get() as { n: number };
    expect(mismatch.n).toBe(0);
    const hostMismatch = a
      .prepare(
        `SELECT COUNT(*) AS n FROM hosts h WHERE wua_missing_count <> (SELECT COUNT(*) FROM host_wsus WHERE host_id = h.id AND status = 'MISSING')`,
      )
      .get() as { n: number };
    expect(hostMismatch.n).toBe(0);
    const statuses = (a.prepare('SELECT DISTINCT status FROM host_wsus').all() as Array<{ status: string }>)
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(['DISCARDED', 'ERROR', 'MISSING', 'OK', 'PENDING']);
  });

  it('triggers keep aggregates exact on update and delete', () => {
    const db = freshDb();
    generateFleet(db, fleetOpts(10));
    const row = db
      .prepare("SELECT host_id, update_ref FROM host_wsus WHERE status = 'PENDING' LIMIT 1")
      .get() as { host_id: number; update_ref: number };
    const before = db
      .prepare('SELECT ok, pending FROM wsus_update_stats WHERE update_ref = ?')
      .get(row.update_ref) as { ok: number; pending: number };
    db.prepare("UPDATE host_wsus SET status = 'OK' WHERE host_id = ? AND update_ref = ?").run(
      row.host_id,
      row.update_ref,
    );
    expect(
      db.prepare('SELECT ok, pending FROM wsus_update_stats WHERE update_ref = ?').get(row.update_ref),
    ).toEqual({ ok: before.ok + 1, pending: before.pending - 1 });
    const totalBefore = (db.prepare('SELECT SUM(total) AS t FROM wsus_update_stats').get() as { t: number })
      .t;
    const n = (
      db.prepare('SELECT COUNT(*) AS n FROM host_wsus WHERE host_id = ?').get(row.host_id) as { n: number }
    ).n;
    db.prepare('DELETE FROM hosts WHERE id = ?').run(row.host_id);
    expect((db.prepare('SELECT SUM(total) AS t FROM wsus_update_stats').get() as { t: number }).t).toBe(
      totalBefore - n,
    );
    expect(
      (db.prepare("SELECT value FROM counters WHERE name = 'hosts'").get() as { value: number }).value,
    ).toBe(9);
  });
});
