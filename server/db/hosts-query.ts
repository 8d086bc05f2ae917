import type { Db } from './connection';
import { hostColumnsShaped } from './fleet-tables';
import { searchHostIds, type SearchOptions, type SearchSource } from './host-search';
import { compileSearchPattern, SearchPatternError } from './search-pattern';
import { csv, parseJsonColumn } from '../util';

/**
 * `GET /api/v1/hosts` (docs/wapt-server-api.md §3.2) as SQL over the `hosts` table, plus this server's
 * documented extension: server-side paging and sorting (`offset`, `order_by`, `order_desc`) and a
 * `total` count of matching hosts (docs/server-api-extensions.md).
 */

// The hosts columns by how the listing renders them, from the table's descriptor (fleet-tables.ts).
export const TEXT_COLUMNS = hostColumnsShaped('text');
export const INT_COLUMNS = hostColumnsShaped('int');
/** Stored as JSON text of a list. */
export const ARRAY_COLUMNS = hostColumnsShaped('array');
/** Stored as JSON text of an object (jsonb in WAPT). */
export const JSON_COLUMNS = hostColumnsShaped('json');

const TEXT = new Set<string>(TEXT_COLUMNS);
const INTS = new Set<string>(INT_COLUMNS);
const ARRAYS = new Set<string>(ARRAY_COLUMNS);
const JSONS = new Set<string>(JSON_COLUMNS);
export const ALL_HOST_COLUMNS = new Set<string>([
  ...TEXT_COLUMNS,
  ...INT_COLUMNS,
  ...ARRAY_COLUMNS,
  ...JSON_COLUMNS,
]);

/** Always returned, whatever `columns` asks (docs/wapt-server-api.md §3.2). */
export const MINIMUM_COLUMNS = [
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
/** Returned when `columns` is absent (the console's usual list). */
export const DEFAULT_COLUMNS = [
  ...MINIMUM_COLUMNS,
  'os_name',
  'connected_ips',
  'manufacturer',
  'productname',
  'serialnr',
  'mac_addresses',
  'last_logged_on_user',
  'computer_ad_ou',
  'computer_ad_site',
  'platform',
  'reachable',
  'audit_status',
  'depends',
];

/** Columns `order_by` accepts (extension); indexed ones stay fast at 50,000 hosts. */
export const SORTABLE = new Set<string>([...TEXT_COLUMNS, ...INT_COLUMNS]);

export interface HostsQuery {
  columns?: string;
  uuid?: string;
  filter?: string;
  not_filter?: string;
  groups?: string;
  ad_site?: string;
  ad_groups?: string;
  organizational_unit?: string;
  include_childs_ou?: string;
  trusted_certs_sha256?: string;
  has_errors?: string;
  need_upgrade?: string;
  reachable?: string;
  limit?: string;
  offset?: string;
  order_by?: string;
  order_desc?: string;
}

export class HostsQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostsQueryError';
  }
}

const jsonPath = (parts: readonly string[]) => `$${parts.map((p) => `."${p.replace(/"/g, '')}"`).join('')}`;

/** SQL expression for a column request; null when unknown (ignored, like WAPT). */
function selectExpr(col: string, params: unknown[]): string | null {
  if (col === 'depends') {
    return "(SELECT group_concat(package, ',') FROM (SELECT package FROM host_packages p WHERE p.host_id = hosts.id AND p.section = 'group' ORDER BY package))";
  }
  if (ALL_HOST_COLUMNS.has(col)) return col;
  if (col.includes('/')) {
    const [root, ...rest] = col.split('/');
    if (!JSONS.has(root!) || rest.length === 0 || rest.some((p) => p === '')) return null;
    params.push(jsonPath(rest));
    const p = params.length;
    // PostgreSQL's ->> returns text: booleans as 'true'/'false', objects as JSON text.
    return `(CASE json_type(${root}, @p${p}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN NULL ELSE CAST(json_extract(${root}, @p${p}) AS TEXT) END)`;
  }
  return null;
}

/**
 * One field of a `filter` (docs/wapt-server-api.md §3.2) as a search source (host-search.ts); null for an
 * unknown field (ignored, like WAPT). JSON paths are inlined as SQL string literals.
 */
function filterSource(field: string): SearchSource | null {
  const f = field.trim();
  if (f === 'installed_softwares') return { kind: 'softwares' };
  if (f === 'installed_packages') return { kind: 'packages', groupsOnly: false };
  if (f === 'depends') return { kind: 'packages', groupsOnly: true };
  if (TEXT.has(f) || INTS.has(f) || ARRAYS.has(f) || JSONS.has(f)) return { kind: 'host', expr: f };
  const dot = f.indexOf('.');
  if (dot > 0 && JSONS.has(f.slice(0, dot))) {
    const rest = f.slice(dot + 1).split('.');
    if (rest.some((p) => p === '')) return null;
    return {
      kind: 'host',
      expr: `json_extract(${f.slice(0, dot)}, '${jsonPath(rest).replace(/'/g, "''")}')`,
    };
  }
  return null;
}

export interface HostsResult {
  rows: Record<string, unknown>[];
  total: number;
  offset: number;
  limit: number;
}

/**
 * Runs the query. The `filter` search is asynchronous and cancellable (host-search.ts); the final
 * paged statement then only joins the matching ids.
 */
export async function queryHosts(db: Db, q: HostsQuery, opts: SearchOptions = {}): Promise<HostsResult> {
  assertSingleValues(q);
  const params: unknown[] = [];
  const requested = q.columns === undefined ? DEFAULT_COLUMNS : [...MINIMUM_COLUMNS, ...csv(q.columns)];
  const seen = new Set<string>();
  const select: Array<{ key: string; expr: string }> = [];
  for (const c of requested) {
    if (seen.has(c)) continue;
    seen.add(c);
    const expr = selectExpr(c, params);
    if (expr !== null) select.push({ key: c, expr });
  }

  const where: string[] = [];
  const negatable: string[] = [];
  const uuids = csv(q.uuid);
  if (uuids.length > 0) {
    where.push(`uuid IN (${uuids.map((u) => `@p${params.push(u)}`).join(',')})`);
  } else if (q.filter !== undefined && q.filter !== '') {
    const i = q.filter.indexOf(':');
    const fields = i < 0 ? [] : csv(q.filter.slice(0, i));
    let pattern = i < 0 ? q.filter : q.filter.slice(i + 1);
    let negate = false;
    if (/^not /i.test(pattern)) {
      negate = true;
      pattern = pattern.slice(4);
    } else if (pattern.startsWith('!')) {
      negate = true;
      pattern = pattern.slice(1);
    }
    let compiled;
    try {
      compiled = compileSearchPattern(pattern);
    } catch (err) {
      if (err instanceof SearchPatternError) throw new HostsQueryError(err.message);
      throw err;
    }
    const sources = fields.map(filterSource).filter((x): x is SearchSource => x !== null);
    if (sources.length > 0) {
      const ids = await searchHostIds(db, sources, compiled, opts);
      const cond = `id IN (SELECT value FROM json_each(@p${params.push(JSON.stringify([...ids]))}))`;
      negatable.push(negate ? `NOT ${cond}` : cond);
    }
  }
  const groups = csv(q.groups);
  if (groups.length > 0) {
    negatable.push(
      `EXISTS (SELECT 1 FROM host_packages hp WHERE hp.host_id = hosts.id AND hp.package IN (${groups.map((g) => `@p${params.push(g)}`).join(',')}))`,
    );
  }
  if (q.ad_site !== undefined && q.ad_site !== '')
    negatable.push(`computer_ad_site = @p${params.push(q.ad_site)}`);
  const adGroups = (q.ad_groups ?? '')
    .split('||')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (adGroups.length > 0) {
    negatable.push(
      `EXISTS (SELECT 1 FROM json_each(hosts.computer_ad_groups) g WHERE lower(g.value) IN (${adGroups.map((g) => `@p${params.push(g.toLowerCase())}`).join(',')}))`,
    );
  }
  const certs = csv(q.trusted_certs_sha256);
  if (certs.length > 0) {
    negatable.push(
      `EXISTS (SELECT 1 FROM json_each(hosts.authorized_certificates_sha256) c WHERE c.value IN (${certs.map((c) => `@p${params.push(c.toLowerCase())}`).join(',')}))`,
    );
  }
  const ous = (q.organizational_unit ?? '')
    .split('||')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ous.length > 0) {
    const childs = q.include_childs_ou !== '0';
    where.push(
      `(${ous
        .map((ou) => {
          const p = params.push(ou);
          return childs
            ? `(lower(computer_ad_ou) = lower(@p${p}) OR lower(computer_ad_ou) LIKE '%,' || lower(@p${p}))`
            : `lower(computer_ad_ou) = lower(@p${p})`;
        })
        .join(' OR ')})`,
    );
  }
  if (negatable.length > 0) {
    const all = negatable.join(' AND ');
    where.push(q.not_filter === '1' ? `NOT (${all})` : all);
  }
  if (q.has_errors !== undefined && q.has_errors !== '') where.push("host_status = 'ERROR'");
  if (q.need_upgrade !== undefined && q.need_upgrade !== '')
    where.push("host_status IN ('ERROR','TO-UPGRADE')");
  if (q.reachable === '1') where.push("reachable = 'OK'");

  const limit = parseIntParam(q.limit, 1000, 'limit');
  const offset = parseIntParam(q.offset, 0, 'offset');
  let orderBy = 'last_seen_on';
  if (q.order_by !== undefined && q.order_by !== '') {
    if (!SORTABLE.has(q.order_by))
      throw new HostsQueryError(`order_by: unknown or unsortable column ${JSON.stringify(q.order_by)}`);
    orderBy = q.order_by;
  }
  const desc = q.order_by === undefined || q.order_by === '' ? q.order_desc !== '0' : q.order_desc === '1';
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  // Ties broken by the row id in the same direction, so an index on the sort column serves the page.
  const sql = `SELECT ${select.map((s) => `${s.expr} AS "${s.key.replace(/"/g, '')}"`).join(', ')} FROM hosts ${whereSql}
    ORDER BY ${orderBy} ${desc ? 'DESC' : 'ASC'}, id ${desc ? 'DESC' : 'ASC'} LIMIT ${limit} OFFSET ${offset}`;
  const named = Object.fromEntries(params.map((v, i) => [`p${i + 1}`, v]));
  const stmt = db.prepare(sql);
  const raw = (params.length > 0 ? stmt.all(named) : stmt.all()) as Record<string, unknown>[];
  const rows = raw.map((r) => {
    for (const s of select) {
      if (ARRAYS.has(s.key) || JSONS.has(s.key)) r[s.key] = parseJsonColumn(r[s.key]);
    }
    return r;
  });
  let total: number;
  if (where.length === 0)
    total = (db.prepare("SELECT value FROM counters WHERE name = 'hosts'").get() as { value: number }).value;
  else if (offset === 0 && rows.length < limit) total = rows.length;
  else {
    const count = db.prepare(`SELECT COUNT(*) AS n FROM hosts ${whereSql}`);
    total = ((params.length > 0 ? count.get(named) : count.get()) as { n: number }).n;
  }
  return { rows, total, offset, limit };
}

/**
 * Every parameter is a single value: a repeated one (`?filter=a&filter=b`, which the query parser
 * turns into a list) is refused with one clear line instead of a TypeError deep in the query.
 */
function assertSingleValues(q: HostsQuery): void {
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && typeof v !== 'string')
      throw new HostsQueryError(`${k}: give this parameter once, as a single value`);
    if (typeof v === 'string' && v.includes('\0')) throw new HostsQueryError(`${k}: NUL character refused`);
  }
}

function parseIntParam(v: string | undefined, dflt: number, name: string): number {
  if (v === undefined || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v)) throw new HostsQueryError(`${name} must be a non-negative integer`);
  return Number(v);
}
