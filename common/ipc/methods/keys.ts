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

/** The administrator's signing key: configured by path, unlocked in main, never sent to the renderer. */
export const keysMethods = {
  'keys.status': { input: z.object({}).strict(), output: AdminKeyStatus },
  'keys.configure': {
    input: z.object({ keyPath: FilePath, certificatePath: FilePath.nullable() }).strict(),
    output: AdminKeyStatus,
  },
  'keys.unlock': { input: z.object({ password: z.string().max(4096) }).strict(), output: AdminKeyStatus },
  'keys.lock': { input: z.object({}).strict(), output: AdminKeyStatus },
} as const;
