import type { HardwareEntry, HostPackageRow, HostSoftwareRow } from '../../../../common/ipc/methods/hosts';

/** The package filters of the WAPT console's host packages grid (docs/host-inventory.md). */
export const PACKAGE_FILTERS = ['all', 'errors', 'upgrade', 'install', 'remove'] as const;
export type PackageFilter = (typeof PACKAGE_FILTERS)[number];

/** ERROR, ERROR-INSTALL, ERROR-UPGRADE… all count as errors; NEED-* by what they need. */
export function filterPackages(rows: readonly HostPackageRow[], filter: PackageFilter): HostPackageRow[] {
  const status = (r: HostPackageRow) => (r.status ?? '').toUpperCase();
  switch (filter) {
    case 'all':
      return [...rows];
    case 'errors':
      return rows.filter((r) => status(r).startsWith('ERROR'));
    case 'upgrade':
      return rows.filter((r) => status(r) === 'NEED-UPGRADE');
    case 'install':
      return rows.filter((r) => status(r) === 'NEED-INSTALL' || status(r) === 'MISSING');
    case 'remove':
      return rows.filter((r) => status(r) === 'NEED-REMOVE');
  }
}

/** "Hide system components": a null flag (agent did not say) is shown, only `true` is hidden. */
export function visibleSoftwares(rows: readonly HostSoftwareRow[], hideSystem: boolean): HostSoftwareRow[] {
  return hideSystem ? rows.filter((r) => r.systemComponent !== true) : [...rows];
}

export interface TreeNode {
  key: string;
  /** Path from the section root, joined with '/', unique within a section. */
  id: string;
  value: string | null;
  children: TreeNode[];
  /** Number of leaves under this node (1 for a leaf). */
  leaves: number;
}

/** Rebuilds the tree from the flattened leaves the main process sends, in their order. */
export function buildTree(entries: readonly HardwareEntry[]): TreeNode[] {
  const root: TreeNode = { key: '', id: '', value: null, children: [], leaves: 0 };
  const index = new Map<string, TreeNode>([['', root]]);
  for (const e of entries) {
    let parent = root;
    parent.leaves++;
    e.path.forEach((segment, i) => {
      const id = e.path.slice(0, i + 1).join('/');
      let node = index.get(id);
      if (!node) {
        node = { key: segment, id, value: null, children: [], leaves: 0 };
        index.set(id, node);
        parent.children.push(node);
      }
      node.leaves++;
      if (i === e.path.length - 1) node.value = e.value;
      parent = node;
    });
    if (e.path.length === 0) root.value = e.value;
  }
  return root.children;
}

/** A case-insensitive regular expression, or the text itself when it is not a valid one. */
export function searchPattern(text: string): RegExp | null {
  if (text.trim() === '') return null;
  try {
    return new RegExp(text, 'i');
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
}

/**
 * The hardware tree's search: a node whose key matches keeps its whole subtree; a leaf whose value
 * matches is kept with its ancestors; everything else is pruned.
 */
export function filterTree(nodes: readonly TreeNode[], pattern: RegExp | null): TreeNode[] {
  if (!pattern) return [...nodes];
  const out: TreeNode[] = [];
  for (const n of nodes) {
    if (pattern.test(n.key)) {
      out.push(n);
      continue;
    }
    if (n.children.length === 0) {
      if (n.value !== null && pattern.test(n.value)) out.push(n);
      continue;
    }
    const children = filterTree(n.children, pattern);
    if (children.length > 0) out.push({ ...n, children, leaves: children.reduce((s, c) => s + c.leaves, 0) });
  }
  return out;
}
