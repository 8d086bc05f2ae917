/**
 * Filtering for the command palette: pure, so it is unit-tested without a browser.
 *
 * A query matches a command when each of its words is found in the command's translated label
 * (or its group) either as a substring or, failing that, as a subsequence ("hst ref" finds
 * "Hosts: Refresh"). Substring hits rank before subsequence hits, hits at a word start before
 * hits inside a word, so typing the start of a label puts that label first.
 */

export interface Matchable {
  label: string;
  group: string;
}

/** Lower case without diacritics, so "mise a jour" finds "Mise à jour". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Score of one query word in one folded text; null when it does not match at all. */
function wordScore(word: string, text: string): number | null {
  const at = text.indexOf(word);
  if (at >= 0) {
    const wordStart = at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!);
    return wordStart ? 0 : 1;
  }
  // Subsequence: every character in order, gaps allowed; longer gaps rank lower.
  let from = 0;
  let gaps = 0;
  for (const ch of word) {
    const next = text.indexOf(ch, from);
    if (next < 0) return null;
    if (next > from) gaps += 1;
    from = next + 1;
  }
  return 2 + gaps;
}

/**
 * The commands matching `query`, best first; the registry's order among equals (stable sort).
 * An empty query keeps every command in the registry's order.
 */
export function filterCommands<T extends Matchable>(commands: readonly T[], query: string): T[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  const scored: { command: T; score: number; index: number }[] = [];
  commands.forEach((command, index) => {
    const label = foldForSearch(command.label);
    const both = `${label} ${foldForSearch(command.group)}`;
    let score = 0;
    for (const w of words) {
      // The label itself counts more than the group it sits in.
      const inLabel = wordScore(w, label);
      const inBoth = inLabel ?? wordScore(w, both);
      if (inBoth === null) return;
      score += inLabel === null ? inBoth + 1 : inLabel;
    }
    scored.push({ command, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.map((s) => s.command);
}

/** True when a keyboard event is `shortcut` written as the palette shows it ("Ctrl+Shift+P", "F5"). */
export function matchesShortcut(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
  shortcut: string,
): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop()!.toLowerCase();
  const wantCtrl = parts.includes('Ctrl');
  const wantShift = parts.includes('Shift');
  const wantAlt = parts.includes('Alt');
  return (
    e.key.toLowerCase() === key &&
    (e.ctrlKey || e.metaKey) === wantCtrl &&
    e.shiftKey === wantShift &&
    e.altKey === wantAlt
  );
}
