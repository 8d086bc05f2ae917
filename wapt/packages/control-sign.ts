/**
 * Fills the signature attributes of a control and signs them (docs/wapt-package-format.md §8, §9.2).
 */
import { randomUUID } from 'node:crypto';
import { ConsoleError } from '../../common/errors';
import {
  DATA_ATTRIBUTES,
  DEFAULT_SIGNED_ATTRIBUTES,
  SIGNATURE_ATTRIBUTES,
  normalizeControl,
  parseControl,
  serializeControl,
  type Control,
} from '../../common/domain/control';
import { controlSignedPayload, isoformatNoZone } from '../../common/domain/control-signature';
import type { PackageSigner } from '../signing/signer';

export interface ControlSignOptions {
  /** Default: local time of `now`, `datetime.isoformat()` style. */
  signatureDate?: string;
  /** Default: a new random UUID (WAPT regenerates it at every signature, §14 trap 16). */
  packageUuid?: string;
  now?: Date;
}

export interface SignedControl {
  control: Control;
  /** Exact `WAPT/control` text (no final newline). */
  text: string;
  /** The signed canonical JSON (ASCII). */
  payload: string;
}

const REPOSITORY_ONLY = ['filename', 'size', 'md5sum'];

export function signControl(
  draft: Control,
  signer: PackageSigner,
  opts: ControlSignOptions = {},
): SignedControl {
  const base: Record<string, string | number> = {};
  for (const key of DATA_ATTRIBUTES) base[key] = '';
  for (const [k, v] of Object.entries(normalizeControl(draft))) {
    if (
      v !== undefined &&
      !(SIGNATURE_ATTRIBUTES as readonly string[]).includes(k) &&
      !REPOSITORY_ONLY.includes(k)
    )
      base[k] = v;
  }
  // PackageEntry defaults; an empty value would mean the same to agents but looks unfinished.
  for (const [k, v] of [
    ['architecture', 'all'],
    ['section', 'base'],
    ['priority', 'optional'],
  ] as const)
    if (base[k] === '') base[k] = v;
  const leaf = signer.certificateChain[0]!;
  base.package_uuid = opts.packageUuid ?? randomUUID();
  base.signer = leaf.cn;
  base.signer_fingerprint = signer.keyId;
  base.signature_date = opts.signatureDate ?? isoformatNoZone(opts.now ?? new Date());
  base.signed_attributes = DEFAULT_SIGNED_ATTRIBUTES.join(',');
  const control = base as Control;
  const payload = controlSignedPayload(control);
  control.signature = Buffer.from(signer.sign(Buffer.from(payload, 'ascii'))).toString('base64');
  const text = serializeControl(control);
  // The round-trip rule (§2.3): what we signed must be exactly what the agent will read back.
  const reread = controlSignedPayload(parseControl(text));
  if (reread !== payload) {
    throw new ConsoleError(
      'CONTROL_INVALID',
      'the control cannot be written so that agents read back the signed values (check multi-line values and extra attributes)',
      {
        details: { reason: 'ROUND_TRIP' },
      },
    );
  }
  return { control, text, payload };
}
