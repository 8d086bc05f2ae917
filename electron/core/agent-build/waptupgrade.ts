/**
 * The `<prefix>-waptupgrade` package (docs/wapt-agent-build.md §6, docs/wapt-package-format.md §12.3): the
 * waptupgrade sources of the base directory plus waptagent.exe, waptagent.sha256 and
 * patchs/waptdeploy.exe, signed by the package core. "Dual sign" adds WAPT's legacy SHA-1 pair
 * (`WAPT/manifest.sha1` + `WAPT/signature`, format §6), which the core does not write itself.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { ConsoleError } from '../../../common/errors';
import { parseControl } from '../../../common/domain/control';
import { canonicalJson } from '../../../common/domain/canonical-json';
import {
  buildPackage,
  MANIFEST_EXCLUDED,
  mimeBase64,
  openPackageZip,
  type PackageSigner,
  type WrittenPackage,
} from '../../../wapt/packages/index';

/** RSA PKCS#1 v1.5 + SHA-1 over the bytes: only needed for dual signing. */
export type Sha1Sign = (data: Uint8Array) => Uint8Array;

/** The PACKAGING part (after the last `-`) of a version, as a number. */
function packagingRev(version: string): number | undefined {
  const m = /-(\d+)$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * §6 steps 4–5: rev = packaging part of the highest version already in the repository (else the
 * template's), version = `<wapt-get FileVersion>-<rev>` with the last number incremented.
 * Example: repository has 1.8.2.7373-3 → 1.8.2.7373-4.
 */
export function nextWaptupgradeVersion(
  agentVersion: string,
  templateVersion: string,
  existingVersion?: string | null,
): string {
  const rev =
    (existingVersion ? packagingRev(existingVersion) : undefined) ?? packagingRev(templateVersion) ?? 0;
  return `${agentVersion}-${rev + 1}`;
}

export function waptupgradePackageName(prefix: string): string {
  return `${prefix}-waptupgrade`;
}

export interface WaptupgradeOptions {
  /** BuildDir/waptupgrade: the copied sources, where ISCC wrote waptagent.exe and waptagent.sha256. */
  sourceDir: string;
  waptBaseDir: string;
  prefix: string;
  agentVersion: string;
  /** Highest version of `<prefix>-waptupgrade` in the repository, if known. */
  existingVersion?: string | null;
  signer: PackageSigner;
  dualSign?: boolean;
  sha1Sign?: Sha1Sign;
  outDir: string;
  signal?: AbortSignal;
  now?: Date;
  /** Runs on the complete package folder before it is zipped (the build's private key check). */
  beforeZip?: (sourceDir: string) => Promise<void>;
}

export async function buildWaptupgradePackage(opts: WaptupgradeOptions): Promise<WrittenPackage> {
  if (opts.dualSign && opts.sha1Sign === undefined) {
    throw new ConsoleError(
      'VALIDATION',
      'dual SHA-256 + SHA-1 signing was requested but this signer cannot produce SHA-1 signatures',
      { details: { reason: 'DUAL_SIGN_UNAVAILABLE' } },
    );
  }
  await mkdir(path.join(opts.sourceDir, 'patchs'), { recursive: true });
  await copyFile(
    path.join(opts.waptBaseDir, 'waptdeploy.exe'),
    path.join(opts.sourceDir, 'patchs', 'waptdeploy.exe'),
  ).catch((err: NodeJS.ErrnoException) => {
    throw new ConsoleError(
      'IO',
      `cannot copy waptdeploy.exe from the WAPT base directory: ${err.code ?? 'error'}`,
      { details: { reason: 'WAPTDEPLOY_MISSING' } },
    );
  });
  await opts.beforeZip?.(opts.sourceDir);
  const template = parseControl(
    (await readFile(path.join(opts.sourceDir, 'WAPT', 'control'), 'utf8')).replace(/^\ufeff/, ''),
  );
  const version = nextWaptupgradeVersion(
    opts.agentVersion,
    String(template.version ?? ''),
    opts.existingVersion,
  );
  const written = await buildPackage({
    sourceDir: opts.sourceDir,
    outDir: opts.outDir,
    signer: opts.signer,
    controlOverrides: { package: waptupgradePackageName(opts.prefix), version, priority: 'critical' },
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  if (opts.dualSign) await addSha1Pair(written.path, opts.sha1Sign!);
  if (!opts.dualSign) return written;
  const bytes = await readFile(written.path);
  return {
    ...written,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    size: bytes.length,
  };
}

/**
 * Rewrites the archive with `WAPT/manifest.sha1` (SHA-1 of every member except the four excluded
 * names) and `WAPT/signature` (its RSA-SHA1 signature, MIME base64). The SHA-256 pair stays valid:
 * both new names are excluded from the SHA-256 manifest.
 */
export async function addSha1Pair(packagePath: string, sha1Sign: Sha1Sign): Promise<void> {
  const zip = await openPackageZip(packagePath);
  const tmp = `${packagePath}.sha1-${process.pid}.tmp`;
  try {
    const entries: Array<[string, string]> = [];
    for (const m of zip.members) {
      if (MANIFEST_EXCLUDED.has(m.name)) continue;
      const h = createHash('sha1');
      for await (const chunk of await zip.openStream(m)) h.update(chunk as Buffer);
      entries.push([m.name, h.digest('hex')]);
    }
    const manifest = Buffer.from(canonicalJson(entries), 'utf8');
    const signature = mimeBase64(sha1Sign(manifest));
    const out = new yazl.ZipFile();
    const done = pipeline(out.outputStream, createWriteStream(tmp));
    for (const m of zip.members) {
      if (m.name === 'WAPT/manifest.sha1' || m.name === 'WAPT/signature') continue;
      out.addReadStream(await zip.openStream(m), m.name, { compress: m.method !== 0 });
    }
    out.addBuffer(manifest, 'WAPT/manifest.sha1');
    out.addBuffer(Buffer.from(signature, 'ascii'), 'WAPT/signature');
    out.end();
    await done;
    zip.close();
    await rename(tmp, packagePath);
  } catch (err) {
    zip.close();
    await rm(tmp, { force: true });
    throw err;
  }
}
