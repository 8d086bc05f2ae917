import { useQuery } from '@tanstack/react-query';
import { sideRuleCount, type UpdateIdDecision } from '../../../../../common/domain/wua-rule-edits';
import { useTabCommands } from '../../../commands/command-registry';
import { Tabs } from '../../../components/tabs';
import { ErrorBanner } from '../../../errors/presenter';
import { formatDateTime } from '../../../format';
import { UnsavedChangesDialog } from '../../../forms/unsaved-guard';
import { useI18n } from '../../../i18n/i18n';
import { updateQueries } from '../../../queries/updates';
import { SaveDialog } from '../save-dialog';
import { CandidatesTab } from './candidates-tab';
import { EditorHeaderFields, EditorTitleBar } from './editor-header';
import type { EditorInit, EditorTab } from './editor-state';
import { LoadToolbar } from './load-toolbar';
import { ProductPicker } from './product-picker';
import { RuleFacets } from './rule-facets';
import { RuleListTab } from './rule-list-tab';
import { useRulesEditor } from './use-rules-editor';

/**
 * The rule-package editor ("Edit Windows updates Group", docs/wua-rules.md "The tab and the
 * editor"): header, product picker, classifications and severities, candidate updates loaded from
 * the server catalogue, per-update allow/forbid/reset (update ids, not KBs), Allowed/Forbidden
 * tabs. The edit lives in the draft store while the console runs (a tab switch, a language or a
 * theme change loses nothing) and every change is also saved as a local draft (main side, atomic)
 * so a crash loses nothing. State and actions: use-rules-editor.ts and editor-state.ts.
 */
export function RulesEditor({
  init,
  onClose,
  onSaved,
}: {
  init: EditorInit;
  onClose: () => void;
  onSaved: (r: { package: string; version: string }) => void;
}) {
  const { t, language } = useI18n();
  const m = useRulesEditor(init, onClose);
  const { api, state, dispatch, ui, uiDispatch, name } = m;
  const rules = state.draft.rules;
  const facets = useQuery(updateQueries.facets(api));
  const review = () => uiDispatch({ type: 'reviewing', on: true });
  const decide = (decision: UpdateIdDecision) => dispatch({ type: 'decideIds', ids: ui.selected, decision });
  // In the command palette under "WUA rule packages › rule editor" (commands/command-catalogue.ts);
  // the title bar's and the load toolbar's buttons are disabled by the same rules.
  const reasonOf = useTabCommands(
    'rulesEditor',
    { nameValid: m.nameValid, busy: ui.busy, selected: ui.selected.length },
    {
      'rulesEditor.review': review,
      'rulesEditor.load': () => void m.loadCandidates(),
      'rulesEditor.allow': () => decide('allow'),
      'rulesEditor.forbid': () => decide('forbid'),
      'rulesEditor.reset': () => decide('reset'),
      'rulesEditor.close': m.close,
    },
  );
  const notice = ui.notice
    ? t(ui.notice.key, {
        ...ui.notice.params,
        ...(ui.notice.time ? { time: formatDateTime(ui.notice.time, language) } : {}),
      })
    : null;

  return (
    <section
      className="wua-editor"
      aria-label={t('wuaRules.editor.title', { name: name || '…' })}
      data-testid="rules-editor"
    >
      <EditorTitleBar
        name={name}
        dirty={m.dirty}
        draftSavedAt={ui.draftSavedAt}
        canReview={reasonOf('rulesEditor.review') === null}
        onReview={review}
        onClose={m.close}
      />
      <EditorHeaderFields
        isNew={m.isNew}
        prefix={state.prefix}
        group={state.group}
        name={name}
        draft={state.draft}
        dispatch={dispatch}
      />
      {notice && (
        <p className="toolbar__notice" role="status" data-testid="editor-notice">
          {notice}
        </p>
      )}
      {ui.error !== null && (
        <ErrorBanner error={ui.error} t={t} onDismiss={() => uiDispatch({ type: 'error', error: null })} />
      )}
      <div className="wua-editor__body">
        <aside className="wua-editor__side">
          <ProductPicker
            products={facets.data?.products ?? []}
            picked={state.products}
            hidden={ui.hiddenProducts}
            showHidden={ui.showHidden}
            allowedProducts={rules.allowed_products}
            busy={ui.busy}
            onPick={(product, on) => dispatch({ type: 'pickProduct', product, on })}
            onAction={(action) => void m.productAction(action)}
            onToggleHidden={() => uiDispatch({ type: 'toggleHidden', products: state.products })}
            onShowHidden={(on) => uiDispatch({ type: 'showHidden', on })}
          />
          <RuleFacets
            classifications={facets.data?.classifications ?? []}
            rules={rules}
            onToggle={(key, value, on) => dispatch({ type: 'toggleAllowed', key, value, on })}
          />
        </aside>
        <div className="wua-editor__main">
          <LoadToolbar
            severities={state.loadSeverities}
            selectedCount={ui.selected.length}
            canLoad={reasonOf('rulesEditor.load') === null}
            canDecide={reasonOf('rulesEditor.allow') === null}
            onPickSeverity={(severity, on) => dispatch({ type: 'pickLoadSeverity', severity, on })}
            onLoad={() => void m.loadCandidates()}
            onDecide={decide}
          />
          <Tabs<EditorTab>
            label={t('wuaRules.editor.content')}
            active={state.tab}
            onChange={(tab) => dispatch({ type: 'setTab', tab })}
            tabs={[
              {
                key: 'candidates',
                label: `${t('wuaRules.editor.candidates')} (${state.candidates.length})`,
                render: () => (
                  <CandidatesTab
                    candidates={state.candidates}
                    merged={m.merged}
                    filter={state.candidateFilter}
                    onFilter={(value) => dispatch({ type: 'setCandidateFilter', value })}
                    onSelect={(ids) => uiDispatch({ type: 'select', ids })}
                  />
                ),
              },
              {
                key: 'allowed',
                label: `${t('wuaRules.editor.allowedTab')} (${sideRuleCount(rules, 'allowed')})`,
                render: () => (
                  <RuleListTab
                    side="allowed"
                    rules={rules}
                    known={m.known}
                    dispatch={dispatch}
                    testId="allowed-tab"
                  />
                ),
              },
              {
                key: 'forbidden',
                label: `${t('wuaRules.editor.forbiddenTab')} (${sideRuleCount(rules, 'forbidden')})`,
                render: () => (
                  <RuleListTab
                    side="forbidden"
                    rules={rules}
                    known={m.known}
                    dispatch={dispatch}
                    testId="forbidden-tab"
                  />
                ),
              },
            ]}
          />
        </div>
      </div>
      {ui.confirmClose && (
        // Stay is the default (Enter, Escape): closing would discard the edit (issue 15).
        <UnsavedChangesDialog
          forms={['unsaved.form.rules']}
          onStay={() => uiDispatch({ type: 'confirmClose', on: false })}
          onLeave={m.discard}
        />
      )}
      {ui.reviewing && (
        <SaveDialog
          draft={m.current}
          known={m.known}
          onClose={() => uiDispatch({ type: 'reviewing', on: false })}
          onMerged={(merged, serverVersion, conflicts) => {
            uiDispatch({ type: 'reviewing', on: false });
            dispatch({ type: 'merged', rules: merged, baseVersion: serverVersion });
            uiDispatch({
              type: 'notice',
              notice:
                conflicts.length > 0
                  ? {
                      key: 'wuaRules.save.mergedConflicts',
                      params: { version: serverVersion, keys: conflicts.join(', ') },
                    }
                  : { key: 'wuaRules.save.merged', params: { version: serverVersion } },
            });
          }}
          onSaved={(r) => {
            uiDispatch({ type: 'reviewing', on: false });
            void api.call('wuaRules.deleteDraft', { id: state.draftId }).catch(() => undefined);
            onSaved(r);
          }}
        />
      )}
    </section>
  );
}
