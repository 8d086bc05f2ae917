/**
 * Windows-update compliance, as the Audit tab and its exports compute it.
 *
 * Definition (documented in the UI and in exports):
 * - A host×update pair is **applicable** when the host reported the update as OK (installed),
 *   PENDING (needed and allowed), MISSING (needed, not allowed or not downloadable yet) or ERROR
 *   (last install failed). DISCARDED pairs (hidden or forbidden by the rules) are **not**
 *   applicable: the organisation decided the host must not get them.
 * - Compliance of an update = OK / (OK + PENDING + MISSING + ERROR) over the hosts that reported it.
 * - Compliance of a group of updates (a product, a severity, the whole fleet) = the same ratio
 *   over all the group's host×update pairs (sums of the counts, not a mean of percentages), so a
 *   rarely deployed update weighs as little as it matters.
 * - Compliance of a host = its OK count / its applicable count.
 * - No applicable pair → compliance is `null` ("not applicable"), never 100 % or 0 %.
 *
 * The inputs are per-update host counts by status: the reference server's aggregates (cheap at
 * 50,000 hosts), or, on a server without them, the console's own computation from every host's
 * data (docs/server-capabilities.md). Nulls (no counts yet) count as 0 here.
 */
export interface StatusCounts {
  ok: number;
  pending: number;
  missing: number;
  error: number;
  discarded: number;
}

export interface ComplianceFigures extends StatusCounts {
  applicable: number;
  /** 0–100, or null when nothing is applicable. */
  percent: number | null;
}

export interface ComplianceGroup extends ComplianceFigures {
  /** Group key: a product or severity name; '' for "none". */
  key: string;
  /** Number of updates in the group. */
  updates: number;
}

/** What an update row must carry (the windows_updates `hosts_*` counts). */
export interface UpdateCounts {
  hosts_ok: number | null;
  hosts_pending: number | null;
  hosts_missing: number | null;
  hosts_error: number | null;
  hosts_discarded: number | null;
}

const n = (v: number | null | undefined): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;

export function countsOfUpdate(row: UpdateCounts): StatusCounts {
  return {
    ok: n(row.hosts_ok),
    pending: n(row.hosts_pending),
    missing: n(row.hosts_missing),
    error: n(row.hosts_error),
    discarded: n(row.hosts_discarded),
  };
}

export function compliance(c: StatusCounts): ComplianceFigures {
  const applicable = c.ok + c.pending + c.missing + c.error;
  return { ...c, applicable, percent: applicable === 0 ? null : (c.ok / applicable) * 100 };
}

/** Sums by `keyOf`, sorted by key (the '' "none" group last). */
export function aggregateCompliance<R extends UpdateCounts>(
  rows: Iterable<R>,
  keyOf: (row: R) => string | null | undefined,
): ComplianceGroup[] {
  const groups = new Map<string, StatusCounts & { updates: number }>();
  for (const row of rows) {
    const key = keyOf(row) ?? '';
    const g = groups.get(key) ?? { ok: 0, pending: 0, missing: 0, error: 0, discarded: 0, updates: 0 };
    const c = countsOfUpdate(row);
    g.ok += c.ok;
    g.pending += c.pending;
    g.missing += c.missing;
    g.error += c.error;
    g.discarded += c.discarded;
    g.updates += 1;
    groups.set(key, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([key, { updates, ...counts }]) => ({ key, updates, ...compliance(counts) }));
}

/** One group over every row. */
export function overallCompliance(rows: Iterable<UpdateCounts>): ComplianceGroup {
  return (
    aggregateCompliance(rows, () => 'all')[0] ?? {
      key: 'all',
      updates: 0,
      ...compliance({ ok: 0, pending: 0, missing: 0, error: 0, discarded: 0 }),
    }
  );
}

const SEVERITY_ORDER = ['Critical', 'Important', 'Moderate', 'Low', ''];

/** By MSRC severity, most severe first; updates without severity under ''. */
export function complianceBySeverity<R extends UpdateCounts & { severity: string | null }>(
  rows: Iterable<R>,
): ComplianceGroup[] {
  const rank = (k: string) => {
    const i = SEVERITY_ORDER.indexOf(k);
    return i < 0 ? SEVERITY_ORDER.length - 1.5 : i;
  };
  return aggregateCompliance(rows, (r) => r.severity ?? '').sort(
    (a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key),
  );
}

export function complianceByProduct<R extends UpdateCounts & { product: string | null }>(
  rows: Iterable<R>,
): ComplianceGroup[] {
  return aggregateCompliance(rows, (r) => r.product ?? '');
}

/** Host compliance from the hosts' `wua_*_count` columns. */
export function hostCompliance(h: {
  wua_ok_count: number | null;
  wua_pending_count: number | null;
  wua_missing_count: number | null;
  wua_error_count: number | null;
  wua_discarded_count: number | null;
}): ComplianceFigures {
  return compliance({
    ok: n(h.wua_ok_count),
    pending: n(h.wua_pending_count),
    missing: n(h.wua_missing_count),
    error: n(h.wua_error_count),
    discarded: n(h.wua_discarded_count),
  });
}

/** "87.3 %" style text with one decimal, or '' when not applicable. Truncates, never rounds 99.96 up to 100. */
export function formatPercent(percent: number | null, language: 'en' | 'fr' = 'en'): string {
  if (percent === null) return '';
  const v = Math.floor(percent * 10 + 1e-9) / 10;
  const text = v.toFixed(1);
  return language === 'fr' ? `${text.replace('.', ',')} %` : `${text}%`;
}
