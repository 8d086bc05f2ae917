import { useEffect, useState } from 'react';
import {
  SEVERITIES,
  type ParsedUpdatesFilter,
  type Severity,
  type UpdatesFacets,
} from '../../../../common/ipc/methods/updates';
import { useI18n } from '../../i18n/i18n';

/**
 * A check-list facet. `selected === null` means "all" (no filter sent, so updates whose value is
 * missing are included too); every box checked is folded back into `null`.
 */
function CheckList({
  legend,
  testId,
  names,
  counts,
  selected,
  onChange,
}: {
  legend: string;
  testId: string;
  names: readonly string[];
  counts?: ReadonlyMap<string, number | null>;
  selected: readonly string[] | null;
  onChange: (next: string[] | null) => void;
}) {
  const { t } = useI18n();
  const isChecked = (n: string) => selected === null || selected.includes(n);
  const toggle = (name: string, on: boolean) => {
    const current = selected ?? names;
    const next = on ? [...new Set([...current, name])] : current.filter((x) => x !== name);
    onChange(names.every((n) => next.includes(n)) ? null : names.filter((n) => next.includes(n)));
  };
  return (
    <fieldset className="facet" data-testid={testId}>
      <legend>{legend}</legend>
      <div className="facet__actions">
        <button
          type="button"
          className="btn btn--small"
          onClick={() => onChange(null)}
          disabled={selected === null}
        >
          {t('wu.facets.checkAll')}
        </button>
        <button
          type="button"
          className="btn btn--small"
          onClick={() => onChange([])}
          disabled={selected !== null && selected.length === 0}
        >
          {t('wu.facets.uncheckAll')}
        </button>
      </div>
      <div className="facet__list">
        {names.map((name) => {
          const count = counts?.get(name);
          return (
            // Facet values are the catalogue's own names (products, classifications): fleet data.
            <label key={name} className="check" data-fleet-data="">
              <input
                type="checkbox"
                value={name}
                aria-label={name}
                checked={isChecked(name)}
                onChange={(e) => toggle(name, e.target.checked)}
              />
              <span className="facet__name">{name}</span>
              {count !== undefined && count !== null && <span className="facet__count">{count}</span>}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

const SEARCH_DELAY_MS = 300;

/** Left pane of the Windows Updates tab (WAPT's `PanWUALeft`): products, classifications, severity, cache state, text. */
export function FacetsPane({
  facets,
  filter,
  onChange,
}: {
  facets: UpdatesFacets | undefined;
  filter: ParsedUpdatesFilter;
  onChange: (f: ParsedUpdatesFilter) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(filter.text);
  useEffect(() => {
    if (text.trim() === filter.text) return;
    const timer = setTimeout(() => onChange({ ...filter, text: text.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);

  const severityLabel = (s: Severity) => (s === 'none' ? t('wu.facets.noSeverity') : t(`wu.severity.${s}`));
  const products = facets?.products ?? [];
  const classifications = facets?.classifications ?? [];
  const criticalOnly =
    filter.severities !== null && filter.severities.length === 1 && filter.severities[0] === 'Critical';
  return (
    <aside className="wu-facets" aria-label={t('wu.facets.title')} data-testid="wu-facets">
      <label className="field">
        <span>{t('wu.facets.search')}</span>
        <input
          type="search"
          name="wuSearch"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('wu.facets.searchPlaceholder')}
        />
      </label>
      <CheckList
        legend={t('wu.facets.products')}
        testId="facet-products"
        names={products.map((p) => p.name)}
        counts={new Map(products.map((p) => [p.name, p.count]))}
        selected={filter.products}
        onChange={(products) => onChange({ ...filter, products })}
      />
      <CheckList
        legend={t('wu.facets.classifications')}
        testId="facet-classifications"
        names={classifications.map((c) => c.name)}
        counts={new Map(classifications.map((c) => [c.name, c.count]))}
        selected={filter.classifications}
        onChange={(classifications) => onChange({ ...filter, classifications })}
      />
      <fieldset className="facet" data-testid="facet-severities">
        <legend>{t('wu.facets.severity')}</legend>
        <div className="facet__actions">
          <button
            type="button"
            className="btn btn--small"
            aria-pressed={criticalOnly}
            onClick={() => onChange({ ...filter, severities: ['Critical'] })}
          >
            {t('wu.facets.criticalOnly')}
          </button>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => onChange({ ...filter, severities: null })}
            disabled={filter.severities === null}
          >
            {t('wu.facets.allSeverities')}
          </button>
        </div>
        <div className="facet__list">
          {SEVERITIES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                value={s}
                checked={filter.severities === null || filter.severities.includes(s)}
                onChange={(e) => {
                  const current = filter.severities ?? [...SEVERITIES];
                  const next = e.target.checked
                    ? [...new Set([...current, s])]
                    : current.filter((x) => x !== s);
                  onChange({
                    ...filter,
                    severities: SEVERITIES.every((x) => next.includes(x))
                      ? null
                      : SEVERITIES.filter((x) => next.includes(x)),
                  });
                }}
              />
              <span>{severityLabel(s)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="facet" data-testid="facet-cache">
        <legend>{t('wu.facets.cache')}</legend>
        {(['all', 'yes', 'no'] as const).map((c) => (
          <label key={c} className="check">
            <input
              type="radio"
              name="wuCached"
              value={c}
              checked={filter.cached === c}
              onChange={() => onChange({ ...filter, cached: c })}
            />
            <span>{t(`wu.facets.cache.${c}`)}</span>
          </label>
        ))}
        <label className="check">
          <input
            type="checkbox"
            name="wuHasKb"
            checked={filter.hasKb}
            onChange={(e) => onChange({ ...filter, hasKb: e.target.checked })}
          />
          <span>{t('wu.facets.hasKb')}</span>
        </label>
      </fieldset>
    </aside>
  );
}
