/**
 * The private repository (docs/repository.md): every package of the server's `Packages` index,
 * the signature check of one package as an agent does it (docs/wapt-package-format.md §10.4) against
 * the console's trusted store, upload of a local `.wapt` verified first (docs/wapt-server-api.md §4.2–4.4:
 * host packages to `upload_hosts`, the rest to `upload_packages`), deletion (`packages_delete`,
 * §4.6) and download (md5-checked against the index, §10.3).
 *
 * The trusted store = the administrator's certificate (when configured) + the server's trusted
 * signers when it publishes them (`/api/v3/trusted_signers_certificates`, §3.6; a genuine server
 * without that folder answers an error, then only the administrator's certificate counts).
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Control } from '../../../common/domain/control';
import { compareVersions } from '../../../common/domain/version';
import { ConsoleError } from '../../../common/errors';
import { reasonParams } from '../../../common/error-reasons';
import type {
  RepositoryDetails,
  RepositoryRow,
  SignatureCheck,
} from '../../../common/ipc/methods/host-packages';
import { uploadPackageFile } from '../api/uploads';
import type { WaptClient } from '../api/wapt-client';
import { writeFileAtomic } from '../../../wapt/fs/atomic-write';
import { fetchIndexedFile, readIndex } from '../hostpkg/group-package';
import { uploadHostPackage } from '../hostpkg/host-package';
import { verifyPackage, type VerifiedPackage } from '../../../wapt/packages/verify';
import {
  certificateInfo,
  loadCertificates,
  type Certificate,
  type CertificateInfo,
} from '../../../wapt/signing/certificate';
import { verifyChain } from '../../../wapt/signing/trust';

const text = (v: string | number | null | undefined): string =>
  v === undefined || v === null ? '' : String(v);

const TrustedSigners = z
  .object({ trusted: z.array(z.object({ pem: z.string() }).passthrough()).optional() })
  .passthrough();

/** The server's trusted signers (§3.6), or none when it does not publish them. */
export async function serverTrustedSigners(client: WaptClient): Promise<Certificate[]> {
  try {
    const r = await client.request('/api/v3/trusted_signers_certificates', TrustedSigners);
    return (r.trusted ?? []).flatMap((c) => {
      try {
        return loadCertificates(c.pem);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

function summary(c: CertificateInfo) {
  return { cn: c.cn, fingerprintSha256: c.fingerprintSha256, issuer: c.issuer, notAfter: c.notAfter };
}

function problemOf(err: unknown): SignatureCheck['problem'] {
  if (err instanceof ConsoleError)
    return {
      code: err.code,
      reason: err.reason ?? null,
      message: err.message,
      params: reasonParams(err.details),
    };
  return { code: 'INTERNAL', reason: null, message: (err as Error)?.message ?? String(err) };
}

/**
 * Verifies twice: integrity and signatures with the embedded certificate (valid), then the chain
 * against the trusted store (trusted). Never throws for a bad package: the check says why.
 */
export async function checkPackage(
  file: string,
  trusted: readonly Certificate[],
): Promise<{ check: SignatureCheck; verified: VerifiedPackage | null }> {
  let verified: VerifiedPackage;
  try {
    verified = await verifyPackage(file, { trusted: [], requireTrust: false });
  } catch (err) {
    return {
      check: {
        valid: false,
        trusted: false,
        signer: null,
        trustedBy: null,
        problem: problemOf(err),
        trustedCount: trusted.length,
      },
      verified: null,
    };
  }
  const base = { valid: true, signer: summary(verified.signer), trustedCount: trusted.length };
  if (trusted.length === 0)
    return {
      check: {
        ...base,
        chain: verified.certificateChain.map(summary),
        trusted: false,
        trustedBy: null,
        problem: {
          code: 'CERT_INVALID',
          reason: 'NO_TRUSTED_CERTIFICATES',
          message: 'no trusted certificate: configure the administrator certificate',
        },
      },
      verified,
    };
  try {
    const t = await verifyPackage(file, { trusted, requireTrust: true });
    // The path the agent's chain check walks (signer → issuers → trusted), for the details' chain.
    const chain = verifyChain(t.certificates, trusted, new Date()).path.map((c) =>
      summary(certificateInfo(c)),
    );
    return {
      check: {
        ...base,
        trusted: true,
        trustedBy: t.trustedBy ? summary(t.trustedBy) : null,
        problem: null,
        chain,
      },
      verified: t,
    };
  } catch (err) {
    return {
      check: {
        ...base,
        trusted: false,
        trustedBy: null,
        problem: problemOf(err),
        chain: verified.certificateChain.map(summary),
      },
      verified,
    };
  }
}

function toRow(c: Control): RepositoryRow {
  const r: RepositoryRow = {};
  for (const [k, v] of Object.entries(c)) r[k] = v ?? null;
  return r;
}

function safeCompare(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

export class RepositoryService {
  constructor(
    private readonly client: () => WaptClient,
    /** The administrator's certificate(s), when configured. */
    private readonly adminCertificates: () => Promise<Certificate[]>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async trustedStore(): Promise<Certificate[]> {
    const [admin, server] = await Promise.all([
      this.adminCertificates().catch(() => [] as Certificate[]),
      serverTrustedSigners(this.client()),
    ]);
    const seen = new Set<string>();
    return [...admin, ...server].filter(
      (c) => !seen.has(c.fingerprintSha256) && seen.add(c.fingerprintSha256),
    );
  }

  async list(q: {
    search: string;
    lastVersionOnly: boolean;
  }): Promise<{ rows: RepositoryRow[]; asOf: string }> {
    let rows = await readIndex(this.client());
    if (q.lastVersionOnly) {
      const newest = new Map<string, Control>();
      for (const c of rows) {
        const cur = newest.get(c.package);
        if (!cur || safeCompare(text(c.version), text(cur.version)) > 0) newest.set(c.package, c);
      }
      rows = [...newest.values()];
    }
    const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length > 0)
      rows = rows.filter((c) =>
        words.every((w) =>
          `${c.package} ${text(c.name)} ${text(c.description)} ${text(c.section)} ${text(c.maturity)} ${text(c.signer)}`
            .toLowerCase()
            .includes(w),
        ),
      );
    rows.sort((a, b) => a.package.localeCompare(b.package) || safeCompare(text(b.version), text(a.version)));
    return { rows: rows.map(toRow), asOf: this.now().toISOString() };
  }

  private async entry(filename: string): Promise<Control> {
    const c = (await readIndex(this.client())).find((x) => text(x.filename) === filename);
    if (!c)
      throw new ConsoleError('NOT_FOUND', `${filename} is not in the repository index`, {
        details: { reason: 'UNKNOWN_PACKAGE_FILE', file: filename },
      });
    return c;
  }

  async details(filename: string): Promise<RepositoryDetails> {
    const c = await this.entry(filename);
    const bytes = await fetchIndexedFile(this.client(), c);
    const dir = await mkdtemp(path.join(tmpdir(), 'wapt-repo-check-'));
    try {
      const file = path.join(dir, 'package.wapt');
      await writeFile(file, bytes, { mode: 0o600 });
      const { check, verified } = await checkPackage(file, await this.trustedStore());
      return {
        row: toRow(c),
        check,
        files: (verified?.files ?? []).map((f) => ({ path: f.path, size: f.size })),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Verifies the file as an agent would (valid signatures AND a trusted signer: agents refuse
   * anything else, so the server would only spread a package no host installs), then uploads it.
   */
  async upload(
    file: string,
  ): Promise<{ package: string; version: string; filename: string; check: SignatureCheck }> {
    const abs = path.resolve(file);
    try {
      if (!(await stat(abs)).isFile()) throw new Error('not a file');
    } catch {
      throw new ConsoleError('IO', `no package file at ${abs}`, { details: { reason: 'READ_FAILED' } });
    }
    if (!abs.toLowerCase().endsWith('.wapt'))
      throw new ConsoleError('VALIDATION', `${path.basename(abs)} is not a .wapt file`, {
        details: { reason: 'NOT_A_PACKAGE' },
      });
    const { check, verified } = await checkPackage(abs, await this.trustedStore());
    if (!check.valid || !check.trusted || verified === null) {
      const p = check.problem!;
      throw new ConsoleError(
        p.code === 'INTERNAL' ? 'PACKAGE_INVALID' : (p.code as ConsoleError['code']),
        `refusing to upload ${path.basename(abs)}: ${p.message}`,
        {
          details: {
            ...(p.params ?? {}),
            reason: p.reason ?? 'INVALID',
            context: 'UPLOAD_REFUSED',
            file: path.basename(abs),
          },
        },
      );
    }
    const c = verified.control;
    if (text(c.section) === 'host') {
      await uploadHostPackage(this.client(), abs, c.package);
      return { package: c.package, version: text(c.version), filename: `${c.package}.wapt`, check };
    }
    const up = await uploadPackageFile(this.client(), abs);
    return { package: c.package, version: text(c.version), filename: up.filename ?? '', check };
  }

  async delete(filenames: readonly string[]): Promise<{ deleted: string[]; message: string }> {
    const before = new Set((await readIndex(this.client())).map((c) => text(c.filename)));
    const { meta } = await this.client().requestWithMeta('/api/v3/packages_delete', z.unknown(), {
      method: 'POST',
      data: filenames,
    });
    // success is always true (§4.6): what was deleted is what the index listed and no longer does.
    const left = new Set((await readIndex(this.client())).map((c) => text(c.filename)));
    const deleted = filenames.filter((f) => before.has(f) && !left.has(f));
    return { deleted, message: meta.msg || `${deleted.length} packages deleted` };
  }

  async download(filename: string, directory: string): Promise<{ path: string; size: number }> {
    const c = await this.entry(filename);
    const bytes = await fetchIndexedFile(this.client(), c);
    const dir = path.resolve(directory);
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    } catch {
      throw new ConsoleError('IO', `no folder at ${dir}`, { details: { reason: 'NOT_A_DIRECTORY' } });
    }
    const target = path.join(dir, filename);
    await writeFileAtomic(target, bytes, 0o644);
    return { path: target, size: bytes.length };
  }
}
