import type { UpdateIdDecision } from '../../../../../common/domain/wua-rule-edits';
import { Button } from '../../../components/button';
import { statusLabel } from '../../../grids/status-labels';
import { useI18n } from '../../../i18n/i18n';
import { LOAD_SEVERITIES, type LoadSeverity } from './editor-state';

/**
 * Above the editor's tabs: which severities **Load updates** asks the catalogue for, and
 * **Allow / Forbid / Reset selected** on the candidates selected (by update id, never by KB: one
 * KB can name several updates).
 */
export function LoadToolbar({
  severities,
  selectedCount,
  canLoad,
  canDecide,
  onPickSeverity,
  onLoad,
  onDecide,
}: {
  severities: readonly LoadSeverity[];
  selectedCount: number;
  /** The rule editor's palette rules (commands/command-catalogue.ts): not while busy; a selection. */
  canLoad: boolean;
  canDecide: boolean;
  onPickSeverity: (severity: LoadSeverity, on: boolean) => void;
  onLoad: () => void;
  onDecide: (decision: UpdateIdDecision) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="toolbar" role="toolbar" aria-label={t('wuaRules.editor.load')}>
      {LOAD_SEVERITIES.map((s) => (
        <label key={s} className="check">
          <input
            type="checkbox"
            name="loadSeverity"
            value={s}
            checked={severities.includes(s)}
            onChange={(e) => onPickSeverity(s, e.target.checked)}
          />
          <span>{s === 'none' ? t('wuaRules.editor.otherSeverity') : statusLabel(s, t)}</span>
        </label>
      ))}
      <Button onClick={onLoad} disabled={!canLoad} data-testid="load-updates">
        {t('wuaRules.editor.load')}
      </Button>
      <span className="toolbar__spacer" />
      <Button disabled={!canDecide} onClick={() => onDecide('allow')} data-testid="allow-selected">
        {t('wuaRules.editor.allowSelected', { count: selectedCount })}
      </Button>
      <Button disabled={!canDecide} onClick={() => onDecide('forbid')} data-testid="forbid-selected">
        {t('wuaRules.editor.forbidSelected', { count: selectedCount })}
      </Button>
      <Button disabled={!canDecide} onClick={() => onDecide('reset')} data-testid="reset-selected">
        {t('wuaRules.editor.resetSelected', { count: selectedCount })}
      </Button>
    </div>
  );
}
