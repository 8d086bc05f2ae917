import { useEffect, useMemo, useReducer } from 'react';
import { isRulesNameUsable } from '../../../../../common/domain/wua-rule-edits';
import { mergeRules } from '../../../../../common/domain/wua-rules';
import type { UpdateRow } from '../../../../../common/ipc/methods/updates';
import { useUnsavedChanges } from '../../../forms/draft-store';
import { useApi } from '../../../platform/api-client';
import {
  currentDraft,
  EDITOR_DRAFT_KEY,
  editorReducer,
  hasChanges,
  initialEditorState,
  isNewPackage,
  LOAD_SEVERITIES,
  type Draft,
  type EditorInit,
  type LoadSeverity,
} from './editor-state';
import { initialUi, uiReducer } from './editor-ui-state';
import { useDraftReducer } from './use-draft-reducer';

const AUTOSAVE_MS = 600;

export type ProductAction = 'allowAll' | 'allowSeverities' | 'forbid' | 'forbidSeverities';

/**
 * Everything the rule editor's components read and do: the two reducers of editor-state.ts (the
 * edit in the draft store, the screen-only state in React), what derives from them (name, dirty,
 * merged rules), the debounced local draft (main side, atomic) and the calls to the server.
 */
export function useRulesEditor(init: EditorInit, onClose: () => void) {
  const api = useApi();
  const isNew = isNewPackage(init);
  const [state, dispatch] = useDraftReducer(`${EDITOR_DRAFT_KEY}.state`, editorReducer, () =>
    initialEditorState(init),
  );
  const [ui, uiDispatch] = useReducer(uiReducer, init, initialUi);
  const { draft, baseline, draftId, prefix, group } = state;

  const current: Draft = useMemo(
    () => currentDraft({ draft, prefix, group }, isNew),
    [draft, prefix, group, isNew],
  );
  const name = current.package;
  const changed = useMemo(() => hasChanges(current, baseline), [current, baseline]);
  // A resumed draft is unsaved work even when it equals the server version.
  const dirty = changed || init.draft !== undefined;
  useUnsavedChanges(EDITOR_DRAFT_KEY, 'unsaved.form.rules', dirty);
  const nameValid = isRulesNameUsable(name, isNew, group);

  // Autosave of the draft (debounced). Drafts are removed by a successful save or an explicit discard.
  useEffect(() => {
    if (!changed) return;
    const timer = setTimeout(() => {
      api
        .call('wuaRules.saveDraft', { id: draftId, draft: current })
        .then((s) => uiDispatch({ type: 'draftSaved', at: s.savedAt }))
        .catch((error: unknown) => uiDispatch({ type: 'error', error }));
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [api, changed, current, draftId]);

  const merged = useMemo(
    () => mergeRules([{ package: name || 'draft', version: 'draft', rules: draft.rules }]),
    [draft.rules, name],
  );
  const known = useMemo(
    () => new Map([...state.described, ...state.candidates].map((c) => [c.update_id.toLowerCase(), c])),
    [state.candidates, state.described],
  );

  const fetchUpdates = async (
    products: string[] | null,
    severities: readonly LoadSeverity[],
  ): Promise<UpdateRow[]> => {
    const page = await api.call('updates.page', {
      offset: 0,
      limit: 5000,
      filter: { products, severities: [...severities] },
    });
    return page.rows;
  };

  const run = async (work: () => Promise<void>) => {
    uiDispatch({ type: 'start' });
    try {
      await work();
    } catch (error) {
      uiDispatch({ type: 'error', error });
    } finally {
      uiDispatch({ type: 'done' });
    }
  };

  const loadCandidates = () =>
    run(async () => {
      const rows = await fetchUpdates(
        state.products.length > 0 ? state.products : null,
        state.loadSeverities,
      );
      dispatch({ type: 'candidatesLoaded', rows });
      uiDispatch({
        type: 'notice',
        notice: { key: 'wuaRules.editor.loaded', params: { count: rows.length } },
      });
    });

  const productAction = (action: ProductAction) =>
    run(async () => {
      const products = state.products;
      if (products.length === 0) return;
      if (action === 'allowAll') {
        dispatch({ type: 'allowProducts', products });
        return;
      }
      // No product × severity (nor "forbidden product") key exists in the rule model
      // (docs/wua-rules.md): these become update-id rules for the catalogue's current updates of
      // those products (inferred, as the WAPT editor's behaviour is unknown).
      const severities =
        action === 'allowSeverities' || action === 'forbidSeverities'
          ? state.loadSeverities
          : LOAD_SEVERITIES;
      const rows = await fetchUpdates(products, severities);
      const mode = action === 'allowSeverities' ? 'allow' : 'forbid';
      dispatch({ type: 'productUpdatesFetched', mode, products, rows });
      // Say what was done and what was not: only today's ids, later updates of the product are
      // not covered by an id rule (docs/wua-rules.md, "Product-level rules").
      uiDispatch({
        type: 'notice',
        notice: {
          key: mode === 'allow' ? 'wuaRules.editor.productAllowAdded' : 'wuaRules.editor.productForbidAdded',
          params: { count: rows.length, products: products.join(', ') },
        },
      });
    });

  const close = () => (dirty ? uiDispatch({ type: 'confirmClose', on: true }) : onClose());
  /** Leave and lose the changes: the local draft file goes too. */
  const discard = () => {
    uiDispatch({ type: 'confirmClose', on: false });
    void api.call('wuaRules.deleteDraft', { id: draftId }).finally(onClose);
  };

  return {
    api,
    isNew,
    state,
    dispatch,
    ui,
    uiDispatch,
    name,
    current,
    dirty,
    nameValid,
    merged,
    known,
    loadCandidates,
    productAction,
    close,
    discard,
  };
}

export type RulesEditorModel = ReturnType<typeof useRulesEditor>;
