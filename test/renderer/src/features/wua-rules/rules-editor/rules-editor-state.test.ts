import { describe, expect, it } from 'vitest';
import type { UpdateRow } from '../../../../../../common/ipc/methods/updates';
import type { RulePackageDetails } from '../../../../../../common/ipc/methods/wua-rules';
import {
  currentDraft,
  editorReducer,
  hasChanges,
  initialEditorState,
  LOAD_SEVERITIES,
  type EditorAction,
  type EditorInit,
  type EditorState,
} from '../../../../../../renderer/src/features/wua-rules/rules-editor/editor-state';
import {
  initialUi,
  uiReducer,
} from '../../../../../../renderer/src/features/wua-rules/rules-editor/editor-ui-state';

const ID1 = '0f5a2b8e-1111-4c3d-9e2f-aaaaaaaaaaaa_200';
const ID2 = '7c1d0c3e-2222-4c3d-9e2f-bbbbbbbbbbbb_1';

const details: RulePackageDetails = {
  package: 'demo-waptwua-pilot',
  version: '3',
  description: 'Pilot ring',
  maturity: 'PREPROD',
  signer: 'demo',
  signerFingerprint: null,
  signatureDate: null,
  filename: null,
  rules: { allowed_products: ['Windows 11'], forbidden_updates: [ID1] },
  serverVersions: ['1', '2', '3'],
};

const row = (id: string, product = 'Windows 11'): UpdateRow =>
  ({ update_id: id, product }) as unknown as UpdateRow;

const apply = (s: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, s);

describe('rule editor state (editor-state.ts)', () => {
  it('opens a server version: its draft, baseline equal to it, its package as draft id', () => {
    const s = initialEditorState({ details, prefix: 'demo' });
    expect(s.draft).toEqual({
      package: 'demo-waptwua-pilot',
      baseVersion: '3',
      description: 'Pilot ring',
      maturity: 'PREPROD',
      rules: details.rules,
    });
    expect(JSON.parse(s.baseline)).toEqual(s.draft);
    expect(s.draftId).toBe('demo-waptwua-pilot');
    expect(s.loadSeverities).toEqual([...LOAD_SEVERITIES]);
    expect(s.tab).toBe('candidates');
  });

  it('resumes a new package draft: its group back in the group field, its id kept, a notice', () => {
    const init: EditorInit = {
      details: null,
      prefix: 'tis',
      draft: {
        id: 'new-abc',
        savedAt: '2026-11-30T10:00:00.000Z',
        draft: {
          package: 'tis-waptwua-ring0',
          baseVersion: null,
          description: '',
          maturity: 'XX',
          rules: {},
        },
      },
    };
    const s = initialEditorState(init);
    expect(s.group).toBe('ring0');
    expect(s.draftId).toBe('new-abc');
    expect(s.draft.maturity).toBe(''); // an unknown maturity is not kept
    expect(initialUi(init).notice).toEqual({
      key: 'wuaRules.editor.draftRestored',
      time: '2026-11-30T10:00:00.000Z',
    });
    expect(initialUi({ details, prefix: 'demo' }).notice).toBeNull();
    // A new package without a draft gets a fresh id.
    expect(initialEditorState({ details: null, prefix: 'tis' }, 42).draftId).toBe(`new-${(42).toString(36)}`);
  });

  it('an untouched New editor has no changes; typing a group, the prefix or a rule makes one', () => {
    const fresh = initialEditorState({ details: null, prefix: 'tis' });
    const changed = (s: EditorState) => hasChanges(currentDraft(s, true), s.baseline);
    // The name shown is `tis-waptwua-` before a group is typed: that is not an edit.
    expect(currentDraft(fresh, true).package).toBe('tis-waptwua-');
    expect(changed(fresh)).toBe(false);
    expect(changed(editorReducer(fresh, { type: 'setGroup', value: 'pilot' }))).toBe(true);
    expect(changed(editorReducer(fresh, { type: 'setPrefix', value: 'acme' }))).toBe(true);
    expect(changed(editorReducer(fresh, { type: 'setDefaultAllow', value: false }))).toBe(true);
    // Loading candidates or switching tabs is not an edit of the package.
    expect(changed(editorReducer(fresh, { type: 'candidatesLoaded', rows: [row(ID1)] }))).toBe(false);
    // An opened server version: unchanged until edited, and its own name is kept.
    const opened = initialEditorState({ details, prefix: 'demo' });
    expect(hasChanges(currentDraft(opened, false), opened.baseline)).toBe(false);
    const edited = editorReducer(opened, { type: 'setDescription', value: 'x' });
    expect(hasChanges(currentDraft(edited, false), edited.baseline)).toBe(true);
  });

  it('applies every rule edit through the domain functions and never mutates the previous state', () => {
    const s0 = initialEditorState({ details, prefix: 'demo' });
    const before = JSON.stringify(s0);
    const s = apply(
      s0,
      { type: 'decideIds', ids: [ID1, ID2], decision: 'allow' },
      { type: 'addKb', side: 'forbidden', text: 'kb5034441' },
      { type: 'addKb', side: 'forbidden', text: 'not a kb' },
      { type: 'toggleAllowed', key: 'allowed_severities', value: 'Critical', on: true },
      { type: 'setDefaultAllow', value: false },
      { type: 'setDescription', value: 'Pilot ring, January' },
      { type: 'setMaturity', value: 'PROD' },
    );
    expect(JSON.stringify(s0)).toBe(before);
    expect(s.draft.rules).toEqual({
      allowed_products: ['Windows 11'],
      allowed_updates: [ID1, ID2],
      forbidden_updates: [],
      forbidden_kbs: ['KB5034441'],
      allowed_severities: ['Critical'],
      default_allow: false,
    });
    expect(s.draft.description).toBe('Pilot ring, January');
    expect(s.draft.maturity).toBe('PROD');
    expect(JSON.stringify(s.draft)).not.toBe(s.baseline);
    const back = apply(
      s,
      { type: 'setDefaultAllow', value: undefined },
      { type: 'removeKb', side: 'forbidden', kb: 'KB5034441' },
    );
    expect('default_allow' in back.draft.rules).toBe(false);
    expect(back.draft.rules.forbidden_kbs).toEqual([]);
  });

  it('forbids a product: the product rule goes, the fetched updates become forbidden ids and are described', () => {
    const s = apply(initialEditorState({ details, prefix: 'demo' }), {
      type: 'productUpdatesFetched',
      mode: 'forbid',
      products: ['Windows 11'],
      rows: [row(ID2)],
    });
    expect(s.draft.rules.allowed_products).toEqual([]);
    expect(s.draft.rules.forbidden_updates).toEqual([ID1, ID2]);
    expect(s.described.map((u) => u.update_id)).toEqual([ID2]);
    const allowedAgain = apply(s, {
      type: 'productUpdatesFetched',
      mode: 'allow',
      products: ['Windows 11'],
      rows: [row(ID2)],
    });
    expect(allowedAgain.draft.rules.allowed_updates).toEqual([ID2]);
    expect(allowedAgain.draft.rules.forbidden_updates).toEqual([ID1]);
  });

  it('keeps picks, loaded candidates, filter and tab; loading goes back to the candidates tab', () => {
    const s = apply(
      initialEditorState({ details, prefix: 'demo' }),
      { type: 'pickProduct', product: 'Windows 11', on: true },
      { type: 'pickProduct', product: 'Office', on: true },
      { type: 'pickProduct', product: 'Windows 11', on: false },
      { type: 'pickLoadSeverity', severity: 'none', on: false },
      { type: 'setTab', tab: 'forbidden' },
      { type: 'candidatesLoaded', rows: [row(ID1), row(ID2)] },
      { type: 'setCandidateFilter', value: 'KB50' },
    );
    expect(s.products).toEqual(['Office']);
    expect(s.loadSeverities).toEqual(['Critical', 'Important', 'Moderate', 'Low']);
    expect(s.candidates).toHaveLength(2);
    expect(s.tab).toBe('candidates');
    expect(s.candidateFilter).toBe('KB50');
    // Allow all with nothing picked changes nothing (same object).
    expect(editorReducer(s, { type: 'allowProducts', products: [] })).toBe(s);
  });

  it('takes a merge from the save dialog: their rules and version become the base', () => {
    const s = apply(initialEditorState({ details, prefix: 'demo' }), {
      type: 'merged',
      rules: { forbidden_updates: [ID2] },
      baseVersion: '4',
    });
    expect(s.draft.baseVersion).toBe('4');
    expect(s.draft.rules).toEqual({ forbidden_updates: [ID2] });
  });
});

describe('rule editor screen state (uiReducer)', () => {
  it('busy/error, selection, hidden products, dialogs and notices', () => {
    let u = initialUi({ details, prefix: 'demo' });
    u = uiReducer(u, { type: 'error', error: new Error('x') });
    u = uiReducer(u, { type: 'start' });
    expect(u).toMatchObject({ busy: true, error: null });
    u = uiReducer(u, { type: 'done' });
    expect(u.busy).toBe(false);
    u = uiReducer(u, { type: 'toggleHidden', products: ['A', 'B'] });
    u = uiReducer(u, { type: 'toggleHidden', products: ['A'] });
    expect(u.hiddenProducts).toEqual(['B']);
    u = uiReducer(u, { type: 'select', ids: [ID1] });
    u = uiReducer(u, { type: 'confirmClose', on: true });
    u = uiReducer(u, { type: 'notice', notice: { key: 'wuaRules.editor.loaded', params: { count: 2 } } });
    expect(u).toMatchObject({ selected: [ID1], confirmClose: true, notice: { params: { count: 2 } } });
  });
});
