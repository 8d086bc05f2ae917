/**
 * Merges per-host job rows from live events and from a catch-up answer. The two can arrive in
 * either order, so a row never goes back to an earlier stage: a late catch-up saying RUNNING must
 * not hide an OK already received.
 */
export function mergeForward<S extends string, R extends { uuid: string; state: S }>(
  old: ReadonlyMap<string, R>,
  changed: readonly R[],
  stage: (state: S) => number,
): Map<string, R> {
  const next = new Map(old);
  for (const row of changed) {
    const had = next.get(row.uuid);
    if (had === undefined || stage(row.state) >= stage(had.state)) next.set(row.uuid, row);
  }
  return next;
}
