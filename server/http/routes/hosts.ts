import { rm } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAuth } from '../../auth/authenticator';
import { WSUS_UPDATE_COLUMNS } from '../../db/wsus-columns';
import {
  ALL_HOST_COLUMNS,
  ARRAY_COLUMNS,
  HostsQueryError,
  JSON_COLUMNS,
  queryHosts,
  type HostsQuery,
} from '../../db/hosts-query';
import { SearchCancelledError } from '../../db/host-search';
import { isPlainFileName } from '../../storage/files';
import { csv, parseJsonColumn, text } from '../../util';
import type { ServerContext } from '../context';
import {
  asciiJson,
  elapsedSeconds,
  failEnvelope,
  genuineError,
  okEnvelope,
  sendJson,
  WaptError,
} from '../envelope';
import { genuineWsusRow, hostsQueryFor } from '../genuine';

const VIEW = ['admin', 'view'];
const JSONISH = new Set<string>([...ARRAY_COLUMNS, ...JSON_COLUMNS]);

const WSUS_FIELDS = WSUS_UPDATE_COLUMNS;
export const WSUS_JSON = new Set([
  'kbids',
  'download_urls',
  'superseded_update_ids',
  'security_bulletin_ids',
  'cve_ids',
  'languages',
]);
export const WSUS_BOOL = new Set([
  'is_mandatory',
  'requires_network_connectivity',
  'is_beta',
  'is_uninstallable',
]);

export function wsusRow(r: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(r)) {
    if (WSUS_JSON.has(k)) r[k] = parseJsonColumn(r[k]) ?? [];
    else if (WSUS_BOOL.has(k)) r[k] = r[k] === null ? null : r[k] === 1;
  }
  return r;
}

/** Python's truth of a JSON value: false, 0, "", [], {} and null are false. */
function pythonTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

/** /api/v1/hosts, host_data, hosts_delete, groups, hosts_for_package, packages_for_hosts… (§3). */
export function registerHostRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const hosts = async (request: FastifyRequest, reply: FastifyReply) => {
    const t0 = performance.now();
    const paging = ctx.profile.extensions.has('hosts_paging');
    const q = hostsQueryFor(ctx.profile, request.query as HostsQuery);
    // A client that goes away cancels its search at the next chunk (host-search.ts).
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    let res;
    try {
      res = await queryHosts(ctx.db, q, { signal: gone.signal });
    } catch (err) {
      if (err instanceof SearchCancelledError) {
        ctx.log('hosts search cancelled: the client closed the connection');
        return reply;
      }
      if (err instanceof HostsQueryError) {
        if (ctx.profile.pythonErrors) {
          // The genuine server's int() of a bad `limit` raises ValueError; PostgreSQL refusing a
          // regular expression surfaces as the driver's DataError [inferred].
          if (q.limit !== undefined && q.limit !== '' && !/^\d+$/.test(q.limit))
            throw genuineError('ValueError', `invalid literal for int() with base 10: '${q.limit}'`);
          throw genuineError('DataError', err.message);
        }
        throw new WaptError('ewaptbadparameter', err.message);
      }
      throw err;
    }
    // `total`, `offset` and `limit` are this server's paging extension (docs/server-api-extensions.md);
    // a genuine server gives no total at all (docs/wapt-server-api.md §9).
    const body = asciiJson(
      okEnvelope(
        res.rows,
        `${res.rows.length} hosts returned`,
        elapsedSeconds(t0),
        paging ? { total: res.total, offset: res.offset, limit: res.limit } : {},
      ),
    );
    reply.type('application/json');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && body.length > 1024) {
      return reply
        .header('content-encoding', 'gzip')
        .header('vary', 'Accept-Encoding')
        .send(gzipSync(body, { level: 1 }));
    }
    return reply.send(body);
  };
  app.get('/api/v1/hosts', { preHandler: requireAuth(ctx.auth, VIEW) }, hosts);
  app.get('/api/v3/hosts', { preHandler: requireAuth(ctx.auth, VIEW) }, hosts);

  const hostId = (uuid: string) =>
    (ctx.db.prepare('SELECT id FROM hosts WHERE uuid = ?').get(uuid) as { id: number } | undefined)?.id;

  app.get('/api/v1/host_data', { preHandler: requireAuth(ctx.auth, VIEW) }, async (request, reply) => {
    const t0 = performance.now();
    const q = request.query as Record<string, string | undefined>;
    const uuid = q.uuid;
    const field = q.field;
    const genuine = ctx.profile.pythonErrors;
    if (!uuid || !field) {
      if (genuine) throw genuineError('EWaptMissingParameter', 'uuid and field parameters are required');
      throw new WaptError('ewaptmissingparameter', 'uuid and field parameters are required');
    }
    const special = ['installed_packages', 'installed_softwares', 'wsusupdates'];
    // The wua_*_count columns are this server's (wua_host_counts): unknown to a genuine server.
    const known =
      special.includes(field) ||
      (ALL_HOST_COLUMNS.has(field) &&
        (ctx.profile.extensions.has('wua_host_counts') || !/^wua_\w+_count$/.test(field)));
    if (!known) {
      if (genuine) throw genuineError('EWaptMissingParameter', `Parameter field ${field} is unknown`);
      throw new WaptError('ewaptmissingparameter', `Unknown field ${field}`);
    }
    const id = hostId(uuid);
    const empty = () =>
      sendJson(reply, failEnvelope('empty_data', `No ${field} data for host ${uuid}`, elapsedSeconds(t0)));
    if (id === undefined) {
      // Genuine 1.8.2: the list fields are plain selects (an unknown host gives an empty list);
      // a Hosts column of an unknown host raises EWaptUnknownHost (docs/wapt-server-api.md §9) [inferred
      // for the list fields].
      if (!genuine) return empty();
      if (special.includes(field))
        return sendJson(reply, okEnvelope([], `${field} data for host ${uuid}`, elapsedSeconds(t0)));
      throw genuineError('EWaptUnknownHost', `Host ${uuid} not found in database`);
    }
    let result: unknown;
    if (field === 'installed_packages') {
      const rows = ctx.db
        .prepare(
          'SELECT p.*, h.uuid AS host FROM host_packages p JOIN hosts h ON h.id = p.host_id WHERE p.host_id = ? ORDER BY p.updated_on DESC, p.id DESC',
        )
        .all(id) as Record<string, unknown>[];
      result = rows.map((r) => {
        delete r.host_id;
        for (const k of ['impacted_process', 'uninstall_key', 'depends', 'conflicts'])
          r[k] = parseJsonColumn(r[k]) ?? [];
        return r;
      });
    } else if (field === 'installed_softwares') {
      result = (
        ctx.db
          .prepare(
            'SELECT s.*, h.uuid AS host FROM host_softwares s JOIN hosts h ON h.id = s.host_id WHERE s.host_id = ? ORDER BY s.name',
          )
          .all(id) as Record<string, unknown>[]
      ).map((r) => {
        delete r.host_id;
        r.system_component = r.system_component === 1;
        return r;
      });
    } else if (field === 'wsusupdates' && !ctx.profile.wuaRoutes) {
      // A community fleet's agents report no Windows-update data [inferred]: the route exists, the rows do not.
      result = [];
    } else if (field === 'wsusupdates') {
      const rows = ctx.db
        .prepare(
          `SELECT hw.host_id * 1000000 + hw.update_ref AS local_status_id, hw.status AS local_status_status, hw.allowed AS local_status_allowed,
                  hw.installed AS local_status_installed, hw.install_date AS local_status_install_date, hw.present AS local_status_present,
                  hw.hidden AS local_status_hidden, hw.downloaded AS local_status_downloaded, hw.history AS local_status_history,
                  hw.delayed AS local_status_delayed, ${WSUS_FIELDS.map((f) => `u.${f}`).join(', ')}
           FROM host_wsus hw JOIN wsus_updates u ON u.id = hw.update_ref WHERE hw.host_id = ? ORDER BY u.changetime, u.update_id`,
        )
        .all(id) as Record<string, unknown>[];
      result = rows.map((r) => {
        for (const k of [
          'local_status_allowed',
          'local_status_installed',
          'local_status_present',
          'local_status_hidden',
          'local_status_downloaded',
          'local_status_delayed',
        ]) {
          r[k] = r[k] === null ? null : r[k] === 1;
        }
        // Generated rows carry no history: the install the generator implied is shown as one entry.
        r.local_status_history =
          r.local_status_history !== null
            ? parseJsonColumn(r.local_status_history)
            : r.local_status_installed
              ? [
                  {
                    operation: 'Installation',
                    update_id: r.update_id,
                    date: r.local_status_install_date,
                    title: r.title,
                    result_code: 'Succeeded',
                    application_id: 'AutomaticUpdates',
                    description: '',
                    categories: [r.classification, r.product],
                  },
                ]
              : [];
        const row = wsusRow(r);
        return ctx.profile.extraWsusFields ? row : genuineWsusRow(row);
      });
    } else {
      const row = ctx.db.prepare(`SELECT ${field} AS v FROM hosts WHERE id = ?`).get(id) as { v: unknown };
      result = JSONISH.has(field) ? parseJsonColumn(row.v) : row.v;
    }
    if (
      result === null ||
      result === undefined ||
      // Genuine: only None is "empty_data"; an empty list is a success.
      (!genuine &&
        Array.isArray(result) &&
        result.length === 0 &&
        field !== 'wsusupdates' &&
        field !== 'installed_packages')
    )
      return empty();
    return sendJson(reply, okEnvelope(result, `${field} data for host ${uuid}`, elapsedSeconds(t0)));
  });

  app.post(
    '/api/v3/hosts_delete',
    { preHandler: requireAuth(ctx.auth, ['admin', 'unregister_host']) },
    async (request, reply) => {
      const t0 = performance.now();
      const b = request.body as Record<string, unknown> | null;
      if (
        b === null ||
        typeof b !== 'object' ||
        Array.isArray(b) ||
        typeof (b as { pipe?: unknown }).pipe === 'function'
      ) {
        throw new WaptError('ewaptmissingparameter', 'a JSON object with uuids or filter is required');
      }
      const genuine = ctx.profile.pythonErrors;
      let uuids: string[];
      if (Array.isArray(b.uuids)) {
        if (!b.uuids.every((u) => typeof u === 'string'))
          throw new WaptError('ewaptmissingparameter', 'uuids must be a list of strings');
        uuids = b.uuids;
      } else if (genuine && typeof b.uuids === 'string') {
        // The genuine server reads `uuids` through ensure_list: a csv string is a list.
        uuids = b.uuids
          .split(',')
          .map((u) => u.trim())
          .filter((u) => u !== '');
      } else if (typeof b.filter === 'string') {
        try {
          uuids = (
            await queryHosts(ctx.db, { filter: b.filter, columns: 'uuid', limit: '1000000' })
          ).rows.map((r) => String(r.uuid));
        } catch (err) {
          if (err instanceof HostsQueryError) throw new WaptError('ewaptbadparameter', err.message);
          throw err;
        }
      } else if (genuine) throw genuineError('Exception', 'Neither uuid nor filter provided in query');
      else throw new WaptError('ewaptmissingparameter', 'uuids or filter is required');
      // The genuine server tests the options as Python does (any true value); this one wants booleans.
      const option = (v: unknown) => (genuine ? pythonTruthy(v) : v === true);
      const files: string[] = [];
      const records: Array<{ uuid: string; computer_fqdn: string | null }> = [];
      const msgs: string[] = [];
      const found = uuids
        .map(
          (u) =>
            ctx.db.prepare('SELECT id, uuid, computer_fqdn FROM hosts WHERE uuid = ?').get(u) as
              { id: number; uuid: string; computer_fqdn: string | null } | undefined,
        )
        .filter((h) => h !== undefined);
      if (option(b.delete_packages)) {
        for (const h of found) {
          records.push({ uuid: h.uuid, computer_fqdn: h.computer_fqdn });
          for (const name of [`${h.uuid}.wapt`, h.computer_fqdn ? `${h.computer_fqdn}.wapt` : null]) {
            if (name === null || !isPlainFileName(name)) continue;
            const p = path.join(ctx.dirs.waptHost, name);
            const info = await ctx.repo.fileInfo('waptHost', name);
            if (info !== null) {
              await rm(p, { force: true });
              files.push(p);
            }
          }
        }
        msgs.push(`${files.length} files removed from host repository`);
      }
      if (option(b.delete_inventory)) {
        const del = ctx.db.prepare('DELETE FROM hosts WHERE id = ?');
        ctx.db.transaction(() => found.forEach((h) => del.run(h.id)))();
        msgs.push(`${found.length} hosts removed from DB`);
      }
      return sendJson(reply, okEnvelope({ files, records }, msgs.join('\n'), elapsedSeconds(t0)));
    },
  );

  app.get('/api/v1/groups', { preHandler: requireAuth(ctx.auth, VIEW) }, async (_request, reply) => {
    const rows = ctx.db
      .prepare("SELECT DISTINCT package FROM host_packages WHERE section = 'group' ORDER BY package")
      .all();
    return sendJson(reply, okEnvelope(rows, `${rows.length} groups`));
  });

  app.get('/api/v3/get_ad_sites', { preHandler: requireAuth(ctx.auth, VIEW) }, async (_r, reply) => {
    const rows = (
      ctx.db
        .prepare(
          'SELECT DISTINCT computer_ad_site AS s FROM hosts WHERE computer_ad_site IS NOT NULL ORDER BY 1',
        )
        .all() as Array<{ s: string }>
    ).map((r) => r.s);
    return sendJson(reply, okEnvelope(rows, `${rows.length} sites`));
  });
  app.get('/api/v3/get_ad_ou', { preHandler: requireAuth(ctx.auth, VIEW) }, async (_r, reply) => {
    const rows = (
      ctx.db
        .prepare('SELECT DISTINCT computer_ad_ou AS s FROM hosts WHERE computer_ad_ou IS NOT NULL ORDER BY 1')
        .all() as Array<{ s: string }>
    ).map((r) => r.s);
    return sendJson(reply, okEnvelope(rows, `${rows.length} OUs`));
  });

  const hostsForPackage = async (request: FastifyRequest, reply: FastifyReply) => {
    const t0 = performance.now();
    const src = (request.method === 'POST' ? request.body : request.query) as Record<string, unknown> | null;
    const packages = Array.isArray(src?.package) ? (src.package as unknown[]).map(String) : csv(src?.package);
    if (packages.length === 0) throw new WaptError('ewaptmissingparameter', 'package is required');
    const limit = Math.min(100_000, Number(src?.limit ?? 1000) || 1000);
    const rows = ctx.db
      .prepare(
        `SELECT p.*, h.uuid AS host, h.computer_name AS host_computer_name, h.computer_fqdn AS host_computer_fqdn, h.description AS host_description,
                h.connected_ips AS host_connected_ips, h.reachable, h.connected_users AS host_connected_users
         FROM host_packages p JOIN hosts h ON h.id = p.host_id WHERE p.package IN (${packages.map(() => '?').join(',')}) LIMIT ?`,
      )
      .all(...packages, limit) as Record<string, unknown>[];
    for (const r of rows) {
      delete r.host_id;
      for (const k of [
        'impacted_process',
        'uninstall_key',
        'depends',
        'conflicts',
        'host_connected_ips',
        'host_connected_users',
      ])
        r[k] = parseJsonColumn(r[k]) ?? [];
    }
    return sendJson(reply, okEnvelope(rows, `${rows.length} rows`, elapsedSeconds(t0)));
  };
  app.route({
    method: ['GET', 'POST'],
    url: '/api/v3/hosts_for_package',
    preHandler: requireAuth(ctx.auth, VIEW),
    handler: hostsForPackage,
  });

  const packagesForHosts = async (request: FastifyRequest, reply: FastifyReply) => {
    const t0 = performance.now();
    const src = ((request.method === 'POST' ? request.body : request.query) ?? {}) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : csv(v));
    const uuids = list(src.host_uuids);
    const statuses = list(src.install_status);
    const sections = list(src.sections);
    const where: string[] = [];
    const params: unknown[] = [];
    if (uuids.length > 0) {
      where.push(`h.uuid IN (${uuids.map(() => '?').join(',')})`);
      params.push(...uuids);
    }
    if (statuses.length > 0) {
      where.push(`p.install_status IN (${statuses.map(() => '?').join(',')})`);
      params.push(...statuses);
    }
    if (sections.length > 0) {
      where.push(`p.section IN (${sections.map(() => '?').join(',')})`);
      params.push(...sections);
    }
    if (text(src.reachable) === '1') where.push("h.reachable = 'OK'");
    const limit = Math.min(100_000, Number(src.limit ?? 1000) || 1000);
    const rows = ctx.db
      .prepare(
        `SELECT p.package, p.version, p.section, p.priority, p.install_status, json_group_array(h.uuid) AS host_uuids, COUNT(*) AS count
         FROM host_packages p JOIN hosts h ON h.id = p.host_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         GROUP BY p.package, p.version, p.section, p.priority, p.install_status ORDER BY p.package, p.version LIMIT ?`,
      )
      .all(...params, limit) as Record<string, unknown>[];
    for (const r of rows) r.host_uuids = parseJsonColumn(r.host_uuids);
    return sendJson(reply, okEnvelope(rows, `${rows.length} rows`, elapsedSeconds(t0)));
  };
  app.route({
    method: ['GET', 'POST'],
    url: '/api/v3/packages_for_hosts',
    preHandler: requireAuth(ctx.auth, 'any'),
    handler: packagesForHosts,
  });

  app.get('/api/v1/usage_statistics', { preHandler: requireAuth(ctx.auth, VIEW) }, async (_r, reply) => {
    const n = (ctx.db.prepare("SELECT value FROM counters WHERE name = 'hosts'").get() as { value: number })
      .value;
    const seen = ctx.db.prepare('SELECT MIN(last_seen_on) AS o, MAX(last_seen_on) AS n FROM hosts').get() as {
      o: string | null;
      n: string | null;
    };
    return sendJson(
      reply,
      okEnvelope(
        {
          uuid: ctx.serverUuid,
          platform: 'Linux',
          architecture: ['64bit', 'ELF'],
          version: ctx.version,
          date: new Date().toISOString(),
          edition: ctx.edition,
          git_hash: 'reference-server',
          hosts_count: n,
          oldest_query: seen.o,
          newest_query: seen.n,
          packages_count_max: null,
          packages_count_avg: null,
          packages_count_ok: null,
          hosts_count_has_error: null,
          hosts_count_need_upgrade: null,
        },
        'Anonymous usage statistics',
      ),
    );
  });
}
