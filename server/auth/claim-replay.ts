import { createHash } from 'node:crypto';

/**
 * Signed action claims are accepted once (docs/reference-server.md, "Signed actions"): the server
 * remembers each accepted signature until the claim would expire anyway (its signature_date plus
 * the accepted clock skew), so a captured claim cannot be replayed while it is still valid.
 * Memory is bounded: when `maxEntries` unexpired signatures are remembered, new claims are refused
 * (fail closed) rather than forgetting one that could then be replayed.
 */
export class ClaimReplayGuard {
  private readonly seen = new Map<string, number>();
  private lastPurge = 0;

  constructor(
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Checks a whole request: null when every signature is new (and then remembers them all), else
   * why the request is refused. Nothing is remembered for a refused request.
   */
  acceptAll(claims: ReadonlyArray<{ signature: string; expiresMs: number }>): string | null {
    this.purge();
    const keys = claims.map((c) => createHash('sha256').update(c.signature).digest('base64'));
    if (new Set(keys).size !== keys.length) return 'the request carries the same signed action twice';
    if (keys.some((k) => this.seen.has(k))) return 'this signed action was already accepted (replay)';
    if (this.seen.size + keys.length > this.maxEntries)
      return 'too many signed actions in flight: retry when older ones expire';
    keys.forEach((k, i) => this.seen.set(k, claims[i]!.expiresMs));
    return null;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Drops expired signatures; at most once a second unless memory is full. */
  private purge(): void {
    const now = this.now();
    if (now - this.lastPurge < 1000 && this.seen.size < this.maxEntries) return;
    this.lastPurge = now;
    for (const [k, exp] of this.seen) if (exp <= now) this.seen.delete(k);
  }
}
