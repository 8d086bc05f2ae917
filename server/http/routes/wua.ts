import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireAuth } from '../../auth/authenticator';
import { csv, isoTimestamp } from '../../util';
import type { ServerContext } from '../context';
import { elapsedSeconds, okEnvelope, sendJson, WaptError } from '../envelope';
import { HOST_COUNT_KEYS } from '../genuine';
import { wsusRow } from './hosts';
import { columnNames, WSUS_UPDATES } from '../../db/fleet-tables';

const VIEW = ['admin', 'view'];
const EDIT_WUA = ['admin', 'edit_wua_package'];

/** Every column but the surrogate key, in table order (server/db/fleet-tables.ts). */
const UPDATE_COLUMNS = columnNames(WSUS_UPDATES, ['generated', 'none']);
/** Sort keys of the paging extension; the hosts_* counts come from the aggregate table. */
const UPDATE_SORT: Record<string, string> = {
  changetime: 'u.changetime',
  title: 'u.title',
  product: 'u.product',
  classification: 'u.classification',
  severity: 'u.severity',
  max_download_size: 'u.max_download_size',
  downloaded_on: 'u.downloaded_on',
  update_id: 'u.update_id',
  kbids: 'u.kbids',
  hosts_ok: 's.ok',
  hosts_pending: 's.pending',
  hosts_missing: 's.missing',
  hosts_discarded: 's.discarded',
  hosts_error: 's.error',
  hosts_total: 's.total',
};

function intParam(v: unknown, dflt: number | null, name: string): number | null {
  if (v === undefined || v === '') return dflt;
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v))
    throw new WaptError('ewaptbadparameter', `${name} must be a non-negative integer`);
  return Number(v);
}

/**
 * Windows-update server routes (docs/wapt-server-api.md §6.5). The two called by the 1.8.2 console
 * (`windows_updates`, `wsusscan2_history`) follow the spec; the rest are **inferred** from ≤1.6
 * public versions. Extensions (docs/server-api-extensions.md): per-update host counts by status
 * (`hosts_ok|pending|missing|discarded|error|total`), `classifications`, `text`, paging and sorting.
 */
export function registerWuaRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v2/windows_updates', { preHandler: requireAuth(ctx.auth, VIEW) }, async (request, reply) => {
    const t0 = performance.now();
    // Without the extensions only the 1.8.2 console's parameters count (docs/wapt-server-api.md §6.5):
    // update_ids, products, severity, has_kb; the whole list, newest first [order inferred].
    const paging = ctx.profile.extensions.has('hosts_paging');
    const counts = ctx.profile.extensions.has('wua_host_counts');
    const raw = request.query as Record<string, string | undefined>;
    const q: Record<string, string | undefined> = paging
      ? raw
      : { update_ids: raw.update_ids, products: raw.products, severity: raw.severity, has_kb: raw.has_kb };
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (col: string, values: string[]) => {
      where.push(`${col} IN (${values.map(() => '?').join(',')})`);
      params.push(...values);
    };
    const ids = csv(q.update_ids);
    if (ids.length > 0) inList('u.update_id', ids);
    const products = csv(q.products);
    if (products.length > 0) inList('u.product', products);
    const classifications = csv(q.classifications);
    if (classifications.length > 0) inList('u.classification', classifications);
    if (q.severity !== undefined && q.severity !== '') {
      const sev = csv(q.severity);
      const named = sev.filter((s) => s.toLowerCase() !== 'null');
      const parts: string[] = [];
      if (named.length > 0) {
        parts.push(`u.severity IN (${named.map(() => '?').join(',')})`);
        params.push(...named);
      }
      if (named.length !== sev.length) parts.push('u.severity IS NULL');
      where.push(parts.length ? `(${parts.join(' OR ')})` : '0');
    }
    if (q.has_kb === '1') where.push("u.kbids IS NOT NULL AND u.kbids <> '[]'");
    const text = q.text ?? q.q;
    if (text !== undefined && text !== '') {
      where.push(
        "(u.title LIKE ? ESCAPE '\\' OR u.kbids LIKE ? ESCAPE '\\' OR u.update_id LIKE ? ESCAPE '\\')",
      );
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like.replace(/^%KB/i, '%'), like);
    }
    if (q.downloaded === '1') where.push('u.downloaded_on IS NOT NULL');
    if (q.downloaded === '0') where.push('u.downloaded_on IS NULL');
    // The list holds only updates some host reported (docs/wapt-console-features.md §1.A), unless all=1.
    const join = q.all === '1' ? 'LEFT JOIN' : 'JOIN';
    if (q.all !== '1') where.push('s.total > 0');
    const orderKey = q.order_by ?? 'changetime';
    const order = UPDATE_SORT[orderKey];
    if (order === undefined)
      throw new WaptError('ewaptbadparameter', `order_by: unknown column ${JSON.stringify(orderKey)}`);
    const desc =
      q.order_desc === undefined
        ? orderKey === 'changetime' || orderKey.startsWith('hosts_')
        : q.order_desc === '1';
    const limit = intParam(q.limit, null, 'limit');
    const offset = intParam(q.offset, 0, 'offset') ?? 0;
    const from = `FROM wsus_updates u ${join} wsus_update_stats s ON s.update_ref = u.id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const rows = ctx.db
      .prepare(
        `SELECT ${UPDATE_COLUMNS.map((c) => `u.${c}`).join(', ')}, coalesce(s.ok, 0) AS hosts_ok, coalesce(s.pending, 0) AS hosts_pending,
                coalesce(s.missing, 0) AS hosts_missing, coalesce(s.discarded, 0) AS hosts_discarded, coalesce(s.error, 0) AS hosts_error,
                coalesce(s.total, 0) AS hosts_total
         ${from} ORDER BY ${order} ${desc ? 'DESC' : 'ASC'}, u.id ${desc ? 'DESC' : 'ASC'} ${limit !== null ? `LIMIT ${limit} OFFSET ${offset}` : offset ? `LIMIT -1 OFFSET ${offset}` : ''}`,
      )
      .all(...params) as Record<string, unknown>[];
    const total =
      limit === null && offset === 0
        ? rows.length
        : (ctx.db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
    if (!counts) for (const r of rows) for (const k of HOST_COUNT_KEYS) delete r[k];
    return sendJson(
      reply,
      okEnvelope(
        rows.map(wsusRow),
        `${rows.length} windows updates`,
        elapsedSeconds(t0),
        paging ? { total, offset, limit } : {},
      ),
    );
  });

  // Deletes the cached files of updates (console "Delete … cached files on server?"); route inferred.
  app.delete(
    '/api/v2/windows_updates',
    { preHandler: requireAuth(ctx.auth, EDIT_WUA) },
    async (request, reply) => {
      const t0 = performance.now();
      const ids = updateIdsOf(request);
      if (ids.length === 0) throw new WaptError('ewaptmissingparameter', 'update_ids is required');
      const r = await ctx.downloads.deleteCached(ids);
      return sendJson(reply, okEnvelope(r, `${r.files.length} cached files deleted`, elapsedSeconds(t0)));
    },
  );

  app.get('/api/v2/windows_products', { preHandler: requireAuth(ctx.auth, VIEW) }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const selected = new Set(readOption(ctx, 'products_selection') as string[]);
    let rows = (
      ctx.db
        .prepare(
          'SELECT u.product AS product, COUNT(*) AS updates_count FROM wsus_updates u JOIN wsus_update_stats s ON s.update_ref = u.id WHERE s.total > 0 AND u.product IS NOT NULL GROUP BY u.product ORDER BY u.product',
        )
        .all() as Array<{
        product: string;
        updates_count: number;
      }>
    ).map((r) => ({ ...r, selected: selected.has(r.product) }));
    if (q.selected === '1') rows = rows.filter((r) => r.selected);
    if (q.search) rows = rows.filter((r) => r.product.toLowerCase().includes(q.search!.toLowerCase()));
    return sendJson(reply, okEnvelope(rows, `${rows.length} products`));
  });

  app.get(
    '/api/v2/windows_updates_classifications',
    { preHandler: requireAuth(ctx.auth, VIEW) },
    async (request, reply) => {
      const id = (request.query as Record<string, string | undefined>).id;
      let rows = ctx.db
        .prepare(
          'SELECT u.classification AS id, u.classification AS name, COUNT(*) AS updates_count FROM wsus_updates u JOIN wsus_update_stats s ON s.update_ref = u.id WHERE s.total > 0 AND u.classification IS NOT NULL GROUP BY u.classification ORDER BY 1',
        )
        .all() as Array<{ id: string }>;
      if (id) rows = rows.filter((r) => r.id === id);
      return sendJson(reply, okEnvelope(rows, `${rows.length} classifications`));
    },
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v2/windows_updates_options',
    preHandler: requireAuth(ctx.auth, VIEW),
    handler: async (request, reply) => {
      const key = (request.query as Record<string, string | undefined>).key ?? 'products_selection';
      if (!/^[a-z_]{1,64}$/.test(key)) throw new WaptError('ewaptbadparameter', 'bad option key');
      if (request.method === 'POST') {
        if (
          !request.auth ||
          !Object.values(request.auth.acls).some((l) => l.includes('admin') || l.includes('edit_wua_package'))
        ) {
          return reply.code(403).type('text/plain; charset=utf-8').send('Restricted access.\n');
        }
        const body = request.body as Record<string, unknown> | unknown[] | null;
        const value = Array.isArray(body)
          ? body
          : body !== null && typeof body === 'object' && 'value' in body
            ? body.value
            : undefined;
        if (value === undefined)
          throw new WaptError('ewaptmissingparameter', 'a JSON list or {"value": …} body is required');
        ctx.db
          .prepare(
            'INSERT INTO options (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
          )
          .run(key, JSON.stringify(value));
      }
      return sendJson(reply, okEnvelope({ key, value: readOption(ctx, key) }, `option ${key}`));
    },
  });

  app.get(
    '/api/v2/wsusscan2_history',
    { preHandler: requireAuth(ctx.auth, VIEW) },
    async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
      const limit = intParam(q.limit, 100, 'limit')!;
      const where = q.skipped === '0' ? 'WHERE skipped = 0' : q.skipped === '1' ? 'WHERE skipped = 1' : '';
      const rows = (
        ctx.db
          .prepare(`SELECT * FROM wsusscan2_history ${where} ORDER BY id DESC LIMIT ?`)
          .all(limit) as Array<Record<string, unknown>>
      ).map((r) => ({
        ...r,
        forced: r.forced === 1,
        skipped: r.skipped === 1,
        cablist: typeof r.cablist === 'string' ? (JSON.parse(r.cablist) as unknown) : [],
        result: typeof r.result === 'string' ? (JSON.parse(r.result) as unknown) : null,
      }));
      return sendJson(reply, okEnvelope(rows, `${rows.length} wsusscan2 history rows`));
    },
  );

  // The console calls it with the DELETE method and `?uuid=<csv ids>` (docs/wapt-server-api.md §6.5): ids or uuids accepted.
  app.delete(
    '/api/v2/wsusscan2_history',
    { preHandler: requireAuth(ctx.auth, EDIT_WUA) },
    async (request, reply) => {
      const keys = csv(
        (request.query as Record<string, string | undefined>).uuid ??
          (request.query as Record<string, string | undefined>).ids,
      );
      if (keys.length === 0) throw new WaptError('ewaptmissingparameter', 'uuid is required');
      const del = ctx.db.prepare('DELETE FROM wsusscan2_history WHERE uuid = ? OR CAST(id AS TEXT) = ?');
      let n = 0;
      ctx.db.transaction(() => keys.forEach((k) => (n += del.run(k, k).changes)))();
      return sendJson(reply, okEnvelope(n, `${n} history rows deleted`));
    },
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v2/download_wsusscan',
    preHandler: requireAuth(ctx.auth, EDIT_WUA),
    handler: async (request, reply) => {
      const force = (request.query as Record<string, string | undefined>).force === '1';
      const r = ctx.downloads.downloadScanCab(force, request.auth!.user);
      return sendJson(
        reply,
        okEnvelope(
          r,
          r.skipped ? 'wsusscn2.cab unchanged, download skipped' : 'wsusscn2.cab download started',
        ),
      );
    },
  });

  app.post(
    '/api/v2/download_windows_updates',
    { preHandler: requireAuth(ctx.auth, EDIT_WUA) },
    async (request, reply) => {
      const ids = updateIdsOf(request);
      if (ids.length === 0) throw new WaptError('ewaptmissingparameter', 'update_ids is required');
      if (ids.length > 10_000) throw new WaptError('ewaptbadparameter', 'at most 10000 updates per request');
      const force =
        (request.query as Record<string, string | undefined>).force === '1' ||
        (request.body as Record<string, unknown> | null)?.force === true;
      const r = ctx.downloads.downloadUpdates(ids, force, request.auth!.user);
      return sendJson(
        reply,
        okEnvelope(r, `${r.filter((t) => t.status === 'PENDING').length} download task(s) queued`),
      );
    },
  );

  // Download-task monitor (TVisWUADownloads); route name inferred.
  app.get(
    '/api/v2/windows_updates_downloads',
    { preHandler: requireAuth(ctx.auth, VIEW) },
    async (request, reply) => {
      const limit = intParam((request.query as Record<string, string | undefined>).limit, 500, 'limit')!;
      const rows = ctx.downloads.tasks(limit);
      return sendJson(
        reply,
        okEnvelope(rows, `${rows.length} download tasks`, null, { date: isoTimestamp() }),
      );
    },
  );
}

function updateIdsOf(request: FastifyRequest): string[] {
  const fromQuery = csv((request.query as Record<string, string | undefined>).update_ids);
  if (fromQuery.length > 0) return fromQuery;
  const b = request.body as Record<string, unknown> | unknown[] | null;
  const list = Array.isArray(b)
    ? b
    : b !== null && typeof b === 'object' && Array.isArray(b.update_ids)
      ? (b.update_ids as unknown[])
      : [];
  return list.filter((x): x is string => typeof x === 'string');
}

function readOption(ctx: ServerContext, key: string): unknown {
  const row = ctx.db.prepare('SELECT value FROM options WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row === undefined ? [] : (JSON.parse(row.value) as unknown);
}
