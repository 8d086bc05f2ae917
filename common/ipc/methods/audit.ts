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
  /** False when no per-update host counts exist yet (then every figure is 0 / not applicable). */
  countsAvailable: z.boolean(),
  /**
   * Where the counts come from: the server's aggregates (reference extension), the console's own
   * computation from each host's data (docs/server-capabilities.md), or nowhere yet.
   */
  countsSource: z.enum(['server', 'computed', 'none']),
  asOf: z.string(),
});
export type AuditSummary = z.infer<typeof AuditSummary>;

/** The console-side computation of Windows-update counts from every host (audit.startFleetScan). */
export const FleetScanStatus = z.object({
  /** The server does not aggregate the counts itself, so the console must compute them. */
  needed: z.boolean(),
  state: z.enum(['none', 'running', 'ready', 'failed', 'cancelled']),
  jobId: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  /** Server time of the hosts list the counts describe ("data as of"). */
  asOf: z.string().nullable(),
  hostsFailed: z.number().int(),
  hostsWithoutData: z.number().int(),
  limitReached: z.boolean(),
  error: z.string().nullable(),
});
export type FleetScanStatus = z.infer<typeof FleetScanStatus>;

export const auditMethods = {
  /** Compliance of the updates matching `filter`, by product, by severity and per update. */
  'audit.summary': {
    input: z.object({ filter: UpdatesFilter.default(ALL_UPDATES) }).strict(),
    output: AuditSummary,
  },
  /** Computes the counts from every host's data (a job: progress on `jobs.progress`, cancel with `jobs.cancel`). */
  'audit.startFleetScan': { input: z.object({}).strict(), output: z.object({ jobId: z.string() }) },
  'audit.fleetScanStatus': { input: z.object({}).strict(), output: FleetScanStatus },
} as const;
