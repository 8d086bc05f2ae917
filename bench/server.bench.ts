import { BENCH_ADMIN_PASSWORD, startBenchFleet } from './fleets';
import { medianMs, type BenchCase, type Comparison } from './lib';

/**
 * Reference server at 500 and at 50,000 hosts (about 150 Windows-update states per host, i.e.
 * ~7.5 M host×update rows): median time of a paged hosts query and of a paged windows_updates
 * query with per-update host counts, over real HTTP on loopback. Goal: the 50k figure at most
 * 1.3× the 500 figure.
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

export const serverBench: BenchCase = {
  name: 'reference server: paged queries at 500 vs 50,000 hosts',
  async run(): Promise<Comparison[]> {
    const medians = new Map<string, Map<number, number>>();
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
      } finally {
        await server.close();
      }
    }
    return [...medians.entries()].map(([label, m]) => ({
      subject: { label: `${label} @50k`, ms: m.get(50_000)! },
      reference: { label: '@500', ms: m.get(500)! },
      goal: 1.3,
    }));
  },
};

export default serverBench;
