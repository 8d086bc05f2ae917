import type { HostCarryingRow } from '../../../../common/ipc/methods/wua-rules';

/** How a host's install status for a package counts in a rollout (docs/host-packages.md, "Rollout"). */
export type RolloutBucket = 'ok' | 'pending' | 'error';

/**
 * WAPT's per-host package statuses: OK (installed as wanted), ERROR (the last install failed),
 * NEED-UPGRADE / NEED-INSTALL / NEED-REMOVE (the agent has work left: pending). Anything else a
 * server reports (RUNNING, empty…) is counted as pending: the host has not confirmed it yet.
 */
export function bucketOf(status: string | null): RolloutBucket {
  const s = (status ?? '').toUpperCase();
  if (s === 'OK') return 'ok';
  if (s === 'ERROR') return 'error';
  return 'pending';
}

export interface RolloutLine {
  version: string;
  hosts: number;
  ok: number;
  pending: number;
  error: number;
}

/** Dotted versions compare part by part, numerically where both parts are numbers (WAPT `Version`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}

/** Hosts at each version (newest first) with OK / pending / error counts, plus the totals. */
export function rolloutOf(rows: readonly HostCarryingRow[]): { lines: RolloutLine[]; total: RolloutLine } {
  const byVersion = new Map<string, RolloutLine>();
  const total: RolloutLine = { version: '', hosts: 0, ok: 0, pending: 0, error: 0 };
  for (const r of rows) {
    const v = r.version ?? '';
    const line = byVersion.get(v) ?? { version: v, hosts: 0, ok: 0, pending: 0, error: 0 };
    const b = bucketOf(r.install_status);
    line.hosts++;
    line[b]++;
    total.hosts++;
    total[b]++;
    byVersion.set(v, line);
  }
  const lines = [...byVersion.values()].sort((a, b) => compareVersions(b.version, a.version));
  return { lines, total };
}
