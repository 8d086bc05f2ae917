import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../../common/errors';
import {
  ALL_UPDATES,
  type ParsedUpdatesFilter,
  type UpdateRow,
} from '../../../../common/ipc/methods/updates';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { AuditService } from '../../../../electron/core/fleet/audit-service';
import { UpdatesService } from '../../../../electron/core/fleet/updates-service';
import { ADMIN_PASSWORD, client as httpClient, startTestServer, until } from '../../../server/helpers';

/** The console's main-side Windows-updates and audit services against the real reference server over HTTP. */
let env: Awaited<ReturnType<typeof startTestServer>>;
let updates: UpdatesService;
let audit: AuditService;
let raw: ReturnType<typeof httpClient>;

type ServerUpdate = Record<string, unknown> & {
  update_id: string;
  product: string | null;
  severity: string | null;
  downloaded_on: string | null;
};

const filter = (f: Partial<ParsedUpdatesFilter>): ParsedUpdatesFilter => ({ ...ALL_UPDATES, ...f });
const serverList = async (query = ''): Promise<ServerUpdate[]> =>
  (await raw.get<ServerUpdate[]>(`/api/v2/windows_updates${query}`)).json.result!;

beforeAll(async () => {
  env = await startTestServer({ hosts: 60 });
  const wapt = new WaptClient({
    baseUrl: env.server.url,
    user: 'admin',
    password: ADMIN_PASSWORD,
    verifyTls: true,
  });
  await wapt.login();
  updates = new UpdatesService(() => wapt);
  audit = new AuditService(updates);
  raw = httpClient(env.server.url);
});
afterAll(async () => env?.cleanup());

describe('UpdatesService.page (server-paged catalog)', () => {
  it('pages with the server total and the server clock as "data as of"', async () => {
    const all = await serverList();
    const first = await updates.page({ offset: 0, limit: 50, sort: null, filter: ALL_UPDATES });
    expect(first.total).toBe(all.length);
    expect(first.rows).toHaveLength(50);
    expect(first.rows.map((r) => r.update_id)).toEqual(all.slice(0, 50).map((r) => r.update_id));
    const second = await updates.page({ offset: 50, limit: 50, sort: null, filter: ALL_UPDATES });
    expect(second.rows[0]!.update_id).toBe(all[50]!.update_id);
    expect(Math.abs(Date.parse(first.asOf) - Date.now())).toBeLessThan(60_000);
    const r = first.rows[0]!;
    expect(typeof r.hosts_ok).toBe('number');
    expect(r.hosts_total).toBe(
      r.hosts_ok! + r.hosts_pending! + r.hosts_missing! + r.hosts_discarded! + r.hosts_error!,
    );
    expect(Array.isArray(r.kbids)).toBe(true);
  });

  it('filters by product, classification, severity (incl. none), text and cache state', async () => {
    const facets = await updates.facets();
    expect(facets.products.length).toBeGreaterThan(1);
    const product = facets.products[0]!.name;
    const byProduct = await updates.page({
      offset: 0,
      limit: 5000,
      sort: null,
      filter: filter({ products: [product] }),
    });
    expect(byProduct.total).toBe(facets.products[0]!.count);
    expect(byProduct.rows.every((r) => r.product === product)).toBe(true);

    const classification = facets.classifications[0]!.name;
    const byClass = await updates.page({
      offset: 0,
      limit: 5000,
      sort: null,
      filter: filter({ classifications: [classification] }),
    });
    expect(byClass.rows.length).toBeGreaterThan(0);
    expect(byClass.rows.every((r) => r.classification === classification)).toBe(true);

    const none = await updates.page({
      offset: 0,
      limit: 5000,
      sort: null,
      filter: filter({ severities: ['none'] }),
    });
    expect(none.rows.length).toBeGreaterThan(0);
    expect(none.rows.every((r) => r.severity === null)).toBe(true);
    const critical = await updates.page({
      offset: 0,
      limit: 5000,
      sort: null,
      filter: filter({ severities: ['Critical'] }),
    });
    expect(critical.rows.every((r) => r.severity === 'Critical')).toBe(true);
    const all = await serverList();
    expect(critical.total).toBe(all.filter((r) => r.severity === 'Critical').length);

    const kb = byProduct.rows.find((r) => r.kbids.length > 0)!.kbids[0]!;
    const byText = await updates.page({
      offset: 0,
      limit: 100,
      sort: null,
      filter: filter({ text: `KB${kb}` }),
    });
    expect(byText.rows.some((r) => r.kbids.includes(kb))).toBe(true);

    const notCached = await updates.page({
      offset: 0,
      limit: 5000,
      sort: null,
      filter: filter({ cached: 'no' }),
    });
    expect(notCached.rows.every((r) => r.downloaded_on === null)).toBe(true);
    expect(notCached.total).toBe(all.filter((r) => r.downloaded_on === null).length);
  });

  it('sorts on the server by host counts and matches nothing for an empty check-list without asking the server', async () => {
    const page = await updates.page({
      offset: 0,
      limit: 20,
      sort: { colId: 'hosts_missing', desc: true },
      filter: ALL_UPDATES,
    });
    const missing = page.rows.map((r) => r.hosts_missing!);
    expect([...missing].sort((a, b) => b - a)).toEqual(missing);
    const empty = await updates.page({ offset: 0, limit: 20, sort: null, filter: filter({ products: [] }) });
    expect(empty).toMatchObject({ rows: [], total: 0 });
  });
});

describe('server downloads', () => {
  it('downloads selected updates: tasks reach a final state and "downloaded on" fills in; deleting the cache empties it', async () => {
    const targets = (
      await updates.page({ offset: 0, limit: 3, sort: null, filter: filter({ cached: 'no' }) })
    ).rows;
    expect(targets.length).toBeGreaterThan(0);
    const ids = targets.map((r) => r.update_id);
    const started = await updates.download(ids, false);
    expect(started.queued).toBe(ids.length);
    expect(started.taskIds).toHaveLength(ids.length);
    const final = await until(async () => {
      const t = await updates.tasks(100);
      const mine = t.rows.filter((r) => started.taskIds.includes(r.id));
      return mine.length === ids.length && mine.every((r) => r.status === 'DONE' || r.status === 'ERROR')
        ? mine
        : undefined;
    });
    const done = final.filter((r) => r.status === 'DONE').map((r) => r.update_id!);
    expect(done.length).toBeGreaterThan(0);
    for (const r of final) {
      expect(r.kind).toBe('update');
      expect(r.finished_on).not.toBeNull();
    }
    const after = await updates.page({ offset: 0, limit: 5000, sort: null, filter: ALL_UPDATES });
    const byId = new Map<string, UpdateRow>(after.rows.map((r) => [r.update_id, r]));
    for (const id of done) expect(byId.get(id)!.downloaded_on).not.toBeNull();

    // Already cached → skipped, unless forced.
    expect((await updates.download([done[0]!], false)).skipped).toBe(1);

    const deleted = await updates.deleteCached(done);
    expect(deleted.updates).toBe(done.length);
    const again = await serverList(`?update_ids=${done.join(',')}`);
    expect(again.every((r) => r.downloaded_on === null)).toBe(true);
  });

  it('downloads wsusscn2.cab (history row, task, catalog health) and deletes history rows', async () => {
    const r = await updates.downloadCab(false);
    expect(r.skipped).toBe(false);
    expect(r.taskId).not.toBeNull();
    const task = await until(async () => {
      const t = (await updates.tasks(50)).rows.find((x) => x.id === r.taskId);
      return t && (t.status === 'DONE' || t.status === 'ERROR') ? t : undefined;
    });
    expect(task.kind).toBe('wsusscn2');
    const history = await updates.cabHistory(20);
    expect(history.rows.length).toBeGreaterThan(0);
    const row = history.rows[0]!;
    expect(['OK', 'ERROR']).toContain(row.status);
    expect(typeof row.created_on).toBe('string');

    const health = await updates.catalogHealth();
    expect(health.lastCab?.id).toBe(row.id);
    expect(health.updatesTotal).toBe((await serverList()).length);
    expect(health.updatesNotCached).toBe((await serverList('?downloaded=0')).length);

    const forced = await updates.downloadCab(true);
    expect(forced.skipped).toBe(false);
    const ids = (await updates.cabHistory(20)).rows.map((x) => x.id);
    expect((await updates.deleteCabHistory([row.id])).deleted).toBe(1);
    expect((await updates.cabHistory(20)).rows.map((x) => x.id)).toEqual(ids.filter((id) => id !== row.id));
    // Let the forced download end before the server closes.
    await until(async () => ((await updates.tasks(50)).running === 0 ? true : undefined));
  });

  it('reports server refusals as ConsoleErrors', async () => {
    await expect(updates.download(['no-such-update_1'], false)).resolves.toMatchObject({
      failed: 1,
      queued: 0,
    });
    const err = await updates
      .page({ offset: 0, limit: 10, sort: null, filter: filter({ text: 'x'.repeat(10) }) })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeNull();
    const bad = new UpdatesService(
      () => new WaptClient({ baseUrl: env.server.url, user: 'admin', password: 'wrong', verifyTls: true }),
    );
    await expect(bad.facets()).rejects.toBeInstanceOf(ConsoleError);
  });
});

describe('AuditService.summary', () => {
  it('computes compliance from the server counts: OK / (OK + PENDING + MISSING + ERROR)', async () => {
    const s = await audit.summary(ALL_UPDATES);
    const all = await serverList();
    const sum = (k: string, rows = all) => rows.reduce((a, r) => a + Number(r[k]), 0);
    expect(s.countsAvailable).toBe(true);
    expect(s.updates).toHaveLength(all.length);
    expect(s.overall.ok).toBe(sum('hosts_ok'));
    expect(s.overall.applicable).toBe(
      sum('hosts_ok') + sum('hosts_pending') + sum('hosts_missing') + sum('hosts_error'),
    );
    expect(s.overall.percent).toBeCloseTo((100 * sum('hosts_ok')) / s.overall.applicable, 9);
    for (const g of s.byProduct) {
      const rows = all.filter((r) => (r.product ?? '') === g.key);
      expect(g.updates).toBe(rows.length);
      expect(g.missing).toBe(sum('hosts_missing', rows));
      expect(g.discarded).toBe(sum('hosts_discarded', rows));
    }
    expect(s.bySeverity.map((g) => g.key)).toEqual(['Critical', 'Important', 'Moderate', '']);
    expect(s.bySeverity.reduce((a, g) => a + g.updates, 0)).toBe(all.length);

    const windows = await audit.summary(filter({ products: [s.byProduct[0]!.key] }));
    expect(windows.overall).toEqual({ ...s.byProduct[0]!, key: 'all' });
  });
});
