import { listHas, type CheckboxRuleKey } from '../../../../../common/domain/wua-rule-edits';
import type { WuaRulesInput } from '../../../../../common/ipc/methods/wua-rules';
import { statusLabel } from '../../../grids/status-labels';
import { useI18n } from '../../../i18n/i18n';
import { SEVERITIES } from './editor-state';

/** The allowed classifications (the catalogue's) and allowed severities, as checkboxes. */
export function RuleFacets({
  classifications,
  rules,
  onToggle,
}: {
  classifications: readonly { name: string }[];
  rules: WuaRulesInput;
  onToggle: (key: CheckboxRuleKey, value: string, on: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <fieldset className="facet">
        <legend>{t('wuaRules.rule.allowed_classifications')}</legend>
        <ul className="facet__list">
          {classifications.map((c) => (
            <li key={c.name}>
              <label className="check">
                <input
                  type="checkbox"
                  name="allowedClassification"
                  value={c.name}
                  checked={listHas(rules.allowed_classifications, c.name)}
                  onChange={(e) => onToggle('allowed_classifications', c.name, e.target.checked)}
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
              checked={listHas(rules.allowed_severities, s)}
              onChange={(e) => onToggle('allowed_severities', s, e.target.checked)}
            />
            <span>{statusLabel(s, t)}</span>
          </label>
        ))}
      </fieldset>
    </>
  );
}
