/**
 * Benchmarks print figures as ratios against a reference measured in the same run, on the same
 * machine, so that results are comparable across machines of different speeds. No timed tests.
 */
export interface BenchCase {
  /** Shown as the section title. */
  readonly name: string;
  /** Returns the comparisons to print; may print progress lines of its own. */
  run(): Promise<Comparison[]>;
}

export interface Measured {
  label: string;
  ms: number;
}

export interface Comparison {
  subject: Measured;
  reference: Measured;
  /** The goal for subject/reference (e.g. 1.3 means "at most 1.3× the reference"). */
  goal: number;
}

export async function timeOnce(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Median wall time of `runs` calls after `warmup` unmeasured ones. */
export async function medianMs(fn: () => Promise<unknown> | unknown, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeOnce(fn));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function formatComparison(c: Comparison): string {
  const ratio = c.subject.ms / c.reference.ms;
  const verdict = ratio <= c.goal ? 'meets goal' : 'MISSES goal';
  return `  ${c.subject.label}: ${c.subject.ms.toFixed(1)} ms | ${c.reference.label}: ${c.reference.ms.toFixed(1)} ms | ratio ${ratio.toFixed(2)}× (goal ≤ ${c.goal}×, ${verdict})`;
}
