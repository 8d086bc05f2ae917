/**
 * Adding or removing packages (dependencies or conflicts) on many hosts: one signed host package
 * per host (./host-package.ts), in parallel under a concurrency cap, each host reported as it
 * goes (QUEUED → RUNNING → OK / UNCHANGED / ERROR / CANCELLED), failures retryable on their own.
 * `editHostPackages` is the plain loop (used by the CLI); `HostPackagesService` runs it as a job
 * with per-host events for the console (docs/host-packages.md).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { controlList } from '../../../common/domain/control';
import { ConsoleError } from '../../../common/errors';
import { reasonParams } from '../../../common/error-reasons';
import type {
  HostPackageInfo,
  HostPackageRow,
  HostPackagesRun,
} from '../../../common/ipc/methods/host-packages';
import type { WaptClient } from '../api/wapt-client';
import type { EmitFn, JobRegistry } from '../jobs/job-registry';
import { decodeControlBytes } from '../../../wapt/packages/build';
import { openPackageZip } from '../../../wapt/packages/zip-read';
import type { PackageSigner } from '../../../wapt/signing/signer';
import {
  buildEditedPackage,
  fetchHostPackage,
  hostTemplateControl,
  uploadHostPackage,
  type PackageListsEdit,
} from './host-package';

export interface HostPackagesRequest extends PackageListsEdit {
  hosts: readonly string[];
  concurrency: number;
}

const HostName = z
  .object({ uuid: z.string(), computer_fqdn: z.string().nullable().optional() })
  .passthrough();

/** FQDN of each known host (`/api/v1/hosts?uuid=…`, both server profiles); unknown hosts are absent. */
export async function lookupHosts(
  client: WaptClient,
  uuids: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < uuids.length; i += 200) {
    const chunk = uuids.slice(i, i + 200);
    const rows = await client.request('/api/v1/hosts', z.array(HostName), {
      params: { uuid: chunk.join(','), columns: 'uuid,computer_fqdn', limit: String(chunk.length) },
    });
    for (const r of rows) out.set(r.uuid, r.computer_fqdn ?? r.uuid);
  }
  return out;
}

async function pool<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (t: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length && !signal.aborted) await work(items[next++]!);
    }),
  );
}

const message = (err: unknown) =>
  err instanceof ConsoleError
    ? `[${err.code}${err.reason ? `/${err.reason}` : ''}] ${err.message}`
    : `[INTERNAL] ${(err as Error)?.message ?? String(err)}`;

/** Edits one host's package: fetch, edit, sign, verify, upload. */
export async function editOneHostPackage(
  client: WaptClient,
  signer: PackageSigner,
  uuid: string,
  host: string,
  edit: PackageListsEdit,
  signal?: AbortSignal,
): Promise<{ version: string; created: boolean; changed: boolean }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wapt-hostpkg-'));
  try {
    const existing = await fetchHostPackage(client, uuid);
    const built = await buildEditedPackage({
      existing,
      template: () => hostTemplateControl(uuid, host, signer.certificateChain[0]?.cn ?? ''),
      edit,
      expectSection: 'host',
      signer,
      outDir: dir,
      outName: `${uuid}.wapt`,
      what: `the host package of ${host}`,
      ...(signal ? { signal } : {}),
    });
    if (!built.changed) return { version: String(built.control.version), created: false, changed: false };
    await uploadHostPackage(client, built.path, uuid, signal);
    return { version: String(built.control.version), created: built.created, changed: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The loop: every host once, `concurrency` at a time; `onRow` gets each state change. Never
 * throws for one host's failure (its row says why); throws only if the hosts lookup fails.
 */
export async function editHostPackages(
  client: WaptClient,
  signer: PackageSigner,
  request: HostPackagesRequest,
  onRow: (row: HostPackageRow) => void,
  signal: AbortSignal = new AbortController().signal,
): Promise<HostPackageRow[]> {
  const uuids = [...new Set(request.hosts)];
  const names = await lookupHosts(client, uuids);
  const rows = new Map<string, HostPackageRow>();
  const set = (row: HostPackageRow) => {
    rows.set(row.uuid, row);
    onRow(row);
  };
  // A row before its next message: without the previous message's code (docs/i18n.md).
  const current = (uuid: string): HostPackageRow => {
    const { note: _note, error: _error, ...row } = rows.get(uuid)!;
    return row;
  };
  for (const uuid of uuids)
    set({ uuid, host: names.get(uuid) ?? uuid, state: 'QUEUED', version: null, created: false, message: '' });
  await pool(uuids, Math.max(1, request.concurrency), signal, async (uuid) => {
    const host = names.get(uuid);
    if (host === undefined) {
      set({
        ...current(uuid),
        state: 'ERROR',
        message: '[NOT_FOUND/UNKNOWN_HOST] no host with this uuid on the server',
        error: { code: 'NOT_FOUND', reason: 'UNKNOWN_HOST', params: {} },
      });
      return;
    }
    set({ ...rows.get(uuid)!, state: 'RUNNING' });
    try {
      const r = await editOneHostPackage(client, signer, uuid, host, request, signal);
      set({
        ...current(uuid),
        state: r.changed ? 'OK' : 'UNCHANGED',
        version: r.version,
        created: r.created,
        message: r.changed
          ? `version ${r.version} uploaded${r.created ? ' (new host package)' : ''}`
          : 'already as asked',
        note: r.changed
          ? {
              step: r.created ? 'hostPackage.CREATED' : 'hostPackage.UPLOADED',
              params: { version: r.version },
            }
          : { step: 'hostPackage.UNCHANGED' },
      });
    } catch (err) {
      set({
        ...current(uuid),
        state: signal.aborted ? 'CANCELLED' : 'ERROR',
        message: message(err),
        ...(err instanceof ConsoleError
          ? { error: { code: err.code, reason: err.reason ?? null, params: reasonParams(err.details) } }
          : {}),
      });
    }
  });
  for (const r of rows.values())
    if (r.state === 'QUEUED' || r.state === 'RUNNING')
      set({
        ...current(r.uuid),
        state: 'CANCELLED',
        message: 'cancelled',
        note: { step: 'hostPackage.CANCELLED' },
      });
  return [...rows.values()];
}

/** What a host's package holds today (`null` fields when the host has none). */
export async function readHostPackage(client: WaptClient, uuid: string): Promise<HostPackageInfo> {
  const bytes = await fetchHostPackage(client, uuid);
  if (bytes === null)
    return {
      uuid,
      exists: false,
      version: null,
      depends: [],
      conflicts: [],
      signer: null,
      signatureDate: null,
    };
  const zip = await openPackageZip(bytes);
  try {
    const m = zip.get('WAPT/control');
    if (m === undefined)
      throw new ConsoleError('PACKAGE_INVALID', `the host package of ${uuid} has no WAPT/control`, {
        details: { reason: 'MISSING_CONTROL' },
      });
    const c = decodeControlBytes(await zip.readBuffer(m, 1024 * 1024), false);
    return {
      uuid,
      exists: true,
      version: String(c.version),
      depends: controlList(c.depends),
      conflicts: controlList(c.conflicts),
      signer: c.signer === undefined || c.signer === '' ? null : String(c.signer),
      signatureDate:
        c.signature_date === undefined || c.signature_date === '' ? null : String(c.signature_date),
    };
  } finally {
    zip.close();
  }
}

interface Run {
  request: HostPackagesRequest;
  rows: Map<string, HostPackageRow>;
  finished: boolean;
}

export class HostPackagesService {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly client: () => WaptClient,
    private readonly signer: () => PackageSigner,
    private readonly jobs: JobRegistry,
  ) {}

  get(uuid: string): Promise<HostPackageInfo> {
    return readHostPackage(this.client(), uuid);
  }

  start(request: HostPackagesRequest, emit: EmitFn): { jobId: string } {
    // KEY_LOCKED before a job exists: the console asks for the password and calls again.
    const signer = this.signer();
    const client = this.client();
    const verb = [
      ...(request.depends?.add ?? []).map((p) => `+${p}`),
      ...(request.depends?.remove ?? []).map((p) => `-${p}`),
      ...(request.conflicts?.add ?? []).map((p) => `+!${p}`),
      ...(request.conflicts?.remove ?? []).map((p) => `-!${p}`),
    ].join(' ');
    return this.jobs.start('host-packages', `${verb} on ${request.hosts.length} hosts`, emit, async (job) => {
      const run: Run = { request, rows: new Map(), finished: false };
      this.runs.set(job.jobId, run);
      let changed: HostPackageRow[] = [];
      const flush = () => {
        if (changed.length === 0) return;
        emit('hostPackages.hostStatus', { jobId: job.jobId, rows: changed });
        changed = [];
        const all = [...run.rows.values()];
        const done = all.filter((r) => r.state !== 'QUEUED' && r.state !== 'RUNNING').length;
        job.progress({ percent: (done / Math.max(1, all.length)) * 100, message: `${done}/${all.length}` });
      };
      const ticker = setInterval(flush, 250);
      try {
        await editHostPackages(
          client,
          signer,
          request,
          (row) => {
            run.rows.set(row.uuid, row);
            changed.push(row);
          },
          job.signal,
        );
      } finally {
        clearInterval(ticker);
        flush();
        run.finished = true;
      }
      const failed = [...run.rows.values()].filter((r) => r.state === 'ERROR').length;
      if (failed > 0)
        throw new ConsoleError(
          'SERVER_ERROR',
          `${failed} of ${run.rows.size} host packages were not updated`,
          {
            details: { reason: 'SOME_HOSTS_FAILED', failed },
          },
        );
    });
  }

  /** A new job over the hosts that ended in ERROR or CANCELLED, with the same edit. */
  retryFailed(jobId: string, emit: EmitFn): { jobId: string } {
    const run = this.runs.get(jobId);
    if (!run)
      throw new ConsoleError('NOT_FOUND', 'no such host package job', { details: { reason: 'UNKNOWN_JOB' } });
    const hosts = [...run.rows.values()]
      .filter((r) => r.state === 'ERROR' || r.state === 'CANCELLED')
      .map((r) => r.uuid);
    if (hosts.length === 0)
      throw new ConsoleError('VALIDATION', 'no failed host to retry', {
        details: { reason: 'NOTHING_TO_RETRY' },
      });
    return this.start({ ...run.request, hosts }, emit);
  }

  status(jobId: string): HostPackagesRun {
    const run = this.runs.get(jobId);
    if (!run)
      throw new ConsoleError('NOT_FOUND', 'no such host package job', { details: { reason: 'UNKNOWN_JOB' } });
    return { jobId, rows: [...run.rows.values()], finished: run.finished };
  }
}
