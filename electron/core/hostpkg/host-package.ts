/**
 * One host package edit (docs/host-packages.md): fetch `<uuid>.wapt` from the server's
 * `/wapt-host/` folder (404 = the host has none yet: start from the template WAPT's console
 * uses), change its `depends` / `conflicts`, bump its version, sign it here with the
 * administrator's key, verify the result as an agent would, and upload it with `upload_hosts`
 * under its exact name `<uuid>.wapt` (docs/wapt-server-api.md §4.4, docs/wapt-package-format.md §12.1).
 *
 * Nothing leaves unverified: the existing package must verify before it is re-signed (its other
 * members are carried over, so tampered content must not gain our signature), and the new one
 * must verify against the signer's own certificate before it is uploaded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createControl, type Control } from '../../../common/domain/control';
import { assertValidControl } from '../../../common/domain/control-validate';
import { editRequestList, isValidRequest, type ListEdit } from '../../../common/domain/package-requests';
import { ConsoleError } from '../../../common/errors';
import type { WaptClient } from '../api/wapt-client';
import { CONTROL_PATH, GENERATED_MEMBERS } from '../../../wapt/packages/manifest';
import { writeSignedPackage, type PayloadSource } from '../../../wapt/packages/package-writer';
import { decodeControlBytes } from '../../../wapt/packages/build';
import { verifyPackage } from '../../../wapt/packages/verify';
import { openPackageZip } from '../../../wapt/packages/zip-read';
import type { PackageSigner } from '../../../wapt/signing/signer';

export interface PackageListsEdit {
  depends?: ListEdit;
  conflicts?: ListEdit;
}

/** Host packages are a few kB; anything much larger is not one (and is not read into memory). */
const HOST_PACKAGE_MAX_BYTES = 64 * 1024 * 1024;
/** WAPT's server-side encryption marker (docs/wapt-package-format.md §12.1). */
const ENCRYPTED_MARKER = Buffer.from('RSAFERNET', 'ascii');

/** `GET /wapt-host/<uuid>.wapt`; null when the server has none (404). */
export async function fetchHostPackage(client: WaptClient, uuid: string): Promise<Buffer | null> {
  try {
    return await client.getBytes(`/wapt-host/${encodeURIComponent(uuid)}.wapt`, HOST_PACKAGE_MAX_BYTES);
  } catch (err) {
    if (err instanceof ConsoleError && err.reason === 'HTTP_404') return null;
    throw err;
  }
}

/**
 * The control of a host that has no host package yet, after WAPT's host template
 * (docs/host-packages.md): package = the host uuid, section `host`, priority `standard`,
 * architecture `all`. INFERRED: version `0` (the first upload is therefore version 1) and the
 * description wording "Host package for <host>".
 */
export function hostTemplateControl(uuid: string, host: string | null, maintainer: string): Control {
  return createControl({
    package: uuid,
    version: '0',
    architecture: 'all',
    section: 'host',
    priority: 'standard',
    description: `Host package for ${host ?? uuid}`,
    maintainer,
  });
}

/**
 * Host and group package versions are incrementing integers (§12.1); a version written by
 * another tool (`3-2`, `1.0`) is bumped on its last number.
 */
export function nextPackageVersion(version: string | number | undefined): string {
  const v = String(version ?? '').trim();
  if (/^\d+$/.test(v)) return String(Number(v) + 1);
  const m = /^(.*?)(\d+)$/.exec(v);
  return m ? `${m[1]}${Number(m[2]) + 1}` : '1';
}

function assertRequests(edit: PackageListsEdit): void {
  for (const list of [edit.depends, edit.conflicts])
    for (const r of [...(list?.add ?? []), ...(list?.remove ?? [])])
      if (!isValidRequest(r))
        throw new ConsoleError(
          'VALIDATION',
          `${JSON.stringify(r)} is not a package request (name or name(>=version))`,
          { details: { reason: 'BAD_PACKAGE_REQUEST', request: r } },
        );
}

/** Applies the list edits to a control; `changed` false means the package would stay the same. */
export function applyListsEdit(
  control: Control,
  edit: PackageListsEdit,
): { control: Control; changed: boolean } {
  assertRequests(edit);
  const depends = editRequestList(control.depends, edit.depends ?? {});
  const conflicts = editRequestList(control.conflicts, edit.conflicts ?? {});
  return {
    control: { ...control, depends: depends.list.join(','), conflicts: conflicts.list.join(',') },
    changed: depends.changed || conflicts.changed,
  };
}

export interface EditedPackage {
  path: string;
  control: Control;
  md5: string;
  size: number;
  /** The server had no package: it was made from the template. */
  created: boolean;
  /** False: the edit changed nothing, so nothing was built. */
  changed: boolean;
  previousVersion: string | null;
}

/**
 * Reads an existing package (bytes) after checking it verifies (integrity and signatures with its
 * own certificate; trust is the server's and agents' business), returning its control and its
 * payload members to carry over.
 */
async function openExisting(
  bytes: Buffer,
  dir: string,
  what: string,
): Promise<{ control: Control; payload: PayloadSource[]; close: () => void }> {
  if (bytes.subarray(0, ENCRYPTED_MARKER.length).equals(ENCRYPTED_MARKER))
    throw new ConsoleError(
      'NOT_SUPPORTED',
      `${what} is stored encrypted by the server (encrypt_host_packages): edit it from WAPT's own console`,
      { details: { reason: 'HOST_PACKAGE_ENCRYPTED' } },
    );
  const file = path.join(dir, 'existing.wapt');
  await writeFile(file, bytes, { mode: 0o600 });
  try {
    await verifyPackage(file, { trusted: [], requireTrust: false });
  } catch (err) {
    if (err instanceof ConsoleError)
      throw new ConsoleError(
        err.code,
        `${what} on the server does not verify, refusing to sign it again: ${err.message}`,
        {
          details: {
            ...(err.details ?? {}),
            reason: err.reason ?? 'EXISTING_INVALID',
            context: 'EXISTING_NOT_RESIGNED',
          },
        },
      );
    throw err;
  }
  const zip = await openPackageZip(file);
  const controlMember = zip.get(CONTROL_PATH)!;
  const control = decodeControlBytes(await zip.readBuffer(controlMember, 1024 * 1024), false);
  const payload: PayloadSource[] = zip.members
    .filter((m) => !GENERATED_MEMBERS.has(m.name) && m.name !== CONTROL_PATH && !m.name.endsWith('/'))
    .map((m) => ({ name: m.name, size: m.size, compress: m.method !== 0, open: () => zip.openStream(m) }));
  return { control, payload, close: () => zip.close() };
}

/**
 * Builds the next version of a host or group package in `outDir` (exact file `outName`): the
 * existing package (or `template` when there is none) with `edit` applied, signed, then verified
 * against the signer's own certificate. Returns `changed: false` (and builds nothing) when the
 * edit is a no-op on an existing package.
 */
export async function buildEditedPackage(opts: {
  existing: Buffer | null;
  template: () => Control;
  edit: PackageListsEdit;
  /** Other attribute changes (a group's description). */
  overrides?: Partial<Control>;
  expectSection: 'host' | 'group';
  signer: PackageSigner;
  outDir: string;
  /** The file name, or a function of the final control (group packages: the canonical name). */
  outName: string | ((control: Control) => string);
  what: string;
  now?: Date;
  signal?: AbortSignal;
}): Promise<EditedPackage> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'wapt-edit-'));
  let close = () => undefined as void;
  try {
    let base: Control;
    let payload: PayloadSource[] = [];
    if (opts.existing !== null) {
      const opened = await openExisting(opts.existing, scratch, opts.what);
      close = opened.close;
      base = opened.control;
      payload = opened.payload;
      if (String(base.section ?? '') !== opts.expectSection)
        throw new ConsoleError(
          'PACKAGE_INVALID',
          `${opts.what} on the server has section ${JSON.stringify(base.section ?? '')}, not ${opts.expectSection}`,
          { details: { reason: 'WRONG_SECTION' } },
        );
    } else base = opts.template();
    const { control: edited, changed: listsChanged } = applyListsEdit(base, opts.edit);
    const overridden = Object.entries(opts.overrides ?? {}).some(
      ([k, v]) => v !== undefined && String(base[k] ?? '') !== String(v),
    );
    const previousVersion = opts.existing === null ? null : String(base.version);
    if (opts.existing !== null && !listsChanged && !overridden)
      return { path: '', control: base, md5: '', size: 0, created: false, changed: false, previousVersion };
    const control: Control = {
      ...edited,
      ...Object.fromEntries(Object.entries(opts.overrides ?? {}).filter(([, v]) => v !== undefined)),
      version: nextPackageVersion(base.version),
    };
    assertValidControl(control);
    const written = await writeSignedPackage({
      outPath: path.join(
        opts.outDir,
        typeof opts.outName === 'string' ? opts.outName : opts.outName(control),
      ),
      payload,
      control,
      signer: opts.signer,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      beforeCommit: () => close(),
    });
    // What agents will do with it (§10.4), against our own certificate: never upload a package
    // that would be refused, nor one whose signature is not ours.
    const verified = await verifyPackage(written.path, {
      trusted: [...opts.signer.certificateChain],
      requireTrust: true,
    });
    if (verified.signer.fingerprintSha256 !== opts.signer.keyId)
      throw new ConsoleError(
        'SIGNATURE_INVALID',
        `${opts.what}: the built package is not signed by our key`,
        {
          details: { reason: 'NOT_OUR_SIGNATURE' },
        },
      );
    return {
      path: written.path,
      control: written.control,
      md5: written.md5,
      size: written.size,
      created: opts.existing === null,
      changed: true,
      previousVersion,
    };
  } finally {
    close();
    await rm(scratch, { recursive: true, force: true });
  }
}

const UploadHostsResult = z
  .object({ done: z.array(z.unknown()), errors: z.array(z.unknown()) })
  .passthrough();

/**
 * `POST /api/v3/upload_hosts`: multipart, one part whose file name is the stored name
 * `<uuid>.wapt` (the server keeps it as is, §4.4).
 */
export async function uploadHostPackage(
  client: WaptClient,
  file: string,
  uuid: string,
  signal?: AbortSignal,
): Promise<void> {
  const name = `${uuid}.wapt`;
  const form = new FormData();
  form.append(name, await openAsBlob(file, { type: 'application/octet-stream' }), name);
  const result = await client.postBody('/api/v3/upload_hosts', form, {}, UploadHostsResult, {
    ...(signal ? { signal } : {}),
  });
  const done = result.done.map((d) => (typeof d === 'string' ? path.basename(d) : String(d)));
  if (!done.includes(name) || result.errors.length > 0)
    throw new ConsoleError(
      'SERVER_ERROR',
      `the server did not store ${name}: ${result.errors.map(String).join('; ') || 'not in its list of stored files'}`,
      { details: { reason: 'UPLOAD_HOST_REFUSED' } },
    );
}
