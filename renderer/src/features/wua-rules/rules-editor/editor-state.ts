import {
  addKb,
  allowProducts,
  allowProductUpdates,
  decideUpdateIds,
  forbidProductUpdates,
  groupOfRulesPackage,
  removeKb,
  removeUpdateIds,
  setDefaultAllow,
  toggleAllowedValue,
  type CheckboxRuleKey,
  type RuleSide,
  type UpdateIdDecision,
} from '../../../../../common/domain/wua-rule-edits';
import { rulesPackageName } from '../../../../../common/domain/wua-rules-edit';
import type { UpdateRow } from '../../../../../common/ipc/methods/updates';
import type {
  RulePackageDetails,
  RulesDraftStored,
  WuaRulesInput,
} from '../../../../../common/ipc/methods/wua-rules';

/**
 * The rule editor's edit and its typed actions, as a pure reducer (unit-tested in
 * test/renderer/src/features/wua-rules/rules-editor/rules-editor-state.test.ts): what the person edits and loads (the draft, name
 * parts, product picks, candidates, tab). It lives in the draft store (use-draft-reducer.ts), so a
 * tab switch, a language or a theme change keeps it while the console runs. What only matters
 * while the editor is on screen is in editor-ui-state.ts. Every rule edit is a function of
 * common/domain/wua-rule-edits.ts.
 */

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

export type EditorTab = 'candidates' | 'allowed' | 'forbidden';

/** The draft-store key of the open editor; its tab deletes it (and every sub-key) on close or save. */
export const EDITOR_DRAFT_KEY = 'wuaRules.editor';

export const SEVERITIES = ['Critical', 'Important', 'Moderate', 'Low'] as const;
/** The severities Load updates can ask for; `none` = updates without a severity. */
export const LOAD_SEVERITIES = [...SEVERITIES, 'none'] as const;
export type LoadSeverity = (typeof LOAD_SEVERITIES)[number];

export const asMaturity = (m: string): Maturity => (m === 'DEV' || m === 'PREPROD' || m === 'PROD' ? m : '');

/** The draft the editor opens with: a resumed local draft, else the server version, else a new package. */
export function initialDraft(init: EditorInit): Draft {
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

/** A new package: neither a server version nor a resumed draft of one. */
export const isNewPackage = (init: EditorInit): boolean =>
  init.details === null && (init.draft?.draft.baseVersion ?? null) === null;

/**
 * What the editor opened, before any edit: the server version, or for a new package the name its
 * prefix alone makes. Comparing with it tells unsaved changes; before, a new package's baseline had
 * an empty name while the editor showed `<prefix>-waptwua-`, so an untouched New editor counted
 * as changed (it asked before closing and wrote an empty local draft).
 */
function openedDraft(init: EditorInit): Draft {
  const opened = initialDraft({ ...init, draft: undefined });
  return isNewPackage(init) ? { ...opened, package: rulesPackageName(init.prefix, '') } : opened;
}

/** The draft as it would be saved: a new package's name is made from its prefix and group. */
export function currentDraft(s: Pick<EditorState, 'draft' | 'prefix' | 'group'>, isNew: boolean): Draft {
  return isNew ? { ...s.draft, package: rulesPackageName(s.prefix, s.group) } : s.draft;
}

/** The draft differs from what the editor opened (`baseline`, EditorState). */
export function hasChanges(current: Draft, baseline: string): boolean {
  return JSON.stringify(current) !== baseline;
}

export interface EditorState {
  draft: Draft;
  /** Name parts of a new package (`<prefix>-waptwua-<group>`). */
  prefix: string;
  group: string;
  /** The opened version as JSON: the draft differs from it = unsaved changes. */
  baseline: string;
  /** Id of the local draft file (main side, docs/wua-rules.md "Drafts"). */
  draftId: string;
  /** Products ticked in the product picker. */
  products: string[];
  loadSeverities: LoadSeverity[];
  candidates: UpdateRow[];
  /** Updates fetched for product-level rules, so their titles and KBs show beside their ids. */
  described: UpdateRow[];
  candidateFilter: string;
  tab: EditorTab;
}

export function initialEditorState(init: EditorInit, now: number = Date.now()): EditorState {
  return {
    draft: initialDraft(init),
    prefix: init.prefix,
    group: isNewPackage(init) && init.draft ? groupOfRulesPackage(init.draft.draft.package) : '',
    baseline: JSON.stringify(openedDraft(init)),
    draftId: init.draft?.id ?? (init.details ? init.details.package : `new-${now.toString(36)}`),
    products: [],
    loadSeverities: [...LOAD_SEVERITIES],
    candidates: [],
    described: [],
    candidateFilter: '',
    tab: 'candidates',
  };
}

export type EditorAction =
  | { type: 'setPrefix'; value: string }
  | { type: 'setGroup'; value: string }
  | { type: 'setDescription'; value: string }
  | { type: 'setMaturity'; value: string }
  | { type: 'setDefaultAllow'; value: boolean | undefined }
  | { type: 'toggleAllowed'; key: CheckboxRuleKey; value: string; on: boolean }
  | { type: 'decideIds'; ids: readonly string[]; decision: UpdateIdDecision }
  | { type: 'removeIds'; side: RuleSide; ids: readonly string[] }
  | { type: 'addKb'; side: RuleSide; text: string }
  | { type: 'removeKb'; side: RuleSide; kb: string }
  | { type: 'allowProducts'; products: readonly string[] }
  /** The catalogue's updates of `products` were fetched for "Allow / Forbid (with severities)". */
  | {
      type: 'productUpdatesFetched';
      mode: 'allow' | 'forbid';
      products: readonly string[];
      rows: UpdateRow[];
    }
  | { type: 'pickProduct'; product: string; on: boolean }
  | { type: 'pickLoadSeverity'; severity: LoadSeverity; on: boolean }
  | { type: 'candidatesLoaded'; rows: UpdateRow[] }
  | { type: 'setCandidateFilter'; value: string }
  | { type: 'setTab'; tab: EditorTab }
  /** The save dialog merged another console's version into the draft (docs/wua-rules.md). */
  | { type: 'merged'; rules: WuaRulesInput; baseVersion: string };

const withRules = (s: EditorState, rules: WuaRulesInput): EditorState =>
  rules === s.draft.rules ? s : { ...s, draft: { ...s.draft, rules } };

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  const rules = s.draft.rules;
  switch (a.type) {
    case 'setPrefix':
      return { ...s, prefix: a.value };
    case 'setGroup':
      return { ...s, group: a.value };
    case 'setDescription':
      return { ...s, draft: { ...s.draft, description: a.value } };
    case 'setMaturity':
      return { ...s, draft: { ...s.draft, maturity: asMaturity(a.value) } };
    case 'setDefaultAllow':
      return withRules(s, setDefaultAllow(rules, a.value));
    case 'toggleAllowed':
      return withRules(s, toggleAllowedValue(rules, a.key, a.value, a.on));
    case 'decideIds':
      return withRules(s, decideUpdateIds(rules, a.ids, a.decision));
    case 'removeIds':
      return withRules(s, removeUpdateIds(rules, a.side, a.ids));
    case 'addKb':
      // Not a KB number: nothing changes (the field keeps what was typed).
      return withRules(s, addKb(rules, a.side, a.text) ?? rules);
    case 'removeKb':
      return withRules(s, removeKb(rules, a.side, a.kb));
    case 'allowProducts':
      return a.products.length === 0 ? s : withRules(s, allowProducts(rules, a.products));
    case 'productUpdatesFetched': {
      const ids = a.rows.map((u) => u.update_id);
      const next =
        a.mode === 'allow' ? allowProductUpdates(rules, ids) : forbidProductUpdates(rules, a.products, ids);
      return { ...withRules(s, next), described: [...s.described, ...a.rows] };
    }
    case 'pickProduct':
      return {
        ...s,
        products: a.on ? [...s.products, a.product] : s.products.filter((p) => p !== a.product),
      };
    case 'pickLoadSeverity':
      return {
        ...s,
        loadSeverities: a.on
          ? [...s.loadSeverities, a.severity]
          : s.loadSeverities.filter((x) => x !== a.severity),
      };
    case 'candidatesLoaded':
      return { ...s, candidates: a.rows, tab: 'candidates' };
    case 'setCandidateFilter':
      return { ...s, candidateFilter: a.value };
    case 'setTab':
      return { ...s, tab: a.tab };
    case 'merged':
      return { ...s, draft: { ...s.draft, rules: a.rules, baseVersion: a.baseVersion } };
  }
}
