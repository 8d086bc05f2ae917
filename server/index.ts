import type { DemoStartProgress } from '../common/ipc/methods/demo-server';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCertificates, type Certificate } from '../wapt/signing/index';
import { Authenticator } from './auth/authenticator';
import { openDatabase, type Db } from './db/connection';
import { seedDemo } from './fleet/demo';
import { FleetSimulator } from './fleet/simulator';
import { WuaDownloads } from './fleet/wua-downloads';
import { buildApp } from './http/app';
import {
  SERVER_VERSION,
  serverProfile,
  type DataDirs,
  type ServerContext,
  type ServerEdition,
  type ServerProfile,
  type ServerProfileName,
} from './http/context';
import { PackageRepository } from './repo/package-repo';
import { recoverRepository } from './repo/startup-recovery';

/**
 * Embedding API of the reference WAPT server: the console's `npm start` and browser mode, the CLI
 * (`server start`), the tests and the benchmark all start it through this one function.
 */
export interface ReferenceServerOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** 0 = a free port. */
  port?: number;
  dataDir: string;
  /** On an empty data directory: create the demo fleet, demo packages and demo signer. */
  demo?: boolean;
  /** Demo fleet size (default 200, at most 100,000). */
  hosts?: number;
  adminUser?: string;
  /** Applied at every start (like waptserver.ini `wapt_password`). */
  adminPassword: string;
  /** Seed of the demo fleet (default 1). */
  seed?: number;
  logger?: (line: string) => void;
  /** Steps of the start, for a progress bar (the console's embedded demo server). */
  onProgress?: (progress: DemoStartProgress) => void;
  simulation?: { speed?: number };
  /** Largest accepted upload in bytes (default 2 GiB). */
  maxUploadBytes?: number;
  /**
   * `reference` (default): this server with its documented extensions; `wapt-1.8.2`: every
   * extension off, the genuine server's observed behaviours (docs/reference-server.md).
   */
  profile?: ServerProfileName;
  /** Default: enterprise for `reference`, community for `wapt-1.8.2`. */
  edition?: ServerEdition;
  /**
   * More console accounts besides the admin (standing for Enterprise's directory users), set at
   * every start. `acls` absent or `{}` = a user who can log in but has no ACL at all.
   */
  users?: ReadonlyArray<{ name: string; password: string; acls?: Record<string, string[]> }>;
}

export interface ReferenceServer {
  url: string;
  adminUser: string;
  profile: ServerProfile;
  dataDir: string;
  /** The demo signer (key + certificate paths) when the data directory has one. */
  demoSigner?: { keyPath: string; certificatePath: string };
  close(): Promise<void>;
}

export function dataDirs(root: string): DataDirs {
  const r = path.resolve(root);
  return {
    root: r,
    db: path.join(r, 'db'),
    wapt: path.join(r, 'wapt'),
    waptHost: path.join(r, 'wapt-host'),
    waptwua: path.join(r, 'waptwua'),
    trusted: path.join(r, 'ssl', 'trusted'),
    tmp: path.join(r, 'tmp'),
    demo: path.join(r, 'demo'),
  };
}

function meta(db: Db, key: string, create: () => string): string {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  if (row !== undefined) return row.value;
  const value = create();
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
  return value;
}

async function loadTrustedFolder(dir: string, log: (l: string) => void): Promise<Certificate[]> {
  const out: Certificate[] = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.crt')).sort()) {
    try {
      out.push(...loadCertificates(await readFile(path.join(dir, f), 'utf8')));
    } catch (err) {
      log(`ignoring unreadable trusted certificate ${f}: ${(err as Error).message}`);
    }
  }
  return out;
}

export async function startReferenceServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  const log = opts.logger ?? (() => undefined);
  const host = opts.host ?? '127.0.0.1';
  const adminUser = opts.adminUser ?? 'admin';
  if (typeof opts.adminPassword !== 'string' || opts.adminPassword === '')
    throw new Error('an admin password is required');
  const hostsCount = opts.hosts ?? 200;
  if (!Number.isInteger(hostsCount) || hostsCount < 0 || hostsCount > 100_000)
    throw new Error('hosts must be an integer between 0 and 100000');
  const speed = opts.simulation?.speed ?? 10;
  if (!(speed > 0)) throw new Error('simulation speed must be positive');
  const seed = opts.seed ?? 1;
  const profile = serverProfile({ profile: opts.profile, edition: opts.edition });

  const dirs = dataDirs(opts.dataDir);
  for (const d of [
    dirs.db,
    dirs.wapt,
    path.join(dirs.wapt, 'icons'),
    dirs.waptHost,
    dirs.waptwua,
    dirs.trusted,
    dirs.tmp,
  ])
    await mkdir(d, { recursive: true });
  const progress = (
    step: DemoStartProgress['step'],
    done: number | null = null,
    total: number | null = null,
  ) => opts.onProgress?.({ step, done, total });
  progress('database');
  const db = openDatabase(path.join(dirs.db, 'server.sqlite'));
  let closed = false;
  try {
    const serverUuid = meta(db, 'server_uuid', () => randomUUID());
    const secret = meta(db, 'secret', () => randomBytes(32).toString('hex'));
    const auth = new Authenticator(db, adminUser);
    auth.cookiePath = profile.sessionCookiePath;
    await auth.setAdminPassword(opts.adminPassword);
    for (const u of opts.users ?? []) await auth.setUser(u.name, u.password, u.acls ?? {});

    let trusted = await loadTrustedFolder(dirs.trusted, log);
    let baseUrl = '';
    const repo = new PackageRepository(
      db,
      { wapt: dirs.wapt, waptHost: dirs.waptHost, tmp: dirs.tmp },
      () => trusted,
      () => `${baseUrl}/wapt`,
    );

    const seeded = db.prepare("SELECT value FROM meta WHERE key = 'demo_seeded'").get() !== undefined;
    const empty =
      (
        db.prepare('SELECT (SELECT COUNT(*) FROM hosts) + (SELECT COUNT(*) FROM packages) AS n').get() as {
          n: number;
        }
      ).n === 0;
    if (opts.demo && !seeded && empty) {
      log(`creating the demo fleet (${hostsCount} hosts, seed ${seed}) in ${dirs.root}`);
      await seedDemo(db, dirs, repo, {
        hosts: hostsCount,
        seed,
        now: Date.now(),
        serverUuid,
        repoUrl: 'https://srvwapt.corp.lan/wapt',
        log,
        progress,
      });
      db.prepare("INSERT INTO meta (key, value) VALUES ('demo_seeded', ?)").run(new Date().toISOString());
      trusted = await loadTrustedFolder(dirs.trusted, log);
    }
    // Stale upload temporaries, and an index that does not list what the repository holds, are
    // what a crash leaves behind (server/repo/startup-recovery.ts).
    progress('repository');
    await recoverRepository(db, repo, log);

    const simulator = new FleetSimulator(db, { speed, seed, serverUuid, repo, log });
    const downloads = new WuaDownloads(db, dirs.waptwua, {
      speed,
      seed,
      catalogDate: () =>
        (db.prepare('SELECT MAX(changetime) AS d FROM wsus_updates').get() as { d: string | null }).d,
    });
    const ctx: ServerContext = {
      db,
      dirs,
      serverUuid,
      secret,
      version: SERVER_VERSION,
      edition: profile.edition,
      profile,
      serverDomain: 'corp.lan',
      auth,
      repo,
      simulator,
      downloads,
      trustedCertificates: () => trusted,
      reloadTrusted: async () => {
        trusted = await loadTrustedFolder(dirs.trusted, log);
      },
      maxUploadBytes: opts.maxUploadBytes ?? 2 * 1024 * 1024 * 1024,
      log,
      baseUrl: () => baseUrl,
    };
    const app = await buildApp(ctx);
    progress('http');
    await app.listen({ host, port: opts.port ?? 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : (opts.port ?? 0);
    baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    log(
      `WAPT reference server listening on ${baseUrl} (profile ${profile.name}, ${profile.edition} edition, data ${dirs.root})`,
    );

    const demoKey = path.join(dirs.demo, 'demo-signer.key');
    const demoCert = path.join(dirs.demo, 'demo-signer.crt');
    const close = async () => {
      if (closed) return;
      closed = true;
      await downloads.close();
      await simulator.close();
      await app.close();
      db.close();
      log('WAPT reference server stopped');
    };
    return {
      url: baseUrl,
      adminUser,
      profile,
      dataDir: dirs.root,
      ...(existsSync(demoKey) && existsSync(demoCert)
        ? { demoSigner: { keyPath: demoKey, certificatePath: demoCert } }
        : {}),
      close,
    };
  } catch (err) {
    if (!closed) db.close();
    throw err;
  }
}
