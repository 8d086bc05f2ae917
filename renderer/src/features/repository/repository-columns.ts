import type { ColDef } from 'ag-grid-community';
import type { Language } from '../../../../common/ipc/contract';
import type { RepositoryRow } from '../../../../common/ipc/methods/host-packages';
import type { MessageKey } from '../../i18n/en';
import type { Translate } from '../../i18n/i18n';

/** The private repository grid of WAPT's console (docs/wapt-console-features.md, `GridPackages`): visible columns. */
const VISIBLE: [string, MessageKey][] = [
  ['package', 'repo.col.package'],
  ['version', 'repo.col.version'],
  ['section', 'repo.col.section'],
  ['maturity', 'repo.col.maturity'],
  ['name', 'repo.col.name'],
  ['description', 'repo.col.description'],
  ['architecture', 'repo.col.architecture'],
  ['target_os', 'repo.col.targetOs'],
  ['locale', 'repo.col.locale'],
  ['depends', 'repo.col.depends'],
  ['conflicts', 'repo.col.conflicts'],
  ['signer', 'repo.col.signer'],
  ['signature_date', 'repo.col.signedOn'],
  ['size', 'repo.col.size'],
  ['installed_size', 'repo.col.installedSize'],
  ['licence', 'repo.col.licence'],
  ['editor', 'repo.col.editor'],
  ['min_os_version', 'repo.col.minOs'],
  ['max_os_version', 'repo.col.maxOs'],
  ['min_wapt_version', 'repo.col.minWapt'],
];
/** Hidden by default, raw attribute names as WAPT shows them. */
const HIDDEN = [
  'filename',
  'md5sum',
  'priority',
  'maintainer',
  'signer_fingerprint',
  'package_uuid',
  'categories',
  'keywords',
  'homepage',
  'sources',
  'impacted_process',
  'audit_schedule',
  'changelog',
  'valid_from',
  'valid_until',
  'forced_install_on',
  'description_fr',
  'description_de',
  'description_es',
  'description_pl',
  'signed_attributes',
  'signature',
];
/** The signature status column (features/signatures/signature-status.ts) sits right after the version, in sight without scrolling. */
export const REPOSITORY_COL_IDS = [...VISIBLE.map(([c]) => c), ...HIDDEN].flatMap((c) =>
  c === 'version' ? [c, 'signatureStatus'] : [c],
);

/** Inserts the signature status column after the version column. */
export function withSignatureColumn<Row>(cols: ColDef<Row>[], signature: ColDef<Row>): ColDef<Row>[] {
  const at = cols.findIndex((c) => c.colId === 'version');
  return at < 0 ? [...cols, signature] : [...cols.slice(0, at + 1), signature, ...cols.slice(at + 1)];
}

const WIDTH: Record<string, number> = {
  package: 220,
  description: 300,
  name: 160,
  signer: 180,
  filename: 320,
};

/** `_language`: the column types take the language from the grid (kept for the callers). */
export function repositoryColumns(t: Translate, _language: Language): ColDef<RepositoryRow>[] {
  const value = (c: string) => (p: { data?: RepositoryRow }) => p.data?.[c] ?? '';
  // The grid toolkit's column types (grids/column-types.ts) format dates and sizes.
  const format = (c: string): Partial<ColDef<RepositoryRow>> =>
    c === 'signature_date'
      ? { type: 'date', width: 150 }
      : c === 'size' || c === 'installed_size'
        ? { type: 'bytes', comparator: (a, b) => Number(a || 0) - Number(b || 0) }
        : {};
  return [
    ...VISIBLE.map(([c, h]): ColDef<RepositoryRow> => ({
      colId: c,
      headerName: t(h),
      valueGetter: value(c),
      sortable: true,
      resizable: true,
      filter: true,
      width: WIDTH[c] ?? 120,
      ...format(c),
    })),
    ...HIDDEN.map((c): ColDef<RepositoryRow> => ({
      colId: c,
      headerName: c,
      valueGetter: value(c),
      sortable: true,
      resizable: true,
      filter: true,
      hide: true,
      width: WIDTH[c] ?? 140,
    })),
  ];
}
