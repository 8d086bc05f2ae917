import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../../common/domain/canonical-json';
import { isPackageAction, type HostActionKind } from '../../../common/ipc/methods/actions';
import {
  signClaim,
  type ClaimValue,
  type PackageSigner,
  type SignedClaim,
} from '../../../wapt/signing/index';

/**
 * Claims of a bulk host action, signed up front and cut into batches. A WAPT server accepts a JSON
 * array of signed actions in one `trigger_host_action` call and relays each element to its host
 * (docs/host-actions.md), so a thousand hosts cost a handful of requests instead of a thousand.
 */

/**
 * Agent action names (docs/host-actions.md). The waptwua ones and `trigger_audit_packages` are
 * INFERRED (Enterprise agents; the 1.8.2 community agent has no handler for them).
 */
export const AGENT_ACTION: Record<HostActionKind, string> = {
  waptwua_scan: 'trigger_waptwua_scan',
  waptwua_download: 'trigger_waptwua_download',
  waptwua_install: 'trigger_waptwua_install',
  waptwua_uninstall: 'trigger_waptwua_uninstall',
  update: 'trigger_host_update',
  upgrade: 'trigger_host_upgrade',
  install_packages: 'trigger_install_packages',
  force_install_packages: 'trigger_install_packages',
  remove_packages: 'trigger_remove_packages',
  forget_packages: 'trigger_forget_packages',
  audit_packages: 'trigger_audit_packages',
};

/**
 * The `force` flag WAPT's console sends with each action (docs/host-actions.md): forced for
 * "force install" and for "forget" (the genuine console forgets with force), not otherwise.
 */
const FORCED: ReadonlySet<HostActionKind> = new Set(['force_install_packages', 'forget_packages']);

/** What an action acts on besides the host: update ids (uninstall) or package names. */
export interface ActionArgs {
  updateIds: readonly string[];
  packages: readonly string[];
}

/**
 * Claims per `trigger_host_action` request and requests in flight at once. Measured with
 * `npm run bench -- host-actions` and a sweep (docs/host-actions.md, "Tuning"): from 200 claims a
 * request up, size and concurrency change nothing measurable (signing dominates); 200 keeps a
 * request near 0.5 MB, under a stock nginx body limit, and a refused request costs 200 hosts.
 */
export const CLAIMS_PER_REQUEST = 200;
export const SEND_CONCURRENCY = 2;

export interface HostClaim {
  uuid: string;
  claim: SignedClaim;
}

/**
 * The unsigned fields of one host's claim (server-api facts in docs/host-actions.md). The package
 * actions carry `packages`, the list of package names (the agent requires it among the signed
 * attributes of install / remove / forget).
 */
export function claimFields(
  action: HostActionKind,
  uuid: string,
  args: ActionArgs,
): Record<string, ClaimValue> {
  const claim: Record<string, ClaimValue> = {
    action: AGENT_ACTION[action],
    uuid,
    notify_server: true,
    force: FORCED.has(action),
  };
  if (action === 'waptwua_uninstall') claim.update_ids = [...args.updateIds];
  if (isPackageAction(action)) claim.packages = [...args.packages];
  return claim;
}

/**
 * Signs one claim per host with one signer: the key was parsed once when it was unlocked, so each
 * claim costs one RSA signature and nothing else. All claims share one `signature_date`, so their
 * canonical payloads differ only by the uuid: the payload is serialised once around a placeholder
 * and each host's uuid is put in its place (the same bytes `signClaim` would produce, which the
 * unit test checks), instead of re-serialising the certificate chain a thousand times.
 */
export function signHostClaims(
  action: HostActionKind,
  uuids: readonly string[],
  args: ActionArgs,
  signer: PackageSigner,
  now: Date = new Date(),
): HostClaim[] {
  if (uuids.length === 0) return [];
  const placeholder = `\u0000uuid-${randomUUID()}`;
  let payload = '';
  const template = signClaim(
    claimFields(action, placeholder, args),
    { ...signer, sign: (data) => ((payload = Buffer.from(data).toString('ascii')), new Uint8Array(0)) },
    { now },
  );
  const parts = payload.split(canonicalJson(placeholder));
  if (parts.length !== 2)
    return uuids.map((uuid) => ({
      uuid,
      claim: signClaim(claimFields(action, uuid, args), signer, { now }),
    }));
  const [before, after] = parts as [string, string];
  return uuids.map((uuid) => {
    const bytes = Buffer.from(before + canonicalJson(uuid) + after, 'ascii');
    const signature = Buffer.from(signer.sign(bytes)).toString('base64');
    return { uuid, claim: { ...template, uuid, signature } };
  });
}

/** Cuts `items` into consecutive batches of at most `size` (size ≥ 1). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` on every item with at most `limit` at once; stops taking new items once aborted. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  });
  await Promise.all(runners);
}

/** A counting semaphore: bounds the requests in flight while many hosts are followed at once. */
export class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
