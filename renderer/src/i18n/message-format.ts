import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../../../common/ipc/contract';

/**
 * ICU message formatting for the catalogues (en.ts, fr.ts). A message is an ICU MessageFormat
 * string: `{name}` inserts a parameter (so every message written before ICU keeps working),
 * `{count, plural, one {# host} other {# hosts}}` picks a plural form by the language's rules
 * (French: 0 and 1 are `one`), `{kind, select, a {…} other {…}}` picks by value. Numbers are
 * formatted for the language (1,234 / 1 234).
 */
export type MessageParams = Record<string, string | number>;

/** The BCP 47 locale behind each console language (dates, numbers, plural rules). */
export const LOCALE_OF: Readonly<Record<Language, string>> = { en: 'en-GB', fr: 'fr-FR' };

const compiled = new Map<string, IntlMessageFormat>();

/** What a count the console does not know yet (a listing still loading, passed as '…') reads as. */
export const UNKNOWN_COUNT = '…';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(cache: Map<string, T>, args: unknown[], make: () => T): T {
  const key = JSON.stringify(args);
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/**
 * intl-messageformat's formatters, except that a count that is not a number prints as '…': a
 * plural's `#` of a count not known yet (`{ total: '…' }`, as the status bars pass while loading)
 * would otherwise print "NaN" ("0 selected / NaN hosts"); the plural form is then `other`.
 */
const FORMATTERS = {
  getNumberFormat(locales?: string | string[], options?: Intl.NumberFormatOptions): Intl.NumberFormat {
    return cached(numberFormats, [locales, options], () => {
      const format = new Intl.NumberFormat(locales, options);
      return {
        format: (value: number | bigint) =>
          typeof value === 'number' && Number.isNaN(value) ? UNKNOWN_COUNT : format.format(value),
        formatToParts: (value: number | bigint) => format.formatToParts(value),
        resolvedOptions: () => format.resolvedOptions(),
      } as Intl.NumberFormat;
    });
  },
  getDateTimeFormat(...args: ConstructorParameters<typeof Intl.DateTimeFormat>): Intl.DateTimeFormat {
    return cached(dateTimeFormats, args, () => new Intl.DateTimeFormat(...args));
  },
  getPluralRules(...args: ConstructorParameters<typeof Intl.PluralRules>): Intl.PluralRules {
    return cached(pluralRules, args, () => new Intl.PluralRules(...args));
  },
};

function compile(template: string, language: Language): IntlMessageFormat {
  const cacheKey = `${language}\u0000${template}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    // ignoreTag: messages are plain text; a '<' is a character, never markup.
    format = new IntlMessageFormat(template, LOCALE_OF[language], undefined, {
      ignoreTag: true,
      formatters: FORMATTERS,
    });
    compiled.set(cacheKey, format);
  }
  return format;
}

/** The pre-ICU behaviour: replace known `{name}` and leave the rest as written. */
function substitute(template: string, params: MessageParams | undefined): string {
  return params
    ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
    : template;
}

/**
 * Formats one message. Never throws while rendering: a message that does not parse, or a missing
 * parameter, falls back to plain `{name}` substitution (the catalogue test rejects both).
 */
export function formatMessage(template: string, language: Language, params?: MessageParams): string {
  if (!template.includes('{') && !template.includes("'")) return template;
  try {
    const out = compile(template, language).format(params ?? {});
    return typeof out === 'string' ? out : String(out);
  } catch {
    return substitute(template, params);
  }
}

/** Parses a message the way formatMessage does, throwing on a syntax error (for tests and checks). */
export function parseMessage(template: string, language: Language): IntlMessageFormat {
  return new IntlMessageFormat(template, LOCALE_OF[language], undefined, { ignoreTag: true });
}

/** The parameter names a message uses, plural/select arguments included (sorted, unique). */
export function messageArguments(template: string, language: Language): string[] {
  const names = new Set<string>();
  const walk = (elements: readonly unknown[]): void => {
    for (const el of elements as {
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      // intl-messageformat's AST: 0 literal, 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural, 7 pound.
      if (el.type >= 1 && el.type <= 6 && typeof el.value === 'string') names.add(el.value);
      if (el.options) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(parseMessage(template, language).getAst());
  return [...names].sort();
}

/** A number in the language's format (grouping, decimal separator). */
export function formatNumber(value: number, language: Language, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALE_OF[language], options).format(value);
}
