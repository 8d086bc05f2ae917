/**
 * Holds the unlocked signing key in main-process memory only, and forgets it after an idle period
 * (STYLE.md §2.5). No method returns key material; callers get a signer that asks the vault for
 * the key at each signature and fails with KEY_LOCKED once it has been locked.
 */
import { ConsoleError } from '../../common/errors';
import { certificateInfo, loadCertificates, type Certificate, type CertificateInfo } from './certificate';
import { loadPkcs12, loadPrivateKey, orderChain, type PrivateKey } from './keys';
import { createSigner, type PackageSigner } from './signer';

/** Time source and timers, injectable so tests drive the idle lock without waiting. */
export interface VaultClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: VaultClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending auto-lock must not keep a CLI process alive.
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export type UnlockInput =
  | {
      key: string | Uint8Array;
      password?: string;
      certificates: string | Uint8Array | readonly Certificate[];
    }
  | { pkcs12: Uint8Array; password: string };

export interface VaultStatus {
  unlocked: boolean;
  certificate?: CertificateInfo;
  /** Epoch ms at which the key locks if unused. */
  lockAt?: number;
}

interface Unlocked {
  signer: PackageSigner;
  certificate: CertificateInfo;
  lastUsed: number;
}

export class KeyVault {
  private state: Unlocked | undefined;
  private timer: unknown;
  private readonly listeners = new Set<() => void>();

  private idleMs: number;
  private readonly clock: VaultClock;

  constructor(options: { idleMs: number; clock?: VaultClock }) {
    this.idleMs = options.idleMs;
    this.clock = options.clock ?? systemClock;
    if (!(this.idleMs > 0))
      throw new ConsoleError('VALIDATION', 'the key vault idle time must be positive', {
        details: { reason: 'INVALID_IDLE_TIME' },
      });
  }

  /** Decrypts and keeps the key. Throws KEY_INVALID on a wrong password or a key/certificate mismatch. */
  unlock(input: UnlockInput): CertificateInfo {
    let key: PrivateKey;
    let chain: Certificate[];
    if ('pkcs12' in input) {
      ({ key, certificateChain: chain } = loadPkcs12(input.pkcs12, input.password));
    } else {
      key = loadPrivateKey(input.key, input.password);
      const certs = Array.isArray(input.certificates)
        ? [...(input.certificates as Certificate[])]
        : loadCertificates(input.certificates as string | Uint8Array);
      chain = orderChain(certs[0]!, certs.slice(1));
    }
    const signer = createSigner({ key, certificateChain: chain });
    this.lock();
    const certificate = certificateInfo(chain[0]!);
    this.state = { signer, certificate, lastUsed: this.clock.now() };
    this.arm();
    return certificate;
  }

  lock(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.state === undefined) return;
    // Dropping the only reference lets the KeyObject be collected; nothing else holds it.
    this.state = undefined;
    for (const l of this.listeners) l();
  }

  /** Called after every automatic or explicit lock. Returns an unsubscribe function. */
  onLock(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setIdleTime(ms: number): void {
    if (!(ms > 0))
      throw new ConsoleError('VALIDATION', 'the key vault idle time must be positive', {
        details: { reason: 'INVALID_IDLE_TIME' },
      });
    this.idleMs = ms;
    if (this.current() !== undefined) this.arm();
  }

  get isUnlocked(): boolean {
    return this.current() !== undefined;
  }

  status(): VaultStatus {
    const s = this.current();
    return s === undefined
      ? { unlocked: false }
      : { unlocked: true, certificate: s.certificate, lockAt: s.lastUsed + this.idleMs };
  }

  /**
   * A signer bound to the vault, not to the key: it works while the vault is unlocked, each use
   * resets the idle timer, and it fails with KEY_LOCKED afterwards (even if it was unlocked again
   * with another key, since its certificate would no longer be the one the caller saw).
   */
  signer(): PackageSigner {
    const s = this.require();
    const bound = s.signer;
    return {
      sign: (data) => {
        const now = this.require();
        if (now.signer !== bound)
          throw new ConsoleError('KEY_LOCKED', 'the signing key was locked; unlock it again', {
            details: { reason: 'LOCKED' },
          });
        now.lastUsed = this.clock.now();
        return bound.sign(data);
      },
      ...(bound.signSha1
        ? {
            signSha1: (data: Uint8Array) => {
              const now = this.require();
              if (now.signer !== bound)
                throw new ConsoleError('KEY_LOCKED', 'the signing key was locked; unlock it again', {
                  details: { reason: 'LOCKED' },
                });
              now.lastUsed = this.clock.now();
              return bound.signSha1!(data);
            },
          }
        : {}),
      certificateChain: bound.certificateChain,
      certificatePem: bound.certificatePem,
      keyId: bound.keyId,
    };
  }

  private current(): Unlocked | undefined {
    if (this.state !== undefined && this.clock.now() - this.state.lastUsed >= this.idleMs) this.lock();
    return this.state;
  }

  private require(): Unlocked {
    const s = this.current();
    if (s === undefined)
      throw new ConsoleError('KEY_LOCKED', 'the signing key is locked: unlock it with its password first', {
        details: { reason: 'LOCKED' },
      });
    return s;
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const s = this.state;
    if (s === undefined) return;
    const due = Math.max(0, s.lastUsed + this.idleMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      // Used since the timer was armed: wait for the rest of the idle period.
      if (this.current() !== undefined) this.arm();
    }, due);
  }
}
