import '../zod-setup';
import { z } from 'zod';

/** What grids and dialogs show about a certificate (never key material). */
export const CertificateSummary = z.object({
  cn: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  serial: z.string(),
  fingerprintSha256: z.string(),
  codeSigning: z.boolean(),
  isCA: z.boolean(),
});
export type CertificateSummary = z.infer<typeof CertificateSummary>;

export const AdminKeyStatus = z.object({
  configured: z.boolean(),
  /** Where the key file is (a path is not a secret; its content never leaves main). */
  keyPath: z.string().nullable(),
  certificatePath: z.string().nullable(),
  certificate: CertificateSummary.nullable(),
  unlocked: z.boolean(),
  /** ISO time at which an unused unlocked key locks itself. */
  lockAt: z.string().nullable(),
});
export type AdminKeyStatus = z.infer<typeof AdminKeyStatus>;

const FilePath = z.string().trim().min(1, 'a file path is required').max(4096);
/** Passwords cross the bridge inbound only; no output schema carries one (contract test). */
const Password = z.string().max(4096);

/**
 * "Create key and certificate" (docs/keys.md). The renderer names a folder, a file name and the
 * certificate's options; main makes the key, writes NAME.pem (encrypted PKCS#8), NAME.crt and
 * optionally NAME.p12 as a set, and answers with paths and the certificate's public facts only.
 */
export const CreateKeyRequest = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'key name: letters, digits, ".", "_", "-" (a file name)'),
    folder: FilePath,
    bits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).default(3072),
    password: Password,
    /** The password typed a second time: main refuses a mismatch too (VALIDATION/PASSWORD_MISMATCH). */
    passwordAgain: Password,
    commonName: z.string().trim().min(1, 'the certificate needs a common name').max(64),
    organization: z.string().trim().max(64).default(''),
    days: z.number().int().min(1).max(36500).default(3650),
    codeSigning: z.boolean().default(true),
    isCA: z.boolean().default(false),
    /** Issue the certificate with a CA instead of self-signing it. */
    issuer: z
      .object({ certificatePath: FilePath, keyPath: FilePath, password: Password })
      .strict()
      .nullable()
      .default(null),
    /** Also export NAME.p12; `password` null = the key's own password (WAPT's signtool convention). */
    pkcs12: z
      .object({ password: Password.min(1).nullable() })
      .strict()
      .nullable()
      .default(null),
    /** Make the new key the administrator's signing key (still locked: unlock asks its password). */
    useAsAdminKey: z.boolean().default(false),
  })
  .strict();
export type CreateKeyRequest = z.input<typeof CreateKeyRequest>;

export const CreatedKey = z.object({
  keyPath: z.string(),
  certificatePath: z.string(),
  pkcs12Path: z.string().nullable(),
  certificate: CertificateSummary,
  adminKey: AdminKeyStatus,
});
export type CreatedKey = z.infer<typeof CreatedKey>;

/** The administrator's signing key: configured by path, unlocked in main, never sent to the renderer. */
export const keysMethods = {
  'keys.status': { input: z.object({}).strict(), output: AdminKeyStatus },
  'keys.configure': {
    input: z.object({ keyPath: FilePath, certificatePath: FilePath.nullable() }).strict(),
    output: AdminKeyStatus,
  },
  'keys.unlock': { input: z.object({ password: z.string().max(4096) }).strict(), output: AdminKeyStatus },
  'keys.lock': { input: z.object({}).strict(), output: AdminKeyStatus },
  'keys.create': { input: CreateKeyRequest, output: CreatedKey },
  /**
   * Opens the OS's dialog in main (desktop app) to choose the new key's folder, or a CA's
   * certificate or key file; answers the chosen path (a path is not a secret), or null when
   * cancelled. Without native dialogs (browser mode): NOT_SUPPORTED, and the form takes a typed path.
   */
  'keys.choosePath': {
    input: z
      .object({
        purpose: z.enum(['folder', 'caCertificate', 'caKey']),
        /** The dialog's title in the user's language (the renderer holds the catalogues). */
        title: z.string().trim().min(1).max(200),
      })
      .strict(),
    output: z.object({ path: z.string().nullable() }),
  },
} as const;
