import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/connection';
import { generateFleet } from '../../../server/fleet/generator';
import { FleetSimulator } from '../../../server/fleet/simulator';
import { PackageRepository } from '../../../server/repo/package-repo';

/**
 * The simulator end to end, real database and real timers: every remote action on a few hosts,
 * one host at a time (the simulator's PRNG is shared, so the order of completions fixes the
 * outcome). What the actions left in the fleet tables, and each task's outcome, must stay what
 * they were before the simulator was split into scheduler, agent effects and SQL layer (recorded
 * from the code before the split; `UPDATE_SIM_BEHAVIOUR=1` rewrites it for an intended change).
 */

const EXPECTED = path.join(__dirname, '../../fixtures/server/simulator-behaviour.json');
const NOW = Date.parse('2024-06-20T12:00:00Z');
const dirs: string[] = [];
const sims: FleetSimulator[] = [];
afterAll(async () => {
  for (const s of sims) await s.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function fleet(): { db: Db; repo: PackageRepository } {
  const d = mkdtempSync(path.join(tmpdir(), 'wapt-sim-'));
  dirs.push(d);
  const db = openDatabase(path.join(d, 's.sqlite'));
  generateFleet(db, {
    hosts: 8,
    seed: 11,
    now: NOW,
    serverUuid: 'srv',
    rulesPackages: [
      { package: 'r-base', version: '1', rules: { allowed_classifications: ['Security Updates'] } },
    ],
    packages: [
      { package: 'p-7zip', version: '2', previousVersion: '1', section: 'base', audience: 'all' },
      { package: 'r-base', version: '1', section: 'wsus', audience: 'all' },
    ],
    months: 6,
  });
  // What the repository holds: a newer 7-Zip (→ upgrades), a newer rules version (→ a scan
  // installs it), and a package hosts do not carry yet (→ install_packages).
  const addPackage = (pkg: string, version: string, section: string, rules: unknown = null) =>
    db
      .prepare(
        `INSERT INTO packages (package_uuid, package, version, section, architecture, maturity, filename, control, wua_rules)
         VALUES (?, ?, ?, ?, 'all', 'PROD', ?, ?, ?)`,
      )
      .run(
        `uuid-${pkg}-${version}`,
        pkg,
        version,
        section,
        `${pkg}_${version}_all.wapt`,
        JSON.stringify({ package: pkg, version, section }),
        rules === null ? null : JSON.stringify(rules),
      );
  addPackage('p-7zip', '2', 'base');
  addPackage('p-7zip', '3', 'base');
  addPackage('p-vlc', '3.0.20-1', 'base');
  addPackage('r-base', '1', 'wsus', { allowed_classifications: ['Security Updates'] });
  addPackage('r-base', '2', 'wsus', { allowed_classifications: ['Security Updates', 'Critical Updates'] });
  const repoDirs = {
    wapt: path.join(d, 'wapt'),
    waptHost: path.join(d, 'wapt-host'),
    tmp: path.join(d, 'tmp'),
  };
  Object.values(repoDirs).forEach((p) => mkdirSync(p, { recursive: true }));
  const repo = new PackageRepository(
    db,
    repoDirs,
    () => [],
    () => 'https://srvwapt.corp.lan/wapt',
  );
  return { db, repo };
}

const ACTIONS: Array<Record<string, unknown>> = [
  { action: 'trigger_host_update' },
  { action: 'trigger_waptwua_scan' },
  { action: 'trigger_waptwua_download' },
  { action: 'trigger_waptwua_install' },
  { action: 'trigger_host_upgrade' },
  { action: 'trigger_install_packages', packages: ['p-vlc(=3.0.20-1)'] },
  { action: 'trigger_remove_packages', packages: ['p-vlc'] },
  { action: 'trigger_install_packages', packages: ['p-missing'] },
  { action: 'trigger_change_description', computer_description: 'Desk of the tests' },
  { action: 'trigger_waptwua_uninstall', update_ids: [] },
  { action: 'show_message' },
  { action: 'trigger_no_such_action' },
];

async function runAll(sim: FleetSimulator, host: { id: number; uuid: string }): Promise<void> {
  for (const a of ACTIONS) sim.enqueue(host, a, 'admin');
  for (;;) {
    const s = sim.status(host.id, host.uuid) as { running: unknown; pending: unknown[] };
    if (s.running === null && s.pending.length === 0) return;
    await sim.waitForEvent(host.id, host.uuid, 5000);
  }
}

describe('fleet simulator behaviour', () => {
  it('leaves the same states and task outcomes as before the split', async () => {
    const { db, repo } = fleet();
    const sim = new FleetSimulator(db, { speed: 1_000_000, seed: 5, serverUuid: 'srv', repo });
    sims.push(sim);
    const hosts = db.prepare('SELECT id, uuid FROM hosts ORDER BY id LIMIT 4').all() as Array<{
      id: number;
      uuid: string;
    }>;
    const outcomes: string[] = [];
    for (const h of hosts) {
      await runAll(sim, h);
      const s = sim.status(h.id, h.uuid) as {
        done: Array<{ runstatus: string; summary: string; classname: string }>;
        errors: Array<{ runstatus: string; summary: string; classname: string }>;
      };
      const tasks = [...s.done, ...s.errors].sort((a, b) => a.classname.localeCompare(b.classname));
      for (const t of tasks) outcomes.push(`${h.uuid} ${t.classname} ${t.runstatus} ${t.summary}`);
    }
    const states = {
      host_wsus: db
        .prepare(
          `SELECT h.uuid, hw.update_ref, hw.status, hw.allowed, hw.installed, hw.present, hw.downloaded, hw.delayed,
                  hw.last_install_failed, hw.install_date IS NOT NULL AS has_date, json_array_length(coalesce(hw.history, '[]')) AS history
           FROM host_wsus hw JOIN hosts h ON h.id = hw.host_id ORDER BY 1, 2`,
        )
        .all(),
      host_packages: db
        .prepare(
          `SELECT h.uuid, p.package, p.version, p.install_status, p.install_output, p.section
           FROM host_packages p JOIN hosts h ON h.id = p.host_id ORDER BY 1, 2`,
        )
        .all(),
      hosts: db
        .prepare(
          `SELECT uuid, host_status, description, wua_ok_count, wua_pending_count, wua_missing_count, wua_error_count,
                  json_extract(waptwua_status, '$.status') AS wua_status, json_extract(waptwua_status, '$.rules_packages') AS rules,
                  json_extract(last_update_status, '$.upgrades') AS upgrades, waptwua_rules
           FROM hosts ORDER BY uuid`,
        )
        .all(),
      stats: db.prepare('SELECT * FROM wsus_update_stats ORDER BY update_ref').all(),
    };
    const digest = createHash('sha256').update(JSON.stringify(states)).digest('hex');
    const actual = { outcomes, digest };
    if (process.env.UPDATE_SIM_BEHAVIOUR === '1')
      writeFileSync(EXPECTED, JSON.stringify(actual, null, 1) + '\n');
    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as typeof actual;
    expect(actual.outcomes).toEqual(expected.outcomes);
    expect(actual.digest).toBe(expected.digest);
    // Not a vacuous replay: the actions did change the fleet.
    expect(outcomes.some((o) => / [1-9]\d* update\(s\) installed/.test(o) || / failed/.test(o))).toBe(true);
    expect(outcomes.some((o) => o.includes('Unhandled remote action'))).toBe(true);
  });
});
