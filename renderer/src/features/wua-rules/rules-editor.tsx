import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { useEffect, useMemo, useRef, useState } from 'react';
import { normalizeKbValue, rulesPackageName } from '../../../../common/domain/wua-rules-edit';
import { decideUpdate, mergeRules, type WuaListKey } from '../../../../common/domain/wua-rules';
import type { UpdateRow } from '../../../../common/ipc/methods/updates';
import type {
  RulePackageDetails,
  RulesDraftStored,
  WuaRulesInput,
} from '../../../../common/ipc/methods/wua-rules';
import { useDraft, useUnsavedChanges } from '../../forms/draft-store';
import { UnsavedChangesDialog } from '../../forms/unsaved-guard';
import { Tabs } from '../../components/tabs';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid } from '../../grids/console-grid';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { updateQueries } from '../../queries/updates';
import { ruleLabel } from './explain-dialog';
import { SaveDialog } from './save-dialog';
import { statusLabel } from '../../grids/status-labels';

export type Maturity = 'DEV' | 'PREPROD' | 'PROD' | '';
export interface Draft {
  package: string;
  baseVersion: string | null;
  description: string;
  maturity: Maturity;
  rules: WuaRulesInput;
}

export interface EditorInit {
  /** The server version opened (null: a new package). */
  details: RulePackageDetails | null;
  prefix: string;
  /** A locally saved draft to resume. */
  draft?: RulesDraftStored;
}

const SEVERITIES = ['Critical', 'Important', 'Moderate', 'Low'] as const;
const LOAD_SEVERITIES = [...SEVERITIES, 'none'] as const;
const AUTOSAVE_MS = 600;

const asMaturity = (m: string): Maturity => (m === 'DEV' || m === 'PREPROD' || m === 'PROD' ? m : '');

function initialDraft(init: EditorInit): Draft {
  if (init.draft) return { ...init.draft.draft, maturity: asMaturity(init.draft.draft.maturity) };
  if (init.details)
    return {
      package: init.details.package,
      baseVersion: init.details.version,
      description: init.details.description,
      maturity: asMaturity(init.details.maturity),
      rules: init.details.rules,
    };
  return { package: '', baseVersion: null, description: '', maturity: 'DEV', rules: {} };
}

const has = (list: readonly string[] | undefined, v: string) =>
  (list ?? []).some((x) => x.toLowerCase() === v.toLowerCase());
const without = (list: readonly string[] | undefined, values: readonly string[]) => {
  const drop = new Set(values.map((v) => v.toLowerCase()));
  return (list ?? []).filter((x) => !drop.has(x.toLowerCase()));
};
const withAdded = (list: readonly string[] | undefined, values: readonly string[]) => [
  ...(list ?? []),
  ...values.filter((v) => !has(list, v)),
];

/** The candidate's state under the draft alone (same decision code as agents, agent default_allow unknown → shown as "default"). */
function candidateStatus(t: Translate, u: UpdateRow, rules: ReturnType<typeof mergeRules>): string {
  const d = decideUpdate(
    {
      update_id: u.update_id,
      kbids: u.kbids,
      product: u.product,
      classification: u.classification,
      severity: u.severity,
      changetime: u.changetime,
    },
    rules,
    { default_allow: true },
    Date.now(),
  );
  if (d.decidedBy.kind === 'default_allow' && d.decidedBy.origin === 'agent')
    return t('wuaRules.status.default');
  return `${t(d.allowed ? 'wuaRules.status.allowed' : 'wuaRules.status.forbidden')} · ${ruleLabel(t, d.decidedBy.kind)}`;
}

function updateCols(
  t: Translate,
  _language: 'en' | 'fr', // the toolkit's column types take it from the grid
  status: ((u: UpdateRow) => string) | null,
): ColDef<UpdateRow>[] {
  const col = (
    colId: keyof UpdateRow,
    header: MessageKey,
    extra: Partial<ColDef<UpdateRow>> = {},
  ): ColDef<UpdateRow> => ({
    colId,
    field: colId,
    headerName: t(header),
    sortable: true,
    resizable: true,
    filter: true,
    ...extra,
  });
  const cols: ColDef<UpdateRow>[] = [
    col('update_id', 'upd.col.updateId', { width: 200 }),
    col('changetime', 'upd.col.published', {
      width: 110,
      type: 'day',
    }),
    // The toolkit's kb type: "KB5034441, …", also what the candidate filter searches.
    col('kbids', 'upd.col.kbs', { width: 110, type: 'kb' }),
    col('product', 'upd.col.product', { width: 160 }),
    col('classification', 'upd.col.classification', { width: 140 }),
    col('title', 'upd.col.title', { width: 340 }),
    col('severity', 'upd.col.severity', { width: 100 }),
    col('max_download_size', 'upd.col.size', {
      width: 100,
      type: 'bytes',
    }),
    col('downloaded_on', 'upd.col.downloadedOn', { width: 130, type: 'date' }),
    col('cve_ids', 'wuaRules.col.cve', { hide: true, type: 'list' }),
    col('superseded_update_ids', 'upd.col.superseded', { hide: true, type: 'list' }),
    col('reboot_behaviour', 'upd.col.reboot', { hide: true }),
    col('created_on', 'wuaRules.col.reportedOn', { hide: true, type: 'date' }),
  ];
  if (status)
    cols.unshift({
      colId: 'status',
      headerName: t('upd.col.status'),
      width: 200,
      sortable: true,
      filter: true,
      valueGetter: (p) => (p.data ? status(p.data) : ''),
    });
  return cols;
}

/** A list of ids/KBs of the Allowed or Forbidden tab: grid of update ids (with catalogue details when loaded) and KB chips. */
function RuleListTab({
  kind,
  draft,
  known,
  onChange,
  testId,
}: {
  kind: 'allowed' | 'forbidden';
  draft: Draft;
  known: Map<string, UpdateRow>;
  onChange: (rules: WuaRulesInput) => void;
  testId: string;
}) {
  const { t, language } = useI18n();
  const idKey: WuaListKey = kind === 'allowed' ? 'allowed_updates' : 'forbidden_updates';
  const kbKey: WuaListKey = kind === 'allowed' ? 'allowed_kbs' : 'forbidden_kbs';
  const [kb, setKb] = useState('');
  const [sel, setSel] = useState<string[]>([]);
  const rows = useMemo(
    () =>
      (draft.rules[idKey] ?? []).map(
        (id) =>
          known.get(id.toLowerCase()) ??
          ({
            update_id: id,
            title: '',
            kbids: [],
            product: null,
            classification: null,
            severity: null,
          } as unknown as UpdateRow),
      ),
    [draft.rules, idKey, known],
  );
  const cols = useMemo(() => updateCols(t, language, null), [t, language]);
  const addKb = () => {
    if (!/^(KB)?\d{4,8}$/i.test(kb.trim())) return;
    onChange({ ...draft.rules, [kbKey]: withAdded(draft.rules[kbKey], [normalizeKbValue(kb)]) });
    setKb('');
  };
  return (
    <div className="form" data-testid={testId}>
      <div className="toolbar">
        <button
          type="button"
          className="btn"
          disabled={sel.length === 0}
          onClick={() => onChange({ ...draft.rules, [idKey]: without(draft.rules[idKey], sel) })}
        >
          {t('wuaRules.editor.removeSelected', { count: sel.length })}
        </button>
        <label className="field field--inline">
          <span>
            {t(kind === 'allowed' ? 'wuaRules.editor.addAllowedKb' : 'wuaRules.editor.addForbiddenKb')}
          </span>
          <input
            name={`${kind}Kb`}
            value={kb}
            onChange={(e) => setKb(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && addKb()}
            placeholder="KB5034441"
          />
        </label>
        <button type="button" className="btn" onClick={addKb}>
          {t('wuaRules.editor.add')}
        </button>
      </div>
      <ul className="wua-chips" aria-label={ruleLabel(t, kbKey)}>
        {(draft.rules[kbKey] ?? []).map((k) => (
          <li key={k} className="badge">
            {k}{' '}
            <button
              type="button"
              className="btn btn--ghost btn--small"
              aria-label={t('wuaRules.editor.removeKb', { kb: k })}
              onClick={() => onChange({ ...draft.rules, [kbKey]: without(draft.rules[kbKey], [k]) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="grid-host grid-host--small">
        <ConsoleGrid<UpdateRow>
          columnDefs={cols}
          rowData={rows}
          getRowId={(p) => p.data.update_id}
          clickSelection={false}
          onSelection={(s) => setSel(s.rows.map((r) => r.update_id))}
        />
      </div>
    </div>
  );
}

/**
 * The rule-package editor ("Edit Windows updates Group", docs/wapt-console-features.md §1.B): header, product
 * picker, classifications and severities, candidate updates loaded from the server catalogue,
 * per-update allow/forbid/reset (update ids, not KBs), Allowed/Forbidden tabs. Every change is
 * saved as a local draft (main side, atomic) so a crash loses nothing.
 */
/** The draft-store key of the open editor; its tab deletes it on close or save. */
export const EDITOR_DRAFT_KEY = 'wuaRules.editor';

export function RulesEditor({
  init,
  onClose,
  onSaved,
}: {
  init: EditorInit;
  onClose: () => void;
  onSaved: (r: { package: string; version: string }) => void;
}) {
  const api = useApi();
  const { t, language } = useI18n();
  const isNew = init.details === null && (init.draft?.draft.baseVersion ?? null) === null;
  // The edit lives in the draft store (memory; renderer/src/forms/draft-store.tsx) while the
  // editor is open, so a tab switch or a language change loses nothing; the tab forgets it on
  // close or save (EDITOR_DRAFT_KEY).
  const [draft, setDraft] = useDraft<Draft>(`${EDITOR_DRAFT_KEY}.draft`, () => initialDraft(init));
  const [prefix, setPrefix] = useDraft(`${EDITOR_DRAFT_KEY}.prefix`, init.prefix);
  const [group, setGroup] = useDraft(`${EDITOR_DRAFT_KEY}.group`, () =>
    isNew && init.draft ? init.draft.draft.package.replace(/^[a-z0-9]+-waptwua-/, '') : '',
  );
  const [baseline] = useDraft(`${EDITOR_DRAFT_KEY}.baseline`, () =>
    JSON.stringify(initialDraft({ ...init, draft: undefined })),
  );
  const [draftId] = useDraft(
    `${EDITOR_DRAFT_KEY}.id`,
    () => init.draft?.id ?? (init.details ? init.details.package : `new-${Date.now().toString(36)}`),
  );
  const [selectedProducts, setSelectedProducts] = useDraft<string[]>(`${EDITOR_DRAFT_KEY}.products`, []);
  const [hiddenProducts, setHiddenProducts] = useState<string[]>([]);
  const [showHidden, setShowHidden] = useState(false);
  const [loadSeverities, setLoadSeverities] = useDraft<string[]>(`${EDITOR_DRAFT_KEY}.severities`, () => [
    ...LOAD_SEVERITIES,
  ]);
  const [candidates, setCandidates] = useDraft<UpdateRow[]>(`${EDITOR_DRAFT_KEY}.candidates`, []);
  const [candidateFilter, setCandidateFilter] = useDraft(`${EDITOR_DRAFT_KEY}.candidateFilter`, '');
  const [selected, setSelected] = useState<string[]>([]);
  const [tab, setTab] = useDraft<'candidates' | 'allowed' | 'forbidden'>(
    `${EDITOR_DRAFT_KEY}.tab`,
    'candidates',
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const [notice, setNotice] = useState<string | null>(
    init.draft
      ? t('wuaRules.editor.draftRestored', { time: formatDateTime(init.draft.savedAt, language) })
      : null,
  );
  const [draftSavedAt, setDraftSavedAt] = useState<string | null>(null);
  const gridApi = useRef<GridApi<UpdateRow> | null>(null);
  const facets = useQuery(updateQueries.facets(api));

  const name = isNew ? rulesPackageName(prefix, group) : draft.package;
  const current: Draft = useMemo(() => ({ ...draft, package: name }), [draft, name]);
  const dirty = JSON.stringify(current) !== baseline || init.draft !== undefined;
  useUnsavedChanges(EDITOR_DRAFT_KEY, 'unsaved.form.rules', dirty);
  const nameValid = /^[a-z0-9][a-z0-9_.-]*$/.test(name) && (!isNew || group.trim() !== '');

  // Autosave of the draft (debounced). Drafts are removed by a successful save or an explicit discard.
  useEffect(() => {
    if (JSON.stringify(current) === baseline) return;
    const timer = setTimeout(() => {
      api
        .call('wuaRules.saveDraft', { id: draftId, draft: current })
        .then((s) => setDraftSavedAt(s.savedAt))
        .catch(setError);
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [api, baseline, current, draftId]);

  const setRules = (rules: WuaRulesInput) => setDraft((d) => ({ ...d, rules }));
  const merged = useMemo(
    () => mergeRules([{ package: name || 'draft', version: 'draft', rules: draft.rules }]),
    [draft.rules, name],
  );
  const statusOf = useMemo(() => (u: UpdateRow) => candidateStatus(t, u, merged), [t, merged]);
  const cols = useMemo(() => updateCols(t, language, statusOf), [t, language, statusOf]);
  // Updates fetched for product-level rules, so their titles and KBs show beside their ids.
  const [described, setDescribed] = useDraft<UpdateRow[]>(`${EDITOR_DRAFT_KEY}.described`, []);
  const known = useMemo(
    () => new Map([...described, ...candidates].map((c) => [c.update_id.toLowerCase(), c])),
    [candidates, described],
  );
  useEffect(() => {
    gridApi.current?.refreshCells({ columns: ['status'], force: true });
  }, [merged]);

  const fetchUpdates = async (
    products: string[] | null,
    severities: readonly string[],
  ): Promise<UpdateRow[]> => {
    const page = await api.call('updates.page', {
      offset: 0,
      limit: 5000,
      filter: {
        products,
        severities: severities as ('Critical' | 'Important' | 'Moderate' | 'Low' | 'none')[],
      },
    });
    return page.rows;
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const loadCandidates = () =>
    run(async () => {
      const rows = await fetchUpdates(selectedProducts.length > 0 ? selectedProducts : null, loadSeverities);
      setCandidates(rows);
      setNotice(t('wuaRules.editor.loaded', { count: rows.length }));
      setTab('candidates');
    });

  const productAction = (action: 'allowAll' | 'allowSeverities' | 'forbid' | 'forbidSeverities') =>
    run(async () => {
      const products = selectedProducts;
      if (products.length === 0) return;
      if (action === 'allowAll') {
        setRules({ ...draft.rules, allowed_products: withAdded(draft.rules.allowed_products, products) });
        return;
      }
      // No product × severity (nor "forbidden product") key exists in the rule model (§12.4): these
      // become update-id rules for the catalogue's current updates of those products (inferred, as
      // the WAPT editor's behaviour is unknown). New updates of the product later fall to the other rules.
      const severities =
        action === 'allowSeverities' || action === 'forbidSeverities' ? loadSeverities : LOAD_SEVERITIES;
      const fetched = await fetchUpdates(products, severities);
      setDescribed((old) => [...old, ...fetched]);
      const ids = fetched.map((u) => u.update_id);
      if (action === 'allowSeverities')
        setRules({
          ...draft.rules,
          allowed_updates: withAdded(draft.rules.allowed_updates, ids),
          forbidden_updates: without(draft.rules.forbidden_updates, ids),
        });
      else
        setRules({
          ...draft.rules,
          allowed_products: without(draft.rules.allowed_products, products),
          forbidden_updates: withAdded(draft.rules.forbidden_updates, ids),
          allowed_updates: without(draft.rules.allowed_updates, ids),
        });
      // Say what was done and what was not: only today's ids, later updates of the product are
      // not covered by an id rule (docs/wua-rules.md, "Product-level rules").
      setNotice(
        t(
          action === 'allowSeverities'
            ? 'wuaRules.editor.productAllowAdded'
            : 'wuaRules.editor.productForbidAdded',
          {
            count: ids.length,
            products: products.join(', '),
          },
        ),
      );
    });

  const decide = (kind: 'allow' | 'forbid' | 'reset') => {
    if (selected.length === 0) return;
    const r = draft.rules;
    if (kind === 'allow')
      setRules({
        ...r,
        allowed_updates: withAdded(r.allowed_updates, selected),
        forbidden_updates: without(r.forbidden_updates, selected),
      });
    if (kind === 'forbid')
      setRules({
        ...r,
        forbidden_updates: withAdded(r.forbidden_updates, selected),
        allowed_updates: without(r.allowed_updates, selected),
      });
    if (kind === 'reset')
      setRules({
        ...r,
        allowed_updates: without(r.allowed_updates, selected),
        forbidden_updates: without(r.forbidden_updates, selected),
      });
  };

  const toggleIn = (key: 'allowed_classifications' | 'allowed_severities', v: string, on: boolean) =>
    setRules({
      ...draft.rules,
      [key]: on ? withAdded(draft.rules[key], [v]) : without(draft.rules[key], [v]),
    });

  const close = () => (dirty ? setConfirmClose(true) : onClose());
  const products = (facets.data?.products ?? []).filter(
    (p) => showHidden || !hiddenProducts.includes(p.name),
  );

  return (
    <section
      className="wua-editor"
      aria-label={t('wuaRules.editor.title', { name: name || '…' })}
      data-testid="rules-editor"
    >
      <header className="details__header">
        <h2>{t('wuaRules.editor.title', { name: name || '…' })}</h2>
        {dirty && <span className="badge badge--warn">{t('wuaRules.editor.unsaved')}</span>}
        {draftSavedAt && (
          <span className="hint" data-testid="draft-saved">
            {t('wuaRules.editor.draftSaved', { time: formatDateTime(draftSavedAt, language) })}
          </span>
        )}
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--primary"
          disabled={!nameValid || busy}
          onClick={() => setReviewing(true)}
          data-testid="review-save"
        >
          {t('wuaRules.editor.reviewSave')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={close}>
          {t('details.close')}
        </button>
      </header>
      <div className="wua-editor__header">
        {isNew ? (
          <>
            <label className="field">
              <span>{t('wuaRules.editor.prefix')}</span>
              <input name="rulesPrefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} size={8} />
            </label>
            <label className="field">
              <span>{t('wuaRules.editor.group')}</span>
              <input
                name="rulesGroup"
                value={group}
                onChange={(e) => setGroup(e.target.value)}
                placeholder="pilot"
              />
            </label>
          </>
        ) : null}
        <div className="field">
          <span>{t('wuaRules.editor.name')}</span>
          <output className="mono" data-testid="rules-name">
            {name || '…'}
          </output>
        </div>
        <div className="field">
          <span>{t('wuaRules.editor.version')}</span>
          <output data-testid="rules-version">
            {draft.baseVersion === null
              ? t('wuaRules.editor.versionNew')
              : t('wuaRules.editor.versionNext', { version: draft.baseVersion })}
          </output>
        </div>
        <label className="field wua-editor__desc">
          <span>{t('wuaRules.col.description')}</span>
          <input
            name="rulesDescription"
            value={draft.description}
            onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
          />
        </label>
        <label className="field">
          <span>{t('wuaRules.col.maturity')}</span>
          <select
            name="rulesMaturity"
            value={draft.maturity}
            onChange={(e) => setDraft((d) => ({ ...d, maturity: asMaturity(e.target.value) }))}
          >
            {(['DEV', 'PREPROD', 'PROD', ''] as const).map((m) => (
              <option key={m} value={m}>
                {m || t('wuaRules.editor.noMaturity')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('wuaRules.rule.default_allow')}</span>
          <select
            name="rulesDefaultAllow"
            value={draft.rules.default_allow === undefined ? '' : String(draft.rules.default_allow)}
            onChange={(e) => {
              const { default_allow: _drop, ...rest } = draft.rules;
              setRules(e.target.value === '' ? rest : { ...rest, default_allow: e.target.value === 'true' });
            }}
          >
            <option value="">{t('wuaRules.editor.defaultAgent')}</option>
            <option value="true">{t('wuaRules.editor.defaultAllow')}</option>
            <option value="false">{t('wuaRules.editor.defaultForbid')}</option>
          </select>
        </label>
      </div>
      {notice && (
        <p className="toolbar__notice" role="status" data-testid="editor-notice">
          {notice}
        </p>
      )}
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
      <div className="wua-editor__body">
        <aside className="wua-editor__side">
          <fieldset className="facet">
            <legend>{t('wuaRules.editor.products')}</legend>
            {/* What each product button writes, so "Forbid" is not read as a product-wide rule. */}
            <p className="hint" data-testid="product-rules-hint">
              {t('wuaRules.editor.productRulesHint')}
            </p>
            <div className="facet__actions">
              <button
                type="button"
                className="btn btn--small"
                disabled={selectedProducts.length === 0 || busy}
                onClick={() => void productAction('allowAll')}
              >
                {t('wuaRules.editor.allowAll')}
              </button>
              <button
                type="button"
                className="btn btn--small"
                disabled={selectedProducts.length === 0 || busy}
                onClick={() => void productAction('allowSeverities')}
              >
                {t('wuaRules.editor.allowSeverities')}
              </button>
              <button
                type="button"
                className="btn btn--small"
                disabled={selectedProducts.length === 0 || busy}
                onClick={() => void productAction('forbid')}
                title={t('wuaRules.editor.productRulesHint')}
              >
                {t('wuaRules.editor.forbid')}
              </button>
              <button
                type="button"
                className="btn btn--small"
                disabled={selectedProducts.length === 0 || busy}
                onClick={() => void productAction('forbidSeverities')}
              >
                {t('wuaRules.editor.forbidSeverities')}
              </button>
              <button
                type="button"
                className="btn btn--small"
                disabled={selectedProducts.length === 0}
                onClick={() =>
                  setHiddenProducts((h) =>
                    selectedProducts.every((p) => h.includes(p))
                      ? h.filter((p) => !selectedProducts.includes(p))
                      : [...new Set([...h, ...selectedProducts])],
                  )
                }
              >
                {t('wuaRules.editor.showHide')}
              </button>
              <label className="check">
                <input
                  type="checkbox"
                  checked={showHidden}
                  onChange={(e) => setShowHidden(e.target.checked)}
                />
                <span>{t('wuaRules.editor.showHidden')}</span>
              </label>
            </div>
            <ul className="facet__list" data-testid="product-list">
              {products.map((p) => (
                <li key={p.name}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={selectedProducts.includes(p.name)}
                      onChange={(e) =>
                        setSelectedProducts((s) =>
                          e.target.checked ? [...s, p.name] : s.filter((x) => x !== p.name),
                        )
                      }
                    />
                    <span className={hiddenProducts.includes(p.name) ? 'cell-muted' : ''}>
                      {/* Product names are the catalogue's own (fleet data, never translated). */}
                      <span data-fleet-data="">{p.name}</span>
                      {has(draft.rules.allowed_products, p.name) && (
                        <span className="badge badge--ok">{t('wuaRules.status.allowed')}</span>
                      )}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset className="facet">
            <legend>{t('wuaRules.rule.allowed_classifications')}</legend>
            <ul className="facet__list">
              {(facets.data?.classifications ?? []).map((c) => (
                <li key={c.name}>
                  <label className="check">
                    <input
                      type="checkbox"
                      name="allowedClassification"
                      value={c.name}
                      checked={has(draft.rules.allowed_classifications, c.name)}
                      onChange={(e) => toggleIn('allowed_classifications', c.name, e.target.checked)}
                    />
                    <span data-fleet-data="">{c.name}</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset className="facet">
            <legend>{t('wuaRules.rule.allowed_severities')}</legend>
            {SEVERITIES.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  name="allowedSeverity"
                  value={s}
                  checked={has(draft.rules.allowed_severities, s)}
                  onChange={(e) => toggleIn('allowed_severities', s, e.target.checked)}
                />
                <span>{statusLabel(s, t)}</span>
              </label>
            ))}
          </fieldset>
        </aside>
        <div className="wua-editor__main">
          <div className="toolbar" role="toolbar" aria-label={t('wuaRules.editor.load')}>
            {LOAD_SEVERITIES.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  name="loadSeverity"
                  value={s}
                  checked={loadSeverities.includes(s)}
                  onChange={(e) =>
                    setLoadSeverities((l) => (e.target.checked ? [...l, s] : l.filter((x) => x !== s)))
                  }
                />
                <span>{s === 'none' ? t('wuaRules.editor.otherSeverity') : statusLabel(s, t)}</span>
              </label>
            ))}
            <button
              type="button"
              className="btn"
              onClick={() => void loadCandidates()}
              disabled={busy}
              data-testid="load-updates"
            >
              {t('wuaRules.editor.load')}
            </button>
            <span className="toolbar__spacer" />
            <button
              type="button"
              className="btn"
              disabled={selected.length === 0}
              onClick={() => decide('allow')}
              data-testid="allow-selected"
            >
              {t('wuaRules.editor.allowSelected', { count: selected.length })}
            </button>
            <button
              type="button"
              className="btn"
              disabled={selected.length === 0}
              onClick={() => decide('forbid')}
              data-testid="forbid-selected"
            >
              {t('wuaRules.editor.forbidSelected', { count: selected.length })}
            </button>
            <button
              type="button"
              className="btn"
              disabled={selected.length === 0}
              onClick={() => decide('reset')}
              data-testid="reset-selected"
            >
              {t('wuaRules.editor.resetSelected', { count: selected.length })}
            </button>
          </div>
          <Tabs
            label={t('wuaRules.editor.content')}
            active={tab}
            onChange={setTab}
            tabs={[
              {
                key: 'candidates',
                label: `${t('wuaRules.editor.candidates')} (${candidates.length})`,
                render: () => (
                  <div className="form">
                    <input
                      type="search"
                      name="candidateFilter"
                      className="searchbar__text"
                      placeholder={t('wuaRules.editor.filterCandidates')}
                      aria-label={t('wuaRules.editor.filterCandidates')}
                      value={candidateFilter}
                      onChange={(e) => setCandidateFilter(e.target.value)}
                    />
                    <div className="grid-host" data-testid="candidates-grid">
                      <ConsoleGrid<UpdateRow>
                        columnDefs={cols}
                        rowData={candidates}
                        quickFilterText={candidateFilter}
                        getRowId={(p) => p.data.update_id}
                        onGridReady={(e) => (gridApi.current = e.api)}
                        // Shown rows only: a candidate the filter hides is never allowed or forbidden.
                        onSelection={(s) => setSelected(s.rows.map((r) => r.update_id))}
                        noRowsText={t('wuaRules.editor.noCandidates')}
                      />
                    </div>
                  </div>
                ),
              },
              {
                key: 'allowed',
                label: `${t('wuaRules.editor.allowedTab')} (${(draft.rules.allowed_updates ?? []).length + (draft.rules.allowed_kbs ?? []).length})`,
                render: () => (
                  <RuleListTab
                    kind="allowed"
                    draft={draft}
                    known={known}
                    onChange={setRules}
                    testId="allowed-tab"
                  />
                ),
              },
              {
                key: 'forbidden',
                label: `${t('wuaRules.editor.forbiddenTab')} (${(draft.rules.forbidden_updates ?? []).length + (draft.rules.forbidden_kbs ?? []).length})`,
                render: () => (
                  <RuleListTab
                    kind="forbidden"
                    draft={draft}
                    known={known}
                    onChange={setRules}
                    testId="forbidden-tab"
                  />
                ),
              },
            ]}
          />
        </div>
      </div>
      {confirmClose && (
        // Stay is the default (Enter, Escape): closing would discard the edit (issue 15).
        <UnsavedChangesDialog
          forms={['unsaved.form.rules']}
          onStay={() => setConfirmClose(false)}
          onLeave={() => {
            setConfirmClose(false);
            void api.call('wuaRules.deleteDraft', { id: draftId }).finally(onClose);
          }}
        />
      )}
      {reviewing && (
        <SaveDialog
          draft={current}
          known={known}
          onClose={() => setReviewing(false)}
          onMerged={(merged, serverVersion, conflicts) => {
            setReviewing(false);
            setDraft((d) => ({ ...d, rules: merged, baseVersion: serverVersion }));
            setNotice(
              conflicts.length > 0
                ? t('wuaRules.save.mergedConflicts', { version: serverVersion, keys: conflicts.join(', ') })
                : t('wuaRules.save.merged', { version: serverVersion }),
            );
          }}
          onSaved={(r) => {
            setReviewing(false);
            void api.call('wuaRules.deleteDraft', { id: draftId }).catch(() => undefined);
            onSaved(r);
          }}
        />
      )}
    </section>
  );
}
