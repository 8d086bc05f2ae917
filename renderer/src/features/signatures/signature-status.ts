import { useQuery } from '@tanstack/react-query';
import type { ColDef, ITooltipParams } from 'ag-grid-community';
import { useMemo } from 'react';
import type {
  PackageSignatureState,
  PackageSignatureStatus,
} from '../../../../common/ipc/methods/signatures';
import type { MessageKey } from '../../i18n/en';
import type { Translate } from '../../i18n/i18n';
import { reportedErrorDetail } from '../../errors/presenter';
import { useApi } from '../../platform/api-client';
import { signatureQueries } from '../../queries/signatures';

/**
 * The signature status column shared by the package grids (repository, WUA rule packages):
 * statuses are computed in main (`packages.signatureStatus`, docs/repository.md) for the grid's
 * rows, in chunks, and shown as a translated label; the tooltip gives the reason and the chain.
 */
export type SignatureStatuses = ReadonlyMap<string, PackageSignatureStatus>;

export function useSignatureStatuses(filenames: readonly string[]): {
  statuses: SignatureStatuses;
  loading: boolean;
} {
  const api = useApi();
  const sorted = useMemo(() => [...new Set(filenames.filter((f) => f !== ''))].sort(), [filenames]);
  const q = useQuery({ ...signatureQueries.statuses(api, sorted), enabled: sorted.length > 0 });
  return { statuses: q.data ?? new Map(), loading: q.isFetching };
}

/** The column's value: the state, or `checking` while main has not answered. */
export type SignatureCell = PackageSignatureState | 'checking';

export const SIGNATURE_CLASS: Record<SignatureCell, string> = {
  trusted: 'cell-ok',
  untrusted: 'cell-warn',
  invalid: 'cell-error',
  unavailable: 'cell-muted',
  checking: 'cell-muted',
};

export function signatureLabel(t: Translate, state: SignatureCell): string {
  return t(`sig.state.${state}` as MessageKey);
}

/** "signer → issuer → trusted certificate", for the tooltip and the details. */
export function chainText(s: PackageSignatureStatus): string {
  return s.chain.map((c) => c.cn).join(' → ');
}

export function signatureTooltip(t: Translate, s: PackageSignatureStatus | undefined): string {
  if (s === undefined) return signatureLabel(t, 'checking');
  const lines = [signatureLabel(t, s.state)];
  if (s.problem)
    // The code stays (auditors quote it); the sentence is said in the user's language.
    lines.push(
      `${s.problem.code}${s.problem.reason ? `/${s.problem.reason}` : ''}: ${reportedErrorDetail(s.problem, t)}`,
    );
  if (s.chain.length > 0) lines.push(t('sig.chain', { chain: chainText(s) }));
  return lines.join('\n');
}

/**
 * The column definition. `filenameOf` reads a row's repository file name; the value is the state
 * code (so sorting and filtering group the states), shown as its translated label.
 */
export function signatureStatusColumn<Row>(
  t: Translate,
  statuses: SignatureStatuses,
  filenameOf: (row: Row) => string,
): ColDef<Row> {
  const status = (row: Row | undefined) => (row === undefined ? undefined : statuses.get(filenameOf(row)));
  return {
    colId: 'signatureStatus',
    headerName: t('sig.column'),
    width: 170,
    sortable: true,
    resizable: true,
    filter: true,
    valueGetter: (p): SignatureCell => status(p.data)?.state ?? 'checking',
    valueFormatter: (p) => signatureLabel(t, p.value as SignatureCell),
    getQuickFilterText: (p) => signatureLabel(t, p.value as SignatureCell),
    cellClass: (p) => SIGNATURE_CLASS[p.value as SignatureCell] ?? '',
    tooltipValueGetter: (p: ITooltipParams<Row>) => signatureTooltip(t, status(p.data)),
  };
}
