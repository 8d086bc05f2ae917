import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { en } from '../../../renderer/src/i18n/en';
import { fr } from '../../../renderer/src/i18n/fr';

/**
 * The "no English in the French console" check (issue 15 point 8): the words of the English
 * catalogue that the French catalogue never uses are English interface words; a French screen
 * that shows one (outside the allow-list of proper nouns and codes) shows untranslated text.
 */

/** Words of three letters or more, lower-cased (ICU syntax words are in both catalogues, so they cancel out). */
export function wordsOf(text: string): string[] {
  return (text.match(/[A-Za-zÀ-ÖØ-öø-ÿ]+/g) ?? []).map((w) => w.toLowerCase()).filter((w) => w.length >= 3);
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

/** English interface words: in en.ts values, never in fr.ts values, not allow-listed. */
export function englishOnlyWords(): Set<string> {
  const french = new Set(Object.values(fr).flatMap(wordsOf));
  const allowed = allowList();
  return new Set(
    Object.values(en)
      .flatMap(wordsOf)
      .filter((w) => !french.has(w) && !allowed.has(w)),
  );
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
  const found: string[] = [];
  for (const text of await visibleInterfaceText(page)) {
    // File paths and URLs inside a sentence are data ("/tmp/…/agent-build/demo-base").
    const words = wordsOf(text.replace(/(?:[A-Za-z]:\\|\/|https?:\/\/)[^\s()]*/g, ' ')).filter((w) =>
      english.has(w),
    );
    if (words.length > 0) found.push(`${words.join(', ')}  ←  "${text.slice(0, 120)}"`);
  }
  return [...new Set(found)];
}
