import {
  complianceByProduct,
  complianceBySeverity,
  countsOfUpdate,
  compliance,
  overallCompliance,
} from '../../../common/domain/compliance';
import type { AuditSummary, UpdateComplianceRow } from '../../../common/ipc/methods/audit';
import type { ParsedUpdatesFilter } from '../../../common/ipc/methods/updates';
import type { UpdatesService } from './updates-service';

/**
 * The Auditor view's figures (docs/wapt-console-features.md §1.F, §3 #5). Compliance is computed from the
 * per-update host counts by status, with the definition of common/domain/compliance.ts. Where
 * the counts come from is UpdatesService's choice per server (docs/server-capabilities.md): the
 * server's aggregates when it has the extension, else the console's own computation from every
 * host's data (FleetWuaScan), else none yet (`countsSource: 'none'`). The per-host view uses the
 * hosts' `wua_*_count` columns, filled the same way.
 */
export class AuditService {
  constructor(private readonly updates: UpdatesService) {}

  async summary(filter: ParsedUpdatesFilter): Promise<AuditSummary> {
    const { rows, asOf, countsAvailable, countsSource } = await this.updates.all(filter);
    const updates: UpdateComplianceRow[] = rows.map((r) => ({
      update_id: r.update_id,
      title: r.title,
      kbids: r.kbids,
      product: r.product,
      classification: r.classification,
      severity: r.severity,
      changetime: r.changetime,
      downloaded_on: r.downloaded_on,
      ...compliance(countsOfUpdate(r)),
    }));
    return {
      overall: overallCompliance(rows),
      byProduct: complianceByProduct(rows),
      bySeverity: complianceBySeverity(rows),
      updates,
      countsAvailable,
      countsSource,
      asOf,
    };
  }
}
