/**
 * Group packages (`section: group`, docs/wapt-package-format.md §12.2, docs/host-packages.md): a named,
 * signed list of packages (`depends`) and of packages to remove (`conflicts`). A host is in a
 * group when its host package depends on the group. They live in the main repository (listed in
 * `Packages`) and are uploaded with `upload_packages` like software packages.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createControl, controlList, type Control } from '../../../common/domain/control';
import { validatePackageName } from '../../../common/domain/control-validate';
import { packageFileName } from '../../../wapt/packages/package-filename';
import { compareVersions } from '../../../common/domain/version';
import { ConsoleError } from '../../../common/errors';
import type { GroupRow } from '../../../common/ipc/methods/host-packages';
import { uploadPackageFile } from '../api/uploads';
import type { WaptClient } from '../api/wapt-client';
import { readPackagesIndex } from '../../../wapt/packages/packages-index';
import type { PackageSigner } from '../../../wapt/signing/signer';
import { buildEditedPackage, type PackageListsEdit } from './host-package';

const text = (v: string | number | null | undefined): string =>
  v === undefined || v === null ? '' : String(v);

export async function readIndex(client: WaptClient): Promise<Control[]> {
  const bytes = await client.getBytes('/wapt/Packages', 256 * 1024 * 1024);
  return (await readPackagesIndex(bytes)).packages;
}

function safeCompare(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** The newest version of every group package of the repository. */
export function groupsOf(index: readonly Control[]): Control[] {
  const newest = new Map<string, Control>();
  for (const c of index) {
    if (text(c.section) !== 'group') continue;
    const cur = newest.get(c.package);
    if (!cur || safeCompare(text(c.version), text(cur.version)) > 0) newest.set(c.package, c);
  }
  return [...newest.values()].sort((a, b) => a.package.localeCompare(b.package));
}

export function groupRow(c: Control): GroupRow {
  return {
    package: c.package,
    version: text(c.version),
    description: text(c.description),
    depends: controlList(c.depends),
    conflicts: controlList(c.conflicts),
    signer: text(c.signer) || null,
    signatureDate: text(c.signature_date) || null,
    filename: text(c.filename) || null,
  };
}

export async function listGroups(client: WaptClient): Promise<GroupRow[]> {
  return groupsOf(await readIndex(client)).map(groupRow);
}

/** A repository file, checked against the md5 the index gives for it (§10.3). */
export async function fetchIndexedFile(client: WaptClient, c: Control): Promise<Buffer> {
  const filename = text(c.filename);
  const bytes = await client.getBytes(`/wapt/${encodeURIComponent(filename)}`, 2 * 1024 * 1024 * 1024);
  const md5 = text(c.md5sum).toLowerCase();
  if (md5 !== '' && createHash('md5').update(bytes).digest('hex') !== md5)
    throw new ConsoleError(
      'PACKAGE_INVALID',
      `${filename}: the downloaded file does not match the md5 of the repository index`,
      {
        details: { reason: 'MD5_MISMATCH' },
      },
    );
  return bytes;
}

export interface GroupSave extends PackageListsEdit {
  name: string;
  /** `create`: refuse when the group exists; `edit`: refuse when it does not. */
  mode: 'create' | 'edit';
  description?: string;
}

/** Creates or edits a group: next version, signed here, verified, uploaded. */
export async function saveGroup(
  client: WaptClient,
  signer: PackageSigner,
  save: GroupSave,
): Promise<{ row: GroupRow; changed: boolean }> {
  const issue = validatePackageName(save.name, 'group');
  if (issue)
    throw new ConsoleError('VALIDATION', issue.message, {
      details: { reason: 'BAD_GROUP_NAME', name: save.name },
    });
  const current = groupsOf(await readIndex(client)).find((c) => c.package === save.name) ?? null;
  if (save.mode === 'create' && current !== null)
    throw new ConsoleError(
      'CONFLICT',
      `a group named ${save.name} already exists (version ${text(current.version)})`,
      {
        details: { reason: 'GROUP_EXISTS' },
      },
    );
  if (save.mode === 'edit' && current === null)
    throw new ConsoleError('NOT_FOUND', `no group named ${save.name} in the repository`, {
      details: { reason: 'UNKNOWN_GROUP' },
    });
  const existing = current === null ? null : await fetchIndexedFile(client, current);
  const dir = await mkdtemp(path.join(tmpdir(), 'wapt-group-'));
  try {
    const built = await buildEditedPackage({
      existing,
      // WAPT's make_group_template: section group, priority standard, version 0 (docs/host-packages.md).
      template: () =>
        createControl({
          package: save.name,
          version: '0',
          architecture: 'all',
          section: 'group',
          priority: 'standard',
          description: save.description ?? '',
          maintainer: signer.certificateChain[0]?.cn ?? '',
        }),
      edit: save,
      ...(save.description !== undefined ? { overrides: { description: save.description } } : {}),
      expectSection: 'group',
      signer,
      outDir: dir,
      outName: (c) => packageFileName(c),
      what: `the group package ${save.name}`,
    });
    if (!built.changed) return { row: groupRow(current!), changed: false };
    const up = await uploadPackageFile(client, built.path);
    return { row: groupRow({ ...built.control, filename: up.filename ?? '' }), changed: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
