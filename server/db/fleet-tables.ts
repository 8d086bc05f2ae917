/**
 * One column descriptor per fleet table: the name, the SQL type and constraints, and how the
 * fleet generator fills the column. The initial migration's CREATE TABLE statements, the
 * generator's INSERTs and the routes' column lists are all derived from these, so a column is
 * named once. The columns follow WAPT 1.8.2's model (docs/fleet-tables.md, which records the
 * differences: surrogate integer keys, JSON text for arrays and jsonb, the aggregate columns).
 *
 * Order matters: it is the order of the CREATE TABLE (the schema of databases created before
 * this file existed, checked by test/server/db/fleet-schema.test.ts) and of the API's fields.
 */

/**
 * How the generator fills a column:
 * - `key`: the surrogate INTEGER PRIMARY KEY, assigned by SQLite;
 * - `generated`: written by the generator's INSERT (possibly NULL);
 * - `aggregate`: a count kept by the host_wsus triggers (and rebuilt by the generator), never inserted;
 * - `none`: part of WAPT's model, left NULL by the generator (the server or an agent may set it later).
 */
export type ColumnFill = 'key' | 'generated' | 'aggregate' | 'none';

/** How `GET /api/v1/hosts` renders a hosts column (server/db/hosts-query.ts); `internal` = never. */
export type HostColumnShape = 'text' | 'int' | 'array' | 'json' | 'internal';

export interface ColumnDescriptor<S extends string = never> {
  readonly name: string;
  /** Type and column constraints, as written in the CREATE TABLE. */
  readonly sql: string;
  readonly fill: ColumnFill;
  readonly shape?: S;
  /**
   * The migration step that added the column (absent: the table's first CREATE). Migrations are
   * append-only, so a later column is rendered by that step's ALTER TABLE, never by the CREATE.
   */
  readonly since?: number;
}

export interface TableDescriptor<S extends string = never> {
  readonly name: string;
  readonly columns: readonly ColumnDescriptor<S>[];
  /** Table constraints after the columns (`UNIQUE (…)`, `PRIMARY KEY (…)`). */
  readonly constraints?: readonly string[];
  /** After the closing parenthesis (`WITHOUT ROWID`). */
  readonly options?: string;
}

const col = <S extends string = never>(
  name: string,
  sql: string,
  fill: ColumnFill = 'generated',
  shape?: S,
): ColumnDescriptor<S> => (shape === undefined ? { name, sql, fill } : { name, sql, fill, shape });

/** A group of TEXT columns filled the same way. */
const texts = <S extends string = never>(names: string, fill: ColumnFill = 'generated', shape?: S) =>
  names
    .trim()
    .split(/\s+/)
    .map((n) => col<S>(n, 'TEXT', fill, shape));

const AUDIT_COLUMNS = (fill: ColumnFill) => texts('created_on updated_on', fill);
const AUTHOR_COLUMNS = texts('created_by updated_by', 'none');

/** WAPT's `Hosts` (docs/fleet-tables.md), with the server's WUA counts and simulation knobs. */
export const HOSTS: TableDescriptor<HostColumnShape> = {
  name: 'hosts',
  columns: [
    col('id', 'INTEGER PRIMARY KEY', 'key', 'internal'),
    col('uuid', 'TEXT NOT NULL UNIQUE', 'generated', 'text'),
    ...texts(
      `computer_fqdn description computer_name computer_type computer_architecture manufacturer productname
       serialnr host_certificate registration_auth_user`,
      'generated',
      'text',
    ),
    col('authorized_certificates_sha256', 'TEXT', 'generated', 'array'),
    ...texts('os_name os_version os_architecture platform', 'generated', 'text'),
    ...texts('connected_users connected_ips mac_addresses gateways networks', 'generated', 'array'),
    ...texts('dnsdomain computer_ad_site computer_ad_ou', 'generated', 'text'),
    col('computer_ad_groups', 'TEXT', 'generated', 'array'),
    ...texts('reachable server_uuid listening_protocol listening_address', 'generated', 'text'),
    col('listening_port', 'INTEGER', 'generated', 'int'),
    ...texts(
      'listening_timestamp repositories host_status last_seen_on last_logged_on_user audit_status wapt_version',
      'generated',
      'text',
    ),
    ...texts(
      `wapt_status last_update_status host_info host_capabilities host_metrics dmi wmi wuauserv_status
       waptwua_status waptwua_rules status_hashes`,
      'generated',
      'json',
    ),
    // The generator writes NULL authors: they are part of its row.
    ...texts('created_on updated_on created_by updated_by', 'generated', 'text'),
    ...['ok', 'pending', 'missing', 'discarded', 'error'].map((s) =>
      col(`wua_${s}_count`, 'INTEGER NOT NULL DEFAULT 0', 'aggregate', 'int'),
    ),
    col('sim_settings', 'TEXT', 'generated', 'internal'),
  ],
};

/** WAPT's `HostPackagesStatus`: the packages a host carries and their install and audit state. */
export const HOST_PACKAGES: TableDescriptor = {
  name: 'host_packages',
  columns: [
    col('id', 'INTEGER PRIMARY KEY', 'key'),
    col('host_id', 'INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE'),
    ...texts('package_uuid name'),
    col('package', 'TEXT NOT NULL'),
    col('version', 'TEXT'),
    col('architecture', 'TEXT'),
    col('locale', 'TEXT', 'none'),
    ...texts(
      `maturity section priority signer signer_fingerprint signature_date description impacted_process
       install_status install_date install_output`,
    ),
    col('install_params', 'TEXT', 'none'),
    ...texts(
      `uninstall_key explicit_by repo_url depends conflicts last_audit_status last_audit_on last_audit_output
       next_audit_on`,
    ),
    ...AUDIT_COLUMNS('generated'),
    ...AUTHOR_COLUMNS,
  ],
  constraints: ['UNIQUE (host_id, package)'],
};

/** WAPT's `HostSoftwares`: the host's software inventory (uninstall registry keys). */
export const HOST_SOFTWARES: TableDescriptor = {
  name: 'host_softwares',
  columns: [
    col('id', 'INTEGER PRIMARY KEY', 'key'),
    col('host_id', 'INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE'),
    ...texts('name version publisher key'),
    col('system_component', 'INTEGER'),
    ...texts('uninstall_string install_date install_location'),
    ...AUDIT_COLUMNS('generated'),
    ...AUTHOR_COLUMNS,
  ],
};

/** WAPT's `WsusUpdates` (plus `cve_ids`, which the agent reports): the Windows updates catalogue. */
export const WSUS_UPDATES: TableDescriptor = {
  name: 'wsus_updates',
  columns: [
    col('id', 'INTEGER PRIMARY KEY', 'key'),
    col('update_id', 'TEXT NOT NULL UNIQUE'),
    col('title', 'TEXT NOT NULL'),
    col('update_type', 'TEXT NOT NULL'),
    ...texts('kbids severity changetime product classification download_urls'),
    col('min_download_size', 'INTEGER'),
    col('max_download_size', 'INTEGER'),
    ...texts('superseded_update_ids security_bulletin_ids cve_ids'),
    col('is_mandatory', 'INTEGER'),
    ...texts('reboot_behaviour can_request_user_input'),
    col('requires_network_connectivity', 'INTEGER'),
    col('is_beta', 'INTEGER'),
    col('is_uninstallable', 'INTEGER'),
    ...texts(
      'installation_impact uninstallation_impact support_url release_notes uninstallation_notes languages downloaded_on',
    ),
    ...AUDIT_COLUMNS('generated'),
    ...AUTHOR_COLUMNS,
  ],
};

/** Hosts per update and status (this server's aggregate; the generator writes it after its bulk load). */
export const WSUS_UPDATE_STATS: TableDescriptor = {
  name: 'wsus_update_stats',
  columns: [
    col('update_ref', 'INTEGER PRIMARY KEY REFERENCES wsus_updates(id) ON DELETE CASCADE'),
    ...['ok', 'pending', 'missing', 'discarded', 'error', 'total'].map((n) =>
      col(n, 'INTEGER NOT NULL DEFAULT 0'),
    ),
  ],
};

/**
 * WAPT's `HostWsus`: one host's state of one update. Keyed on (host, update) without rowid: one
 * B-tree for 7.5M rows at 50,000 hosts.
 */
export const HOST_WSUS: TableDescriptor = {
  name: 'host_wsus',
  columns: [
    col('host_id', 'INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE'),
    col('update_ref', 'INTEGER NOT NULL REFERENCES wsus_updates(id) ON DELETE CASCADE'),
    col('status', 'TEXT'),
    ...['allowed', 'installed', 'present', 'hidden', 'downloaded', 'delayed'].map((n) => col(n, 'INTEGER')),
    col('install_date', 'TEXT'),
    col('history', 'TEXT'),
    col('last_install_failed', 'INTEGER NOT NULL DEFAULT 0'),
  ],
  constraints: ['PRIMARY KEY (host_id, update_ref)'],
  options: 'WITHOUT ROWID',
};

export const FLEET_TABLES = [
  HOSTS,
  HOST_PACKAGES,
  HOST_SOFTWARES,
  WSUS_UPDATES,
  WSUS_UPDATE_STATS,
  HOST_WSUS,
] as const;

/** The table's CREATE TABLE statement as its first migration step ran it, one column per line. */
export function createTableSql(t: TableDescriptor<string>): string {
  const initial = t.columns.filter((c) => c.since === undefined);
  const lines = [...initial.map((c) => `${c.name} ${c.sql}`), ...(t.constraints ?? [])];
  return `CREATE TABLE ${t.name} (\n  ${lines.join(',\n  ')}\n)${t.options ? ` ${t.options}` : ''};`;
}

/** The ALTER TABLE statements of the columns migration step `step` adds to the table. */
export function addedColumnsSql(t: TableDescriptor<string>, step: number): string {
  return t.columns
    .filter((c) => c.since === step)
    .map((c) => `ALTER TABLE ${t.name} ADD COLUMN ${c.name} ${c.sql};`)
    .join('\n');
}

/** Names of the columns filled in the given ways, in table order. */
export function columnNames<S extends string>(
  t: TableDescriptor<S>,
  fills: readonly ColumnFill[] = ['key', 'generated', 'aggregate', 'none'],
): string[] {
  return t.columns.filter((c) => fills.includes(c.fill)).map((c) => c.name);
}

/** The columns the generator's INSERT writes, in table order. */
export const insertedColumns = (t: TableDescriptor<string>): string[] => columnNames(t, ['generated']);

/** Names of the hosts columns `GET /api/v1/hosts` renders with this shape, in table order. */
export function hostColumnsShaped(shape: Exclude<HostColumnShape, 'internal'>): string[] {
  return HOSTS.columns.filter((c) => c.shape === shape).map((c) => c.name);
}

/**
 * `INSERT INTO t (columns) VALUES (?,…)` for `rows` rows. Every name must be a column of the
 * table: a misspelt one fails when the statement is built, not as a NULL column at run time.
 */
export function insertSql(t: TableDescriptor<string>, columns: readonly string[], rows = 1): string {
  checkColumns(t, [...columns]);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  return `INSERT INTO ${t.name} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(',')}`;
}

/**
 * `UPDATE t SET a = ?, b = ? WHERE key = ?` (the values in `columns` order, then the key). Like
 * insertSql, a name that is not a column of the table fails when the statement is built.
 */
export function updateSql(t: TableDescriptor<string>, columns: readonly string[], key = 'id'): string {
  checkColumns(t, [...columns, key]);
  return `UPDATE ${t.name} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`;
}

function checkColumns(t: TableDescriptor<string>, columns: readonly string[]): void {
  const known = new Set(t.columns.map((c) => c.name));
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new Error(`${t.name} has no column ${unknown.join(', ')}`);
}

/** The values of `record` in the order of `columns` (missing ones as NULL). */
export function valuesOf(record: Readonly<Record<string, unknown>>, columns: readonly string[]): unknown[] {
  return columns.map((c) => record[c] ?? null);
}
