import { ALL_UPDATES, type ParsedUpdatesFilter } from '../common/ipc/methods/updates';
import { WaptClient } from '../electron/core/api/wapt-client';
import { UpdatesService } from '../electron/core/fleet/updates-service';
import { BENCH_ADMIN_PASSWORD, startBenchFleet } from './fleets';
import { timeOnce, type BenchCase, type Comparison } from './lib';

/**
 * Issue 5, Windows Updates tab: time from a facet change (a product, a classification, "Critical
 * only", a text search, "not cached yet"…) to the updated grid data, i.e. the first 200-row block
 * the grid asks for, through the console's main-side UpdatesService over HTTP, against the
 * reference server at 500 and at 50,000 hosts. Goal: the 50k figure at most 1.5× the 500 figure
 * (the per-update host counts are server-side aggregates, so the cost must not follow the fleet).
 *
 * The fleets come from bench/fleets.ts: one data directory per size, generated once and reused.
 */
const SIZES = [500, 50_000] as const;
const BLOCK = 200;
const ROUNDS = 7;

function facetChanges(products: string[], classifications: string[]): ParsedUpdatesFilter[] {
  return [
    ...products.map((p) => ({ ...ALL_UPDATES, products: [p] })),
    ...classifications.map((c) => ({ ...ALL_UPDATES, classifications: [c] })),
    { ...ALL_UPDATES, severities: ['Critical'] },
    { ...ALL_UPDATES, severities: ['Important', 'none'] },
    { ...ALL_UPDATES, text: 'KB50' },
    { ...ALL_UPDATES, cached: 'no' },
    { ...ALL_UPDATES, hasKb: true, products: products.slice(0, 2), severities: ['Critical', 'Important'] },
    ALL_UPDATES,
  ];
}

interface Sample {
  unsorted: number[];
  sorted: number[];
  facets: number[];
}

async function serviceFor(url: string): Promise<UpdatesService> {
  const client = new WaptClient({
    baseUrl: url,
    user: 'admin',
    password: BENCH_ADMIN_PASSWORD,
    verifyTls: true,
  });
  await client.login();
  return new UpdatesService(() => client);
}

/** One pass of every facet change (unsorted and sorted) plus the facet lists, timed one by one. */
async function pass(svc: UpdatesService, changes: ParsedUpdatesFilter[], into: Sample | null): Promise<void> {
  for (const sorted of [false, true]) {
    for (const filter of changes) {
      const ms = await timeOnce(async () => {
        const page = await svc.page({
          offset: 0,
          limit: BLOCK,
          sort: sorted ? { colId: 'hosts_missing', desc: true } : null,
          filter,
        });
        if (page.total > 0 && page.rows.length === 0) throw new Error('empty page');
      });
      into?.[sorted ? 'sorted' : 'unsorted'].push(ms);
    }
  }
  const ms = await timeOnce(() => svc.facets());
  into?.facets.push(ms);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const bench: BenchCase = {
  name: 'console: Windows-updates facet change to updated grid data (UpdatesService over HTTP), 500 vs 50,000 hosts',
  async run(): Promise<Comparison[]> {
    // Both fleets run at once and the passes alternate, so load from other processes hits both alike.
    const servers = [];
    try {
      for (const hosts of SIZES) servers.push(await startBenchFleet(hosts, (l) => console.log(l)));
      const services = await Promise.all(servers.map((s) => serviceFor(s.url)));
      const f = await services[0]!.facets();
      const changes = facetChanges(
        f.products.map((p) => p.name),
        f.classifications.map((c) => c.name),
      );
      const samples: Sample[] = SIZES.map(() => ({ unsorted: [], sorted: [], facets: [] }));
      for (const svc of services) await pass(svc, changes, null); // warm-up: JIT, server caches
      for (let round = 0; round < ROUNDS; round++)
        for (let i = 0; i < services.length; i++) await pass(services[i]!, changes, samples[i]!);
      const [small, big] = samples.map((s) => ({
        unsorted: median(s.unsorted),
        sorted: median(s.sorted),
        facets: median(s.facets),
      }));
      SIZES.forEach((hosts, i) => {
        const r = [small, big][i]!;
        console.log(
          `  ${hosts} hosts: facet change → first ${BLOCK} rows median ${r.unsorted.toFixed(1)} ms, sorted by missing hosts ${r.sorted.toFixed(1)} ms, facet lists ${r.facets.toFixed(1)} ms (${changes.length} facet changes × ${ROUNDS} rounds)`,
        );
      });
      return [
        {
          subject: { label: 'facet change → grid data @50k', ms: big!.unsorted },
          reference: { label: '@500', ms: small!.unsorted },
          goal: 1.5,
        },
        {
          subject: { label: 'facet change, sorted by hosts missing @50k', ms: big!.sorted },
          reference: { label: '@500', ms: small!.sorted },
          goal: 1.5,
        },
        {
          subject: { label: 'product/classification lists @50k', ms: big!.facets },
          reference: { label: '@500', ms: small!.facets },
          goal: 1.5,
        },
      ];
    } finally {
      for (const s of servers) await s.close();
    }
  },
};

export default bench;
