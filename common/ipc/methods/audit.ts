import '../zod-setup';
import { z } from 'zod';
import { UpdatesFilter, ALL_UPDATES } from './updates';

/** Compliance figures of common/domain/compliance.ts (see the definition there). */
export const ComplianceGroupSchema = z.object({
  key: z.string(),
  updates: z.number().int(),
  ok: z.number().int(),
  pending: z.number().int(),
  missing: z.number().int(),
  error: z.number().int(),
  discarded: z.number().int(),
  applicable: z.number().int(),
  percent: z.number().nullable(),
});
export type ComplianceGroupRow = z.infer<typeof ComplianceGroupSchema>;

/** Per-update compliance row of the Audit tab. */
export const UpdateComplianceRow = z.object({
  update_id: z.string(),
  title: z.string(),
  kbids: z.array(z.string()),
  product: z.string().nullable(),
  classification: z.string().nullable(),
  severity: z.string().nullable(),
  changetime: z.string().nullable(),
  downloaded_on: z.string().nullable(),
  ok: z.number().int(),
  pending: z.number().int(),
  missing: z.number().int(),
  error: z.number().int(),
  discarded: z.number().int(),
  applicable: z.number().int(),
  percent: z.number().nullable(),
});
export type UpdateComplianceRow = z.infer<typeof UpdateComplianceRow>;

export const AuditSummary = z.object({
  overall: ComplianceGroupSchema,
  byProduct: z.array(ComplianceGroupSchema),
  bySeverity: z.array(ComplianceGroupSchema),
  updates: z.array(UpdateComplianceRow),
  /** False when the server has no per-update host counts (then every figure is 0 / not applicable). */
  countsAvailable: z.boolean(),
  asOf: z.string(),
});
export type AuditSummary = z.infer<typeof AuditSummary>;

export const auditMethods = {
  /** Compliance of the updates matching `filter`, by product, by severity and per update. */
  'audit.summary': {
    input: z.object({ filter: UpdatesFilter.default(ALL_UPDATES) }).strict(),
    output: AuditSummary,
  },
} as const;
