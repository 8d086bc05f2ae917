import { listHas } from '../../../../../common/domain/wua-rule-edits';
import { Button } from '../../../components/button';
import { useI18n } from '../../../i18n/i18n';
import type { ProductAction } from './use-rules-editor';

/**
 * The product picker (docs/wua-rules.md, "Editor"): tick products, then allow them all (a product
 * rule), allow / forbid the catalogue's current updates of them (update-id rules), or hide them
 * from the list. The hint says which button writes which kind of rule.
 */
export function ProductPicker({
  products,
  picked,
  hidden,
  showHidden,
  allowedProducts,
  busy,
  onPick,
  onAction,
  onToggleHidden,
  onShowHidden,
}: {
  /** The catalogue's products, in its order. */
  products: readonly { name: string }[];
  picked: readonly string[];
  hidden: readonly string[];
  showHidden: boolean;
  allowedProducts: readonly string[] | undefined;
  busy: boolean;
  onPick: (product: string, on: boolean) => void;
  onAction: (action: ProductAction) => void;
  onToggleHidden: () => void;
  onShowHidden: (on: boolean) => void;
}) {
  const { t } = useI18n();
  const none = picked.length === 0;
  const shown = products.filter((p) => showHidden || !hidden.includes(p.name));
  return (
    <fieldset className="facet">
      <legend>{t('wuaRules.editor.products')}</legend>
      {/* What each product button writes, so "Forbid" is not read as a product-wide rule. */}
      <p className="hint" data-testid="product-rules-hint">
        {t('wuaRules.editor.productRulesHint')}
      </p>
      <div className="facet__actions">
        <Button size="small" disabled={none || busy} onClick={() => onAction('allowAll')}>
          {t('wuaRules.editor.allowAll')}
        </Button>
        <Button size="small" disabled={none || busy} onClick={() => onAction('allowSeverities')}>
          {t('wuaRules.editor.allowSeverities')}
        </Button>
        <Button
          size="small"
          disabled={none || busy}
          onClick={() => onAction('forbid')}
          title={t('wuaRules.editor.productRulesHint')}
        >
          {t('wuaRules.editor.forbid')}
        </Button>
        <Button size="small" disabled={none || busy} onClick={() => onAction('forbidSeverities')}>
          {t('wuaRules.editor.forbidSeverities')}
        </Button>
        <Button size="small" disabled={none} onClick={onToggleHidden}>
          {t('wuaRules.editor.showHide')}
        </Button>
        <label className="check">
          <input type="checkbox" checked={showHidden} onChange={(e) => onShowHidden(e.target.checked)} />
          <span>{t('wuaRules.editor.showHidden')}</span>
        </label>
      </div>
      <ul className="facet__list" data-testid="product-list">
        {shown.map((p) => (
          <li key={p.name}>
            <label className="check">
              <input
                type="checkbox"
                checked={picked.includes(p.name)}
                onChange={(e) => onPick(p.name, e.target.checked)}
              />
              <span className={hidden.includes(p.name) ? 'cell-muted' : ''}>
                {/* Product names are the catalogue's own (fleet data, never translated). */}
                <span data-fleet-data="">{p.name}</span>
                {listHas(allowedProducts, p.name) && (
                  <span className="badge badge--ok">{t('wuaRules.status.allowed')}</span>
                )}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
