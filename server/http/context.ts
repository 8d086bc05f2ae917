import type { Certificate } from '../../electron/core/signing/index';
import type { Authenticator } from '../auth/authenticator';
import type { Db } from '../db/connection';
import type { FleetSimulator } from '../fleet/simulator';
import type { WuaDownloads } from '../fleet/wua-downloads';
import type { PackageRepository } from '../repo/package-repo';

/** Folders of the data directory. */
export interface DataDirs {
  root: string;
  db: string;
  wapt: string;
  waptHost: string;
  waptwua: string;
  /** trusted_signers_certificates_folder: `<sha1>.crt` files. */
  trusted: string;
  tmp: string;
  demo: string;
}

/** Everything the routes need, built once by startReferenceServer. */
export interface ServerContext {
  db: Db;
  dirs: DataDirs;
  serverUuid: string;
  secret: string;
  version: string;
  edition: 'enterprise';
  serverDomain: string;
  auth: Authenticator;
  repo: PackageRepository;
  simulator: FleetSimulator;
  downloads: WuaDownloads;
  trustedCertificates(): Certificate[];
  reloadTrusted(): Promise<void>;
  /** Largest accepted upload (bytes). */
  maxUploadBytes: number;
  log(line: string): void;
  baseUrl(): string;
}

export const SERVER_VERSION = '1.8.2.7373';
