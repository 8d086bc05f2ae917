import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { HostActionRun } from '../common/ipc/methods/actions';
import { createCore } from '../electron/compose';
import { signHostClaims } from '../electron/core/fleet/action-batches';
import { MemorySecretStore } from '../electron/core/memory-secret-store';
import { silentLogger } from '../electron/core/ports';
import { BENCH_ADMIN_PASSWORD, startBenchFleet, startBenchFleetProcess } from './fleets';
import { timeOnce, type BenchCase, type Comparison } from './lib';

/**
 * Issue 16: the same host action ("update", a 10-simulated-second task, 1 s at the demo speed) on
 * ~1,000 connected hosts vs on 10, from the core call (what a click in the dialog runs) to every
 * host's outcome known. Goal: the 1,000 figure at most 3× the 10 figure. Also prints the claims
 * signed per second and what one round of following costs the server each way (task lists vs the
 * hosts' status columns), the numbers in docs/host-actions.md.
 *
 * The server runs in its own process (bench/fleets.ts), as a real one would, for both profiles.
 */
const FLEET = 1150; // 88 % of the demo fleet is connected: ~1,000 hosts
const RUNS = 3;

type Core = ReturnType<typeof createCore>;

async function connectCore(url: string, keyDir: string): Promise<{ core: Core; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wapt-bench-actions-'));
  const core = createCore({
    mode: 'browser',
    userDataDir: dir,
    log: silentLogger,
    secrets: new MemorySecretStore(),
    links: { open: async () => true },
    actionQueueCheckMs: 0,
  });
  await core.session.connect({
    baseUrl: url,
    user: 'admin',
    password: BENCH_ADMIN_PASSWORD,
    verifyTls: true,
  });
  await core.adminKey.configure(path.join(keyDir, 'demo-signer.key'), path.join(keyDir, 'demo-signer.crt'));
  await core.adminKey.unlock('');
  return { core, dir };
}

async function connectedHosts(url: string): Promise<{ uuid: string; host: string }[]> {
  const auth = Buffer.from(`admin:${BENCH_ADMIN_PASSWORD}`).toString('base64');
  const res = await fetch(`${url}/api/v1/hosts?columns=uuid,computer_fqdn,listening_protocol&limit=100000`, {
    headers: { Authorization: `Basic ${auth}` },
  });
  const rows = z
    .object({
      result: z.array(
        z.object({
          uuid: z.string(),
          computer_fqdn: z.string().nullable(),
          listening_protocol: z.string().nullable(),
        }),
      ),
    })
    .parse(await res.json()).result;
  return rows
    .filter((r) => r.listening_protocol === 'websockets')
    .map((r) => ({ uuid: r.uuid, host: r.computer_fqdn ?? r.uuid }));
}

/** Click → every host's outcome known; fails the bench if any host did not end OK. */
async function runAction(
  core: Core,
  hosts: { uuid: string; host: string }[],
): Promise<{ ms: number; run: HostActionRun }> {
  let run: HostActionRun | undefined;
  const ms = await timeOnce(async () => {
    const { jobId } = core.actions.start(
      { action: 'update', hosts, updateIds: [], concurrency: 8 },
      () => undefined,
    );
    for (;;) {
      run = core.actions.status(jobId);
      if (run.finished) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  const notOk = run!.rows.filter((r) => r.state !== 'OK');
  if (notOk.length > 0)
    throw new Error(
      `${notOk.length} hosts did not end OK, e.g. ${notOk[0]!.host}: ${notOk[0]!.state} ${notOk[0]!.message}`,
    );
  return { ms, run: run! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One round of "where is each host's task", both ways, against the same hosts. */
async function followCosts(url: string, hosts: { uuid: string }[]): Promise<string[]> {
  const auth = { Authorization: `Basic ${Buffer.from(`admin:${BENCH_ADMIN_PASSWORD}`).toString('base64')}` };
  const tasks = await timeOnce(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < hosts.length) {
          const h = hosts[next++]!;
          await (
            await fetch(`${url}/api/v3/host_tasks_status?uuid=${h.uuid}&timeout=0`, { headers: auth })
          ).arrayBuffer();
        }
      }),
    );
  });
  const columns = await timeOnce(async () => {
    for (let i = 0; i < hosts.length; i += 100) {
      const chunk = hosts.slice(i, i + 100).map((h) => h.uuid);
      await (
        await fetch(
          `${url}/api/v1/hosts?uuid=${chunk.join(',')}&columns=uuid,last_update_status,host_status,last_seen_on&limit=100`,
          { headers: auth },
        )
      ).arrayBuffer();
    }
  });
  return [
    `  one follow round on ${hosts.length} hosts: host_tasks_status ${hosts.length} requests ${tasks.toFixed(0)} ms | status columns ${Math.ceil(hosts.length / 100)} requests ${columns.toFixed(0)} ms`,
  ];
}

const bench: BenchCase = {
  name: 'Host actions: batched signed claims, outcome per host (issue 16)',
  async run() {
    await (await startBenchFleet(FLEET, console.log)).close();
    const keyDir = path.resolve('.tsbuild', 'bench-server', `hosts-${FLEET}`, 'demo');
    const out: Comparison[] = [];
    for (const profile of ['reference', 'wapt-1.8.2'] as const) {
      const server = await startBenchFleetProcess(FLEET, profile);
      const { core, dir } = await connectCore(server.url, keyDir);
      try {
        const all = await connectedHosts(server.url);
        const few = all.slice(0, 10);
        if (profile === 'reference') {
          const signer = core.adminKey.requireSigner();
          const ms = await timeOnce(() =>
            signHostClaims(
              'update',
              all.map((h) => h.uuid),
              { updateIds: [], packages: [] },
              signer,
            ),
          );
          console.log(
            `  claims signed: ${all.length} in ${ms.toFixed(0)} ms = ${Math.round((all.length / ms) * 1000)} claims/s`,
          );
          for (const l of await followCosts(server.url, all)) console.log(l);
        }
        await runAction(core, few); // warm-up: connections, JIT
        const small: number[] = [];
        const large: number[] = [];
        let stats = '';
        for (let i = 0; i < RUNS; i++) {
          small.push((await runAction(core, few)).ms);
          const big = await runAction(core, all);
          large.push(big.ms);
          const s = core.actions.runOf(big.run.jobId).stats;
          stats = `${s.triggerRequests} trigger_host_action requests, ${s.statusRequests} follow-up requests (bulk reads or host_tasks_status); signed in ${s.signMs.toFixed(0)} ms, all sent at ${s.sentMs.toFixed(0)} ms, all known at ${big.ms.toFixed(0)} ms`;
        }
        console.log(`  ${profile}: ${all.length} hosts cost ${stats}`);
        if (profile === 'reference')
          out.push({
            subject: { label: `${profile}: update on ${all.length} connected hosts`, ms: median(large) },
            reference: { label: `on ${few.length} hosts`, ms: median(small) },
            goal: 3,
          });
        else
          // Information only: a genuine server needs host_tasks_status per host before and after
          // (docs/host-actions.md, "Benchmark"), so this ratio grows with the fleet.
          console.log(
            `  ${profile} (information, no goal): ${all.length} hosts ${median(large).toFixed(0)} ms | ${few.length} hosts ${median(small).toFixed(0)} ms | ratio ${(median(large) / median(small)).toFixed(2)}×`,
          );
      } finally {
        await core.actionQueue.stop();
        await core.session.disconnect().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
        await server.close();
      }
    }
    return out;
  },
};
export default bench;
