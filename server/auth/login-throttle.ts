/**
 * Password-guessing brake (docs/reference-server.md, "Login throttling"), not in WAPT 1.8.2.
 * Failed password checks are counted per user name and per client address over a sliding
 * window. Past a threshold, further attempts for that user (or from that address) are answered
 * 429 without checking the password, for a delay that doubles with each further failure (capped
 * at the window). A success clears the user's count; once the window has passed without failures
 * everything is forgotten. Memory is bounded: at most `maxKeys` users and addresses are tracked.
 */
export interface LoginThrottleOptions {
  /** Failures of one user name tolerated in the window before the delay starts (default 5). */
  maxUserFailures?: number;
  /** Failures from one address (all user names) tolerated in the window (default 20). */
  maxAddressFailures?: number;
  windowMs?: number;
  /** First delay once over the threshold; doubles per further failure (default 1 s). */
  baseDelayMs?: number;
  maxKeys?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  first: number;
  last: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly maxUser: number;
  private readonly maxAddress: number;
  private readonly windowMs: number;
  private readonly baseDelayMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: LoginThrottleOptions = {}) {
    this.maxUser = opts.maxUserFailures ?? 5;
    this.maxAddress = opts.maxAddressFailures ?? 20;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxKeys = opts.maxKeys ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds the caller must still wait before a password is checked; 0 = go ahead. */
  retryAfterMs(user: string, address: string): number {
    return Math.max(this.wait(`u:${user}`, this.maxUser), this.wait(`a:${address}`, this.maxAddress));
  }

  failed(user: string, address: string): void {
    for (const key of [`u:${user}`, `a:${address}`]) {
      const now = this.now();
      const e = this.live(key);
      if (e === undefined) {
        this.makeRoom();
        this.entries.set(key, { failures: 1, first: now, last: now });
      } else {
        e.failures++;
        e.last = now;
      }
    }
  }

  succeeded(user: string): void {
    this.entries.delete(`u:${user}`);
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e !== undefined && this.now() - e.last > this.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private wait(key: string, threshold: number): number {
    const e = this.live(key);
    if (e === undefined || e.failures < threshold) return 0;
    const delay = Math.min(this.windowMs, this.baseDelayMs * 2 ** Math.min(30, e.failures - threshold));
    return Math.max(0, e.last + delay - this.now());
  }

  private makeRoom(): void {
    if (this.entries.size < this.maxKeys) return;
    const now = this.now();
    for (const [k, e] of this.entries) if (now - e.last > this.windowMs) this.entries.delete(k);
    // Still full: forget the oldest entries (a Map iterates in insertion order).
    for (const k of this.entries.keys()) {
      if (this.entries.size < this.maxKeys) break;
      this.entries.delete(k);
    }
  }
}
