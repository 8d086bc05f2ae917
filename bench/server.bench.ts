import Database from 'better-sqlite3';
import path from 'node:path';
import { BENCH_ADMIN_PASSWORD, startBenchFleet } from './fleets';
import { medianMs, type BenchCase, type Comparison } from './lib';

/**
 * Reference server at 500 and at 50,000 hosts (about 150 Windows-update states per host, i.e.
 * ~7.5 M host×update rows): median time of a paged hosts query and of a paged windows_updates
 * query with per-update host counts, over real HTTP on loopback. Goal: the 50k figure at most
 * 1.3× the 500 figure.
 *
 * Host search at 50,000 hosts, in every "Search in" scope, for the default search text of the
 * issue ("Julie") and a regular expression: each median is printed in seconds (goal: under 2 s)
 * and compared with one plain SQL pass over the same columns measured in the same run (SQLite's
 * own LIKE, no JavaScript, no paging): the cost of reading the data once.
 *
 * The demo databases are kept and reused between runs (bench/fleets.ts).
 */
const PASSWORD = BENCH_ADMIN_PASSWORD;
const SIZES = [500, 50_000] as const;
const start = startBenchFleet;

async function session(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v3/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'admin', password: PASSWORD }),
  });
  const cookie = /session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
  if (!r.ok || cookie === undefined) throw new Error(`login failed: ${r.status}`);
  return `session=${cookie}`;
}

async function getOk(url: string, cookie: string): Promise<void> {
  const r = await fetch(url, { headers: { cookie, accept: 'application/json' } });
  const body = (await r.json()) as { success: boolean; result: unknown[] };
  if (!body.success || body.result.length === 0) throw new Error(`unexpected answer from ${url}`);
}

const QUERIES = {
  'hosts page (limit 100, default order)': '/api/v1/hosts?limit=100&offset=0',
  'hosts page 5 sorted by name': '/api/v1/hosts?limit=100&offset=400&order_by=computer_name&order_desc=0',
  'windows_updates with host counts (page of 100)': '/api/v2/windows_updates?has_kb=1&limit=100&offset=0',
  'windows_updates, Critical+null, sorted by pending hosts':
    '/api/v2/windows_updates?severity=Critical,null&limit=100&order_by=hosts_pending',
} as const;

/** The console's "Search in" fields (electron/core/fleet/hosts-service.ts SEARCH_FIELDS). */
const SCOPE_FIELDS: Record<string, readonly string[]> = {
  host: [
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
  ],
  hardware: ['manufacturer', 'productname', 'dmi', 'wmi', 'host_info'],
  software: ['installed_softwares'],
  packages: ['installed_packages', 'depends'],
};
SCOPE_FIELDS.all = [...new Set(Object.values(SCOPE_FIELDS).flat())];
const SEARCH_TEXTS = ['Julie', 'jul(ie|ia)'] as const;
const SEARCH_GOAL_S = 2;

/** One SQL statement reading every searched column once with LIKE: the reference floor. */
function sqlPassSql(fields: readonly string[]): string {
  const like = (e: string) => `${e} LIKE '%jul%'`;
  const parts: string[] = [];
  const cols = fields.filter((f) => !f.startsWith('installed_') && f !== 'depends');
  if (cols.length > 0) parts.push(`(SELECT count(*) FROM hosts WHERE ${cols.map(like).join(' OR ')})`);
  if (fields.includes('installed_softwares'))
    parts.push(`(SELECT count(*) FROM host_softwares WHERE ${like('key')} OR ${like('name')})`);
  if (fields.includes('installed_packages'))
    parts.push(`(SELECT count(*) FROM host_packages WHERE ${like('package')})`);
  return `SELECT ${parts.join(' + ')} AS n`;
}

async function searchComparisons(url: string, cookie: string, dataDir: string): Promise<Comparison[]> {
  const out: Comparison[] = [];
  const db = new Database(path.join(dataDir, 'db', 'server.sqlite'), { readonly: true });
  try {
    for (const [scope, fields] of Object.entries(SCOPE_FIELDS)) {
      const stmt = db.prepare(sqlPassSql(fields));
      const refMs = await medianMs(() => stmt.get(), 3, 1);
      for (const text of SEARCH_TEXTS) {
        const q = `/api/v1/hosts?limit=100&filter=${encodeURIComponent(`${fields.join(',')}:${text}`)}`;
        const ms = await medianMs(
          async () => {
            const r = await fetch(`${url}${q}`, { headers: { cookie, accept: 'application/json' } });
            const body = (await r.json()) as { success: boolean };
            if (!body.success) throw new Error(`search failed: ${JSON.stringify(body).slice(0, 200)}`);
          },
          3,
          1,
        );
        const s = ms / 1000;
        console.log(
          `  50000 hosts | search in ${scope} for ${JSON.stringify(text)}: median ${s.toFixed(3)} s (goal < ${SEARCH_GOAL_S} s: ${s < SEARCH_GOAL_S ? 'meets goal' : 'MISSES goal'})`,
        );
        out.push({
          subject: { label: `search in ${scope} ${JSON.stringify(text)} @50k`, ms },
          reference: { label: 'one SQL LIKE pass over the same columns', ms: refMs },
          goal: 3,
        });
      }
    }
  } finally {
    db.close();
  }
  return out;
}

export const serverBench: BenchCase = {
  name: 'reference server: paged queries at 500 vs 50,000 hosts, host search at 50,000',
  async run(): Promise<Comparison[]> {
    const medians = new Map<string, Map<number, number>>();
    const searches: Comparison[] = [];
    for (const hosts of SIZES) {
      const server = await start(hosts, (l) => console.log(l));
      try {
        const cookie = await session(server.url);
        for (const [label, q] of Object.entries(QUERIES)) {
          const ms = await medianMs(() => getOk(`${server.url}${q}`, cookie), 31, 5);
          const m = medians.get(label) ?? new Map<number, number>();
          m.set(hosts, ms);
          medians.set(label, m);
          console.log(`  ${hosts} hosts | ${label}: median ${ms.toFixed(2)} ms`);
        }
        if (hosts === 50_000) searches.push(...(await searchComparisons(server.url, cookie, server.dataDir)));
      } finally {
        await server.close();
      }
    }
    return [
      ...[...medians.entries()].map(([label, m]) => ({
        subject: { label: `${label} @50k`, ms: m.get(50_000)! },
        reference: { label: '@500', ms: m.get(500)! },
        goal: 1.3,
      })),
      ...searches,
    ];
  },
};

export default serverBench;
