import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { Language } from '../../../common/ipc/contract';
import { en, type MessageKey } from './en';
import { fr } from './fr';

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, fr };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(
  language: Language,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template: string = CATALOGUES[language][key] ?? en[key];
  return params
    ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
    : template;
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
  const t = useCallback<Translate>((key, params) => translate(language, key, params), [language]);
  const value = useMemo(() => ({ language, t }), [language, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
