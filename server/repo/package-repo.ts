import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Control } from '../../common/domain/control';
import { packageFileName } from '../../wapt/packages/package-filename';
import { compareVersions } from '../../common/domain/version';
import { normalizeWuaRules } from '../../common/domain/wua-rules';
import { ConsoleError } from '../../common/errors';
import { scanPackageForPrivateKeys } from '../../wapt/keys/key-leak';
import { writeFileAtomic } from '../../wapt/fs/atomic-write';
import { openPackageZip, verifyPackage, writePackagesIndex } from '../../wapt/packages/index';
import { loadCertificates, type Certificate } from '../../wapt/signing/index';
import type { Db } from '../db/connection';
import { isAcceptablePackageName, isPlainFileName, moveIntoPlace } from '../storage/files';
import { isoTimestamp, text } from '../util';

/**
 * The package repository: `<data>/wapt/` (packages + `Packages` index + icons) and
 * `<data>/wapt-host/` (host packages), with the `packages` table as the catalogue the index is
 * rebuilt from (docs/wapt-server-api.md §4, docs/wapt-package-format.md §10.1, §11).
 *
 * Stricter than WAPT 1.8.2 on purpose: every upload is fully verified (zip safety, manifest,
 * manifest and control signatures, code-signing EKU when setup.py is present) and, when the
 * trusted-signers folder holds at least one certificate, must chain to one of them. WAPT 1.8.2
 * checks only the certificate (§10.1) and lets agents reject bad packages later.
 */
export interface RepoDirs {
  wapt: string;
  waptHost: string;
  tmp: string;
}

export interface IngestResult {
  /** Package object as listed in `done` (control + repository attributes). */
  entry: Record<string, unknown>;
  filename: string;
  host: boolean;
}

export interface IndexResult {
  processed: string[];
  kept: string[];
  errors: string[];
  packages_filename: string;
}

/** What file systems accept for one file name (ENAMETOOLONG beyond). */
const MAX_FILE_NAME_BYTES = 255;
const SECTIONS_WITHOUT_ICONS = new Set(['group', 'host', 'unit', 'profile', 'wsus']);

export class PackageRepository {
  private indexChain: Promise<unknown> = Promise.resolve();
  private readonly versionLocks = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    readonly dirs: RepoDirs,
    private readonly trusted: () => Certificate[],
    private readonly repoUrl: () => string,
  ) {}

  /**
   * Checks an uploaded file (already in `dirs.tmp`) and moves it into the repository. Throws a
   * ConsoleError (or WaptError) naming the problem; the temp file is left for the caller to remove.
   * `forceHostName` keeps the part's own name for upload_hosts (§4.4).
   */
  async ingest(
    tmp: { path: string; size: number; md5: string },
    opts: { hostUpload?: string; user?: string; refuseVersionConflicts?: boolean } = {},
  ): Promise<IngestResult> {
    const trusted = this.trusted();
    const verified = await verifyPackage(tmp.path, { trusted, requireTrust: trusted.length > 0 });
    const control = verified.control;
    const section = String(control.section ?? '');
    const isHost = opts.hostUpload !== undefined || section === 'host';
    await assertNoPrivateKeyInUpload(tmp.path);
    if (isHost || opts.refuseVersionConflicts !== true)
      return this.store(tmp, control, section, isHost, opts);
    // One version at a time: the check and the store of two uploads of one version never interleave.
    const key = packageFileName(control);
    const previous = this.versionLocks.get(key) ?? Promise.resolve();
    const run = previous.then(() => {
      this.assertNoVersionConflict(control, tmp.md5);
      return this.store(tmp, control, section, isHost, opts);
    });
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.versionLocks.set(key, settled);
    void settled.then(() => {
      if (this.versionLocks.get(key) === settled) this.versionLocks.delete(key);
    });
    return run;
  }

  /**
   * Refuses a package whose name, version, architecture, maturity and locale (its canonical file
   * name without the md5) are already stored with different content: HTTP 409 for the route.
   * Identical content (same md5) is a harmless re-upload.
   */
  private assertNoVersionConflict(control: Control, md5: string): void {
    const base = packageFileName(control);
    const rows = this.db
      .prepare(
        "SELECT control, md5sum, filename FROM packages WHERE package = ? AND version = ? AND section IS NOT 'host'",
      )
      .all(control.package, String(control.version)) as Array<{
      control: string;
      md5sum: string;
      filename: string;
    }>;
    for (const r of rows) {
      if (r.md5sum === md5) continue;
      if (packageFileName(JSON.parse(r.control) as Control) !== base) continue;
      throw new ConsoleError(
        'CONFLICT',
        `${control.package} version ${String(control.version)} is already on the server with different content (${r.filename}); upload the change as a new version`,
        { details: { reason: 'VERSION_EXISTS', filename: r.filename } },
      );
    }
  }

  private async store(
    tmp: { path: string; size: number; md5: string },
    control: Control,
    section: string,
    isHost: boolean,
    opts: { hostUpload?: string; user?: string },
  ): Promise<IngestResult> {
    const filename =
      opts.hostUpload ??
      (section === 'host' ? `${control.package}.wapt` : packageFileName(control, { md5: tmp.md5 }));
    if (Buffer.byteLength(filename) > MAX_FILE_NAME_BYTES) {
      throw new ConsoleError(
        'PACKAGE_INVALID',
        `the package file name is ${Buffer.byteLength(filename)} bytes long, the limit is ${MAX_FILE_NAME_BYTES}: the name is too long`,
        { details: { reason: 'NAME_TOO_LONG' } },
      );
    }
    if (!isAcceptablePackageName(filename)) {
      throw new ConsoleError(
        'FORBIDDEN',
        `Forbidden: package file name ${JSON.stringify(filename)} is not ASCII or not a safe file name`,
        {
          details: { reason: 'UNSAFE_FILENAME' },
        },
      );
    }
    let rules: string | null = null;
    let icon: Buffer | null = null;
    let certificatePem: string | null = null;
    const zip = await openPackageZip(tmp.path);
    try {
      const cert = zip.get('WAPT/certificate.crt');
      if (cert !== undefined) certificatePem = (await zip.readBuffer(cert, 1024 * 1024)).toString('utf8');
      if (section === 'wsus') {
        const member = zip.get('WAPT/waptwua_rules.json') ?? zip.get('WAPT/persistent/waptwua_rules.json');
        if (member !== undefined) {
          let parsed: unknown;
          try {
            parsed = JSON.parse((await zip.readBuffer(member, 8 * 1024 * 1024)).toString('utf8'));
          } catch {
            throw new ConsoleError('PACKAGE_INVALID', 'waptwua_rules.json is not valid JSON', {
              details: { reason: 'RULES_INVALID' },
            });
          }
          rules = JSON.stringify(normalizeWuaRules(parsed));
        }
      }
      const iconMember = zip.get('WAPT/icon.png');
      if (iconMember !== undefined && !SECTIONS_WITHOUT_ICONS.has(section))
        icon = await zip.readBuffer(iconMember, 4 * 1024 * 1024);
    } finally {
      zip.close();
    }
    const dest = path.join(isHost ? this.dirs.waptHost : this.dirs.wapt, filename);
    await moveIntoPlace(tmp.path, dest);
    const packageUuid = String(control.package_uuid ?? '') || `nouuid-${tmp.md5}`;
    if (icon !== null && /^[A-Za-z0-9-]+$/.test(packageUuid))
      await writeFileAtomic(path.join(this.dirs.wapt, 'icons', `${packageUuid}.png`), icon, 0o644);
    const entry: Record<string, unknown> = { ...control, filename, size: tmp.size, md5sum: tmp.md5 };
    if (!isHost) {
      const now = isoTimestamp();
      this.db.transaction(() => {
        // A re-upload of the same file name replaces its previous row.
        const previous = this.db
          .prepare('SELECT package_uuid FROM packages WHERE filename = ?')
          .get(filename) as { package_uuid: string } | undefined;
        if (previous !== undefined && previous.package_uuid !== packageUuid)
          this.db.prepare('DELETE FROM packages WHERE package_uuid = ?').run(previous.package_uuid);
        this.db
          .prepare(
            `INSERT INTO packages (package_uuid, package, version, architecture, section, priority, maturity, locale, description, signer,
               signer_fingerprint, signature_date, filename, size, md5sum, control, wua_rules, certificate, created_on, updated_on, created_by, updated_by)
             VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
             ON CONFLICT(package_uuid) DO UPDATE SET filename = excluded.filename, size = excluded.size, md5sum = excluded.md5sum,
               control = excluded.control, wua_rules = excluded.wua_rules, certificate = excluded.certificate, updated_on = excluded.updated_on,
               updated_by = excluded.updated_by`,
          )
          .run(
            packageUuid,
            control.package,
            control.version,
            str(control.architecture),
            section,
            str(control.priority),
            str(control.maturity),
            str(control.locale),
            str(control.description),
            str(control.signer),
            str(control.signer_fingerprint),
            str(control.signature_date),
            filename,
            tmp.size,
            tmp.md5,
            JSON.stringify(entry),
            rules,
            certificatePem,
            now,
            now,
            opts.user ?? null,
            opts.user ?? null,
          );
      })();
    }
    return { entry, filename, host: isHost };
  }

  /** Rebuilds `<wapt>/Packages` from the catalogue; calls are serialised. */
  rebuildIndex(): Promise<IndexResult> {
    const run = this.indexChain.then(() => this.doRebuild());
    this.indexChain = run.catch(() => undefined);
    return run;
  }

  private async doRebuild(): Promise<IndexResult> {
    const rows = this.db
      .prepare(
        "SELECT filename, control, certificate FROM packages WHERE section IS NOT 'host' ORDER BY package, version",
      )
      .all() as Array<{
      filename: string;
      control: string;
      certificate: string | null;
    }>;
    const controls: Control[] = [];
    const certificates: Certificate[] = [];
    const seenPem = new Set<string>();
    const errors: string[] = [];
    for (const r of rows) {
      const c = JSON.parse(r.control) as Record<string, unknown>;
      const control: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(c))
        if (typeof v === 'string' || typeof v === 'number') control[k] = v;
      controls.push(control as Control);
      if (r.certificate !== null && !seenPem.has(r.certificate)) {
        seenPem.add(r.certificate);
        try {
          certificates.push(...loadCertificates(r.certificate));
        } catch {
          errors.push(r.filename);
        }
      }
    }
    const zip = await writePackagesIndex(controls, { certificates });
    const target = path.join(this.dirs.wapt, 'Packages');
    await writeFileAtomic(target, zip, 0o644);
    await this.removeOrphanIcons();
    return { processed: rows.map((r) => r.filename), kept: [], errors, packages_filename: target };
  }

  private async removeOrphanIcons(): Promise<void> {
    const dir = path.join(this.dirs.wapt, 'icons');
    if (!existsSync(dir)) return;
    const known = new Set(
      (this.db.prepare('SELECT package_uuid FROM packages').all() as Array<{ package_uuid: string }>).map(
        (r) => `${r.package_uuid}.png`,
      ),
    );
    for (const f of await readdir(dir))
      if (f.endsWith('.png') && !known.has(f)) await rm(path.join(dir, f), { force: true });
  }

  /** packages_delete (§4.6): names as stored; unknown or unsafe names go to errors. */
  async deleteFiles(filenames: readonly unknown[]): Promise<{ deleted: string[]; errors: string[] }> {
    const deleted: string[] = [];
    const errors: string[] = [];
    for (const f of filenames) {
      if (typeof f !== 'string' || !isPlainFileName(f) || f === 'Packages') {
        errors.push(String(f));
        continue;
      }
      const row = this.db.prepare('SELECT package_uuid FROM packages WHERE filename = ?').get(f) as
        { package_uuid: string } | undefined;
      const file = path.join(this.dirs.wapt, f);
      if (row === undefined && !existsSync(file)) {
        errors.push(f);
        continue;
      }
      await rm(file, { force: true });
      if (row !== undefined)
        this.db.prepare('DELETE FROM packages WHERE package_uuid = ?').run(row.package_uuid);
      deleted.push(f);
    }
    return { deleted, errors };
  }

  /** GET /api/v3/packages (§3.4): newest version per package, words searched in name + description. */
  list(words: readonly string[]): Record<string, unknown>[] {
    const rows = this.db
      .prepare(
        "SELECT package, version, control FROM packages WHERE section NOT IN ('group','unit','host','restricted','profile') OR section IS NULL",
      )
      .all() as Array<{ package: string; version: string; control: string }>;
    const newest = new Map<string, { version: string; control: string }>();
    for (const r of rows) {
      const cur = newest.get(r.package);
      if (cur === undefined || safeCompare(r.version, cur.version) > 0) newest.set(r.package, r);
    }
    const repoUrl = this.repoUrl();
    const out: Record<string, unknown>[] = [];
    for (const r of newest.values()) {
      const c = JSON.parse(r.control) as Record<string, unknown>;
      const hay = `${text(c.package)} ${text(c.description)}`.toLowerCase();
      if (!words.every((w) => hay.includes(w.toLowerCase()))) continue;
      out.push({
        ...c,
        repo_url: repoUrl,
        repo: 'wapt',
        localpath: path.join(this.dirs.wapt, text(c.filename)),
        sourcespath: null,
      });
    }
    return out.sort((a, b) => text(a.package).localeCompare(text(b.package)));
  }

  /** Newest rules of each `section: wsus` package, by name and by exact version. */
  rulesPackages(): Map<string, Array<{ version: string; rules: unknown }>> {
    const rows = this.db
      .prepare("SELECT package, version, wua_rules FROM packages WHERE section = 'wsus'")
      .all() as Array<{ package: string; version: string; wua_rules: string | null }>;
    const out = new Map<string, Array<{ version: string; rules: unknown }>>();
    for (const r of rows) {
      const list = out.get(r.package) ?? [];
      list.push({ version: r.version, rules: r.wua_rules === null ? {} : JSON.parse(r.wua_rules) });
      out.set(r.package, list);
    }
    for (const list of out.values()) list.sort((a, b) => safeCompare(b.version, a.version));
    return out;
  }

  async fileInfo(
    dir: 'wapt' | 'waptHost',
    name: string,
  ): Promise<{ path: string; size: number; mtimeMs: number } | null> {
    if (!isPlainFileName(name)) return null;
    const p = path.join(dir === 'wapt' ? this.dirs.wapt : this.dirs.waptHost, name);
    try {
      const s = await stat(p);
      return s.isFile() ? { path: p, size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      return null;
    }
  }
}

/**
 * Every host that installs a package downloads it: an upload holding private key material (in any
 * member, scanned uncompressed with the agent build's detector) is refused. The message names the
 * members and formats, never their content or the server's temporary file.
 */
async function assertNoPrivateKeyInUpload(file: string): Promise<void> {
  const findings = await scanPackageForPrivateKeys(file);
  if (findings.length === 0) return;
  const members = findings.map((f) => `${f.file.slice(f.file.indexOf(':') + 1)} [${f.kind}]`);
  throw new ConsoleError(
    'PRIVATE_KEY_LEAK',
    `the package contains private key material (${members.join(', ')}); it would be sent to every host. Remove the key from the package source and build it again`,
    {
      details: {
        reason: 'PRIVATE_KEY_IN_UPLOAD',
        members: findings.map((f) => f.file.slice(f.file.indexOf(':') + 1)),
      },
    },
  );
}

function str(v: unknown): string | null {
  return v === undefined || v === null ? null : text(v);
}

/** Version order of WAPT; malformed versions fall back to a plain string comparison. */
export function safeCompare(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
