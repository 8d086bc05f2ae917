import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import { generateFleet } from '../../../server/fleet/generator';
import { FleetSimulator, type SimClock } from '../../../server/fleet/simulator';
import { PackageRepository } from '../../../server/repo/package-repo';

/**
 * The scheduler over an injected clock: queue order, progress from simulated time, completion
 * when the clock reaches the task's end, cancel. Real database, real agents; only time is ours.
 */

class ManualClock implements SimClock {
  private t = Date.parse('2024-06-20T12:00:00Z');
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  pending(): number {
    return this.timers.length;
  }
  /** Moves time forward, firing the timers that fall due, in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

const dirs: string[] = [];
const sims: FleetSimulator[] = [];
afterAll(async () => {
  for (const s of sims) await s.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function setup() {
  const d = mkdtempSync(path.join(tmpdir(), 'wapt-sched-'));
  dirs.push(d);
  const db = openDatabase(path.join(d, 's.sqlite'));
  generateFleet(db, {
    hosts: 2,
    seed: 3,
    now: Date.parse('2024-06-20T12:00:00Z'),
    serverUuid: 'srv',
    packages: [],
    rulesPackages: [],
    months: 3,
  });
  const repoDirs = { wapt: path.join(d, 'w'), waptHost: path.join(d, 'h'), tmp: path.join(d, 't') };
  Object.values(repoDirs).forEach((p) => mkdirSync(p, { recursive: true }));
  const repo = new PackageRepository(
    db,
    repoDirs,
    () => [],
    () => 'https://srvwapt.corp.lan/wapt',
  );
  const clock = new ManualClock();
  // speed 10: a scan (60 s) takes 6 s of clock time, a description change (2 s) 0.2 s.
  const sim = new FleetSimulator(db, { speed: 10, seed: 1, serverUuid: 'srv', repo, clock });
  sims.push(sim);
  const host = db.prepare('SELECT id, uuid FROM hosts ORDER BY id LIMIT 1').get() as {
    id: number;
    uuid: string;
  };
  return { db, sim, clock, host };
}

type Status = {
  running: { id: number; progress: number; start_date: string } | null;
  pending: Array<{ id: number }>;
  done: Array<{ id: number; runstatus: string; finish_date: string; summary: string }>;
  cancelled: Array<{ id: number; progress: number }>;
};

async function until(sim: FleetSimulator, host: { id: number; uuid: string }, pred: (s: Status) => boolean) {
  while (!pred(sim.status(host.id, host.uuid) as Status)) await sim.waitForEvent(host.id, host.uuid, 60_000);
}

describe('simulator scheduler with an injected clock', () => {
  it('runs one task at a time, progress follows the clock, completion at the simulated end', async () => {
    const { db, sim, clock, host } = setup();
    const scan = sim.enqueue(host, { action: 'trigger_waptwua_scan' }, 'admin');
    const desc = sim.enqueue(
      host,
      { action: 'trigger_change_description', computer_description: 'x' },
      'admin',
    );
    let s = sim.status(host.id, host.uuid) as Status;
    expect(s.running).toMatchObject({ id: scan.id, progress: 0, start_date: '2024-06-20T12:00:00.000000' });
    expect(s.pending.map((p) => p.id)).toEqual([desc.id]);
    expect(clock.pending()).toBe(1); // one timer per host, not per task

    clock.advance(3000);
    expect((sim.status(host.id, host.uuid) as Status).running?.progress).toBe(50);
    expect(sim.taskState(host.id, host.uuid, desc.id).state).toBe('PENDING');

    clock.advance(3000);
    await until(sim, host, (x) => x.done.length === 1);
    s = sim.status(host.id, host.uuid) as Status;
    expect(s.done[0]).toMatchObject({
      id: scan.id,
      runstatus: 'DONE',
      finish_date: '2024-06-20T12:00:06.000000',
    });
    expect(s.running?.id).toBe(desc.id);
    // The agent's writes carry the clock's time too.
    const seen = db.prepare('SELECT last_seen_on FROM hosts WHERE id = ?').get(host.id) as {
      last_seen_on: string;
    };
    expect(seen.last_seen_on).toBe('2024-06-20T12:00:06.000000');

    clock.advance(199);
    expect(sim.taskState(host.id, host.uuid, desc.id).state).toBe('RUNNING');
    clock.advance(1);
    await until(sim, host, (x) => x.done.length === 2);
    expect(sim.taskState(host.id, host.uuid, desc.id).task).toMatchObject({
      summary: 'Description changed to "x"',
    });
  });

  it('cancel all keeps the running task with its progress and clears its timer', () => {
    const { sim, clock, host } = setup();
    const scan = sim.enqueue(host, { action: 'trigger_waptwua_scan' }, 'admin');
    const queued = sim.enqueue(host, { action: 'trigger_host_update' }, 'admin');
    clock.advance(1500);
    const cancel = sim.enqueue(host, { action: 'trigger_cancel_all_tasks' }, 'admin');
    const s = sim.status(host.id, host.uuid) as Status;
    expect(s.running).toBeNull();
    expect(s.cancelled.map((c) => [c.id, c.progress])).toEqual([
      [queued.id, 0],
      [scan.id, 25],
    ]);
    expect(sim.taskState(host.id, host.uuid, cancel.id).state).toBe('DONE');
    expect(clock.pending()).toBe(0);
  });

  it('a wait for events ends on the clock when nothing happens', async () => {
    const { sim, clock, host } = setup();
    const before = sim.lastEventId(host.id);
    const wait = sim.waitForEvent(host.id, host.uuid, 10_000);
    clock.advance(10_000);
    await wait;
    expect(sim.lastEventId(host.id)).toBe(before);
  });
});
