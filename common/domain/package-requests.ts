/**
 * Package requests in `depends` / `conflicts` lists (docs/wapt-package-format.md §3 #10–11, see
 * docs/host-packages.md): `name` or `name(<op><version>)`, comma-separated, items trimmed and
 * empty ones dropped as WAPT's readers do. Host and group packages are edited only through these
 * lists, so the rules live here, pure, for the core, the CLI and the renderer alike.
 */
import { controlList, type ControlValue } from './control';

const REQUEST = /^([A-Za-z0-9_.=~-]+)\s*(?:\(\s*(==|=|>=|<=|>|<)\s*([0-9A-Za-z.-]+)\s*\))?$/;

/** The package name of a request (`tis-firefox(>=60)` → `tis-firefox`), or null when malformed. */
export function requestName(request: string): string | null {
  const m = REQUEST.exec(request.trim());
  return m ? m[1]! : null;
}

export function isValidRequest(request: string): boolean {
  return REQUEST.test(request.trim());
}

export interface ListEdit {
  /** Requests to add; one naming a package already listed replaces it (e.g. a new version bound). */
  add?: readonly string[];
  /** Package names (or requests: only their name counts) to take out. */
  remove?: readonly string[];
}

/**
 * Applies an edit to a csv list, keeping the order of what stays and appending what is new.
 * Names compare case-insensitively (WAPT package names are matched that way on agents).
 */
export function editRequestList(
  current: ControlValue | undefined,
  edit: ListEdit,
): { list: string[]; changed: boolean } {
  const before = controlList(current);
  const key = (r: string) => (requestName(r) ?? r).toLowerCase();
  const removed = new Set((edit.remove ?? []).map(key));
  let list = before.filter((r) => !removed.has(key(r)));
  for (const r of edit.add ?? []) {
    const k = key(r);
    const at = list.findIndex((x) => key(x) === k);
    if (at >= 0) list[at] = r.trim();
    else list = [...list, r.trim()];
  }
  const changed = list.length !== before.length || list.some((r, i) => r !== before[i]);
  return { list, changed };
}
