/** Package-request lists as people type them in the host-package and group dialogs. */

/** Comma- or line-separated package requests (`name` or `name(>=1.2)`). */
export const splitRequests = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

const lower = (s: string) => s.toLowerCase();

/** Add/remove lists turning `before` into `after` (names compare case-insensitively, as in WAPT). */
export function listEdit(before: string[], after: string[]) {
  const name = (r: string) => lower(r.replace(/\(.*$/, '').trim());
  const had = new Set(before.map(lower));
  const keepNames = new Set(after.map(name));
  return {
    add: after.filter((r) => !had.has(lower(r))),
    remove: before.filter((r) => !keepNames.has(name(r))),
  };
}
