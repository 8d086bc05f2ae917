import type Database from 'better-sqlite3';
import {
  createTableSql,
  HOST_PACKAGES,
  HOST_SOFTWARES,
  HOST_WSUS,
  HOSTS,
  WSUS_UPDATE_STATS,
  WSUS_UPDATES,
} from './fleet-tables';

/**
 * Schema of the reference server, modelled on WAPT 1.8.2's PostgreSQL model (docs/wapt-server-api.md §3.2.1,
 * §3.3, §6.2). Differences, all internal:
 * - integer surrogate keys (`hosts.id`, `wsus_updates.id`) join the big tables, the spec's text
 *   keys (`uuid`, `update_id`) stay unique columns and are what the API shows;
 * - arrays and jsonb are stored as JSON text;
 * - aggregates the spec does not have: `wsus_update_stats` (hosts per update and status) and the
 *   `wua_*_count` columns of `hosts`, kept exact by triggers on `host_wsus`, so the per-update and
 *   per-host counts cost O(1) per row at any fleet size instead of a GROUP BY over millions of rows.
 *
 * Migrations are append-only: a released step is never edited, a change is a new step. The fleet
 * tables of step 1 are written from their column descriptors (fleet-tables.ts), which render the
 * statement step 1 always ran (test/server/db/fleet-schema.test.ts compares the schema); a
 * later column change is a new step (ALTER TABLE) plus the descriptor's new column at the end.
 */
/**
 * The columns of the console's "Search in: Host" (electron/core/fleet/hosts-service.ts), whose
 * text `host_search` keeps (migration 4). Separated by U+0001, which a search literal never holds.
 */
export const HOST_SEARCH_COLUMNS = [
  'computer_fqdn',
  'computer_name',
  'description',
  'uuid',
  'connected_ips',
  'mac_addresses',
  'connected_users',
  'last_logged_on_user',
  'os_name',
  'dnsdomain',
  'computer_ad_ou',
  'computer_ad_site',
  'serialnr',
] as const;
/** "Search in: Hardware" (migration 5). */
export const HARDWARE_SEARCH_COLUMNS = ['manufacturer', 'productname', 'dmi', 'wmi', 'host_info'] as const;
function searchText(prefix: string, columns: readonly string[] = HOST_SEARCH_COLUMNS): string {
  return columns.map((c) => `coalesce(${prefix}${c}, '')`).join(' || char(1) || ');
}

export const MIGRATIONS: readonly string[] = [
  /* 1: initial schema */ `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL DEFAULT 0);
INSERT INTO counters(name, value) VALUES ('hosts', 0);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  acls TEXT NOT NULL DEFAULT '{"*":["admin"]}',
  user_fingerprint_sha1 TEXT,
  created_on TEXT, updated_on TEXT, created_by TEXT, updated_by TEXT
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  auth_method TEXT NOT NULL,
  auth_date TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_ms);

${createTableSql(HOSTS)}
CREATE INDEX hosts_last_seen_on ON hosts(last_seen_on);
CREATE INDEX hosts_computer_fqdn ON hosts(computer_fqdn);
CREATE INDEX hosts_computer_name ON hosts(computer_name);
CREATE INDEX hosts_host_status ON hosts(host_status);
CREATE INDEX hosts_reachable ON hosts(reachable);
CREATE INDEX hosts_os_name ON hosts(os_name);
CREATE INDEX hosts_wapt_version ON hosts(wapt_version);
CREATE INDEX hosts_ad_site ON hosts(computer_ad_site);
CREATE INDEX hosts_wua_pending ON hosts(wua_pending_count);
CREATE INDEX hosts_wua_missing ON hosts(wua_missing_count);
CREATE INDEX hosts_wua_error ON hosts(wua_error_count);
CREATE TRIGGER hosts_count_ai AFTER INSERT ON hosts BEGIN UPDATE counters SET value = value + 1 WHERE name = 'hosts'; END;
CREATE TRIGGER hosts_count_ad AFTER DELETE ON hosts BEGIN UPDATE counters SET value = value - 1 WHERE name = 'hosts'; END;

${createTableSql(HOST_PACKAGES)}
CREATE INDEX host_packages_package ON host_packages(package);

${createTableSql(HOST_SOFTWARES)}
CREATE INDEX host_softwares_host ON host_softwares(host_id);

CREATE TABLE packages (
  package_uuid TEXT PRIMARY KEY,
  package TEXT NOT NULL, version TEXT NOT NULL, architecture TEXT, section TEXT, priority TEXT, maturity TEXT,
  locale TEXT, description TEXT, signer TEXT, signer_fingerprint TEXT, signature_date TEXT,
  filename TEXT NOT NULL UNIQUE, size INTEGER, md5sum TEXT,
  control TEXT NOT NULL,
  wua_rules TEXT,
  certificate TEXT,
  created_on TEXT, updated_on TEXT, created_by TEXT, updated_by TEXT
);
CREATE INDEX packages_package ON packages(package);

${createTableSql(WSUS_UPDATES)}
CREATE INDEX wsus_updates_changetime ON wsus_updates(changetime);
CREATE INDEX wsus_updates_product ON wsus_updates(product);

${createTableSql(WSUS_UPDATE_STATS)}

-- host_wsus: the spec's serial id is exposed as local_status_id = host_id * 1000000 + update_ref
-- (stable, unique).
${createTableSql(HOST_WSUS)}

CREATE TABLE wsus_download_tasks (
  id INTEGER PRIMARY KEY,
  task_id TEXT, kind TEXT, url TEXT, target_size INTEGER, local_filename TEXT, file_date TEXT, file_size INTEGER,
  status TEXT, started_on TEXT, finished_on TEXT, msg TEXT, forced INTEGER, skipped INTEGER, error TEXT,
  update_id TEXT, progress INTEGER NOT NULL DEFAULT 0,
  created_on TEXT, updated_on TEXT, created_by TEXT, updated_by TEXT
);

CREATE TABLE wsusscan2_history (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  status TEXT, result TEXT, file_date TEXT, file_size INTEGER, target_size INTEGER, file_timestamp TEXT,
  error TEXT, forced INTEGER, skipped INTEGER, cablist TEXT, reason TEXT,
  created_on TEXT, updated_on TEXT, created_by TEXT, updated_by TEXT
);

CREATE TABLE options (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
  /* 2: the groups list (/api/v1/groups) and group filters read group packages by section; without
     this index a DISTINCT over every host's packages took ~0.3 s at 50,000 hosts and held the
     (single-threaded) database while the console's first hosts page waited. */ `
CREATE INDEX host_packages_section_package ON host_packages(section, package);
`,
  /* 3: host search reads each distinct software `name (version)` once by walking this index
     (server/db/host-search.ts) instead of testing every host's every software row. */ `
CREATE INDEX host_softwares_name_version ON host_softwares(name, version);
`,
  /* 4: the host-scope search columns, concatenated in a narrow table kept by triggers. A hosts
     row is kilobytes (certificate, JSON inventories), so a text pre-filter over 50,000 of them
     read mostly overflow pages; this table is a few hundred bytes per host (host-search.ts). */ `
CREATE TABLE host_search (host_id INTEGER PRIMARY KEY, text TEXT NOT NULL);
INSERT INTO host_search (host_id, text) SELECT id, ${searchText('')} FROM hosts;
CREATE TRIGGER host_search_ai AFTER INSERT ON hosts BEGIN
  INSERT OR REPLACE INTO host_search (host_id, text) VALUES (NEW.id, ${searchText('NEW.')});
END;
CREATE TRIGGER host_search_au AFTER UPDATE OF ${HOST_SEARCH_COLUMNS.join(', ')} ON hosts BEGIN
  INSERT OR REPLACE INTO host_search (host_id, text) VALUES (NEW.id, ${searchText('NEW.')});
END;
CREATE TRIGGER host_search_ad AFTER DELETE ON hosts BEGIN
  DELETE FROM host_search WHERE host_id = OLD.id;
END;
`,
  /* 5: the same for "Search in: Hardware", whose JSON inventories sit at the end of a hosts row,
     in its overflow pages. */ `
CREATE TABLE host_hardware_search (host_id INTEGER PRIMARY KEY, text TEXT NOT NULL);
INSERT INTO host_hardware_search (host_id, text) SELECT id, ${searchText('', HARDWARE_SEARCH_COLUMNS)} FROM hosts;
CREATE TRIGGER host_hardware_search_ai AFTER INSERT ON hosts BEGIN
  INSERT OR REPLACE INTO host_hardware_search (host_id, text) VALUES (NEW.id, ${searchText('NEW.', HARDWARE_SEARCH_COLUMNS)});
END;
CREATE TRIGGER host_hardware_search_au AFTER UPDATE OF ${HARDWARE_SEARCH_COLUMNS.join(', ')} ON hosts BEGIN
  INSERT OR REPLACE INTO host_hardware_search (host_id, text) VALUES (NEW.id, ${searchText('NEW.', HARDWARE_SEARCH_COLUMNS)});
END;
CREATE TRIGGER host_hardware_search_ad AFTER DELETE ON hosts BEGIN
  DELETE FROM host_hardware_search WHERE host_id = OLD.id;
END;
`,
];

/** SQL of the triggers that keep `wsus_update_stats` and the hosts' `wua_*_count` columns exact. */
const COUNT_EXPR = (sign: '+' | '-', row: 'NEW' | 'OLD') => ({
  stats: `ok = ok ${sign} (${row}.status IS 'OK'), pending = pending ${sign} (${row}.status IS 'PENDING'),
    missing = missing ${sign} (${row}.status IS 'MISSING'), discarded = discarded ${sign} (${row}.status IS 'DISCARDED'),
    error = error ${sign} (${row}.status IS 'ERROR')`,
  hosts: `wua_ok_count = wua_ok_count ${sign} (${row}.status IS 'OK'), wua_pending_count = wua_pending_count ${sign} (${row}.status IS 'PENDING'),
    wua_missing_count = wua_missing_count ${sign} (${row}.status IS 'MISSING'), wua_discarded_count = wua_discarded_count ${sign} (${row}.status IS 'DISCARDED'),
    wua_error_count = wua_error_count ${sign} (${row}.status IS 'ERROR')`,
});

export const WSUS_TRIGGERS_SQL = `
CREATE TRIGGER IF NOT EXISTS host_wsus_ai AFTER INSERT ON host_wsus BEGIN
  INSERT INTO wsus_update_stats(update_ref) VALUES (NEW.update_ref) ON CONFLICT(update_ref) DO NOTHING;
  UPDATE wsus_update_stats SET ${COUNT_EXPR('+', 'NEW').stats}, total = total + 1 WHERE update_ref = NEW.update_ref;
  UPDATE hosts SET ${COUNT_EXPR('+', 'NEW').hosts} WHERE id = NEW.host_id;
END;
CREATE TRIGGER IF NOT EXISTS host_wsus_ad AFTER DELETE ON host_wsus BEGIN
  UPDATE wsus_update_stats SET ${COUNT_EXPR('-', 'OLD').stats}, total = total - 1 WHERE update_ref = OLD.update_ref;
  UPDATE hosts SET ${COUNT_EXPR('-', 'OLD').hosts} WHERE id = OLD.host_id;
END;
CREATE TRIGGER IF NOT EXISTS host_wsus_au AFTER UPDATE OF status ON host_wsus WHEN OLD.status IS NOT NEW.status BEGIN
  UPDATE wsus_update_stats SET ${COUNT_EXPR('-', 'OLD').stats} WHERE update_ref = OLD.update_ref;
  UPDATE wsus_update_stats SET ${COUNT_EXPR('+', 'NEW').stats} WHERE update_ref = NEW.update_ref;
  UPDATE hosts SET ${COUNT_EXPR('-', 'OLD').hosts} WHERE id = OLD.host_id;
  UPDATE hosts SET ${COUNT_EXPR('+', 'NEW').hosts} WHERE id = NEW.host_id;
END;
`;

export function dropWsusTriggers(db: Database.Database): void {
  db.exec(
    'DROP TRIGGER IF EXISTS host_wsus_ai; DROP TRIGGER IF EXISTS host_wsus_ad; DROP TRIGGER IF EXISTS host_wsus_au;',
  );
}

export function createWsusTriggers(db: Database.Database): void {
  db.exec(WSUS_TRIGGERS_SQL);
}

/**
 * Recomputes every aggregate from `host_wsus` in one pass (after a bulk load done without the
 * triggers). Must run inside the caller's transaction.
 */
export function rebuildWsusAggregates(db: Database.Database): void {
  db.exec(`
DELETE FROM wsus_update_stats;
INSERT INTO wsus_update_stats(update_ref, ok, pending, missing, discarded, error, total)
  SELECT update_ref, SUM(status IS 'OK'), SUM(status IS 'PENDING'), SUM(status IS 'MISSING'), SUM(status IS 'DISCARDED'),
         SUM(status IS 'ERROR'), COUNT(*)
  FROM host_wsus GROUP BY update_ref;
UPDATE hosts SET wua_ok_count = 0, wua_pending_count = 0, wua_missing_count = 0, wua_discarded_count = 0, wua_error_count = 0;
UPDATE hosts SET wua_ok_count = a.ok, wua_pending_count = a.pending, wua_missing_count = a.missing,
    wua_discarded_count = a.discarded, wua_error_count = a.error
  FROM (SELECT host_id, SUM(status IS 'OK') AS ok, SUM(status IS 'PENDING') AS pending, SUM(status IS 'MISSING') AS missing,
               SUM(status IS 'DISCARDED') AS discarded, SUM(status IS 'ERROR') AS error
        FROM host_wsus GROUP BY host_id) AS a
  WHERE hosts.id = a.host_id;
`);
}

/** Brings the database to the latest schema version, each step in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server (${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  createWsusTriggers(db);
}
