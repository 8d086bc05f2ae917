/**
 * Signature status of repository packages for the grids (docs/repository.md, "Signature status").
 *
 * Each file is fetched from the repository (md5-checked against the `Packages` index, as an agent
 * does) and verified with the embedded certificate: integrity, control and manifest signatures,
 * code signing for setup.py (docs/wapt-package-format.md §10.4). That verdict depends only on the bytes,
 * so it is cached by the file's hash (the index's md5sum, which the download is checked against,
 * and its size). Trust depends on the console's trusted store, which can change at any time (a
 * key configured, a server signer added): it is re-checked on every call from the cached chain,
 * which needs no download (§10.5 chain rules, wapt/signing/trust.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Control } from '../../../common/domain/control';
import { ConsoleError } from '../../../common/errors';
import { reasonParams } from '../../../common/error-reasons';
import type { ChainCertificate, PackageSignatureStatus } from '../../../common/ipc/methods/signatures';
import type { WaptClient } from '../api/wapt-client';
import { fetchIndexedFile, readIndex } from '../hostpkg/group-package';
import { verifyPackage } from '../../../wapt/packages/verify';
import { certificateInfo, type Certificate } from '../../../wapt/signing/certificate';
import { verifyChain } from '../../../wapt/signing/trust';

type Problem = NonNullable<PackageSignatureStatus['problem']>;
/** What the bytes alone decide. */
type Verdict = { valid: true; certificates: Certificate[] } | { valid: false; problem: Problem };

const text = (v: string | number | null | undefined) => (v === undefined || v === null ? '' : String(v));

function problemOf(err: unknown): Problem {
  if (err instanceof ConsoleError)
    return {
      code: err.code,
      reason: err.reason ?? null,
      message: err.message,
      params: reasonParams(err.details),
    };
  return { code: 'INTERNAL', reason: null, message: (err as Error)?.message ?? String(err) };
}

export function chainCertificate(c: Certificate): ChainCertificate {
  const i = certificateInfo(c);
  return {
    cn: i.cn,
    fingerprintSha256: i.fingerprintSha256,
    issuerCn: i.issuerCn,
    notAfter: i.notAfter,
    isCA: i.isCA,
  };
}

/** Failures that say nothing about the package itself: not cached, shown as "unavailable". */
const TRANSIENT = new Set([
  'NETWORK',
  'TIMEOUT',
  'SERVER_ERROR',
  'UNAUTHENTICATED',
  'ACCESS_DENIED',
  'TLS',
  'IO',
]);

export interface SignatureStatusOptions {
  /** Files fetched and verified at once. */
  concurrency?: number;
  /** Verdicts kept (oldest dropped first). */
  cacheSize?: number;
  /**
   * Larger files are not fetched for the grid (a repository can hold gigabytes): their status is
   * "unavailable" with reason TOO_LARGE_FOR_GRID; the details dialog still verifies them.
   */
  maxFileBytes?: number;
}

/** Default of {@link SignatureStatusOptions.maxFileBytes}: 100 MiB. */
export const GRID_CHECK_MAX_BYTES = 100 * 1024 * 1024;

export class PackageSignatureService {
  private readonly cache = new Map<string, Verdict>();
  /** Verifications in flight, shared by concurrent calls for the same file. */
  private readonly pending = new Map<string, Promise<Verdict>>();
  /** How many files were actually fetched and verified (tests read it to prove the cache works). */
  verifications = 0;

  constructor(
    private readonly client: () => WaptClient,
    private readonly trustedStore: () => Promise<Certificate[]>,
    private readonly now: () => Date = () => new Date(),
    private readonly options: SignatureStatusOptions = {},
  ) {}

  async statuses(
    filenames: readonly string[],
  ): Promise<{ statuses: PackageSignatureStatus[]; trustedCount: number }> {
    const [index, trusted] = await Promise.all([readIndex(this.client()), this.trustedStore()]);
    const byName = new Map(index.map((c) => [text(c.filename), c]));
    const out: PackageSignatureStatus[] = new Array(filenames.length);
    let next = 0;
    const worker = async () => {
      while (next < filenames.length) {
        const i = next++;
        const filename = filenames[i]!;
        const control = byName.get(filename);
        out[i] =
          control === undefined
            ? this.unavailable(filename, {
                code: 'NOT_FOUND',
                reason: 'UNKNOWN_PACKAGE_FILE',
                message: `${filename} is not in the repository index`,
              })
            : await this.statusOf(filename, control, trusted);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency ?? 3, filenames.length) }, worker),
    );
    return { statuses: out, trustedCount: trusted.length };
  }

  private unavailable(filename: string, problem: Problem): PackageSignatureStatus {
    return { filename, state: 'unavailable', problem, signer: null, chain: [], trustedBy: null };
  }

  private async statusOf(
    filename: string,
    control: Control,
    trusted: readonly Certificate[],
  ): Promise<PackageSignatureStatus> {
    const size = Number(control.size ?? 0);
    const max = this.options.maxFileBytes ?? GRID_CHECK_MAX_BYTES;
    if (size > max)
      return this.unavailable(filename, {
        code: 'NOT_SUPPORTED',
        reason: 'TOO_LARGE_FOR_GRID',
        message: `${filename} is ${Math.round(size / 1048576)} MiB: open its details to verify it`,
      });
    let verdict: Verdict;
    try {
      verdict = await this.verdictOf(control);
    } catch (err) {
      return this.unavailable(filename, problemOf(err));
    }
    if (!verdict.valid)
      return {
        filename,
        state: 'invalid',
        problem: verdict.problem,
        signer: null,
        chain: [],
        trustedBy: null,
      };
    const signer = chainCertificate(verdict.certificates[0]!);
    try {
      const { anchor, path: trustPath } = verifyChain(verdict.certificates, trusted, this.now());
      return {
        filename,
        state: 'trusted',
        problem: null,
        signer,
        chain: trustPath.map(chainCertificate),
        trustedBy: chainCertificate(anchor),
      };
    } catch (err) {
      const problem = problemOf(err);
      // An expired signer or issuer makes the package invalid for every agent, not merely untrusted.
      const state =
        problem.reason === 'EXPIRED' || problem.reason === 'NOT_YET_VALID' ? 'invalid' : 'untrusted';
      return {
        filename,
        state,
        problem,
        signer,
        chain: verdict.certificates.map(chainCertificate),
        trustedBy: null,
      };
    }
  }

  private verdictOf(control: Control): Promise<Verdict> {
    const md5 = text(control.md5sum).toLowerCase();
    // Without an md5 in the index the bytes cannot be named: verify every time.
    const key = md5 === '' ? null : `${md5}:${text(control.size)}`;
    const cached = key === null ? undefined : this.cache.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const inFlight = key === null ? undefined : this.pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const work = this.verify(control).then((v) => {
      if (key !== null) this.remember(key, v);
      return v;
    });
    if (key !== null) {
      this.pending.set(key, work);
      void work.then(
        () => this.pending.delete(key),
        () => this.pending.delete(key),
      );
    }
    return work;
  }

  private remember(key: string, v: Verdict): void {
    this.cache.set(key, v);
    const max = this.options.cacheSize ?? 5000;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Throws for transient failures (not cached); resolves with the verdict the bytes decide. */
  private async verify(control: Control): Promise<Verdict> {
    // A download failure, or bytes other than the index names (MD5_MISMATCH), says nothing
    // lasting about the package: it propagates, is shown as "unavailable" and is not remembered.
    const bytes = await fetchIndexedFile(this.client(), control);
    this.verifications++;
    const dir = await mkdtemp(path.join(tmpdir(), 'wapt-sig-status-'));
    try {
      const file = path.join(dir, 'package.wapt');
      await writeFile(file, bytes, { mode: 0o600 });
      const v = await verifyPackage(file, { trusted: [], requireTrust: false, now: this.now() });
      return { valid: true, certificates: v.certificates };
    } catch (err) {
      if (err instanceof ConsoleError && TRANSIENT.has(err.code)) throw err;
      return { valid: false, problem: problemOf(err) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
