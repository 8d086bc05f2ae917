import { createHash, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../wapt/fs/atomic-write';
import type { Db } from '../db/connection';
import { isPlainFileName } from '../storage/files';
import { isoTimestamp, prng, type Rng } from '../util';

/**
 * Server-side Windows-update downloads (`WsusDownloadTasks`, `wsusscan2_history`; docs/wapt-server-api.md
 * §6.2, §6.5 — routes and `kind`/`status` values **inferred**). Nothing leaves the machine: the
 * "download" of wsusscn2.cab and of update files is simulated over time and writes small
 * placeholder files under `<data>/waptwua/`; the recorded sizes are the simulated ones.
 *
 * Task status values: `PENDING`, `RUNNING`, `DONE`, `ERROR`, `SKIPPED` (inferred).
 */
export const SCAN_CAB = 'wsusscn2.cab';
const SIM_BYTES_PER_S = 40 * 1024 * 1024;

interface Running {
  startMs: number;
  durationMs: number;
  timer: NodeJS.Timeout;
}

export class WuaDownloads {
  private readonly running = new Map<number, Running>();
  private readonly rng: Rng;
  private closed = false;
  /** Completions in progress (file written, row not yet updated): close() waits for them. */
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly opts: { speed: number; seed: number; catalogDate: () => string | null },
  ) {
    this.rng = prng(opts.seed ^ 0xd0d0);
    // Tasks interrupted by a restart are marked as such instead of staying RUNNING forever.
    db.prepare(
      "UPDATE wsus_download_tasks SET status = 'ERROR', error = 'interrupted by a server restart', finished_on = ? WHERE status IN ('PENDING','RUNNING')",
    ).run(isoTimestamp());
    db.prepare(
      "UPDATE wsusscan2_history SET status = 'ERROR', error = 'interrupted by a server restart' WHERE status = 'RUNNING'",
    ).run();
  }

  private durationMs(bytes: number): number {
    const s = Math.min(600, Math.max(5, bytes / SIM_BYTES_PER_S));
    return (s * 1000) / Math.max(0.001, this.opts.speed);
  }

  /** download_wsusscan (§6.5): skipped when the cached cab is already the current one, unless forced. */
  downloadScanCab(force: boolean, user: string | null): Record<string, unknown> {
    const now = isoTimestamp();
    const target = path.join(this.dir, SCAN_CAB);
    const fileDate = this.opts.catalogDate() ?? now.slice(0, 19);
    const targetSize = 1_100_000_000 + Math.floor(this.rng() * 50_000_000);
    const current =
      existsSync(target) && statSync(target).mtime.toISOString().slice(0, 19) === fileDate.slice(0, 19);
    const uuid = randomUUID();
    if (current && !force) {
      this.db
        .prepare(
          `INSERT INTO wsusscan2_history (uuid, status, result, file_date, file_size, target_size, file_timestamp, forced, skipped, cablist, reason, created_on, updated_on, created_by)
           VALUES (?, 'SKIPPED', ?, ?, ?, ?, ?, 0, 1, '[]', 'file unchanged', ?, ?, ?)`,
        )
        .run(
          uuid,
          JSON.stringify({ skipped: true }),
          fileDate,
          targetSize,
          targetSize,
          fileDate,
          now,
          now,
          user,
        );
      return {
        status: 'SKIPPED',
        run_date: now,
        file_size: targetSize,
        file_timestamp: fileDate,
        skipped: true,
        uuid,
      };
    }
    const taskId = this.createTask(
      'wsusscn2',
      `http://download.windowsupdate.com/microsoftupdate/v6/wsusscan/${SCAN_CAB}`,
      targetSize,
      SCAN_CAB,
      null,
      force,
      user,
    );
    this.db
      .prepare(
        `INSERT INTO wsusscan2_history (uuid, status, result, file_date, file_size, target_size, file_timestamp, forced, skipped, cablist, reason, created_on, updated_on, created_by)
         VALUES (?, 'RUNNING', NULL, ?, 0, ?, ?, ?, 0, '[]', ?, ?, ?, ?)`,
      )
      .run(
        uuid,
        fileDate,
        targetSize,
        fileDate,
        force ? 1 : 0,
        force ? 'forced' : 'new catalogue',
        now,
        now,
        user,
      );
    this.run(
      taskId,
      targetSize,
      async () => {
        const body = Buffer.concat([
          Buffer.from('MSCF\0\0\0\0'),
          Buffer.from(`simulated wsusscn2.cab of the WAPT reference server, catalogue of ${fileDate}\n`),
        ]);
        await writeFileAtomic(target, body, 0o644);
        const d = new Date(fileDate.endsWith('Z') ? fileDate : `${fileDate}Z`);
        await utimes(target, d, d);
        await writeFileAtomic(`${target}.sha1`, createHash('sha1').update(body).digest('hex'), 0o644);
        this.db
          .prepare(
            "UPDATE wsusscan2_history SET status = 'OK', file_size = target_size, result = ?, updated_on = ? WHERE uuid = ?",
          )
          .run(JSON.stringify({ status: 'OK', file: SCAN_CAB }), isoTimestamp(), uuid);
      },
      () => {
        this.db
          .prepare(
            "UPDATE wsusscan2_history SET status = 'ERROR', error = 'download failed', updated_on = ? WHERE uuid = ?",
          )
          .run(isoTimestamp(), uuid);
      },
    );
    return {
      status: 'RUNNING',
      run_date: now,
      file_size: 0,
      file_timestamp: fileDate,
      skipped: false,
      uuid,
      task_id: taskId,
    };
  }

  /** Queues a download task per update (skipped when already cached, unless forced). */
  downloadUpdates(
    updateIds: readonly string[],
    force: boolean,
    user: string | null,
  ): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (const id of updateIds) {
      const u = this.db
        .prepare(
          'SELECT update_id, download_urls, max_download_size, downloaded_on FROM wsus_updates WHERE update_id = ?',
        )
        .get(id) as
        | {
            update_id: string;
            download_urls: string | null;
            max_download_size: number | null;
            downloaded_on: string | null;
          }
        | undefined;
      if (u === undefined) {
        out.push({ update_id: id, status: 'ERROR', error: 'unknown update id' });
        continue;
      }
      const url =
        (JSON.parse(u.download_urls ?? '[]') as string[])[0] ??
        `http://download.windowsupdate.com/${u.update_id}.cab`;
      const file = path.basename(new URL(url).pathname);
      if (u.downloaded_on !== null && !force) {
        const taskId = this.createTask(
          'update',
          url,
          u.max_download_size ?? 0,
          file,
          u.update_id,
          false,
          user,
          'SKIPPED',
        );
        out.push({ id: taskId, update_id: u.update_id, status: 'SKIPPED' });
        continue;
      }
      const taskId = this.createTask('update', url, u.max_download_size ?? 0, file, u.update_id, force, user);
      this.run(taskId, u.max_download_size ?? 0, async () => {
        if (!isPlainFileName(file)) throw new Error('unsafe file name');
        await writeFileAtomic(
          path.join(this.dir, file),
          `simulated content of ${u.update_id} (${url})\n`,
          0o644,
        );
        this.db
          .prepare('UPDATE wsus_updates SET downloaded_on = ?, updated_on = ? WHERE update_id = ?')
          .run(isoTimestamp(), isoTimestamp(), u.update_id);
      });
      out.push({ id: taskId, update_id: u.update_id, status: 'PENDING' });
    }
    return out;
  }

  /** Deletes cached files of updates; they are fetched again only when asked. */
  async deleteCached(updateIds: readonly string[]): Promise<{ files: string[]; updates: string[] }> {
    const files: string[] = [];
    const updates: string[] = [];
    for (const id of updateIds) {
      const u = this.db
        .prepare('SELECT update_id, download_urls FROM wsus_updates WHERE update_id = ?')
        .get(id) as { update_id: string; download_urls: string | null } | undefined;
      if (u === undefined) continue;
      for (const url of JSON.parse(u.download_urls ?? '[]') as string[]) {
        const file = path.basename(new URL(url).pathname);
        if (!isPlainFileName(file)) continue;
        const p = path.join(this.dir, file);
        if (existsSync(p)) {
          await rm(p, { force: true });
          files.push(file);
        }
      }
      this.db
        .prepare('UPDATE wsus_updates SET downloaded_on = NULL, updated_on = ? WHERE update_id = ?')
        .run(isoTimestamp(), u.update_id);
      updates.push(u.update_id);
    }
    return { files, updates };
  }

  private createTask(
    kind: string,
    url: string,
    targetSize: number,
    localFilename: string,
    updateId: string | null,
    forced: boolean,
    user: string | null,
    status = 'PENDING',
  ): number {
    const now = isoTimestamp();
    const r = this.db
      .prepare(
        `INSERT INTO wsus_download_tasks (task_id, kind, url, target_size, local_filename, status, forced, skipped, update_id, progress, msg, created_on, updated_on, created_by, started_on, finished_on)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      )
      .run(
        randomUUID(),
        kind,
        url,
        targetSize,
        localFilename,
        status,
        forced ? 1 : 0,
        status === 'SKIPPED' ? 1 : 0,
        updateId,
        status === 'SKIPPED' ? 100 : 0,
        status === 'SKIPPED' ? 'already in the cache' : 'queued',
        now,
        now,
        user,
        status === 'SKIPPED' ? now : null,
        status === 'SKIPPED' ? now : null,
      );
    return Number(r.lastInsertRowid);
  }

  private run(id: number, bytes: number, onDone: () => Promise<void>, onFail?: () => void): void {
    if (this.closed) return;
    const durationMs = this.durationMs(bytes);
    this.db
      .prepare(
        "UPDATE wsus_download_tasks SET status = 'RUNNING', started_on = ?, msg = 'downloading' WHERE id = ?",
      )
      .run(isoTimestamp(), id);
    const fail = this.rng() < 0.03;
    const timer = setTimeout(() => {
      this.running.delete(id);
      if (this.closed) return;
      const finish = async () => {
        if (fail) throw new Error('HTTP error 503 from download.windowsupdate.com (simulated)');
        await onDone();
      };
      const done = finish().then(
        () => {
          if (this.closed) return;
          const now = isoTimestamp();
          this.db
            .prepare(
              "UPDATE wsus_download_tasks SET status = 'DONE', progress = 100, file_size = target_size, file_date = ?, finished_on = ?, msg = 'done', updated_on = ? WHERE id = ?",
            )
            .run(now, now, now, id);
        },
        (err: unknown) => {
          if (this.closed) return;
          const now = isoTimestamp();
          this.db
            .prepare(
              "UPDATE wsus_download_tasks SET status = 'ERROR', error = ?, finished_on = ?, msg = 'failed', updated_on = ? WHERE id = ?",
            )
            .run(String(err instanceof Error ? err.message : err).slice(0, 1200), now, now, id);
          onFail?.();
        },
      );
      this.inflight.add(done);
      void done.finally(() => this.inflight.delete(done));
    }, durationMs);
    this.running.set(id, { startMs: Date.now(), durationMs, timer });
  }

  /** Task rows, newest first, with live progress for running ones. */
  tasks(limit: number): Array<Record<string, unknown>> {
    const rows = this.db
      .prepare('SELECT * FROM wsus_download_tasks ORDER BY id DESC LIMIT ?')
      .all(limit) as Array<Record<string, unknown>>;
    return rows.map((r) => {
      const run = this.running.get(r.id as number);
      const progress =
        run === undefined
          ? r.progress
          : Math.min(99, Math.floor(((Date.now() - run.startMs) / run.durationMs) * 100));
      return { ...r, forced: r.forced === 1, skipped: r.skipped === 1, progress };
    });
  }

  /** Stops the simulated downloads; resolves once none can touch the database any more. */
  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.running.values()) clearTimeout(r.timer);
    this.running.clear();
    await Promise.allSettled([...this.inflight]);
  }
}
