import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import {
  addedColumnsSql,
  columnNames,
  createTableSql,
  FLEET_TABLES,
  HOST_PACKAGES,
  HOST_WSUS,
  HOSTS,
  insertedColumns,
  insertSql,
  updateSql,
  valuesOf,
} from '../../../server/db/fleet-tables';
import { ARRAY_COLUMNS, INT_COLUMNS, JSON_COLUMNS, TEXT_COLUMNS } from '../../../server/db/hosts-query';
import { WSUS_UPDATE_COLUMNS } from '../../../server/db/wsus-columns';
import { generateFleet } from '../../../server/fleet/generator';

/** The fleet tables' column descriptors (server/db/fleet-tables.ts) and what is derived from them. */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function generated() {
  const d = mkdtempSync(path.join(tmpdir(), 'wapt-tables-'));
  dirs.push(d);
  const db = openDatabase(path.join(d, 's.sqlite'));
  generateFleet(db, {
    hosts: 20,
    seed: 9,
    now: Date.parse('2024-06-20T12:00:00Z'),
    serverUuid: 'srv',
    rulesPackages: [{ package: 'r', version: '1', rules: {} }],
    packages: [
      { package: 'p', version: '2', previousVersion: '1', section: 'base', audience: 'all' },
      { package: 'r', version: '1', section: 'wsus', audience: 'all' },
    ],
    months: 3,
  });
  return db;
}

describe('fleet table descriptors', () => {
  it('render a CREATE TABLE with column and table constraints', () => {
    expect(createTableSql(HOST_WSUS)).toBe(
      [
        'CREATE TABLE host_wsus (',
        '  host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,',
        '  update_ref INTEGER NOT NULL REFERENCES wsus_updates(id) ON DELETE CASCADE,',
        '  status TEXT,',
        '  allowed INTEGER,',
        '  installed INTEGER,',
        '  present INTEGER,',
        '  hidden INTEGER,',
        '  downloaded INTEGER,',
        '  delayed INTEGER,',
        '  install_date TEXT,',
        '  history TEXT,',
        '  last_install_failed INTEGER NOT NULL DEFAULT 0,',
        '  PRIMARY KEY (host_id, update_ref)',
        ') WITHOUT ROWID;',
      ].join('\n'),
    );
  });

  it('match the migrated database column for column (name, type, NOT NULL, default, key)', () => {
    const db = generated();
    for (const t of FLEET_TABLES) {
      const info = db.pragma(`table_info(${t.name})`) as Array<{
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }>;
      expect(
        info.map((c) => c.name),
        t.name,
      ).toEqual(t.columns.map((c) => c.name));
      for (const [i, c] of t.columns.entries()) {
        const actual = info[i]!;
        expect(c.sql.startsWith(actual.type), `${t.name}.${c.name}`).toBe(true);
        expect(/NOT NULL/.test(c.sql), `${t.name}.${c.name} NOT NULL`).toBe(actual.notnull === 1);
        expect(/DEFAULT 0/.test(c.sql), `${t.name}.${c.name} DEFAULT`).toBe(actual.dflt_value === '0');
      }
    }
  });

  it("say truly what the generator leaves empty: every 'none' column is NULL in a generated fleet", () => {
    const db = generated();
    for (const t of FLEET_TABLES) {
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${t.name}`).get() as { n: number }).n;
      expect(total, t.name).toBeGreaterThan(0);
      for (const c of columnNames(t, ['none'])) {
        const set = db.prepare(`SELECT COUNT(*) AS n FROM ${t.name} WHERE ${c} IS NOT NULL`).get() as {
          n: number;
        };
        expect(set.n, `${t.name}.${c}`).toBe(0);
      }
    }
    // …and that the aggregates are the triggers' business, not the INSERT's.
    expect(insertedColumns(HOSTS).some((c) => c.startsWith('wua_'))).toBe(false);
    expect(insertedColumns(HOSTS)).not.toContain('id');
  });

  it('build INSERTs only from real columns, the values in column order', () => {
    expect(insertSql(HOST_PACKAGES, ['host_id', 'package'], 2)).toBe(
      'INSERT INTO host_packages (host_id, package) VALUES (?,?),(?,?)',
    );
    expect(() => insertSql(HOST_PACKAGES, ['host_id', 'pakage'])).toThrow(
      'host_packages has no column pakage',
    );
    expect(valuesOf({ b: 2, a: 0, c: undefined }, ['a', 'b', 'c', 'd'])).toEqual([0, 2, null, null]);
  });

  it("build UPDATEs by key only from real columns (the generator sets a host's statuses with one)", () => {
    expect(updateSql(HOSTS, ['host_status', 'wua_ok_count'])).toBe(
      'UPDATE hosts SET host_status = ?, wua_ok_count = ? WHERE id = ?',
    );
    expect(() => updateSql(HOSTS, ['host_statu'])).toThrow('hosts has no column host_statu');
    expect(() => updateSql(HOST_WSUS, ['status'])).toThrow('host_wsus has no column id');
  });

  it('give the routes the column lists they had before the descriptors', () => {
    // The lists as they were written out in hosts-query.ts and wsus-columns.ts before the split.
    expect(new Set(TEXT_COLUMNS)).toEqual(
      new Set(
        `uuid computer_fqdn description computer_name computer_type computer_architecture manufacturer productname
         serialnr host_certificate registration_auth_user os_name os_version os_architecture platform dnsdomain
         computer_ad_site computer_ad_ou reachable server_uuid listening_protocol listening_address listening_timestamp
         repositories host_status last_seen_on last_logged_on_user audit_status wapt_version created_on updated_on
         created_by updated_by`
          .trim()
          .split(/\s+/),
      ),
    );
    expect(INT_COLUMNS).toEqual([
      'listening_port',
      'wua_ok_count',
      'wua_pending_count',
      'wua_missing_count',
      'wua_discarded_count',
      'wua_error_count',
    ]);
    expect(ARRAY_COLUMNS).toEqual([
      'authorized_certificates_sha256',
      'connected_users',
      'connected_ips',
      'mac_addresses',
      'gateways',
      'networks',
      'computer_ad_groups',
    ]);
    expect(JSON_COLUMNS).toEqual([
      'wapt_status',
      'last_update_status',
      'host_info',
      'host_capabilities',
      'host_metrics',
      'dmi',
      'wmi',
      'wuauserv_status',
      'waptwua_status',
      'waptwua_rules',
      'status_hashes',
    ]);
    // The API shows the wsus_updates fields in this order (host_data?field=wsusupdates, windows_updates).
    expect(WSUS_UPDATE_COLUMNS).toEqual(
      `update_id title update_type kbids severity changetime product classification download_urls min_download_size
       max_download_size superseded_update_ids security_bulletin_ids cve_ids is_mandatory reboot_behaviour
       can_request_user_input requires_network_connectivity is_beta is_uninstallable installation_impact
       uninstallation_impact support_url release_notes uninstallation_notes languages downloaded_on created_on updated_on`
        .trim()
        .split(/\s+/),
    );
  });
});

describe('a column added by a later migration step', () => {
  const table = {
    name: 't',
    columns: [
      { name: 'id', sql: 'INTEGER PRIMARY KEY', fill: 'key' as const },
      { name: 'later', sql: 'TEXT', fill: 'generated' as const, since: 6 },
    ],
  };
  it('stays out of the first CREATE TABLE and comes from its own step', () => {
    expect(createTableSql(table)).toBe('CREATE TABLE t (\n  id INTEGER PRIMARY KEY\n);');
    expect(addedColumnsSql(table, 6)).toBe('ALTER TABLE t ADD COLUMN later TEXT;');
    expect(addedColumnsSql(table, 7)).toBe('');
  });
});
