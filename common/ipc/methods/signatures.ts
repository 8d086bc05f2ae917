import '../zod-setup';
import { z } from 'zod';

/**
 * The signature status column of the package grids (docs/repository.md, "Signature status"):
 * each package verified in main as an agent would (docs/wapt-package-format.md §10.4 and §10.5), against
 * the console's trusted store, and cached by the file's hash.
 */
export const PackageSignatureState = z.enum([
  /** Integrity and signatures verify, and the signer chains to a trusted certificate. */
  'trusted',
  /** Integrity and signatures verify with the embedded certificate, but nothing trusted vouches for it. */
  'untrusted',
  /** An agent would refuse the package whatever it trusts (tampered, badly signed, expired…). */
  'invalid',
  /** The file could not be fetched (network, md5 mismatch with the index): not known yet. */
  'unavailable',
]);
export type PackageSignatureState = z.infer<typeof PackageSignatureState>;

/** One certificate of the chain shown in details: public facts only. */
export const ChainCertificate = z.object({
  cn: z.string(),
  fingerprintSha256: z.string(),
  issuerCn: z.string(),
  notAfter: z.string(),
  isCA: z.boolean(),
});
export type ChainCertificate = z.infer<typeof ChainCertificate>;

export const PackageSignatureStatus = z.object({
  filename: z.string(),
  state: PackageSignatureState,
  /** Why it is not trusted: `CODE/REASON` and a sentence; null when trusted. */
  problem: z
    .object({
      code: z.string(),
      reason: z.string().nullable(),
      message: z.string(),
      /** The reason's parameters (file, member, attribute…), to say it in the user's language. */
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .nullable(),
  signer: ChainCertificate.nullable(),
  /** Signer first, then each issuer, ending on the trusted certificate when trusted; else the embedded chain. */
  chain: z.array(ChainCertificate),
  trustedBy: ChainCertificate.nullable(),
});
export type PackageSignatureStatus = z.infer<typeof PackageSignatureStatus>;

const FileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.~=-]*\.wapt$/, 'a repository file name (….wapt)');

export const signaturesMethods = {
  /** Statuses of repository files (the grid asks for its rows, in chunks). */
  'packages.signatureStatus': {
    input: z.object({ filenames: z.array(FileName).min(1).max(500) }).strict(),
    output: z.object({
      statuses: z.array(PackageSignatureStatus),
      /** How many certificates the trusted store held. */
      trustedCount: z.number().int(),
    }),
  },
} as const;
