import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { Language } from '../../../common/ipc/contract';
import { en, type MessageKey } from './en';
import { fr } from './fr';
import { setGridLanguage } from '../grids/grid-locale';
import { formatMessage, type MessageParams } from './message-format';

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, fr };

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** One catalogue message in ICU MessageFormat (plurals, selects, numbers): see message-format.ts. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template: string = CATALOGUES[language][key] ?? en[key];
  return formatMessage(template, language, params);
}

/** Whether a catalogue defines `key` (for keys built at run time: error reasons, status codes). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** 'system' follows the OS / browser language, falling back to English. */
export function resolveLanguage(pref: 'system' | Language, navigatorLanguage: string | undefined): Language {
  if (pref !== 'system') return pref;
  return navigatorLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const I18nContext = createContext<{ language: Language; t: Translate }>({
  language: 'en',
  t: (k, p) => translate('en', k, p),
});

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  // AG Grid reads its texts through one global callback (grids/grid-locale.ts): keep it in step.
  setGridLanguage(language);
  const t = useCallback<Translate>((key, params) => translate(language, key, params), [language]);
  const value = useMemo(() => ({ language, t }), [language, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
