import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { readPackagesIndex } from '../../wapt/packages/index';
import type { Db } from '../db/connection';
import type { PackageRepository } from './package-repo';

/**
 * Crash consistency at start (docs/reference-server.md, "Crash recovery"). A server killed
 * (kill -9, power loss) in the middle of an upload can leave:
 * - an upload temporary (`tmp/upload-*.part`, streamed before any check) or an atomic-write
 *   temporary (`.<name>.<hex>.tmp` next to its target) that nothing will ever finish;
 * - a package moved into the repository but not yet in the database (killed between the rename
 *   and the insert), or in the database but gone from the folder;
 * - a `Packages` index that does not list what the repository holds (killed before the rebuild
 *   that follows every upload), which agents would read.
 * At start no request is running, so every temporary is stale. Then the database is reconciled
 * with the repository folder and the index is rebuilt whenever its file names differ.
 */
export interface RecoveryReport {
  removedTemporaries: string[];
  reingested: string[];
  droppedRows: string[];
  indexRebuilt: boolean;
}

const UPLOAD_TEMP = /^upload-[0-9a-f]+\.part$/;
const ATOMIC_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

export async function recoverRepository(
  db: Db,
  repo: PackageRepository,
  log: (line: string) => void,
): Promise<RecoveryReport> {
  const report: RecoveryReport = {
    removedTemporaries: [],
    reingested: [],
    droppedRows: [],
    indexRebuilt: false,
  };
  const { wapt, waptHost, tmp } = repo.dirs;
  for (const [dir, pattern] of [
    [tmp, UPLOAD_TEMP],
    [wapt, ATOMIC_TEMP],
    [waptHost, ATOMIC_TEMP],
    [path.join(wapt, 'icons'), ATOMIC_TEMP],
  ] as const) {
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      if (!pattern.test(f)) continue;
      await rm(path.join(dir, f), { force: true });
      report.removedTemporaries.push(f);
    }
  }

  const onDisk = new Set((await readdir(wapt)).filter((f) => f.endsWith('.wapt')));
  const rows = db
    .prepare("SELECT package_uuid, filename FROM packages WHERE section IS NOT 'host'")
    .all() as Array<{ package_uuid: string; filename: string }>;
  const known = new Set<string>();
  for (const r of rows) {
    if (onDisk.has(r.filename)) known.add(r.filename);
    else {
      db.prepare('DELETE FROM packages WHERE package_uuid = ?').run(r.package_uuid);
      report.droppedRows.push(r.filename);
    }
  }
  // A package the crash left in the folder only: checked again exactly as an upload is.
  for (const f of [...onDisk].filter((n) => !known.has(n)).sort()) {
    const copy = path.join(tmp, `upload-${Buffer.from(f).toString('hex').slice(0, 32)}.part`);
    try {
      await copyFile(path.join(wapt, f), copy);
      const md5 = createHash('md5');
      for await (const c of createReadStream(copy)) md5.update(c as Buffer);
      const res = await repo.ingest({ path: copy, size: (await stat(copy)).size, md5: md5.digest('hex') });
      if (res.filename !== f) await rm(path.join(wapt, f), { force: true });
      report.reingested.push(f);
    } catch (err) {
      log(
        `repository check: ${f} is not in the catalogue and failed its checks (${(err as Error).message}); left as is`,
      );
    } finally {
      await rm(copy, { force: true });
    }
  }

  const expected = new Set(
    (
      db.prepare("SELECT filename FROM packages WHERE section IS NOT 'host'").all() as Array<{
        filename: string;
      }>
    ).map((r) => r.filename),
  );
  let listed: Set<string> | null = null;
  try {
    const index = await readPackagesIndex(await readFile(path.join(wapt, 'Packages')));
    listed = new Set(index.packages.map((p) => String(p.filename ?? '')));
  } catch {
    listed = null; // missing or unreadable: rebuilt below
  }
  const differs =
    listed === null ||
    report.droppedRows.length > 0 ||
    report.reingested.length > 0 ||
    listed.size !== expected.size ||
    [...expected].some((f) => !listed.has(f));
  if (differs) {
    await repo.rebuildIndex();
    report.indexRebuilt = true;
  }
  if (report.removedTemporaries.length + report.droppedRows.length + report.reingested.length > 0 || differs)
    log(
      `repository check at start: ${report.removedTemporaries.length} stale temporaries removed, ` +
        `${report.reingested.length} packages re-catalogued, ${report.droppedRows.length} missing packages dropped, ` +
        `Packages index ${report.indexRebuilt ? 'rebuilt' : 'consistent'}`,
    );
  return report;
}
