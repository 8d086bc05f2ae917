/**
 * Signed host actions ("claims", docs/wapt-server-api.md §5.1): the console signs one JSON object per host
 * with the administrator key; agents verify it against their trusted certificates.
 *
 * Differences from the package control signature, on purpose (docs/wapt-package-format.md §14):
 * `signed_attributes` is a JSON list, `signer` is the certificate fingerprint (not the CN), and
 * `signature_date` is UTC.
 */
import { ConsoleError } from '../../common/errors';
import {
  canonicalJson,
  CanonicalJsonError,
  type CanonicalJsonValue,
} from '../../common/domain/canonical-json';
import { isoformatNoZone } from '../../common/domain/control-signature';
import { certificateInfo, loadCertificates, type Certificate, type CertificateInfo } from './certificate';
import type { PackageSigner } from './signer';
import { checkValidity, toTrustedCertificates, verifyChain, verifyRsaSha256 } from './trust';

export type ClaimValue = CanonicalJsonValue;

export interface SignedClaim {
  [key: string]: ClaimValue | undefined;
  signed_attributes: string[];
  signer: string;
  signature_date: string;
  signer_certificate: string;
  signature: string;
}

const SIGNATURE_FIELDS = ['signed_attributes', 'signer', 'signature_date', 'signer_certificate'] as const;

/** Attributes every agent requires in `signed_attributes` (docs/wapt-server-api.md §5.1). */
export const REQUIRED_CLAIM_ATTRIBUTES = [
  'uuid',
  'action',
  'signed_attributes',
  'signer',
  'signature_date',
] as const;

function sigError(reason: string, message: string): ConsoleError {
  return new ConsoleError('SIGNATURE_INVALID', message, { details: { reason } });
}

function payloadOf(claim: Record<string, ClaimValue | undefined>, names: readonly string[]): string {
  const obj: Record<string, ClaimValue> = {};
  for (const n of names) obj[n] = claim[n] === undefined ? null : claim[n];
  try {
    return canonicalJson(obj);
  } catch (err) {
    if (err instanceof CanonicalJsonError)
      throw new ConsoleError('VALIDATION', `the action cannot be signed: ${err.message}`, {
        details: { reason: 'UNSIGNABLE_VALUE' },
      });
    throw err;
  }
}

export function signClaim(
  claim: Record<string, ClaimValue>,
  signer: PackageSigner,
  opts: { now?: Date } = {},
): SignedClaim {
  for (const reserved of [...SIGNATURE_FIELDS, 'signature']) {
    if (reserved in claim)
      throw new ConsoleError('VALIDATION', `an action may not set '${reserved}' itself`, {
        details: { reason: 'RESERVED_ATTRIBUTE' },
      });
  }
  const names = [...Object.keys(claim), ...SIGNATURE_FIELDS];
  const signed: Record<string, ClaimValue> = {
    ...claim,
    signed_attributes: names,
    signer: signer.keyId,
    signature_date: isoformatNoZone(opts.now ?? new Date(), true),
    signer_certificate: signer.certificatePem,
  };
  const signature = Buffer.from(signer.sign(Buffer.from(payloadOf(signed, names), 'ascii'))).toString(
    'base64',
  );
  return { ...signed, signature } as SignedClaim;
}

export interface VerifyClaimOptions {
  trusted: readonly (Certificate | string)[];
  /** Largest accepted |now − signature_date| (agents default to 6 h). */
  maxAgeSeconds?: number;
  now?: Date;
  /** Attributes that must be signed on top of {@link REQUIRED_CLAIM_ATTRIBUTES} (e.g. `packages`). */
  requiredAttributes?: readonly string[];
  /** The receiving host's uuid; the claim must name it. */
  expectedUuid?: string;
  /**
   * Chains already verified against the same `trusted` and `now` (keyed by `signer_certificate`):
   * a batch of a thousand claims from one signer parses and checks its chain once. Only chains
   * that passed are stored, so a bad one is refused every time.
   */
  verifiedChains?: Map<string, Certificate>;
}

export interface VerifiedClaim {
  claim: SignedClaim;
  signer: CertificateInfo;
}

/** Parses `YYYY-MM-DDTHH:MM:SS[.ffffff]` as UTC. */
function parseUtcIso(s: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(s);
  if (m === null) return undefined;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(6, '0')) / 1000);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms));
}

export function verifyClaim(input: unknown, opts: VerifyClaimOptions): VerifiedClaim {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw sigError('CLAIM_MALFORMED', 'the signed action is not a JSON object');
  const claim = input as Record<string, unknown>;
  const names = claim.signed_attributes;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw sigError('CLAIM_MALFORMED', 'signed_attributes must be a JSON list of attribute names');
  }
  for (const req of [...REQUIRED_CLAIM_ATTRIBUTES, ...(opts.requiredAttributes ?? [])]) {
    if (!names.includes(req))
      throw sigError('CLAIM_ATTRIBUTE_NOT_SIGNED', `the action does not sign its '${req}' attribute`);
  }
  if (typeof claim.signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(claim.signature)) {
    throw sigError('CLAIM_MALFORMED', 'the action has no base64 signature');
  }
  if (typeof claim.signer_certificate !== 'string')
    throw sigError('CLAIM_MALFORMED', 'the action carries no signer_certificate');
  const known = opts.verifiedChains?.get(claim.signer_certificate);
  const chain = known ? [known] : loadCertificates(claim.signer_certificate);
  const leaf = chain[0]!;
  if (claim.signer !== leaf.fingerprintSha256) {
    throw sigError(
      'SIGNER_FINGERPRINT_MISMATCH',
      'the action signer fingerprint does not match its certificate',
    );
  }
  const now = opts.now ?? new Date();
  const date = typeof claim.signature_date === 'string' ? parseUtcIso(claim.signature_date) : undefined;
  if (date === undefined) throw sigError('CLAIM_MALFORMED', 'signature_date is not an ISO date-time');
  const maxAge = opts.maxAgeSeconds ?? 6 * 3600;
  if (Math.abs(now.getTime() - date.getTime()) > maxAge * 1000) {
    throw sigError(
      'CLAIM_EXPIRED',
      `the action was signed at ${claim.signature_date} UTC, beyond the accepted clock skew of ${maxAge} s`,
    );
  }
  if (!known) {
    checkValidity(leaf, now, 'signer');
    verifyChain(chain, toTrustedCertificates(opts.trusted), now);
    opts.verifiedChains?.set(claim.signer_certificate, leaf);
  }
  const payload = Buffer.from(payloadOf(claim as Record<string, ClaimValue>, names), 'ascii');
  if (!verifyRsaSha256(leaf, payload, Buffer.from(claim.signature, 'base64'))) {
    throw sigError('CLAIM_SIGNATURE', 'the action signature does not match its content');
  }
  if (opts.expectedUuid !== undefined && claim.uuid !== opts.expectedUuid) {
    throw sigError(
      'CLAIM_WRONG_HOST',
      `the action is for host ${String(claim.uuid)}, not ${opts.expectedUuid}`,
    );
  }
  return { claim: claim as SignedClaim, signer: certificateInfo(leaf) };
}
