import type { Language } from '../../common/ipc/contract';
import { LOCALE_OF, formatNumber } from './i18n/message-format';

/**
 * Dates, times and sizes in the console's language (never the browser's default locale, so a
 * French console shows 30/11/2026 and 1,5 Mo whatever the system says).
 */

/** Server timestamps are ISO strings (sometimes without zone: WAPT writes UTC without 'Z'). */
export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString(LOCALE_OF[language], {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDate(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleDateString(LOCALE_OF[language], { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** French writes octets: o, Ko, Mo… (binary multiples, as before). */
const BYTE_UNITS: Readonly<Record<Language, readonly string[]>> = {
  en: ['B', 'KB', 'MB', 'GB', 'TB'],
  fr: ['o', 'Ko', 'Mo', 'Go', 'To'],
};

export function formatBytes(bytes: number | null | undefined, language: Language = 'en'): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '';
  const units = BYTE_UNITS[language];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 ? 0 : 1;
  const shown = formatNumber(v, language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${shown} ${units[i]}`;
}
