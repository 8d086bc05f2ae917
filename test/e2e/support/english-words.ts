import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { en } from '../../../renderer/src/i18n/en';
import { fr } from '../../../renderer/src/i18n/fr';
import { parseMessage } from '../../../renderer/src/i18n/message-format';

/**
 * The "no English in the French console" check (issue 15 point 8). The English words are
 *
 * - the words of the English catalogue's prose that the French catalogue's prose never uses, and
 * - COMMON_ENGLISH: interface and function words that are never French, so that English written
 *   outside the catalogue (a hard-coded label, a library's default text) is caught too,
 *
 * minus the allow-list of proper nouns, protocols and codes (french-allow-list.txt). French words
 * come only from French prose: ICU syntax (argument names, plural/select keywords and keys) and
 * codes kept inside French sentences (PENDING, default_allow) are not French words, so they never
 * hide the same English word on a screen. On a screen, a code that is not allow-listed as a whole
 * is read as its words: a raw PENDING_UPDATES where a French label belongs reads "pending updates".
 */

/**
 * Interface and function words that are never French, checked even when the English catalogue does
 * not use them. None is spelt exactly like a French word (thé, édit, détails are other words):
 * words French shares (are, close, date, file(s), for, if, important, message, must, note, options,
 * page, total, type, version…) are deliberately absent, and so are short words a French sentence
 * or an allow-listed code may hold (on, or, an, as, me, ne). test/e2e/support/english-words.test.ts
 * checks that the French catalogue's prose uses none of them.
 */
const FUNCTION_WORDS = `
  the and with without from this that these those your you was were not all any some none only
  than then when where which what there here has have been will can cannot should yes of to no is
  by
`;
const INTERFACE_WORDS = `
  show hide open save cancel select selected loading load failed error errors warning rows row
  host hosts update updates pending search filter clear reset apply delete remove add edit new
  next back previous done ready running unknown status name size column columns value values more
  less server package packages key keys task tasks user password signed download upload install
  installed missing discarded allowed forbidden allow forbid default critical moderate low
  settings details refresh retry help explain empty true false count equals contains blank
`;
export const COMMON_ENGLISH: readonly string[] = `${FUNCTION_WORDS} ${INTERFACE_WORDS}`.trim().split(/\s+/);

/** A message's prose: its literal text, every plural/select branch included, without ICU syntax. */
export function messageProse(template: string, language: 'en' | 'fr'): string {
  const out: string[] = [];
  const walk = (elements: readonly unknown[]): void => {
    for (const el of elements as {
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      // intl-messageformat's AST: 0 literal; arguments (1-4) and `#` (7) read as a space; the
      // option keys of a select or plural (5, 6) are syntax, only their messages are prose.
      if (el.type === 0 && typeof el.value === 'string') out.push(el.value);
      else out.push(' ');
      // Each branch is a separate text: a space keeps its last word apart from the next branch's first.
      if (el.options)
        for (const option of Object.values(el.options)) {
          walk(option.value);
          out.push(' ');
        }
    }
  };
  walk(parseMessage(template, language).getAst());
  return out.join('');
}

/**
 * Runs of letters, digits and `_`, joined by inner dots: "l’agent" → l, agent; "PENDING_UPDATES"
 * and the file name "CONFIG.json" stay one token each.
 */
export function tokensOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*/gu) ?? [];
}

/** A code, not prose: an identifier with `_`, or an all-capitals token of two letters or more. */
export function isCode(token: string): boolean {
  return token.includes('_') || (/\p{Lu}.*\p{Lu}/u.test(token) && !/\p{Ll}/u.test(token));
}

/** The words of a token, lower-cased: its runs of letters ("PENDING_UPDATES" → pending, updates). */
function lettersOf(token: string): string[] {
  return (token.match(/\p{L}+/gu) ?? []).map((w) => w.toLowerCase());
}

export function allowList(): Set<string> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'french-allow-list.txt');
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
}

/**
 * The text without the allow-listed phrases (entries of several words, such as "windows update":
 * a proper noun whose words alone are English interface words).
 */
export function withoutPhrases(text: string, allowed: Set<string>): string {
  let out = text;
  for (const entry of allowed) {
    if (!entry.includes(' ')) continue;
    const words = entry.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${words.join('\\s+')}(?![\\p{L}\\p{N}_])`, 'giu'), ' ');
  }
  return out;
}

/** The words of French prose in fr.ts: literal text only, codes and allow-listed phrases excepted. */
export function frenchWords(): Set<string> {
  const allowed = allowList();
  return new Set(
    Object.values(fr).flatMap((m) =>
      tokensOf(withoutPhrases(messageProse(m, 'fr'), allowed))
        .filter((t) => !isCode(t))
        .flatMap(lettersOf),
    ),
  );
}

/** English interface words: COMMON_ENGLISH and English prose words (3 letters or more) French prose never uses, minus the allow-list. */
export function englishOnlyWords(): Set<string> {
  const french = frenchWords();
  const allowed = allowList();
  const fromCatalogue = Object.values(en)
    .flatMap((m) => tokensOf(messageProse(m, 'en')).flatMap(lettersOf))
    .filter((w) => w.length >= 3 && !french.has(w));
  return new Set([...fromCatalogue, ...COMMON_ENGLISH].filter((w) => !allowed.has(w)));
}

/**
 * The English words of one text shown on screen. An allow-listed phrase ("Windows Update") or
 * token (default_allow) is a proper noun or a code shown as it is; any other token is read as its words, so a raw PENDING_UPDATES fails.
 * File paths and URLs inside a sentence are data ("/tmp/…/agent-build/demo-base").
 */
export function englishIn(text: string, english: Set<string>, allowed: Set<string>): string[] {
  const words = tokensOf(
    withoutPhrases(text.replace(/(?:[A-Za-z]:\\|\/|https?:\/\/)[^\s()]*/g, ' '), allowed),
  )
    .filter((t) => !allowed.has(t.toLowerCase()))
    .flatMap(lettersOf)
    .filter((w) => english.has(w));
  return [...new Set(words)];
}

/**
 * The interface text a person sees: text of visible elements, and titles / aria-labels /
 * placeholders of visible elements. Fleet data is not interface text: grid cells are skipped
 * unless they show a status label (`data-status-code`, grids/status-labels.ts), and so are
 * elements marked `data-fleet-data`, monospace values (`.mono`: paths, fingerprints, file
 * previews) and preformatted file previews (`pre`).
 */
export function visibleInterfaceText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const isData = (el: Element) =>
      el.closest('pre, code, .mono, [data-fleet-data]') !== null ||
      (el.closest('.ag-cell') !== null && el.closest('[data-status-code]') === null);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      return (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || text === '' || el.closest('script, style, option')) continue;
      if (isData(el) || !visible(el)) continue;
      out.push(text);
    }
    for (const el of Array.from(document.querySelectorAll('[title], [aria-label], [placeholder]'))) {
      // A status label's tooltip is its raw code, shown as a code on purpose.
      if (isData(el) || !visible(el) || el.hasAttribute('data-status-code')) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/** The English words (with the text they were found in) on the page now. */
export async function englishOnPage(page: Page, english: Set<string>): Promise<string[]> {
  const allowed = allowList();
  const found: string[] = [];
  for (const text of await visibleInterfaceText(page)) {
    const words = englishIn(text, english, allowed);
    if (words.length > 0) found.push(`${words.join(', ')}  ←  "${text.slice(0, 120)}"`);
  }
  return [...new Set(found)];
}
