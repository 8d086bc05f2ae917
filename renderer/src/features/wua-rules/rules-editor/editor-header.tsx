import { Button } from '../../../components/button';
import { formatDateTime } from '../../../format';
import { useI18n } from '../../../i18n/i18n';
import type { Draft, EditorAction } from './editor-state';

const MATURITIES = ['DEV', 'PREPROD', 'PROD', ''] as const;

/** The editor's title bar: name, unsaved and draft-saved marks, Review and save, Close. */
export function EditorTitleBar({
  name,
  dirty,
  draftSavedAt,
  canReview,
  onReview,
  onClose,
}: {
  name: string;
  dirty: boolean;
  draftSavedAt: string | null;
  canReview: boolean;
  onReview: () => void;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  return (
    <header className="details__header">
      <h2>{t('wuaRules.editor.title', { name: name || '…' })}</h2>
      {dirty && <span className="badge badge--warn">{t('wuaRules.editor.unsaved')}</span>}
      {draftSavedAt && (
        <span className="hint" data-testid="draft-saved">
          {t('wuaRules.editor.draftSaved', { time: formatDateTime(draftSavedAt, language) })}
        </span>
      )}
      <span className="toolbar__spacer" />
      <Button variant="primary" disabled={!canReview} onClick={onReview} data-testid="review-save">
        {t('wuaRules.editor.reviewSave')}
      </Button>
      <Button variant="ghost" onClick={onClose}>
        {t('details.close')}
      </Button>
    </header>
  );
}

/**
 * The package header (docs/wua-rules.md, "Editor"): prefix and group of a new package, the name
 * they make, the version the save will create, description, maturity and `default_allow`.
 */
export function EditorHeaderFields({
  isNew,
  prefix,
  group,
  name,
  draft,
  dispatch,
}: {
  isNew: boolean;
  prefix: string;
  group: string;
  name: string;
  draft: Draft;
  dispatch: (a: EditorAction) => void;
}) {
  const { t } = useI18n();
  const defaultAllow = draft.rules.default_allow;
  return (
    <div className="wua-editor__header">
      {isNew ? (
        <>
          <label className="field">
            <span>{t('wuaRules.editor.prefix')}</span>
            <input
              name="rulesPrefix"
              value={prefix}
              onChange={(e) => dispatch({ type: 'setPrefix', value: e.target.value })}
              size={8}
            />
          </label>
          <label className="field">
            <span>{t('wuaRules.editor.group')}</span>
            <input
              name="rulesGroup"
              value={group}
              onChange={(e) => dispatch({ type: 'setGroup', value: e.target.value })}
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
          onChange={(e) => dispatch({ type: 'setDescription', value: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{t('wuaRules.col.maturity')}</span>
        <select
          name="rulesMaturity"
          value={draft.maturity}
          onChange={(e) => dispatch({ type: 'setMaturity', value: e.target.value })}
        >
          {MATURITIES.map((m) => (
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
          value={defaultAllow === undefined ? '' : String(defaultAllow)}
          onChange={(e) =>
            dispatch({
              type: 'setDefaultAllow',
              value: e.target.value === '' ? undefined : e.target.value === 'true',
            })
          }
        >
          <option value="">{t('wuaRules.editor.defaultAgent')}</option>
          <option value="true">{t('wuaRules.editor.defaultAllow')}</option>
          <option value="false">{t('wuaRules.editor.defaultForbid')}</option>
        </select>
      </label>
    </div>
  );
}
