import type { GetLocaleTextParams } from 'ag-grid-community';
import type { Language } from '../../../common/ipc/contract';
import { en, type MessageKey } from '../i18n/en';
import { hasMessage, translate } from '../i18n/i18n';

/**
 * AG Grid's own texts ("No Rows To Show", filter menus, pagination, checkbox aria labels…) from
 * the console's catalogues. Each AG Grid locale key `k` is the catalogue message `grid.ag.k`;
 * AG Grid's `${variable}` placeholder is the ICU argument `{variable}` there.
 *
 * Installed once for every grid through AG Grid's global options (main.tsx), so a grid gets them
 * whether or not it passes its own `localeText`: a grid's own text (its "no hosts" sentence) still
 * wins, then the catalogue, then AG Grid's English default.
 */

let current: Language = 'en';

/** Called by the I18nProvider whenever the console's language is decided. */
export function setGridLanguage(language: Language): void {
  current = language;
}

/** AG Grid's `${variable}` substitution, for a grid's own `localeText` entries. */
function substituteVariables(text: string, values: string[] | undefined): string {
  let out = text;
  for (const v of values ?? []) out = out.replace('${variable}', v);
  return out;
}

/** The text for one AG Grid locale key in `language`, or undefined when the catalogue lacks it. */
export function agGridText(key: string, language: Language, variableValues?: string[]): string | undefined {
  const messageKey = `grid.ag.${key}`;
  if (!hasMessage(messageKey)) return undefined;
  return translate(language, messageKey, { variable: variableValues?.[0] ?? '' });
}

/** AG Grid's global `getLocaleText` callback. */
export function getGridLocaleText(params: GetLocaleTextParams): string {
  const own = params.api?.getGridOption('localeText')?.[params.key];
  if (own !== undefined) return substituteVariables(own, params.variableValues);
  return agGridText(params.key, current, params.variableValues) ?? params.defaultValue;
}

/**
 * Every AG Grid text the catalogues define, as an AG Grid `localeText` map (placeholders back in
 * AG Grid's `${variable}` form), for a grid or a test that wants the whole map.
 */
export function agGridLocaleText(language: Language): Record<string, string> {
  const map: Record<string, string> = {};
  for (const messageKey of Object.keys(en)) {
    if (!messageKey.startsWith('grid.ag.')) continue;
    map[messageKey.slice('grid.ag.'.length)] = translate(language, messageKey as MessageKey, {
      variable: '${variable}',
    });
  }
  return map;
}
