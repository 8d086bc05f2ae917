import { useMemo, useState } from 'react';
import { idKeyOf, kbKeyOf, parseKbInput, type RuleSide } from '../../../../../common/domain/wua-rule-edits';
import type { UpdateRow } from '../../../../../common/ipc/methods/updates';
import type { WuaRulesInput } from '../../../../../common/ipc/methods/wua-rules';
import { Button } from '../../../components/button';
import { ConsoleGrid } from '../../../grids/console-grid';
import { useI18n } from '../../../i18n/i18n';
import { ruleLabel } from '../explain-dialog';
import type { EditorAction } from './editor-state';
import { updateColumns } from './update-columns';

/** An update id the editor has not loaded: shown by its id alone. */
const bareRow = (id: string): UpdateRow =>
  ({
    update_id: id,
    title: '',
    kbids: [],
    product: null,
    classification: null,
    severity: null,
  }) as unknown as UpdateRow;

/**
 * The Allowed or Forbidden tab: the side's update ids as a grid (with the catalogue's details when
 * the editor loaded them), remove selected, and its KB rules as chips with an add field.
 */
export function RuleListTab({
  side,
  rules,
  known,
  dispatch,
  testId,
}: {
  side: RuleSide;
  rules: WuaRulesInput;
  known: ReadonlyMap<string, UpdateRow>;
  dispatch: (a: EditorAction) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const idKey = idKeyOf(side);
  const kbKey = kbKeyOf(side);
  const [kb, setKb] = useState('');
  const [sel, setSel] = useState<string[]>([]);
  const ids = rules[idKey];
  const rows = useMemo(
    () => (ids ?? []).map((id) => known.get(id.toLowerCase()) ?? bareRow(id)),
    [ids, known],
  );
  const cols = useMemo(() => updateColumns(t, null), [t]);
  const addKb = () => {
    // Not a KB number: nothing is added and the field keeps the text to correct.
    if (parseKbInput(kb) === null) return;
    dispatch({ type: 'addKb', side, text: kb });
    setKb('');
  };
  return (
    <div className="form" data-testid={testId}>
      <div className="toolbar">
        <Button disabled={sel.length === 0} onClick={() => dispatch({ type: 'removeIds', side, ids: sel })}>
          {t('wuaRules.editor.removeSelected', { count: sel.length })}
        </Button>
        <label className="field field--inline">
          <span>
            {t(side === 'allowed' ? 'wuaRules.editor.addAllowedKb' : 'wuaRules.editor.addForbiddenKb')}
          </span>
          <input
            name={`${side}Kb`}
            value={kb}
            onChange={(e) => setKb(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && addKb()}
            placeholder="KB5034441"
          />
        </label>
        <Button onClick={addKb}>{t('wuaRules.editor.add')}</Button>
      </div>
      <ul className="wua-chips" aria-label={ruleLabel(t, kbKey)}>
        {(rules[kbKey] ?? []).map((k) => (
          <li key={k} className="badge">
            {k}{' '}
            <Button
              variant="ghost"
              size="small"
              aria-label={t('wuaRules.editor.removeKb', { kb: k })}
              onClick={() => dispatch({ type: 'removeKb', side, kb: k })}
            >
              ×
            </Button>
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
