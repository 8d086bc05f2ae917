import type { Certificate } from '../../wapt/signing/index';
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
  /** The same as `profile.edition` (kept for the routes that already read it). */
  edition: ServerEdition;
  /** Which behaviours are on: the reference server's extensions or the genuine 1.8.2 ones. */
  profile: ServerProfile;
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

export type ServerEdition = 'community' | 'enterprise';

/**
 * The extensions the reference server can advertise in `/ping` (`result.reference_extensions`).
 * The console reads these exact names (common/ipc/server-capabilities.ts); what each one covers is
 * in docs/server-api-extensions.md.
 */
export const REFERENCE_EXTENSIONS = ['hosts_paging', 'wua_host_counts', 'action_results'] as const;
export type ReferenceExtensionName = (typeof REFERENCE_EXTENSIONS)[number];

export type ServerProfileName = 'reference' | 'wapt-1.8.2';
export const SERVER_PROFILE_NAMES: readonly ServerProfileName[] = ['reference', 'wapt-1.8.2'];

/**
 * One configuration object that routes consult instead of hard-coding either behaviour
 * (docs/reference-server.md, "Profiles"). `reference` (the default) is the demo and test server
 * with its documented extensions; `wapt-1.8.2` turns every extension off and reproduces what the
 * genuine 1.8.2 server was observed to do (docs/reference-server.md, "The wapt-1.8.2 profile").
 *
 * A new server feature that a genuine server lacks gets a flag here (on in `reference`, off in
 * `wapt-1.8.2`) rather than a check of `name`.
 */
export interface ServerProfile {
  readonly name: ServerProfileName;
  readonly edition: ServerEdition;
  /** Advertised in `/ping` and honoured by the routes; empty in the strict profile. */
  readonly extensions: ReadonlySet<ReferenceExtensionName>;
  /** `/ping` answers exactly the genuine keys (no api_root/date/platform…, `request_time: null`). */
  readonly genuinePing: boolean;
  /** The Windows-update routes (`/api/v2/windows_updates`…) exist: Enterprise only. */
  readonly wuaRoutes: boolean;
  /**
   * `trigger_host_action` verifies every claim before relaying (stricter than WAPT). Off: the
   * server relays whatever carries a non-empty signature, and the simulated agent verifies.
   */
  readonly serverVerifiesActions: boolean;
  /**
   * Application errors look like the genuine server's: Python exception class names as
   * `error_code` (lower case) and `Error on server:\n<repr>` as `msg`, e.g. unknown host in
   * `host_data` → `ewaptunknownhost`, missing query parameter → `keyerror`.
   */
  readonly pythonErrors: boolean;
  /**
   * The nulls a genuine server sends (docs/wapt-server-api.md §9): login `user_acls` / `hosts_count` for a
   * user without any ACL [when: inferred], `host_tasks_status` `last_event_id` for an idle agent.
   */
  readonly genuineNulls: boolean;
  /**
   * `trigger_host_action` counts a not-connected target as skipped and an unknown one as an
   * error. Off: only relayed actions count, as on the genuine server, which answered "0 actions
   * launched, 0 errors, 0 skipped" for a host that was not connected (docs/wapt-server-api.md §9).
   */
  readonly countsUnreachableTargets: boolean;
  /**
   * `Path` attribute of the session cookie. The genuine login sets an empty `Path=` (docs/wapt-server-api.md
   * §9), which a strict cookie jar scopes to `/api/v3/`; the reference server uses `/`.
   */
  readonly sessionCookiePath: '/' | '';
  /** host_data wsusupdates rows carry `local_status_delayed` and `cve_ids` (not in 1.8.2). */
  readonly extraWsusFields: boolean;
  /**
   * An upload whose package name and version already exist with different content is refused
   * with HTTP 409 (`ewaptpackageconflict`), so two consoles saving one version cannot both
   * "succeed". Off: the genuine behaviour, both files stored under their md5-suffixed names
   * (docs/wapt-server-api.md §4.3, docs/reference-server.md "Uploads").
   */
  readonly refuseVersionConflicts: boolean;
}

export interface ServerProfileOptions {
  profile?: ServerProfileName;
  edition?: ServerEdition;
}

/**
 * The profile for a name and edition. Unless told, the reference profile is Enterprise (it
 * demonstrates the Windows-update features) and the strict one community (what a stock 1.8.2
 * install is).
 */
export function serverProfile(opts: ServerProfileOptions = {}): ServerProfile {
  const name = opts.profile ?? 'reference';
  const edition = opts.edition ?? (name === 'wapt-1.8.2' ? 'community' : 'enterprise');
  if (!SERVER_PROFILE_NAMES.includes(name)) throw new Error(`unknown server profile ${String(name)}`);
  if (edition !== 'community' && edition !== 'enterprise')
    throw new Error(`unknown edition ${String(edition)}`);
  const strict = name === 'wapt-1.8.2';
  return Object.freeze({
    name,
    edition,
    // Per-update host counts need the WUA routes: a community server has nothing to count.
    extensions: new Set<ReferenceExtensionName>(
      strict ? [] : REFERENCE_EXTENSIONS.filter((e) => edition === 'enterprise' || e !== 'wua_host_counts'),
    ),
    genuinePing: strict,
    wuaRoutes: edition === 'enterprise',
    serverVerifiesActions: !strict,
    pythonErrors: strict,
    genuineNulls: strict,
    countsUnreachableTargets: !strict,
    extraWsusFields: !strict,
    sessionCookiePath: strict ? '' : '/',
    refuseVersionConflicts: !strict,
  });
}
